"""How far a Catalog is translated: the one number `status`, the build's summary line and the
publish decision all use, so that no two of them can disagree about an article.

An article's completeness counts messages; a locale's weighs its articles' messages by their
source words (a long paragraph matters more than a caption). Only accepted translations count:
those the build would put on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from typing import NamedTuple

import polib

from pipeline.catalogs.entries import message_key
from pipeline.catalogs.lookup import publishable
from pipeline.cjk import HAN_KANA_HANGUL
from pipeline.model import MessageKey

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_CJK_WORD = re.compile(
    rf"[{HAN_KANA_HANGUL}]|[^\W_{HAN_KANA_HANGUL}]+(?:['’.-][^\W_{HAN_KANA_HANGUL}]+)*"
)
_PLACEHOLDER = re.compile(r"<\d+/?>|</\d+>")


class Progress(NamedTuple):
    """One Catalog's messages (those of its current Template) by what the build does with them.

    Every message is in exactly one of translated, fuzzy, rejected, untranslated."""

    translated: int
    """Accepted, not fuzzy."""
    fuzzy: int
    """Marked fuzzy (accepted only with `publish_fuzzy = true`) and not rejected when used."""
    rejected: int
    """A translation the build would use but a check error (or the renderer) refuses."""
    untranslated: int
    """No translation (or one the build never uses, like a plural form)."""
    accepted: int
    """Messages the build puts on the page: translated, plus fuzzy with `publish_fuzzy`."""
    words: int
    """Source words of all the messages."""
    accepted_words: int
    """Source words of the accepted messages."""

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.rejected + self.untranslated

    @property
    def percent(self) -> float:
        """Completeness of an article: accepted messages / all messages."""
        return percent_of(self.accepted, self.total)


def percent_of(part: int, whole: int) -> float:
    """A percentage rounded down to one decimal: 100.0 only when nothing is missing, and an
    article never reaches `min_completeness` by rounding. Nothing to do is 100.0."""
    return 1000 * part // whole / 10 if whole else 100.0


def count_words(text: str) -> int:
    """Source words: runs of letters and digits (joined by ' ’ . -), except that each Han
    character, kana or Hangul syllable is a word, as Weblate and CAT tools count (a run of
    Chinese is a sentence, not a word); placeholders are not words. (The build counts every
    message of every article it rebuilds: this is the cheap form, a third faster than matching
    placeholders and words in one pattern; ASCII text skips the CJK pattern.)"""
    if "<" in text:
        text = _PLACEHOLDER.sub(" ", text)
    return len((_WORD if text.isascii() else _CJK_WORD).findall(text))


def progress(
    po: polib.POFile | None,
    keys: Iterable[MessageKey],
    publish_fuzzy: bool,
    rejected: Set[MessageKey] = frozenset(),
) -> Progress:
    """How many of the messages `keys` ((msgctxt or None, msgid) of the article's current
    Template) the build accepts from `po` (None: no catalog yet). `rejected`: keys whose
    translation a check error refuses (see `pipeline.checks.check_errors`)."""
    entries = {message_key(e): e for e in po if not e.obsolete} if po else {}
    counts = {"translated": 0, "fuzzy": 0, "rejected": 0, "untranslated": 0}
    accepted = words = accepted_words = 0
    for key in dict.fromkeys(keys):
        n = count_words(key[1])
        words += n
        entry = entries.get(key)
        if entry is None:
            counts["untranslated"] += 1
            continue
        used = publishable(entry, publish_fuzzy)
        if used and key in rejected:
            counts["rejected"] += 1
            continue
        if used:
            accepted += 1
            accepted_words += n
        fuzzy = "fuzzy" in entry.flags and bool(entry.msgstr)
        counts["fuzzy" if fuzzy else "translated" if used else "untranslated"] += 1
    return Progress(**counts, accepted=accepted, words=words, accepted_words=accepted_words)


def locale_percent(items: Iterable[Progress]) -> float:
    """Completeness of a locale: its articles' accepted source words / all their source words
    (`ui.po` is not an article: leave it out)."""
    items = list(items)
    return percent_of(sum(p.accepted_words for p in items), sum(p.words for p in items))


def combined(items: Iterable[Progress]) -> Progress:
    """The counts of several catalogs added up (its `percent` counts messages: a locale's
    completeness is `locale_percent`)."""
    items = list(items)
    return Progress(*(sum(getattr(p, name) for p in items) for name in Progress._fields))
