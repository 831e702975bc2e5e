"""source/* -> Articles: which files are articles or media, slugs, the metadata of each
reader (Markdown front matter read as typed, the HTML head, `<time>` dates), the title
heading, and what a browser would do with text before `<!DOCTYPE>`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.segments import split_article
from pipeline.sources import (
    _read_html,
    _read_markdown,
    check_slug,
    read_article,
    read_articles,
    scan_sources,
)

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


def put(root: Path, name: str, content: str | bytes) -> Path:
    path = root / "source" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_scan_sorts_articles_media_and_ignored_files(tmp_path):
    for name in ("b.md", "a.html", "img/dot.png", "notes.txt", ".hidden.md", "sub/deep.md"):
        put(tmp_path, name, "x")
    tree = scan_sources(tmp_path / "source")
    names = lambda paths: [p.relative_to(tmp_path / "source").as_posix() for p in paths]  # noqa: E731
    assert names(tree.articles) == ["a.html", "b.md"]  # articles live at the top only
    assert names(tree.media) == ["img/dot.png"]
    assert names(tree.ignored) == ["notes.txt", "sub/deep.md"]


def test_scan_refuses_a_link_out_of_source(tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: x\n---\n")
    put(tmp_path, "ok.md", "---\ntitle: ok\n---\n")
    (tmp_path / "source/leak.md").symlink_to(outside)
    with pytest.raises(SourceError, match="outside source/"):
        scan_sources(tmp_path / "source")


@pytest.mark.parametrize("slug", ["hello", "a-1", "2024-report"])
def test_good_slugs(slug):
    assert check_slug(slug, Path(f"source/{slug}.md")) == slug


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("Hello", "not a valid slug"),
        ("a b", "not a valid slug"),
        ("a--b", "not a valid slug"),
        ("-a", "not a valid slug"),
        ("index", "reserved"),
        ("ui", "reserved"),
        ("sitemap", "reserved"),
    ],
)
def test_bad_slugs(slug, reason):
    with pytest.raises(SourceError, match=reason):
        check_slug(slug, Path(f"source/{slug}.md"))


def test_markdown_front_matter_becomes_metadata_with_lines(tmp_path):
    path = put(
        tmp_path,
        "visit.md",
        "---\ntitle: A visit\ndate: 2023-01-06\ncaption: Photo 3\ntags: [news, campus]\n---\n\n"
        "Body text.\n",
    )
    article = read_article(path, tmp_path)
    meta = article.metadata
    assert (article.slug, article.path) == ("visit", Path("source/visit.md"))
    assert (meta.title, meta.date, meta.caption, meta.tags) == (
        "A visit",
        date(2023, 1, 6),
        "Photo 3",
        ("news", "campus"),
    )
    assert meta.lines["title"] == 2 and meta.lines["caption"] == 4
    assert "Body text." in article.body_html


def test_a_caption_that_looks_like_a_time_stays_text(tmp_path):
    path = put(tmp_path, "clock.md", "---\ntitle: Clock\ncaption: 10:30\n---\n")
    assert read_article(path, tmp_path).metadata.caption == "10:30"


def test_html_head_becomes_metadata(tmp_path):
    path = put(
        tmp_path,
        "page.html",
        "<!doctype html><html><head><title>Open day</title>"
        '<meta name="description" content="Come and see.">'
        '<meta name="keywords" content="a, b"></head>'
        '<body><p>On <time datetime="2024-05-01">1 May</time>.</p></body></html>',
    )
    meta = read_article(path, tmp_path).metadata
    assert (meta.title, meta.summary, meta.tags, meta.date) == (
        "Open day",
        "Come and see.",
        ("a", "b"),
        date(2024, 5, 1),
    )


def test_an_unknown_front_matter_field_is_named_with_its_line(tmp_path):
    path = put(tmp_path, "typo.md", "---\ntitle: x\nsumary: y\n---\n")
    with pytest.raises(SourceError, match="unknown front-matter field 'sumary'") as caught:
        read_article(path, tmp_path)
    assert caught.value.line == 3


def test_a_file_not_in_utf8_is_an_input_error_with_its_line(tmp_path):
    path = put(tmp_path, "latin.md", "---\ntitle: Café\n---\n".encode("latin-1"))
    with pytest.raises(SourceError, match="not UTF-8") as caught:
        read_article(path, tmp_path)
    assert caught.value.line == 2


def test_two_files_with_one_slug_are_refused(tmp_path):
    paths = (
        put(tmp_path, "same.html", "<title>One</title><p>x</p>"),
        put(tmp_path, "same.md", "---\ntitle: Two\n---\n"),
    )
    with pytest.raises(SourceError, match="slug 'same' is also used by"):
        read_articles(paths, tmp_path)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("综合性\n儿童医院", "综合性儿童医院"),
        ("医院，\n始建于1954年。", "医院，始建于1954年。"),
        ("综合性\n*儿童*医院", "综合性<1>儿童</1>医院"),
        ("A general\nhospital", "A general hospital"),
        ("综合性医院\nHospital", "综合性医院 Hospital"),
        ("Hospital\n医院", "Hospital 医院"),
        ("始建于1954\n年", "始建于1954 年"),
        ("한국어\n문장", "한국어 문장"),
    ],
    ids=["han", "full-width-mark", "through-emphasis", "english", "han-latin", "latin-han"]
    + ["digit-han", "hangul-keeps-its-space"],
)
def test_a_line_break_between_chinese_characters_is_no_space(body, expected):
    parts = _read_markdown(f"---\ntitle: T\n---\n\n{body}\n", MD)
    assert segment_texts(parts, MD)[-1] == expected


def test_a_wrapped_chinese_paragraph_publishes_without_a_space(tmp_path, run):
    (tmp_path / "source").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nsite_title = "站点"\nsource_language = "zh_CN"\nlocales = ["en"]\n'
    )
    article = "---\ntitle: 关于本站\n---\n\n医院是一所综合性\n儿童医院。\n"
    (tmp_path / "source/about.md").write_text(article, encoding="utf-8")
    assert run(tmp_path, "build").exit_code == 0
    pot = (tmp_path / "locales/templates/about.pot").read_text(encoding="utf-8")
    assert 'msgid "医院是一所综合性儿童医院。"' in pot
