"""Bilingual both ways (issue 17): each article has its own language; it is translated into
every other site language; pages, indexes, alternates and fallbacks follow that language."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import polib
import pytest

from pipeline.config import load_config
from pipeline.errors import SourceError
from tests.conftest import pseudo

EN_FIRST = """[project]
name = "both"

[tool.pipeline]
site_title = "Both Ways"
locales = ["zh_CN"]
below_threshold = "fallback"
"""

ZH_FIRST = """[project]
name = "zhsite"

[tool.pipeline]
site_title = "重庆新闻"
source_language = "zh_CN"
locales = ["en"]
"""

EN_ARTICLE = """---
title: Good morning
date: 2024-01-01
---

Good morning.

Second paragraph.
"""

ZH_ARTICLE = """---
title: 早上好
date: 2024-03-18
lang: zh-CN
---

早上好。

第二段。
"""


def make_site(root: Path, pyproject: str, articles: dict[str, str]) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    for name, text in articles.items():
        (root / "source" / name).write_text(text, encoding="utf-8")
    return root


def page(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def fill(path: Path, translations: dict[str, str] | None = None) -> None:
    """Translate a catalog: from `translations`, else every message pseudo-translated."""
    po = polib.pofile(str(path))
    for entry in po:
        if translations is None:
            entry.msgstr = pseudo(entry.msgid)
        elif entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po.save(str(path))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("zh_CN", "zh_CN"),
        ("en", "en"),
        ("en-US", "en"),
        ("", "en"),
    ],
)
def test_an_article_language_maps_to_the_site_language_of_the_same_language_and_script(
    tmp_path, value, expected
):
    config = load_config(make_site(tmp_path / "s", EN_FIRST, {}))
    assert config.article_locale(value, Path("source/a.md"), 3).code == expected


@pytest.mark.parametrize("value", ["fr", "zh-Hant", "zh-TW", "de-DE"])
def test_a_language_the_site_does_not_have_is_refused(tmp_path, value):
    config = load_config(make_site(tmp_path / "s", EN_FIRST, {}))
    with pytest.raises(SourceError, match=rf"lang '{value}' is not a language of this site"):
        config.article_locale(value, Path("source/a.md"), 3)


def test_an_unknown_lang_is_an_error_naming_file_and_line(tmp_path, run):
    text = ZH_ARTICLE.replace("lang: zh-CN", "lang: fr")
    root = make_site(tmp_path / "s", EN_FIRST, {"bonjour.md": text})
    result = run(root, "build")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: source/bonjour.md:4: lang 'fr' is not a language of this site (en, zh_CN); "
        "add it to tool.pipeline.locales or correct the article's lang"
    )
    assert not (root / "output").exists() and not (root / "locales").exists()


def test_a_chinese_first_article_in_an_english_first_site_goes_to_english(tmp_path, run):
    root = make_site(tmp_path / "s", EN_FIRST, {"morning.md": EN_ARTICLE, "zao.md": ZH_ARTICLE})
    assert run(root, "update").exit_code == 0
    catalog = root / "locales/en/LC_MESSAGES/zao.po"
    assert catalog.is_file() and not (root / "locales/zh_CN/LC_MESSAGES/zao.po").exists()
    po = polib.pofile(str(catalog))
    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert [e.msgid for e in po] == ["早上好", "早上好。", "第二段。"]
    assert (root / "locales/zh_CN/LC_MESSAGES/morning.po").is_file()
    assert not (root / "locales/en/LC_MESSAGES/morning.po").exists()


def test_an_html_article_takes_its_language_from_html_lang(tmp_path, run):
    html = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head><title>标题</title></head>\n'
        "<body>\n<p>正文。</p>\n</body>\n</html>\n"
    )
    root = make_site(tmp_path / "s", EN_FIRST, {"biaoti.html": html})
    assert run(root, "build").exit_code == 0
    assert (root / "locales/en/LC_MESSAGES/biaoti.po").is_file()
    assert not (root / "locales/zh_CN/LC_MESSAGES/biaoti.po").exists()
    assert page(root / "output/zh-hans/biaoti.html").get("lang") == "zh-Hans"


def test_a_chinese_first_site_inits_and_builds_english(tmp_path, run):
    root = make_site(tmp_path / "s", ZH_FIRST, {"zao.md": ZH_ARTICLE.replace("lang: zh-CN\n", "")})
    result = run(root, "init", "en")
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(root / "locales/en/LC_MESSAGES/zao.po"))
    assert po.metadata["Language"] == "en" and po[1].msgid == "早上好。"
    fill(root / "locales/en/LC_MESSAGES/zao.po")
    assert run(root, "build").exit_code == 0
    en = page(root / "output/en/zao.html")
    assert en.get("lang") == "en"
    assert en.find(".//h1").text == pseudo("早上好")  # (the pseudo-translation of a title)
    zh = page(root / "output/zh-hans/zao.html")
    assert zh.get("lang") == "zh-Hans"
    x_default = zh.find(".//link[@hreflang='x-default']").get("href")
    assert x_default == "zao.html"  # the original is Chinese


def test_chinese_pages_are_chinese_from_html_lang_to_the_footer(tmp_path, run):
    root = make_site(tmp_path / "s", ZH_FIRST, {"zao.md": ZH_ARTICLE})
    assert run(root, "build").exit_code == 0
    for name in ("zao.html", "index.html"):
        html = (root / "output/zh-hans" / name).read_text(encoding="utf-8")
        assert '<html lang="zh-Hans"' in html
        for english in ("Home", "Published", 'aria-label="Languages"'):
            assert english not in html, (name, english)
        assert 'aria-label="语言"' in html
    assert "首页" in (root / "output/zh-hans/zao.html").read_text(encoding="utf-8")
    assert "发布于" in (root / "output/zh-hans/zao.html").read_text(encoding="utf-8")


def test_the_english_page_of_a_chinese_first_site_shows_the_translated_site_title(tmp_path, run):
    root = make_site(tmp_path / "s", ZH_FIRST, {"zao.md": ZH_ARTICLE})
    assert run(root, "build").exit_code == 0
    ui = root / "locales/en/LC_MESSAGES/ui.po"
    assert ui.is_file() and (root / "locales/zh_CN/LC_MESSAGES/ui.po").is_file()
    index = root / "output/en/index.html"
    assert not index.exists()  # no article in English yet: no English bundle
    english = {"早上好": "Good morning", "早上好。": "Good morning.", "第二段。": "Second part."}
    fill(root / "locales/en/LC_MESSAGES/zao.po", english)
    assert run(root, "build").exit_code == 0
    assert page(index).find(".//a[@class='site-title']").text == "重庆新闻"  # not yet
    fill(ui, {"重庆新闻": "Chongqing News"})
    assert run(root, "build").exit_code == 0
    assert page(index).find(".//a[@class='site-title']").text == "Chongqing News"
    assert page(index).find(".//nav").get("aria-label") == "Languages"


def test_the_translation_memory_matches_only_within_one_direction(tmp_path, run):
    quoting = ZH_ARTICLE.replace("第二段。", "Second paragraph.")
    root = make_site(tmp_path / "s", EN_FIRST, {"morning.md": EN_ARTICLE, "zao.md": quoting})
    assert run(root, "update").exit_code == 0
    fill(
        root / "locales/zh_CN/LC_MESSAGES/morning.po",
        {"Good morning.": "早上好。", "Second paragraph.": "第二段。"},
    )
    (root / "source/evening.md").write_text(EN_ARTICLE.replace("Good morning", "Good evening"))
    assert run(root, "update").exit_code == 0
    same = {
        e.msgid: e.msgstr for e in polib.pofile(str(root / "locales/zh_CN/LC_MESSAGES/evening.po"))
    }
    assert same["Second paragraph."] == "第二段。"  # English -> Chinese draws on English -> Chinese
    reverse = polib.pofile(str(root / "locales/en/LC_MESSAGES/zao.po"))
    assert [(e.msgid, e.msgstr) for e in reverse if e.msgstr] == []
    assert not any("fuzzy" in e.flags for e in reverse)


def test_index_pages_list_originals_and_translations_newest_first(tmp_path, run):
    root = make_site(tmp_path / "s", EN_FIRST, {"morning.md": EN_ARTICLE, "zao.md": ZH_ARTICLE})
    assert run(root, "update").exit_code == 0
    fill(root / "locales/zh_CN/LC_MESSAGES/morning.po")
    fill(
        root / "locales/en/LC_MESSAGES/zao.po",
        {"早上好": "Morning", "早上好。": "Morning.", "第二段。": "Second."},
    )
    assert run(root, "build").exit_code == 0
    for folder in ("en", "zh-hans"):
        index = page(root / "output" / folder / "index.html")
        links = [a.get("href") for a in index.findall(".//main//a")]
        assert links == ["zao.html", "morning.html"], folder  # 2024-03-18, then 2024-01-01


def test_alternates_x_default_is_each_article_original(tmp_path, run):
    root = make_site(tmp_path / "s", EN_FIRST, {"morning.md": EN_ARTICLE, "zao.md": ZH_ARTICLE})
    assert run(root, "update").exit_code == 0
    fill(root / "locales/zh_CN/LC_MESSAGES/morning.po")
    fill(root / "locales/en/LC_MESSAGES/zao.po")
    assert run(root, "build").exit_code == 0

    def x_default(path: Path) -> str:
        return page(path).find(".//link[@hreflang='x-default']").get("href")

    assert x_default(root / "output/en/zao.html") == "../zh-hans/zao.html"
    assert x_default(root / "output/zh-hans/zao.html") == "zao.html"
    assert x_default(root / "output/zh-hans/morning.html") == "../en/morning.html"


def test_fallback_text_is_marked_with_the_article_language(tmp_path, run):
    root = make_site(tmp_path / "s", EN_FIRST, {"zao.md": ZH_ARTICLE})
    assert run(root, "update").exit_code == 0
    fill(root / "locales/en/LC_MESSAGES/zao.po", {"早上好": "Morning", "早上好。": "Morning."})
    assert run(root, "build").exit_code == 0
    html = (root / "output/en/zao.html").read_text(encoding="utf-8")
    assert '<p lang="zh-Hans">第二段。</p>' in html
    assert 'lang="en">' not in html.split('<div class="article-body">')[1]
    notice = page(root / "output/en/zao.html").find(".//p[@class='notice']/a")
    assert (notice.get("href"), notice.get("hreflang")) == ("../zh-hans/zao.html", "zh-Hans")


def test_a_source_only_chinese_article_is_published_only_in_chinese(tmp_path, run):
    text = ZH_ARTICLE.replace("lang: zh-CN", "lang: zh-CN\ntranslate: false")
    root = make_site(tmp_path / "s", EN_FIRST, {"zao.md": text})
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    assert not (root / "output/en/zao.html").exists()
    zh = page(root / "output/zh-hans/zao.html")
    assert zh.get("lang") == "zh-Hans"
    assert [a.get("href") for a in zh.findall(".//nav[@class='languages']//a")] == []
    assert not list((root / "locales").rglob("zao.po*"))
    en_index = (root / "output/en/index.html").read_text(encoding="utf-8")
    assert "zao.html" not in en_index
    assert "zao.html" in (root / "output/zh-hans/index.html").read_text(encoding="utf-8")


def test_status_lists_each_article_under_its_targets_only(tmp_path, run):
    root = make_site(tmp_path / "s", EN_FIRST, {"morning.md": EN_ARTICLE, "zao.md": ZH_ARTICLE})
    assert run(root, "update").exit_code == 0
    table = run(root, "status").stdout
    rows = [re.split(r"\s+", line)[:2] for line in table.splitlines()]
    assert ["morning", "zh_CN"] in rows and ["zao", "en"] in rows
    assert ["morning", "en"] not in rows and ["zao", "zh_CN"] not in rows


def test_a_compendium_serves_only_the_language_it_translates_into(tmp_path, run):
    quoting = ZH_ARTICLE.replace("第二段。", "Second paragraph.")
    config = EN_FIRST + 'compendium = ["tm.po"]\n'
    root = make_site(tmp_path / "s", config, {"morning.md": EN_ARTICLE, "zao.md": quoting})
    memory = polib.POFile()
    memory.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    memory.append(polib.POEntry(msgid="Second paragraph.", msgstr="第二段。"))
    memory.save(str(root / "tm.po"))
    assert run(root, "update").exit_code == 0
    into_chinese = polib.pofile(str(root / "locales/zh_CN/LC_MESSAGES/morning.po"))
    assert {e.msgid: e.msgstr for e in into_chinese}["Second paragraph."] == "第二段。"
    into_english = polib.pofile(str(root / "locales/en/LC_MESSAGES/zao.po"))
    assert {e.msgid: e.msgstr for e in into_english}["Second paragraph."] == ""


def test_status_reads_the_language_of_html_articles(tmp_path, run):
    html = '<!DOCTYPE html>\n<html lang="zh">\n<head><title>标题</title></head>\n<p>正文。</p>\n'
    root = make_site(tmp_path / "s", EN_FIRST, {"biaoti.html": html, "morning.md": EN_ARTICLE})
    assert run(root, "update").exit_code == 0
    rows = [line.split()[:2] for line in run(root, "status").stdout.splitlines()]
    assert ["biaoti", "en"] in rows and ["biaoti", "zh_CN"] not in rows


def test_the_build_summary_names_every_language_articles_are_translated_into(tmp_path, run):
    root = make_site(tmp_path / "s", EN_FIRST, {"morning.md": EN_ARTICLE, "zao.md": ZH_ARTICLE})
    assert run(root, "update").exit_code == 0
    fill(root / "locales/zh_CN/LC_MESSAGES/morning.po")
    fill(root / "locales/en/LC_MESSAGES/zao.po")
    last = run(root, "build").stdout.splitlines()[-1]
    assert re.sub(r"in \d+\.\d\ds", "in T", last) == (
        "built 2 articles (2 rebuilt) x 2 languages (en 100.0%; zh_CN 100.0%) in T: en, zh-hans"
    )


def test_the_source_language_has_its_own_ui_catalog(tmp_path, run):
    root = make_site(tmp_path / "s", EN_FIRST, {"morning.md": EN_ARTICLE})
    assert run(root, "init", "en").exit_code == 0
    ui = root / "locales/en/LC_MESSAGES/ui.po"
    assert polib.pofile(str(ui)).metadata["Language"] == "en"
    assert not (root / "locales/en/LC_MESSAGES/morning.po").exists()  # written in English
    fill(ui, {"Home": "Front page"})
    assert run(root, "build").exit_code == 0
    crumb = page(root / "output/en/morning.html").find(".//p[@class='breadcrumb']/a")
    assert crumb.text == "Front page"
    assert run(root, "check", "--locale", "en").stdout.startswith("0 errors, 0 warnings")


def test_a_traditional_chinese_article_maps_to_the_traditional_locale(tmp_path):
    site = EN_FIRST.replace('locales = ["zh_CN"]', 'locales = ["zh_CN", "zh_TW"]')
    config = load_config(make_site(tmp_path / "s", site, {}))
    where = Path("source/a.md")
    assert config.article_locale("zh-Hant", where).code == "zh_TW"
    assert config.article_locale("zh-TW", where).code == "zh_TW"
    assert config.article_locale("zh-Hans", where).code == "zh_CN"


def test_the_sitemap_gives_each_article_its_own_x_default(tmp_path, run):
    site = EN_FIRST + 'base_url = "https://news.example.org/"\n'
    root = make_site(tmp_path / "s", site, {"morning.md": EN_ARTICLE, "zao.md": ZH_ARTICLE})
    assert run(root, "update").exit_code == 0
    fill(root / "locales/zh_CN/LC_MESSAGES/morning.po")
    fill(root / "locales/en/LC_MESSAGES/zao.po")
    assert run(root, "build").exit_code == 0
    sitemap = (root / "output/en/sitemap.xml").read_text(encoding="utf-8")
    defaults = re.findall(r'hreflang="x-default" href="([^"]+)"', sitemap)
    assert defaults == [
        "https://news.example.org/en/morning.html",
        "https://news.example.org/zh-hans/zao.html",
    ]


def test_an_unknown_html_lang_is_an_error_naming_its_line(tmp_path, run):
    html = '<!DOCTYPE html>\n<html lang="fr">\n<head><title>Titre</title></head>\n<p>Texte.</p>\n'
    root = make_site(tmp_path / "s", EN_FIRST, {"titre.html": html})
    result = run(root, "build")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: source/titre.html:2: lang 'fr' is not a language")
