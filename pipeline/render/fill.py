"""An article's skeleton x a locale's accepted translations -> the filled body and metadata
texts, before any layout: what the page shows, and what fell back to the source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.model import TRANSLATABLE_FIELDS, MessageKey
from pipeline.project import Compiled
from pipeline.render.layouts import Text
from pipeline.segments import LinkHole, Rejection, apply_translations

Table = dict[MessageKey, str]


@dataclass(frozen=True, slots=True)
class Resolved:
    """One article filled for one locale, before the layout."""

    body: str
    texts: dict[str, Text]
    fell_back: bool
    rejections: tuple[Rejection, ...]


def resolve(
    compiled: Compiled,
    table: Table | None,
    source_tag: str,
    link: Callable[[LinkHole], str] | None = None,
) -> Resolved:
    """Fill an article with a locale's accepted translations (None: the source language);
    `link`: the href of each link to another article in this locale's bundle."""
    skeleton = compiled.skeleton
    meta = compiled.article.metadata
    # Fields with no segment (a title of digits only, an article kept source-only) are shown
    # as written.
    texts = {name: Text(getattr(meta, name)) for name in TRANSLATABLE_FIELDS}
    if table is None:
        body, _, _ = apply_translations(skeleton, lambda s: None, None, link)
        return Resolved(body, texts, False, ())
    body, fallbacks, rejections = apply_translations(
        skeleton, lambda s: table.get((None, s.text)), source_tag, link
    )
    for segment in skeleton.metadata:
        msgstr = table.get((segment.context, segment.text))
        assert segment.context is not None  # a metadata segment is named by its field
        texts[segment.context] = Text(msgstr) if msgstr else Text(segment.text, source_tag)
    fell_back = any(fallbacks) or any(t.lang for t in texts.values())
    return Resolved(body, texts, fell_back, tuple(rejections))
