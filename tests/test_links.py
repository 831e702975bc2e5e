"""Links to another article's source file: in each bundle, to that article's page there, or
to its page in the source language where the bundle does not publish it; a link to no
article is a warning with its file and line, and stays as written."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from pipeline.links import article_target
from tests.conftest import pseudo_translate

LINKER = """\
---
title: Links
---

See [the greeting](hello.md) and [the second part](page.html#part).

Read [the notes](notes.md?view=full#top) too.

A [lost link](missing.md) here.

<p>Raw <a href="./hello.html">markup</a>, <a href="images/dot.png">a picture</a>,
<a href="https://example.org/x.md">elsewhere</a>, <a href="index.html">home</a>.</p>
"""

NOTES = """\
---
title: Notes
translate: false
---

Kept in English.
"""

BACK = """\
<!DOCTYPE html>
<html><head><title>Back</title></head>
<body>
<p>Go back to <a href="linker.md#top">the links</a>.</p>
<p>Or to <a href="gone.html">nowhere</a>.</p>
</body></html>
"""


def _hrefs(page: Path) -> list[str]:
    body = page.read_text().split('<div class="article-body">', 1)[1]
    return re.findall(r'<a href="([^"]*)"', body)


def _linked(project, run) -> Path:
    root = project()
    (root / "source/linker.md").write_text(LINKER)
    (root / "source/notes.md").write_text(NOTES)
    (root / "source/back.html").write_text(BACK)
    assert run(root, "init", "zh_CN").exit_code == 0
    pseudo_translate(root / "locales/zh_CN/LC_MESSAGES")
    return root


WARNINGS = [
    "warning: source/back.html:5: link to gone.html: no such article; left as written",
    "warning: source/linker.md:9: link to missing.md: no such article; left as written",
]


def test_links_point_to_each_bundles_page_or_the_source_languages(project, run):
    root = _linked(project, run)
    result = run(root, "build")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == WARNINGS
    as_written = ["missing.md"]
    others = ["images/dot.png", "https://example.org/x.md", "index.html"]
    assert _hrefs(root / "output/en/linker.html") == [
        "hello.html",
        "page.html#part",
        "notes.html?view=full#top",
        *as_written,
        "hello.html",
        *others,
    ]
    assert _hrefs(root / "output/zh-hans/linker.html") == [
        "hello.html",
        "page.html#part",
        "../en/notes.html?view=full#top",
        *as_written,
        "hello.html",
        *others,
    ]
    assert not (root / "output/zh-hans/notes.html").exists()
    for bundle in ("en", "zh-hans"):
        assert _hrefs(root / f"output/{bundle}/back.html") == ["linker.html#top", "gone.html"]


def test_pages_follow_the_linked_articles_publication(project, run):
    root = _linked(project, run)
    config = root / "pyproject.toml"
    config.write_text(config.read_text() + 'below_threshold = "withhold"\n')
    assert run(root, "build").exit_code == 0
    page = root / "output/zh-hans/linker.html"
    assert _hrefs(page)[0] == "hello.html"

    hello = root / "locales/zh_CN/LC_MESSAGES/hello.po"
    translated = hello.read_text()
    po = polib.pofile(str(hello))
    for entry in po:
        entry.msgstr = ""
    po.save(str(hello))
    result = run(root, "build")
    assert result.exit_code == 0
    assert "(2 rebuilt)" in result.stdout  # hello, and the page linking to it
    assert not (root / "output/zh-hans/hello.html").exists()
    assert _hrefs(page)[0] == "../en/hello.html"

    hello.write_text(translated)
    assert "(2 rebuilt)" in run(root, "build").stdout
    assert _hrefs(page)[0] == "hello.html"
    assert "(0 rebuilt)" in run(root, "build").stdout


def test_a_link_to_an_article_added_later_is_fixed_without_editing_its_page(project, run):
    root = _linked(project, run)
    assert run(root, "build").stderr.splitlines() == WARNINGS
    (root / "source/missing.md").write_text("---\ntitle: Found\n---\n\nNow here.\n")
    result = run(root, "build")
    assert result.stderr.splitlines() == [
        "warning: missing not published in zh_CN: 0.0% translated (min_completeness = 50)",
        WARNINGS[0],
    ]
    assert _hrefs(root / "output/en/linker.html")[3] == "missing.html"
    assert _hrefs(root / "output/zh-hans/linker.html")[3] == "../en/missing.html"  # no catalog

    (root / "source/missing.md").unlink()
    assert run(root, "build").stderr.splitlines() == WARNINGS
    assert _hrefs(root / "output/en/linker.html")[3] == "missing.md"


def test_linked_pages_are_valid(project, run):
    from tests.test_html_valid import validate

    root = _linked(project, run)
    assert run(root, "build").exit_code == 0
    assert validate(root / "output") == ""


@pytest.mark.parametrize(
    ("href", "target"),
    [
        ("other.md", ("other", "")),
        ("./other.html", ("other", "")),
        ("other.md#part", ("other", "#part")),
        ("other.html?a=1#b", ("other", "?a=1#b")),
        ("other.md?x=a.html", ("other", "?x=a.html")),
        ("odd%20name.md", ("odd name", "")),
        ("other.htm", None),
        ("images/photo.png", None),
        ("sub/other.md", None),
        ("../other.md", None),
        ("/other.md", None),
        ("https://example.org/other.md", None),
        ("//example.org/other.md", None),
        ("mailto:other.md", None),
        ("#part", None),
        (".md", None),
        ("index.html", None),
        ("sitemap.html", None),
    ],
)
def test_which_hrefs_name_an_article_source(href, target):
    assert article_target(href) == target


def test_a_page_staged_unchanged_then_relinked_leaves_the_live_page_alone(project, run):
    """The edit leaves linker's pages as they were (staged as hard links to the live ones);
    the same build withholds hello, so linker is built again: its Chinese page must change
    in the new bundle only, and its English page keep its bytes."""
    root = _linked(project, run)
    config = root / "pyproject.toml"
    config.write_text(config.read_text() + 'below_threshold = "withhold"\n')
    assert run(root, "build").exit_code == 0
    english = (root / "output/en/linker.html").read_bytes()
    source = root / "source/linker.md"
    source.write_text(source.read_text() + "\n\n")
    hello = root / "locales/zh_CN/LC_MESSAGES/hello.po"
    po = polib.pofile(str(hello))
    for entry in po:
        entry.msgstr = ""
    po.save(str(hello))
    assert "(2 rebuilt)" in run(root, "build").stdout
    assert (root / "output/en/linker.html").read_bytes() == english
    assert _hrefs(root / "output/zh-hans/linker.html")[0] == "../en/hello.html"
    assert _hrefs(root / "output/en/linker.html")[0] == "hello.html"


def test_a_link_to_a_chinese_only_article_goes_to_its_chinese_page(project, run):
    """An article kept in its own language (Chinese, `translate: false`) is published only in
    zh-hans: the English page's link goes there, not to an English page that does not exist."""
    root = project()
    linker = "---\ntitle: Links\n---\n\nSee [the notice](notice.md).\n"
    (root / "source/linker.md").write_text(linker)
    (root / "source/notice.md").write_text(
        "---\ntitle: 通知\nlang: zh-CN\ntranslate: false\n---\n\n本文只有中文版。\n",
        encoding="utf-8",
    )
    assert run(root, "build").exit_code == 0
    assert not (root / "output/en/notice.html").exists()
    assert (root / "output/zh-hans/notice.html").exists()
    assert _hrefs(root / "output/en/linker.html") == ["../zh-hans/notice.html"]
