"""An existing translation (a full web page, an HTML fragment, Markdown or plain text) -> the
HTML of its main content, ready for the segmenter.

Pages are parsed as a browser parses them (Lexbor, `htmltree`), and beautifulsoup4 navigates
the result: it is handed Lexbor's serialization, in which every element is closed where the
browser closed it, so `html.parser` rebuilds exactly the browser's tree (no tree-building
rules left to apply) and costs no further dependency. Chrome (navigation, header, footer,
asides, scripts, forms) is dropped; the main content is `<main>`, `<article>`, an element with
`role="main"`, or else the block that holds most of the page's text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from bs4 import BeautifulSoup, Tag
from selectolax.lexbor import LexborHTMLParser

from pipeline.errors import SourceError
from pipeline.htmltree import xml_safe
from pipeline.sources import decode

CHROME = (
    *("nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template"),
    *("iframe", "noembed", "noframes", "object", "embed"),
)
"""Dropped: no article text is in them (the last ones hold raw text that Lexbor writes out
as it is, and `html.parser` would read as markup)."""
CHROME_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search"))
_CHROME_NAMES = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|menu|breadcrumbs?|footer|header|sidebar|share|social|cookies?"
    r"|comments?|related)(?:$|[-_ ])",
    re.I,
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MARKDOWN_SUFFIXES = frozenset((".md", ".markdown", ".mdown"))
_HTML_SUFFIXES = frozenset((".html", ".htm", ".xhtml"))
_TEXT_SUFFIXES = frozenset((".txt", ".text"))
_BREAKS = re.compile(r"(?:<br\s*/?>(?:\s|&nbsp;|\u00a0|\u3000)*){2,}", re.I)
"""Two line breaks in a row: how many pages (and CMS exports) end a paragraph."""
_HEADING_LINE = re.compile(r"[^\n]{1,60}(?<![.!?:;。！？：；，,…”\"）)])")
"""A paragraph of plain text that is one short line without a closing mark: a heading."""
_DESCENT = 0.85
"""Descend into a child that holds this share of its parent's text (the densest block)."""


class Translation(NamedTuple):
    html: str
    """The main content, as HTML."""
    form: str
    """How it was read: html, markdown or text."""
    description: str = ""
    """A page's `<meta name="description">`: the article's summary, translated."""


def read_translation(path: Path) -> Translation:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the translation: {exc.strerror or exc}", path) from exc
    text = decode(data, path)
    form = translation_form(path, text)
    if form == "markdown":
        return Translation(markdown_html(text), form)
    if form == "text":
        return Translation(text_html(text, path), form)
    return Translation(*main_content(text))


def translation_form(path: Path, text: str) -> str:
    """By suffix; a file of another name is HTML when it starts with a tag, else text."""
    suffix = path.suffix.lower()
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    return "html" if text.lstrip().startswith("<") else "text"


def markdown_html(text: str) -> str:
    """Markdown rendered as the project renders sources; its own front matter is ignored."""
    from pipeline.sources import _markdown

    match = _FRONT_MATTER.match(text)
    return _markdown().render(text[match.end() :] if match else text)


def text_html(text: str, path: Path) -> str:
    """Plain text read as `pipeline import` reads it: the first paragraph is the title."""
    from pipeline.importer import to_markdown

    if not text.strip():
        raise SourceError("the translation is empty", path)
    fields, markdown, _ = to_markdown(text, path)
    body = _FRONT_MATTER.sub("", markdown).strip("\n").split("\n\n")
    title = re.sub(r"([\\`*_<>\[\]#])", r"\\\1", fields["title"])
    body = [f"## {part}" if _HEADING_LINE.fullmatch(part) else part for part in body]
    return markdown_html("\n\n".join([f"# {title}", *body]) + "\n")


def main_content(html: str) -> tuple[str, str, str]:
    """(the inner HTML of the page's main content, chrome removed; "html"; the page's
    description)."""
    browser = LexborHTMLParser("<!DOCTYPE html>" + xml_safe(html))
    soup = BeautifulSoup(browser.html or "", "html.parser")
    body = soup.body or soup
    meta = soup.head.find("meta", attrs={"name": "description"}) if soup.head else None
    description = str(meta.get("content") or "") if isinstance(meta, Tag) else ""
    main = _marked_main(body)
    _drop_chrome(main if main is not None else body, inside=main is not None)
    if main is None:
        main = _densest(body)
    content = _BREAKS.sub("</p><p>", main.decode_contents())
    return content, "html", " ".join(description.split())


def _marked_main(body: Tag) -> Tag | None:
    for found in (
        body.find("main"),
        body.find(True, attrs={"role": "main"}),
        _largest(body.find_all("article")),
    ):
        if isinstance(found, Tag):
            return found
    return None


def _largest(tags: list) -> Tag | None:
    """Of several `<article>`s (a list of teasers beside the story), the one with most text."""
    tags = [t for t in tags if isinstance(t, Tag)]
    return max(tags, key=lambda t: len(t.get_text()), default=None)


def _drop_chrome(root: Tag, inside: bool) -> None:
    """`inside` the marked main content, a `<header>` with a heading is the article's own
    (its title), not the site's."""
    for tag in root.find_all(CHROME):
        if tag.decomposed:
            continue
        if not (inside and tag.name == "header" and tag.find(("h1", "h2", "h3"))):
            tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        if (tag.get("role") or "") in CHROME_ROLES or _looks_like_chrome(tag):
            tag.decompose()


def _looks_like_chrome(tag: Tag) -> bool:
    """A `div` named like navigation (`class="menu"`) whose text is mostly links."""
    names = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")])
    if not names or not _CHROME_NAMES.search(names):
        return False
    text = len(tag.get_text(strip=True))
    linked = sum(len(a.get_text(strip=True)) for a in tag.find_all("a"))
    return text == 0 or linked / text > 0.5


def _densest(node: Tag) -> Tag:
    """Down from `node`, into the child that holds nearly all its text, while there is one."""
    while True:
        total = _text_length(node)
        children = [child for child in node.children if isinstance(child, Tag)]
        best = max(children, key=_text_length, default=None)
        if best is None or total == 0 or _text_length(best) < _DESCENT * total:
            return node
        if best.name in ("p", "ul", "ol", "blockquote", "h1", "h2", "h3", "pre"):
            return node  # (a block of content: its parent is the content)
        node = best


def _text_length(tag: Tag) -> int:
    return len(re.sub(r"\s+", "", tag.get_text()))
