"""The readers (source file -> Article): front matter read as typed, `<time>` dates, the
title heading, and what a browser would do with text before `<!DOCTYPE>`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.segments import split_article
from pipeline.sources import _read_html, _read_markdown

MD = Path("source/x.md")
HTML = Path("source/x.html")


def front_matter(fields: str):
    return _read_markdown(f"---\n{fields}\n---\n\nBody text.\n", MD)[0]


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        pytest.param("title: T\ncaption: 10:30", "caption", "10:30", id="sexagesimal"),
        pytest.param("title: T\nsummary: 1.10", "summary", "1.10", id="float"),
        pytest.param("title: 2024", "title", "2024", id="int-title"),
        pytest.param("title: Yes", "title", "Yes", id="bool-title"),
        pytest.param("title: T\nauthor: No", "author", "No", id="bool-author"),
        pytest.param("title: T\nimage_alt: 0x1F", "image_alt", "0x1F", id="hex"),
        pytest.param(
            "title: T\ntags: [2024, yes, 1.50]", "tags", ("2024", "yes", "1.50"), id="tags"
        ),
        pytest.param('title: "Quoted: yes"', "title", "Quoted: yes", id="quoted"),
        pytest.param("title: T\nsummary:", "summary", "", id="empty"),
    ],
)
def test_front_matter_text_fields_are_the_text_typed(fields, field, expected):
    assert getattr(front_matter(fields), field) == expected


def test_front_matter_dates_stay_strict():
    assert front_matter("title: T\ndate: 2024-05-06").date == date(2024, 5, 6)
    with pytest.raises(SourceError, match="ISO date"):
        front_matter("title: T\ndate: 10:30")
    with pytest.raises(SourceError, match="must be text"):
        front_matter("title: T\nsummary: [a, b]")


def html_metadata(body: str):
    return _read_html(f"<!DOCTYPE html><title>T</title>\n{body}", HTML)[0]


@pytest.mark.parametrize("value", ["10:30", "1953", "2024-05", "PT2H30M", "2024-W05", "05-06"])
def test_time_that_holds_no_date_is_content(value):
    metadata = html_metadata(f'<p>At <time datetime="{value}">then</time>.</p>')
    assert metadata.date is None


@pytest.mark.parametrize(
    "value", ["2024-05-06", "2024-05-06T10:30", "2024-05-06 10:30:00+08:00", " 2024-05-06 "]
)
def test_time_that_holds_a_date_is_the_article_date(value):
    metadata = html_metadata(
        f'<p>Updated <time datetime="1953">once</time>, then '
        f'<time datetime="{value}">now</time>.</p>'
    )
    assert metadata.date == date(2024, 5, 6)


def test_a_time_is_content_end_to_end(project, run):
    root = project()
    (root / "source/clock.html").write_text(
        '<!DOCTYPE html><title>Clock</title><p>Opens at <time datetime="10:30">half past '
        'ten</time> for <time datetime="PT2H30M">two and a half hours</time>.</p>'
    )
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    page = (root / "output/en/clock.html").read_text()
    assert '<time datetime="10:30">half past ten</time>' in page


def segment_texts(article_parts, path: Path) -> list[str]:
    from pipeline.model import Article

    metadata, body, tree = article_parts
    return [s.text for s in split_article(Article("x", path, metadata, body, "d", tree)).segments]


@pytest.mark.parametrize(
    ("source", "path", "kept"),
    [
        pytest.param(
            "---\ntitle: Q&A with the dean\n---\n# Q&A with the dean\n\nText.\n",
            MD,
            ["Text."],
            id="md-ampersand",
        ),
        pytest.param(
            "---\ntitle: Q&A with the dean\n---\n# Q&amp;A with the *dean*\n\nText.\n",
            MD,
            ["Text."],
            id="md-entity-and-emphasis",
        ),
        pytest.param(
            "---\ntitle: Dean\n---\n# Dean's day\n\nText.\n",
            MD,
            ["Dean's day", "Text."],
            id="md-other-heading",
        ),
        pytest.param(
            "<title>Q&amp;A with the dean</title><h1>Q&amp;A with <!-- x -->the dean"
            "</h1><p>Text.</p>",
            HTML,
            ["Text."],
            id="html-entity-and-comment",
        ),
        pytest.param(
            "<title>A &lt; B</title><h1>A &lt; B</h1><p>Text.</p>",
            HTML,
            ["Text."],
            id="html-less-than",
        ),
        pytest.param(
            "<title>A</title><p>Intro.</p><h1>A</h1>", HTML, ["Intro.", "A"], id="html-not-first"
        ),
    ],
)
def test_title_heading_is_dropped_only_when_its_text_is_the_title(source, path, kept):
    reader = _read_markdown if path.suffix == ".md" else _read_html
    assert segment_texts(reader(source, path), path) == kept


@pytest.mark.parametrize(
    ("document", "line"),
    [
        pytest.param("Pasted here\n<!DOCTYPE html><title>T</title><p>x</p>", 1, id="first-line"),
        pytest.param(
            "\n<!-- note -->\n  oops <!DOCTYPE html><title>T</title>", 3, id="after-comment"
        ),
    ],
)
def test_text_before_doctype_is_an_error_that_says_so(project, run, document, line):
    root = project()
    (root / "source/pasted.html").write_text(document)
    result = run(root, "build")
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f"error: source/pasted.html:{line}: text before <!DOCTYPE>: a browser would show it "
        "above the page and ignore the doctype; delete it or move it into <body>"
    )


@pytest.mark.parametrize(
    "document",
    [
        "<!-- a comment first -->\n<!DOCTYPE html><title>T</title><p>x</p>",
        "<title>T</title><pre>&lt;!DOCTYPE html&gt;</pre><p>Quoting <!DOCTYPE here.</p>",
    ],
)
def test_doctype_after_markup_or_comments_is_no_error(document):
    assert _read_html(document, HTML)[0].title == "T"
