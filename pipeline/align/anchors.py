"""A text -> its anchors: what a translation keeps recognisably from its source. Numbers in
either form (110,000 = 11万, 1.2万 = 12,000, 两千 = 2000, 1997年 = 1997), URLs, code, Latin
names written inside Chinese text, and glossary terms. Shared anchors pull a source segment
and a translation block together; an anchor on one side only pushes them apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.checks.numbers import source_figures, target_figures
from pipeline.checks.rules import Term

_URL = re.compile(r"(?<![A-Za-z0-9])(?:https?://|www\.)[^\s<>\"'，。；）]+", re.I)
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.+&'-][A-Za-z0-9]+)*")
HREF = re.compile(r'href="([^"]*)"')
_CODE = re.compile(r"^<(code|kbd|samp)\b[^>]*>(.*)</\1>$", re.S)


@dataclass(frozen=True, slots=True)
class Anchors:
    """What one text holds that its translation should hold too."""

    firm: frozenset[str]
    """Each must reappear on the other side: required figures, URLs, code, names, terms."""
    soft: frozenset[str]
    """Evidence only when the other side has it (Chinese numerals inside words: 一些)."""
    words: frozenset[str]
    """An English text's words, lowercased: where a Chinese text's Latin names are found."""
    optional: frozenset[str] = frozenset()
    """Link targets, code and glossary terms: evidence when both sides have them. A
    translation may lose markup (plain text), localize its links, or name in full what its
    source shortens, so one side alone says nothing."""


def anchors_of(
    text: str, tags: dict[int, str], chinese: bool, terms: Sequence[Term], translated: bool
) -> Anchors:
    """`terms`: the glossary of the alignment's direction; a source text holds a term where
    its source form occurs, a `translated` text where its translation does."""
    firm: set[str] = set()
    soft: set[str] = set()
    for figure in (target_figures if chinese else source_figures)(text):
        for value in figure.values:
            (firm if figure.required else soft).add(f"n:{value.normalize():f}")
    firm.update(f"u:{url.rstrip('.,;:)')}" for url in _URL.findall(text))
    text = _URL.sub(" ", text)  # (a URL's parts are no names)
    optional: set[str] = set()
    for written in tags.values():
        if href := HREF.search(written):
            optional.add(f"u:{href.group(1)}")
        if code := _CODE.match(written):
            optional.add(f"c:{code.group(2)}")
    words: set[str] = set()
    if chinese:
        firm.update(f"l:{name.lower()}" for name in _LATIN_NAME.findall(text) if len(name) > 1)
    else:
        words = {word.lower() for word in _LATIN_NAME.findall(text)}
    folded = text.casefold()
    for term in terms:
        if term.target.casefold() in folded if translated else term.pattern.search(text):
            optional.add(f"g:{term.target.casefold()}")
    return Anchors(frozenset(firm), frozenset(soft), frozenset(words), frozenset(optional))


def evidence(a: Anchors, b: Anchors) -> tuple[float, int]:
    """(anchors the two texts share, firm anchors found on one side only). A Chinese
    numeral counts half; a Latin name in Chinese text is found among the English words."""
    shared = len(a.firm & b.firm) + 0.5 * len((a.soft & b.firm) | (a.firm & b.soft))
    shared += len(a.optional & b.optional)
    missing = 0
    for side, other in ((a, b), (b, a)):
        alone = side.firm - other.firm - other.soft
        found = {key for key in alone if key.startswith("l:") and key[2:] in other.words}
        shared += len(found)
        missing += len(alone) - len(found)
    return shared, missing


def merged(parts: Sequence[Anchors]) -> Anchors:
    return Anchors(
        frozenset().union(*(p.firm for p in parts)),
        frozenset().union(*(p.soft for p in parts)),
        frozenset().union(*(p.words for p in parts)),
        frozenset().union(*(p.optional for p in parts)),
    )
