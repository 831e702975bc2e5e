"""source/* -> Article: a reader per suffix (Markdown with front matter, HTML), plus media files.

Both readers produce the body as an lxml tree whose elements carry their source line in a
`data-pipeline-line` attribute (see `line_of`): HTML from lxml's parse, Markdown from
markdown-it's token maps.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from lxml import etree

from pipeline.errors import SourceError
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
)
LINE_ATTR = "data-pipeline-line"

_PARSER = etree.HTMLParser(  # libxml2's, as lxml.html's; plain elements: no per-node lookup
    remove_comments=False,
    remove_pis=False,
    default_doctype=False,
    no_network=True,
    huge_tree=True,
    encoding="utf-8",
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
    tree = None
    if path.suffix.lower() == ".html":
        metadata, body_html, tree = _read_html(text, shown)
    else:
        metadata, body_html = _read_markdown(text, shown)
    digest = hashlib.sha256(data).hexdigest()
    return Article(slug, shown, metadata, body_html, digest, tree)


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
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "re-save the file as UTF-8",
            path,
            line,
        ) from exc
    if "\x00" in text:
        raise SourceError("contains NUL bytes: a binary file, not an article", path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def body_tree(body_html: str) -> etree._Element:
    """Parse an Article's body into the lxml tree the segmenter walks (the source DOM)."""
    doc = _document(f"<html><body>{body_html}</body></html>".encode())
    body = doc.find("body")
    if body is None:  # lxml drops an empty body
        body = etree.SubElement(doc, "body")
    _inherit_lines(body)
    return body


def _inherit_lines(body: etree._Element) -> None:
    """An element the parser made up (no source line) takes the line of the one before."""
    line = "0"
    for element in body.iter(tag=etree.Element):
        own = element.get(LINE_ATTR)
        if own is None:
            element.set(LINE_ATTR, line)
        else:
            line = own


def _document(data: bytes) -> etree._Element:
    """lxml.html's document_fromstring, with plain elements: lxml.html's own classes cost a
    Python call for every element the segmenter touches."""
    doc = etree.fromstring(data, _PARSER)
    if doc is None:
        raise etree.ParserError("Document is empty")
    return doc


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _refuse_truncated(path: Path) -> None:
    """libxml2 stops building the tree past 2048 nested elements and drops the rest: refuse
    rather than silently lose text."""
    for error in _PARSER.error_log:
        if error.level_name == "FATAL" and "depth" in error.message:
            raise SourceError(
                "elements are nested deeper than 2048 levels, more than the HTML parser "
                "keeps; flatten the markup (text past that depth would be lost)",
                path,
                error.line,
            )


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


def _read_markdown(text: str, path: Path) -> tuple[Metadata, str]:
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
    body = markdown.renderer.render(tokens, markdown.options, {})
    return metadata, _drop_title_heading(body, metadata.title)


def _parse_front_matter(block: str, path: Path) -> tuple[dict, dict[str, int]]:
    import yaml  # (see _markdown)

    try:
        fields = yaml.safe_load(block) if block.strip() else {}
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
    for key in ("summary", "author", "image", "image_alt", "caption"):
        value = fields.get(key, "")
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise SourceError(f"front-matter field {key!r} must be text", path, lines.get(key))
        values[key] = collapse(str(value))
    for key in ("date", "updated"):
        values[key] = _date(fields.get(key), key, path, lines.get(key))
    tags = fields.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str | int) for t in tags):
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


def _drop_title_heading(body: str, title: str) -> str:
    """The title renders as the page's <h1>; a body that opens with it would show it twice."""
    match = re.match(r"\s*<h1[^>]*>(.*?)</h1>\n?", body, re.S)
    if match and collapse(re.sub(r"<[^>]+>", "", match.group(1))) == title:
        return body[match.end() :]
    return body


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


def _read_html(text: str, path: Path) -> tuple[Metadata, str, etree._Element | None]:
    """Full document or fragment; metadata from <title>, <meta name>, <time>; body verbatim,
    as HTML and, when it is sure to be what parsing that HTML gives, as the parsed tree."""
    try:
        doc = _document(text.encode())
        _refuse_truncated(path)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"cannot parse HTML: {exc}", path) from exc
    fields: dict = {}
    lines: dict[str, int] = {}
    title = doc.find(".//head/title")
    if title is not None and _text(title).strip():
        fields["title"], lines["title"] = _text(title), title.sourceline
    for meta in doc.iterfind(".//head/meta[@name]"):
        key = _META_FIELDS.get(meta.get("name", "").lower())
        if key and meta.get("content") is not None:
            value = meta.get("content")
            fields[key] = (
                [t.strip() for t in value.split(",") if t.strip()] if key == "tags" else value
            )
            lines[key] = meta.sourceline
    body = doc.find("body")
    if body is None:
        body = etree.SubElement(doc, "body")
    if "date" not in fields:
        time = body.find(".//time[@datetime]")
        if time is not None:
            fields["date"], lines["date"] = time.get("datetime"), time.sourceline
    if "title" not in fields:
        heading = body.find(".//h1")
        if heading is None or not _text(heading).strip():
            raise SourceError("no <title> and no <h1>: the article needs a title", path, 1)
        fields["title"], lines["title"] = _text(heading), heading.sourceline
    metadata = _metadata(fields, lines, path)
    for element in body.iter():
        if isinstance(element.tag, str) and element.sourceline:
            element.set(LINE_ATTR, str(element.sourceline))
    lead = body.text and _escape_text(body.text) or ""
    inner = lead + "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in body
    )
    body_html = _drop_title_heading(inner, metadata.title)
    return metadata, body_html, _as_parsed(body, lead, inner, body_html)


def _as_parsed(body, lead: str, inner: str, body_html: str) -> etree._Element | None:
    """`body` as `body_tree(body_html)` would give it, sparing the segmenter a second parse;
    None in the rare case it cannot be sure (a dropped title that is not one whole <h1>)."""
    if body_html is not inner:  # the title heading was dropped: drop it from the tree too
        first = body[0] if len(body) else None
        if first is None or first.tag != "h1":
            return None
        heading = etree.tostring(first, method="html", encoding="unicode", with_tail=False)
        rest = inner[len(lead) + len(heading) :]
        if not inner.startswith(lead + heading) or body_html != rest.removeprefix("\n"):
            return None
        tail = first.tail or ""
        body.remove(first)
        body.text = tail.removeprefix("\n") or None
    body.set(LINE_ATTR, "0")  # as body_tree's wrapper <body>, which has no source line
    _inherit_lines(body)
    return body


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
