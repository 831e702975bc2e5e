"""A site with Simplified and Traditional Chinese: switcher labels from CLDR, dates and
chrome in Traditional Chinese, and a language that publishes no article linked nowhere.

The zh_TW catalogs here are written by hand (the derivation from zh_CN is another part of
the pipeline), so these tests need nothing but the renderer.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ARTICLE = """\
---
title: The hospital opens a new clinic
date: 2023-01-06
summary: A clinic for children.
---

The clinic is open every day.

Doctors answer questions on the phone.
"""

OTHER = """\
---
title: Visiting hours change
date: 2023-02-01
---

Visiting hours end at eight.
"""

SIMPLIFIED = {
    "The hospital opens a new clinic": "医院开设新诊所",
    "A clinic for children.": "一家儿童诊所。",
    "The clinic is open every day.": "诊所每天开放。",
    "Doctors answer questions on the phone.": "医生通过电话回答问题。",
    "Visiting hours change": "探视时间调整",
    "Visiting hours end at eight.": "探视时间到八点结束。",
}

TRADITIONAL = {
    "The hospital opens a new clinic": "醫院開設新診所",
    "A clinic for children.": "一間兒童診所。",
    "The clinic is open every day.": "診所每天開放。",
    "Doctors answer questions on the phone.": "醫師透過電話回答問題。",
}


def make_site(root: Path, extra: str = "") -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source/clinic.md").write_text(ARTICLE, encoding="utf-8")
    (root / "source/visits.md").write_text(OTHER, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.pipeline]\nsite_title = "Clinic News"\nlocales = ["zh_CN", "zh_TW"]\n'
        'base_url = "https://news.example.org/"\n' + extra,
        encoding="utf-8",
    )
    return root


def translate(root: Path, code: str, texts: dict[str, str]) -> None:
    for path in sorted((root / "locales" / code / "LC_MESSAGES").glob("*.po")):
        if path.name == "ui.po":
            continue
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid in texts:
                entry.msgstr = texts[entry.msgid]
        po.save(str(path))


@pytest.fixture
def site(tmp_path, run):
    root = make_site(tmp_path / "site")
    assert run(root, "update").exit_code == 0
    translate(root, "zh_CN", SIMPLIFIED)
    translate(root, "zh_TW", TRADITIONAL)
    result = run(root, "build")
    assert result.exit_code == 0, result.stderr
    return root


def page(root: Path, name: str) -> str:
    return (root / "output" / name).read_text(encoding="utf-8")


def switcher(html: str) -> list[str]:
    nav = html.split('<nav class="languages"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", nav)


def test_the_switcher_tells_the_two_scripts_apart(site):
    assert switcher(page(site, "zh-hant/clinic.html")) == [
        '<a href="../en/clinic.html" hreflang="en" lang="en">English</a>',
        '<a href="../zh-hans/clinic.html" hreflang="zh-Hans" lang="zh-Hans">简体中文</a>',
        '<span aria-current="page" lang="zh-Hant">繁體中文</span>',
    ]
    root = page(site, "index.html")
    assert re.findall(r'<li><a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+">(.*?)</a>', root) == [
        ("en/index.html", "en", "English"),
        ("zh-hans/index.html", "zh-Hans", "简体中文"),
        ("zh-hant/index.html", "zh-Hant", "繁體中文"),
    ]


def test_a_configured_label_is_used_everywhere(tmp_path, run):
    root = make_site(tmp_path / "site", '[tool.pipeline.locale.zh_TW]\nlabel = "正體中文"\n')
    assert run(root, "update").exit_code == 0
    translate(root, "zh_CN", SIMPLIFIED)
    translate(root, "zh_TW", TRADITIONAL)
    assert run(root, "build").exit_code == 0
    for name in ("index.html", "en/index.html", "zh-hans/clinic.html"):
        assert '<a href="' in page(root, name)
        assert 'lang="zh-Hant">正體中文</a>' in page(root, name), name
    assert "繁體中文" not in page(root, "index.html")


def test_the_traditional_page_has_its_own_tag_date_and_chrome(site):
    html = page(site, "zh-hant/clinic.html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-Hant">\n')
    assert '<time datetime="2023-01-06">2023年1月6日</time>' in html
    assert '<a href="index.html">首頁</a>' in html  # the package's zh_TW UI catalog
    assert "發布於" in html and 'aria-label="語言"' in html
    assert "<h1>醫院開設新診所</h1>" in html
    body = html.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
    assert body == "\n<p>診所每天開放。</p>\n<p>醫師透過電話回答問題。</p>\n\n"
    # no English chrome is left in the page
    for english in ("Home", "Published", "Languages", "Articles"):
        assert english not in html
    index = page(site, "zh-hant/index.html")
    assert "<h1>文章</h1>" in index and "醫院開設新診所" in index


def test_an_article_not_published_in_a_language_is_not_linked_from_it(site):
    """visits is translated into Simplified Chinese only: the Traditional bundle has no
    page of it, and no page of it links to zh-hant."""
    assert not (site / "output/zh-hant/visits.html").exists()
    visits = page(site, "zh-hans/visits.html")
    assert "zh-hant" not in visits and "zh-Hant" not in visits
    assert '<link rel="alternate" hreflang="zh-Hant"' in page(site, "zh-hans/clinic.html")


@pytest.fixture
def untranslated(tmp_path, run):
    """zh_TW just added to the config, nothing translated into it yet."""
    root = make_site(tmp_path / "site")
    assert run(root, "update").exit_code == 0
    translate(root, "zh_CN", SIMPLIFIED)
    result = run(root, "build")
    assert result.exit_code == 0
    return root, result


def test_a_language_with_no_published_article_gets_no_bundle_and_no_link(untranslated):
    root, result = untranslated
    assert "warning: zh_TW: no article is published in it yet; output/zh-hant is left out\n" in (
        result.stderr
    )
    assert sorted(p.name for p in (root / "output").iterdir()) == ["en", "index.html", "zh-hans"]
    pages = sorted((root / "output").rglob("*.html")) + sorted((root / "output").rglob("*.xml"))
    assert len(pages) == 9  # root; en: 2 articles, index; zh-hans: the same; 2 sitemaps
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "zh-hant" not in text and "zh-Hant" not in text, path
    # the two remaining languages share no language: plain names, as before zh_TW came
    assert [
        re.sub(r".*>(.*)<.*", r"\1", item) for item in switcher(page(root, "en/index.html"))
    ] == [
        "English",
        "简体中文",
    ]


def test_its_bundle_appears_with_its_first_article_and_goes_with_its_last(untranslated, run):
    root, _ = untranslated
    translate(root, "zh_TW", TRADITIONAL)
    assert run(root, "build").exit_code == 0
    assert (root / "output/zh-hant/clinic.html").is_file()
    assert 'hreflang="zh-Hant"' in page(root, "en/index.html")
    assert 'hreflang="zh-Hant"' in page(root, "index.html")
    assert "https://news.example.org/zh-hant/clinic.html" in page(root, "en/sitemap.xml")
    (root / "locales/zh_TW/LC_MESSAGES/clinic.po").unlink()  # no translation left
    config = root / "pyproject.toml"
    policy = '[tool.pipeline]\nbelow_threshold = "withhold"\n'
    config.write_text(config.read_text().replace("[tool.pipeline]\n", policy))
    result = run(root, "build")
    assert result.exit_code == 0
    assert not (root / "output/zh-hant").exists()
    assert "removed output/zh-hant" not in result.stderr  # it is not an unconfigured locale
    assert "zh-Hant" not in page(root, "en/index.html") + page(root, "index.html")


def test_publish_packs_the_bundles_that_exist(untranslated, run):
    root, _ = untranslated
    result = run(root, "publish")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (root / "output/dist").iterdir())
    assert names == ["SHA256SUMS", "site-en.zip", "site-zh-hans.zip", "site.zip"]


def test_chrome_without_a_translation_is_marked_with_its_language(tmp_path, run):
    """zh_MO (Traditional, Macau) has no UI catalog in the package nor in the project: its
    chrome stays English, each piece marked lang="en" inside the zh-Hant page."""
    root = make_site(tmp_path / "site")
    config = root / "pyproject.toml"
    config.write_text(config.read_text().replace('"zh_TW"', '"zh_MO"'))
    assert run(root, "update").exit_code == 0
    translate(root, "zh_MO", TRADITIONAL)
    assert run(root, "build").exit_code == 0
    html = page(root, "zh-hant/clinic.html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-Hant">\n')
    assert '<a class="site-title" href="index.html" lang="en">Clinic News</a>' in html
    assert '<nav class="languages" aria-label="Languages" lang="en">' in html
    assert '<a href="index.html"><span lang="en">Home</span></a>' in html
    assert '<span lang="en">Published</span> <time datetime="2023-01-06">2023年1月6日</time>' in (
        html
    )
    assert '<p lang="en">Clinic News</p>' in html
    assert '<h1><span lang="en">Articles</span></h1>' in page(root, "zh-hant/index.html")
    # the same chrome in the English pages is in their own language: nothing marked
    english = page(root, "en/clinic.html")
    assert '<span lang="en">' not in english
    assert '<nav class="languages" aria-label="Languages">' in english
    assert '<a class="site-title" href="index.html">Clinic News</a>' in english
    # translated, the mark goes
    ui = root / "locales/zh_MO/LC_MESSAGES/ui.po"
    po = polib.pofile(str(ui))
    po.find("Home").msgstr = "首頁"
    po.save(str(ui))
    assert run(root, "build").exit_code == 0
    assert '<a href="index.html">首頁</a>' in page(root, "zh-hant/clinic.html")


def test_keep_previous_keeps_the_bundle_of_its_kept_pages(site, run):
    """keep-previous never takes a page off the site, even the last of its language."""
    config = site / "pyproject.toml"
    policy = '[tool.pipeline]\nbelow_threshold = "keep-previous"\n'
    config.write_text(config.read_text().replace("[tool.pipeline]\n", policy))
    before = page(site, "zh-hant/clinic.html")
    (site / "locales/zh_TW/LC_MESSAGES/clinic.po").unlink()
    result = run(site, "build")
    assert result.exit_code == 0
    assert page(site, "zh-hant/clinic.html") == before
    assert "output/zh-hant is left out" not in result.stderr
