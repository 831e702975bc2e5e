"""render/: an article's skeleton filled for a locale (`fill`), the page context and which
pages a locale publishes (`pages`), dates and the switcher (`layouts`)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.locales import make_locale
from pipeline.project import Compiled
from pipeline.render.fill import resolve
from pipeline.render.layouts import Layouts, date_view, switcher
from pipeline.render.pages import alternates, article_page, href, index_page, is_published
from pipeline.segments import split_article
from pipeline.sources import read_article
from tests.conftest import pseudo

EN, ZH = make_locale("en"), make_locale("zh_CN")


@pytest.fixture
def site(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.pipeline]\nlocales = ["zh_CN"]\n')
    (tmp_path / "source").mkdir()
    return load_config(tmp_path)


def compile_article(config, text: str, name: str = "visit.md") -> Compiled:
    path = config.source_dir / name
    path.write_text(text, encoding="utf-8")
    article = read_article(path, config.root)
    return Compiled(article, split_article(article))


ARTICLE = (
    "---\ntitle: Open day\ndate: 2023-01-06\nsummary: Come and see.\n---\n\n"
    "Visit [our *new* site](https://x.org).\n\nSecond paragraph.\n"
)


def every_translation(compiled: Compiled) -> dict:
    from pipeline.segments import segments_of

    return {(s.context, s.text): pseudo(s.text) for s in segments_of(compiled.skeleton)}


def test_fill_uses_each_translation_and_keeps_the_markup(site):
    compiled = compile_article(site, ARTICLE)
    filled = resolve(compiled, every_translation(compiled), "en")
    assert '<a href="https://x.org">ｏｕｒ <em>ｎｅｗ</em> ｓｉｔｅ</a>' in filled.body
    assert "Ｓｅｃｏｎｄ ｐａｒａｇｒａｐｈ" in filled.body
    assert filled.texts["title"].value == "Ｏｐｅｎ ｄａｙ" and filled.texts["title"].lang is None
    assert not filled.fell_back and filled.rejections == ()


def test_fill_falls_back_to_the_source_with_its_language(site):
    compiled = compile_article(site, ARTICLE)
    table = {k: v for k, v in every_translation(compiled).items() if k[1] != "Second paragraph."}
    filled = resolve(compiled, table, "en")
    assert '<p lang="en">Second paragraph.</p>' in filled.body
    assert filled.fell_back


def test_fill_refuses_a_translation_whose_placeholders_do_not_fit(site):
    compiled = compile_article(site, ARTICLE)
    table = every_translation(compiled)
    key = next(k for k in table if k[1].startswith("Visit"))
    table[key] = "访问<1>我们的网站</1>"  # <2> is missing
    filled = resolve(compiled, table, "en")
    assert [r.msgstr for r in filled.rejections] == ["访问<1>我们的网站</1>"]
    assert 'lang="en">Visit <a href="https://x.org">our <em>new</em> site</a>.' in filled.body


def test_the_source_language_is_filled_with_the_source(site):
    compiled = compile_article(site, ARTICLE)
    filled = resolve(compiled, None, "en")
    assert "Second paragraph." in filled.body and "lang=" not in filled.body
    assert filled.texts["title"].value == "Open day"


@pytest.mark.parametrize(
    ("policy", "percent", "before", "expected"),
    [
        ("withhold", 79.9, True, False),
        ("withhold", 80.0, False, True),
        ("fallback", 10.0, False, True),
        ("keep-published", 10.0, True, True),
        ("keep-published", 10.0, False, False),
        ("keep-previous", 10.0, True, False),
    ],
)
def test_publication_policy(site, policy, percent, before, expected):
    config = dataclasses.replace(site, below_threshold=policy, locales=(ZH,))
    compiled = compile_article(config, ARTICLE)
    assert is_published(config, ZH, EN, compiled, percent, before) is expected
    assert is_published(config, EN, EN, compiled, 0.0) is True


def test_an_article_kept_source_only_is_not_published_in_targets(site):
    compiled = compile_article(site, "---\ntitle: Local\ntranslate: false\n---\n\nText.\n")
    assert not is_published(site, ZH, EN, compiled, 100.0)


def test_links_are_relative_without_base_url_and_absolute_with_it(site):
    assert href(EN, EN, "a.html") == "a.html"
    assert href(EN, ZH, "a.html") == "../zh-hans/a.html"
    assert href(EN, ZH, "a.html", "https://x.org/") == "https://x.org/zh-hans/a.html"
    links = alternates(site, ZH, [EN, ZH], "a.html", EN)
    assert links == [
        {"hreflang": "en", "href": "../en/a.html"},
        {"hreflang": "zh-Hans", "href": "a.html"},
        {"hreflang": "x-default", "href": "../en/a.html"},
    ]


def test_dates_in_each_language():
    assert date_view(date(2023, 1, 6), EN) == ("2023-01-06", "January 6, 2023")
    assert date_view(date(2023, 1, 6), ZH) == ("2023-01-06", "2023年1月6日")
    assert date_view(None, ZH) is None


def test_switcher_labels_each_language_in_itself_and_sends_missing_pages_to_the_index():
    links = switcher(
        [EN, ZH],
        ZH,
        {"en": "../en/a.html", "zh_CN": None},
        {
            "en": "../en/index.html",
            "zh_CN": "index.html",
        },
    )
    assert [(link.label, link.href, link.current, link.exists) for link in links] == [
        ("English", "../en/a.html", False, True),
        ("中文", "index.html", True, False),
    ]


def test_article_page_escapes_ui_translations_and_marks_the_notice(site):
    compiled = compile_article(site, ARTICLE)
    table = {k: v for k, v in every_translation(compiled).items() if k[1] != "Second paragraph."}
    filled = resolve(compiled, table, "en")
    layouts = Layouts(site.layouts_dir)
    ui = {"Site": "<b>站点</b>"}
    page = article_page(
        site, layouts, ZH, EN, [EN, ZH], compiled, filled, [EN, ZH], lambda s: ui.get(s, s)
    ).decode()
    assert '<html lang="zh-Hans"' in page
    assert "&lt;b&gt;站点&lt;/b&gt;" in page and "<b>站点</b>" not in page
    assert '<div class="article-body">' in page
    assert 'href="../en/visit.html"' in page  # the notice links to the source page


def test_index_lists_published_articles_newest_first(site):
    from pipeline.render.layouts import Text
    from pipeline.render.pages import Summary

    def summary(slug, day, published=True):
        return Summary(slug, Text(slug.title()), Text(""), day, 100.0, published)

    summaries = [
        summary("old", date(2020, 1, 1)),
        summary("undated", None),
        summary("new", date(2024, 1, 1)),
        summary("hidden", date(2025, 1, 1), published=False),
    ]
    page = index_page(site, Layouts(None), EN, [EN, ZH], summaries, lambda s: s).decode()
    order = [page.index(f'href="{slug}.html"') for slug in ("new", "old", "undated")]
    assert order == sorted(order) and 'href="hidden.html"' not in page
