"""source/* -> Article: a reader per suffix (Markdown with front matter, HTML), plus media files.

Both readers produce the body as the lxml tree a browser builds (see `htmltree`), whose
elements carry their source line in a `data-pipeline-line` attribute (see `line_of`): HTML
from its start tags' lines, Markdown from markdown-it's token maps.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from lxml import etree

from pipeline.cjk import joins_unspaced
from pipeline.errors import SourceError
from pipeline.fileio import utf8_text
from pipeline.htmltree import LINE_ATTR, annotate_lines, parse_body, parse_document, root_attributes
from pipeline.model import Article, Metadata

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".md", ".html")
MEDIA_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".avif",
    ".svg",
    ".ico",
    ".mp3",
    ".mp4",
    ".webm",
    ".ogg",
    ".pdf",
)
RESERVED_SLUGS = ("index", "ui", "sitemap", "manifest", "assets", "dist", "404")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIELDS = (
    "title",
    "date",
    "updated",
    "summary",
    "author",
    "image",
    "image_alt",
    "caption",
    "tags",
    "translate",
    "lang",
)


@dataclass(frozen=True, slots=True)
class SourceTree:
    """What `source/` holds: articles to translate and media to copy into every bundle."""

    articles: tuple[Path, ...]
    media: tuple[Path, ...]
    ignored: tuple[Path, ...]


def scan_sources(source_dir: Path) -> SourceTree:
    """List article and media files; refuses symlinks that lead out of `source/`."""
    if not source_dir.is_dir():
        raise SourceError("source folder does not exist; create it and add articles", source_dir)
    root = source_dir.resolve()
    articles, media, ignored = [], [], []
    for path, is_link in sorted(_files(source_dir)):
        if is_link and not path.resolve().is_relative_to(root):
            raise SourceError("is a link to a file outside source/; refusing to read it", path)
        suffix = path.suffix.lower()
        if suffix in ARTICLE_SUFFIXES and path.parent == source_dir:
            articles.append(path)
        elif suffix in MEDIA_SUFFIXES:
            media.append(path)
        else:
            ignored.append(path)
    return SourceTree(tuple(articles), tuple(media), tuple(ignored))


def _files(folder: Path) -> Iterator[tuple[Path, bool]]:
    """(file, whether it is a link) under `folder`, but hidden ones; links to folders are not
    followed. Only a link can lead out of source/, so only links are resolved: resolving every
    file costs a system call per folder of its path."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            if entry.is_dir(follow_symlinks=False):
                yield from _files(path)
            elif not entry.is_dir():
                yield path, entry.is_symlink()


def read_articles(paths: tuple[Path, ...], root: Path) -> list[Article]:
    """Read every article, refusing two files with one slug."""
    articles: dict[str, Article] = {}
    for path in paths:
        article = read_article(path, root)
        if article.slug in articles:
            other = articles[article.slug].path
            raise SourceError(f"slug {article.slug!r} is also used by {other}; rename one", path)
        articles[article.slug] = article
    return list(articles.values())


def read_article(path: Path, root: Path) -> Article:
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    slug = check_slug(path.stem, shown)
    data = path.read_bytes()
    text = decode(data, shown)
    if path.suffix.lower() == ".html":
        metadata, body_html, tree = _read_html(text, shown)
    else:
        metadata, body_html, tree = _read_markdown(text, shown)
    digest = hashlib.sha256(data).hexdigest()
    return Article(slug, shown, metadata, body_html, digest, tree)


def read_language(path: Path, root: Path) -> tuple[str, int | None]:
    """An article's `lang` as written and its line ("": none), without reading its body:
    for the commands that only need to know which catalogs an article has (a Markdown body
    is not rendered; an HTML document is parsed, but not copied into a tree)."""
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    text = decode(path.read_bytes(), shown)
    if path.suffix.lower() == ".html":
        attributes = root_attributes(text)
        return (attributes.get("lang") or "").strip(), _line(attributes) or 1
    match = _FRONT_MATTER.match(text)
    fields, lines = _parse_front_matter(match.group(1) or "", shown) if match else ({}, {})
    value = fields.get("lang", "")
    if not isinstance(value, str):
        raise SourceError("front-matter field 'lang' must be text", shown, lines.get("lang"))
    return value.strip(), lines.get("lang")


def check_slug(slug: str, path: Path) -> str:
    if not SLUG.fullmatch(slug):
        raise SourceError(
            f"file name {slug!r} is not a valid slug: use lowercase a-z, 0-9 and single "
            "hyphens (rename the file)",
            path,
        )
    if slug in RESERVED_SLUGS:
        raise SourceError(f"slug {slug!r} is reserved by the bundle; rename the file", path)
    return slug


def decode(data: bytes, path: Path) -> str:
    """UTF-8 only (a BOM is accepted); CRLF and CR become LF."""
    text = utf8_text(data, path, SourceError)
    if "\x00" in text:
        raise SourceError("contains NUL bytes: a binary file, not an article", path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def body_tree(body_html: str) -> etree._Element:
    """Parse an Article's body into the lxml tree the segmenter walks (the source DOM), as a
    browser parses it inside the page's `<body>`."""
    return parse_body(body_html)


def _text(element: etree._Element) -> str:
    """The text a reader sees: comments are not text."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def line_of(element) -> int:
    """An element's source line. Kept in an attribute, not lxml's `sourceline`, which stops
    at 65535; the segmenter never writes that attribute out."""
    return int(element.get(LINE_ATTR, 0)) if isinstance(element.tag, str) else 0


# --- Markdown ---------------------------------------------------------------------------

_SPACE = re.compile("[ \t\n\r\f]+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@cache
def _markdown():
    """Imported when a Markdown source is first read: 30 ms of start-up for a site of HTML
    sources otherwise."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _read_markdown(text: str, path: Path) -> tuple[Metadata, str, etree._Element]:
    match = _FRONT_MATTER.match(text)
    if not match:
        raise SourceError(
            "no front matter: start the file with a '---' block holding 'title:'", path, 1
        )
    offset = match.group(0).count("\n")
    fields, lines = _parse_front_matter(match.group(1) or "", path)
    metadata = _metadata(fields, lines, path)
    markdown = _markdown()
    tokens = markdown.parse(text[match.end() :])
    for token in tokens:
        if token.map and token.nesting == 1:
            token.attrSet(LINE_ATTR, str(token.map[0] + 1 + offset))
        elif token.type == "html_block" and token.map:  # raw HTML: its own start tags' lines
            line = token.map[0] + 1 + offset  # (formatting elements unmarked: see annotate_lines)
            token.content = annotate_lines(token.content, line, formatting=False)
        elif token.type == "inline" and token.children:
            _join_unspaced_lines(token.children)
    body_html = markdown.renderer.render(tokens, markdown.options, {})
    tree = body_tree(body_html)
    if _drop_title_heading(tree, metadata.title):
        body_html = _serialize_children(tree)
    return metadata, body_html, tree


def _join_unspaced_lines(children: list) -> None:
    """A soft line break between two Chinese characters is no space (pandoc's
    `east_asian_line_breaks`): "综合性\n儿童医院" is 综合性儿童医院; between English words, or
    Chinese and English, it stays the space it always was."""
    for i, child in enumerate(children):
        if child.type == "softbreak" and joins_unspaced(
            _next_text(reversed(children[:i])), _next_text(children[i + 1 :])
        ):
            child.type, child.content = "text", ""


def _next_text(children: Iterable) -> str:
    """The first text among `children`, looking through markup (`<em>`, links) but not past
    anything else (an image, a hard break)."""
    for child in children:
        if child.type in ("text", "code_inline") and child.content:
            return child.content
        if child.type not in _MARKUP_TOKENS:
            return ""
    return ""


_MARKUP_TOKENS = frozenset(
    ("em_open", "em_close", "strong_open", "strong_close", "link_open", "link_close")
    + ("s_open", "s_close")
)


TEXT_FIELDS = frozenset(
    ("title", "summary", "caption", "author", "image", "image_alt", "tags", "lang")
)
"""Read as the editor typed them: `caption: 10:30` is not the number 630."""


def _parse_front_matter(block: str, path: Path) -> tuple[dict, dict[str, int]]:
    import yaml  # (see _markdown)

    try:
        fields = _load_front_matter(yaml, block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(f"front matter is not valid YAML: {problem}", path, line) from exc
    except ValueError as exc:  # PyYAML's constructors: a date such as 2024-02-30
        raise SourceError(f"front matter has an impossible value: {exc}", path, 2) from exc
    if not isinstance(fields, dict):
        raise SourceError("front matter must be a mapping of 'field: value' lines", path, 2)
    lines = {}
    for number, line in enumerate(block.splitlines(), 2):
        key = line.split(":", 1)[0].strip()
        if key in fields and key not in lines and not line.startswith((" ", "\t", "-")):
            lines[key] = number
    return fields, lines


def _load_front_matter(yaml, block: str):
    """YAML, but the text fields' scalars as written: YAML 1.1 would read `10:30` as 630,
    `1.10` as 1.1 and `Yes` as true."""
    loader = yaml.SafeLoader(block)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            return loader.construct_document(node) if node is not None else {}
        fields = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, str) and key in TEXT_FIELDS:
                fields[key] = _as_typed(yaml, value_node)
            else:
                fields[key] = loader.construct_object(value_node, deep=True)
        return fields
    finally:
        loader.dispose()


def _as_typed(yaml, node):
    """A scalar's text as typed; a list of them for `tags`; anything else stays a node,
    which the field's check refuses."""
    if isinstance(node, yaml.ScalarNode):
        null = node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~")
        return "" if null else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_as_typed(yaml, item) for item in node.value]
    return node


def _metadata(fields: dict, lines: dict[str, int], path: Path) -> Metadata:
    for key in fields:
        if key not in FIELDS:
            raise SourceError(
                f"unknown front-matter field {key!r}; allowed: {', '.join(FIELDS)}",
                path,
                lines.get(key),
            )
    title = fields.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SourceError(
            "front matter needs a 'title:' (non-empty text)", path, lines.get("title", 1)
        )
    values: dict = {"title": collapse(title), "lines": lines}
    for key in ("summary", "author", "image", "image_alt", "caption", "lang"):
        value = fields.get(key, "")
        if not isinstance(value, str):
            raise SourceError(f"front-matter field {key!r} must be text", path, lines.get(key))
        values[key] = collapse(value)
    for key in ("date", "updated"):
        values[key] = _date(fields.get(key), key, path, lines.get(key))
    tags = fields.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise SourceError("'tags' must be a list of words", path, lines.get("tags"))
    values["tags"] = tuple(str(t) for t in tags)
    translate = fields.get("translate", True)
    if not isinstance(translate, bool):
        raise SourceError("'translate' must be true or false", path, lines.get("translate"))
    values["translate"] = translate
    return Metadata(**values)


def _date(value, key: str, path: Path, line: int | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise SourceError(
            f"{key!r} must be an ISO date like 2023-01-06, not {value!r}", path, line
        ) from None


def collapse(text: str) -> str:
    """HTML white space only: a no-break space is content and survives."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        text = _SPACE.sub(" ", text)  # (most text has single spaces only: no regex pass)
    return text.strip(" ")


def _drop_title_heading(body: etree._Element, title: str) -> bool:
    """The title renders as the page's <h1>; a body that opens with the same heading, text
    for text, would show it twice. Whether it was dropped."""
    if (body.text or "").strip(_WHITE_SPACE) or not len(body):
        return False
    first = body[0]
    if first.tag != "h1" or collapse(_text(first)) != title:
        return False
    tail = first.tail or ""
    body.remove(first)
    body.text = tail.removeprefix("\n") or None
    return True


def _serialize_children(body: etree._Element) -> str:
    lead = _escape_text(body.text) if body.text else ""
    return lead + "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in body
    )


_WHITE_SPACE = " \t\n\r\f"
# --- HTML -------------------------------------------------------------------------------

_META_FIELDS = {
    "description": "summary",
    "author": "author",
    "date": "date",
    "updated": "updated",
    "keywords": "tags",
    "image": "image",
    "image_alt": "image_alt",
    "caption": "caption",
}


def _read_html(text: str, path: Path) -> tuple[Metadata, str, etree._Element]:
    """Full document or fragment; metadata from <title>, <meta name>, <time>; the body as
    the tree a browser builds (no HTML text: nothing needs it, and writing it costs)."""
    _refuse_text_before_doctype(text, path)
    document, body = parse_document(text)
    fields: dict = {}
    lines: dict[str, int] = {}
    root = document.root
    if root is not None and (lang := (root.attributes.get("lang") or "").strip()):
        fields["lang"], lines["lang"] = lang, _line(root.attributes) or 1
    head = document.head
    for node in head.iter() if head is not None else ():
        if node.tag == "title" and "title" not in fields and node.text().strip():
            fields["title"], lines["title"] = node.text(), _line(node.attributes)
        elif node.tag == "meta":
            attributes = node.attributes
            key = _META_FIELDS.get((attributes.get("name") or "").lower())
            value = attributes.get("content")
            if key and value is not None:
                fields[key] = (
                    [t.strip() for t in value.split(",") if t.strip()] if key == "tags" else value
                )
                lines[key] = _line(attributes)
    if "date" not in fields:
        for time in body.iter("time"):
            value = time.get("datetime")
            if value is not None and _DATE_TIME.fullmatch(value.strip(_WHITE_SPACE)):
                fields["date"], lines["date"] = value.strip(_WHITE_SPACE), line_of(time)
                break
    if "title" not in fields:
        heading = next(body.iter("h1"), None)
        if heading is None or not _text(heading).strip():
            raise SourceError("no <title> and no <h1>: the article needs a title", path, 1)
        fields["title"], lines["title"] = _text(heading), line_of(heading)
    metadata = _metadata(fields, lines, path)
    _drop_title_heading(body, metadata.title)
    _trim_end(body)
    return metadata, "", body


def _trim_end(body: etree._Element) -> None:
    """The line breaks after `</body>` and `</html>` join the body's last text; white space
    at the end of a body shows nothing, so one line break stands for all of them (and the
    page's bytes stay as they were for a source that ends in `</body></html>`)."""
    last = body[-1] if len(body) else None
    text = body.text if last is None else last.tail
    if text and "\n" in text and not text.strip(_WHITE_SPACE):
        if last is None:
            body.text = "\n"
        else:
            last.tail = "\n"


_DATE_TIME = re.compile(r"\d{4,}-\d\d-\d\d(?:[T ].*)?", re.S)
"""A `<time datetime>` that holds a date (perhaps with a time): not a time, a year, a month,
a week or a duration (`10:30`, `1953`, `2024-05`, `PT2H30M`), which are ordinary content."""


def _line(attributes: dict) -> int:
    value = attributes.get(LINE_ATTR)
    return int(value) if value and value.isdigit() else 0


_BEFORE_DOCTYPE = re.compile(r"(?:[ \t\n\f]|<!--.*?-->)*", re.S)
_DOCTYPE = re.compile(r"<!doctype", re.I)


def _refuse_text_before_doctype(text: str, path: Path) -> None:
    """A browser shows text before `<!DOCTYPE>` as page content, in quirks mode, and ignores
    the doctype: almost always a paste gone wrong at the top of the file."""
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        return
    start = _BEFORE_DOCTYPE.match(text).end()  # type: ignore[union-attr] # (matches "")
    if start < doctype.start() and "<" not in text[start : doctype.start()]:
        line = text.count("\n", 0, start) + 1
        raise SourceError(
            "text before <!DOCTYPE>: a browser would show it above the page and ignore the "
            "doctype; delete it or move it into <body>",
            path,
            line,
        )


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
