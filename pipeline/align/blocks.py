"""A translation's main content (HTML) -> Blocks: its translatable units, cut by the very
segmenter that cuts the article, so both sides are divided by the same rules (a run of inline
content is one unit, alt texts are units of their own, inline markup becomes `<1>…</1>`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.model import Article, Metadata
from pipeline.placeholders import TOKEN
from pipeline.segments import LinkHole, Skeleton, TextHole, split_article
from pipeline.sources import body_tree

INDENT = " \u00a0\u3000"
"""What pages indent Chinese paragraphs with (two ideographic spaces), or pad them with."""
_FIGURE = re.compile(r"[\d.,%％\s]*\d[\d.,%％\s]*(?:万亿|千万|百万|亿|万|千)?[%％]?")
"""A figure alone (`31万`, a table cell): the segmenter keeps it, for 万 is a letter, but a
source never has it as a segment (`310,000` has no letters)."""
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "title"))
_CLASSES = {
    "li": "item",
    "dt": "item",
    "dd": "item",
    "td": "cell",
    "th": "cell",
    "figcaption": "caption",
    "caption": "caption",
}


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the translation (or of the article: the aligner treats both alike)."""

    index: int
    """Its position in the translation, from 0."""
    kind: str
    """The segmenter's kind: `p`, `h2`, `li`, `img alt`..."""
    text: str
    """Text with numbered placeholders for its inline markup."""
    tags: dict[int, str]
    """Placeholder number -> the start tag it stands for (`<a href="x">`)."""

    @property
    def plain(self) -> str:
        """The text a reader sees: placeholders out."""
        return plain_text(self.text, self.tags)


def blocks_of(html: str, path: Path) -> list[Block]:
    """The translation's Blocks, in document order."""
    article = Article(path.stem, path, Metadata(title=""), html, "", tree=body_tree(html))
    skeleton = split_article(article)
    markup = markup_of(skeleton)
    found: list[Block] = []
    for i, segment in enumerate(skeleton.segments):
        block = Block(len(found), segment.kind, segment.text.strip(INDENT), markup.get(i, {}))
        if not _FIGURE.fullmatch(block.plain):
            found.append(block)
    return found


def markup_of(skeleton: Skeleton) -> dict[int, dict[int, str]]:
    """Segment index -> placeholder number -> the markup it stands for: a start tag, or a
    whole element for one shown as a unit (`<code>make all</code>`, which is matched by its
    content)."""
    found: dict[int, dict[int, str]] = {}
    _collect(skeleton.parts, found)
    return found


def _collect(parts: list, found: dict[int, dict[int, str]]) -> None:
    for part in parts:
        if isinstance(part, TextHole):
            found[part.index] = {n: _literal(tag.start) for n, tag in part.tags.items()}
            for tag in part.tags.values():
                _collect(tag.start, found)


def _literal(parts: list) -> str:
    return "".join(
        part if isinstance(part, str) else part.written if isinstance(part, LinkHole) else ""
        for part in parts
    )


def kind_class(kind: str) -> str:
    """What must agree for a structural match: heading levels may differ, kinds may not."""
    if kind in _HEADINGS:
        return "heading"
    if kind.endswith(" alt") or kind == "image_alt":
        return "alt"
    if kind.endswith((" title", " aria-label")):
        return "label"
    return _CLASSES.get(kind, "paragraph")


def plain_text(text: str, tags: dict[int, str]) -> str:
    if "<" not in text:
        return text
    return TOKEN.sub(lambda m: "" if int(m.group(2)) in tags else m.group(0), text)
