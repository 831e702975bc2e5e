"""How far a Catalog is translated: counts of messages and source words."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polib

_WORD = re.compile(r"<\d+/?>|</\d+>|[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Stats:
    translated: int
    fuzzy: int
    untranslated: int
    words: int
    """Source words of all messages (English words; placeholders do not count)."""
    translated_words: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def count_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(text) if not w.startswith("<"))


def catalog_stats(po: polib.POFile, msgids: set[tuple[str | None, str]] | None = None) -> Stats:
    """Counts over live messages (only those in `msgids` when given: the current template)."""
    translated = fuzzy = untranslated = words = done_words = 0
    for entry in po:
        if entry.obsolete or (msgids is not None and (entry.msgctxt, entry.msgid) not in msgids):
            continue
        n = count_words(entry.msgid)
        words += n
        if "fuzzy" in entry.flags and entry.msgstr:
            fuzzy += 1
        elif entry.msgstr or any(entry.msgstr_plural.values()):
            translated += 1
            done_words += n
        else:
            untranslated += 1
    return Stats(translated, fuzzy, untranslated, words, done_words)
