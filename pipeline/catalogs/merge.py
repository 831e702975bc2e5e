"""Template + old Catalog -> new Catalog, losing nothing.

Order of preference for each template message: the same msgid (kept as is), an obsolete
entry with that msgid (revived), an exact translation from the locale's memory, the most
similar previous text (fuzzy, with `#| msgid`), or empty. What the template no longer has
becomes obsolete. Messages stay in document order, obsolete ones last.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from math import ceil, floor

import polib

from pipeline.catalogs.entries import copy_entry, message_key
from pipeline.catalogs.memory import Memory
from pipeline.model import MessageKey

Candidate = tuple[str, str, str | None, str]
"""A previous message offered for a new one: (msgid, msgstr, msgctxt, origin), the origin
"" for the catalog being merged, else the memory's `zh_CN/other.po`."""


def merge_catalog(
    template: polib.POFile,
    old: polib.POFile,
    memory: Memory,
    threshold: int | None,
    header: dict[str, str],
    purge_obsolete: bool = False,
) -> polib.POFile:
    """`threshold`: the least similarity for a fuzzy suggestion; None: none is made."""
    new = polib.POFile(wrapwidth=79)
    new.header = old.header
    new.metadata = {**old.metadata, **header}
    new.metadata_is_fuzzy = old.metadata_is_fuzzy
    live, dead, twins = _index(old)
    matcher = _FuzzyMatcher(old, memory, threshold)
    for message in template:
        key = message_key(message)
        entry = live.pop(key, None) or dead.pop(key, None)
        if entry is not None:
            new.append(_from_memory(_refresh(entry, message), memory))
        else:
            new.append(_fill(message, memory, matcher))
    _bury(new, twins)  # a duplicated msgid keeps its other translations in a comment
    if not purge_obsolete:
        _bury(new, [*live.values(), *dead.values()])
    return new


def _bury(new: polib.POFile, leftovers: list[polib.POEntry]) -> None:
    """Append vanished messages as obsolete; a msgid already live keeps the old msgstr in a
    translator comment rather than being written twice (fatal for msgfmt)."""
    kept = {message_key(entry): index for index, entry in enumerate(new)}
    for entry in leftovers:
        where = kept.get(message_key(entry))
        if where is not None:
            twin = new[where]
            if entry.msgstr and entry.msgstr != twin.msgstr:
                note = f"obsolete translation: {entry.msgstr}"
                twin = new[where] = copy_entry(twin)
                twin.tcomment = f"{twin.tcomment}\n{note}" if twin.tcomment else note
            continue
        entry = copy_entry(entry)
        entry.obsolete = True
        entry.occurrences = []
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
        kept[message_key(entry)] = len(new)
        new.append(entry)


def _index(old: polib.POFile):
    """Live and obsolete entries by key; a key seen twice (hand-edited files) is a twin."""
    live: dict[MessageKey, polib.POEntry] = {}
    dead: dict[MessageKey, polib.POEntry] = {}
    twins: list[polib.POEntry] = []
    for entry in old:
        found = dead if entry.obsolete else live
        if message_key(entry) in found:
            twins.append(entry)
        else:
            found[message_key(entry)] = entry
    return live, dead, twins


def _refresh(entry: polib.POEntry, message: polib.POEntry) -> polib.POEntry:
    """Keep the translator's work; take references and extracted comments from the template."""
    stale_previous = "fuzzy" not in entry.flags and (
        entry.previous_msgid is not None
        or entry.previous_msgctxt is not None
        or entry.previous_msgid_plural is not None
    )
    if (
        not entry.obsolete
        and entry.occurrences == message.occurrences
        and entry.comment == message.comment
        and not stale_previous
    ):
        return entry  # (the steady state: nothing to copy)
    entry = copy_entry(entry)
    entry.obsolete = False
    entry.occurrences = list(message.occurrences)
    entry.comment = message.comment
    if "fuzzy" not in entry.flags:
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    return entry


def _from_memory(entry: polib.POEntry, memory: Memory) -> polib.POEntry:
    """An empty message takes an exact translation made elsewhere since: nothing is replaced."""
    if entry.msgstr or entry.msgid_plural or entry.obsolete or "fuzzy" in entry.flags:
        return entry
    unit = memory.exact(entry.msgid)
    if unit is not None:
        entry = copy_entry(entry)
        entry.msgstr = unit.msgstr
        entry.tcomment = f"from translation memory: {unit.origin}"
    return entry


def _fill(message: polib.POEntry, memory: Memory, matcher: _FuzzyMatcher) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=message.msgid,
        msgctxt=message.msgctxt,
        msgstr="",
        occurrences=list(message.occurrences),
        comment=message.comment,
    )
    unit = memory.exact(message.msgid)
    if unit is not None:
        entry.msgstr = unit.msgstr
        entry.tcomment = f"from translation memory: {unit.origin}"
        return entry
    found = matcher.best(message.msgid, message.msgctxt)
    if found is not None:
        previous, msgstr, context, origin = found
        entry.msgstr = msgstr
        entry.flags = ["fuzzy"]
        entry.tcomment = _suggested(previous, origin)
        entry.previous_msgid = previous
        entry.previous_msgctxt = context  # written as `#| msgctxt`, as msgmerge does
    return entry


def closest_in(
    candidates: Iterable[polib.POEntry], threshold: int
) -> Callable[[polib.POEntry], polib.POEntry | None]:
    """The candidate a merge would suggest for a new message (the same rule, no memory): what
    a derived catalog, whose merge suggests nothing, looks for when its message changed."""
    found = {message_key(entry): entry for entry in candidates}
    matcher = _FuzzyMatcher(found.values(), Memory(tuple), threshold)

    def closest(message: polib.POEntry) -> polib.POEntry | None:
        best = matcher.best(message.msgid, message.msgctxt)
        return found[(best[2] or None, best[0])] if best is not None else None

    return closest


def _suggested(previous: str, origin: str) -> str:
    """Says where a fuzzy suggestion came from, as an exact memory hit does: a translation of
    another article's sentence (another hospital's name) must not pass for an edit here."""
    where = f"translation memory: {origin}" if origin else "this catalog"
    return f"fuzzy suggestion from {where}, translating: {previous}"


class _FuzzyMatcher:
    """msgmerge's rule: rapidfuzz ratio >= threshold, and at least one shared 4-character
    sequence (without it, junk pairs like "Order"/"Other" match). Same catalog first."""

    def __init__(self, old: Iterable[polib.POEntry], memory: Memory, threshold: int | None):
        self.threshold = threshold
        self.memory = memory
        self.local = _Candidates(
            [
                (e.msgid, e.msgstr, e.msgctxt, "")
                for e in (old if threshold is not None else ())  # (None: nothing to search)
                if e.msgstr and not e.msgid_plural
            ]
        )
        self.remote: _Candidates | None = None
        self._grams: dict[str, set[str]] = {}

    def best(self, msgid: str, msgctxt: str | None) -> Candidate | None:
        if self.threshold is None:  # (a derived catalog: converted, never suggested)
            return None
        found = self.local.closest(msgid, msgctxt, self.threshold, self.grams)
        if found is None:
            if self.remote is None:
                units = self.memory.all()
                self.remote = _Candidates([(u.msgid, u.msgstr, None, u.origin) for u in units])
            found = self.remote.closest(msgid, msgctxt, self.threshold, self.grams)
        return found

    def grams(self, text: str) -> set[str]:
        """4-grams of a candidate, computed once however many new messages it is offered to."""
        found = self._grams.get(text)
        if found is None:
            found = self._grams[text] = _grams(text)
        return found


class _Candidates:
    """Previous (msgid, msgstr, msgctxt) messages, searched by similarity to a new msgid.

    The best candidate has the highest similarity, then (as in msgmerge) no context or the
    new message's context, then more shared 4-grams, then comes first in the catalog.

    Similarity (rapidfuzz's ratio, 200 * matches / total length) bounds the length: a
    candidate of length b can reach score s against a msgid of length a only if
    a * s / (200 - s) <= b <= a * (200 - s) / s. So the candidates are kept sorted by length; a
    first look at similar lengths finds a good score, and only the lengths that can still beat
    it are then compared (on 40k short UI strings, a small share of the catalog).
    """

    def __init__(self, pairs: list[Candidate]):
        self.pairs = pairs
        self.order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]))
        self.texts = [pairs[i][0] for i in self.order]
        self.lengths = [len(text) for text in self.texts]

    def closest(self, msgid: str, msgctxt: str | None, threshold: int, grams_of):
        if not self.pairs:
            return None
        size = len(msgid)
        first = self._search(msgid, size * 0.85, size / 0.85, threshold, limit=1)
        score = max(first[0][0], threshold) if first else threshold
        # Every candidate that can reach `score`; half a point lower because rapidfuzz drops
        # scores within float noise of a cutoff.
        cutoff = max(threshold, score - 0.5)
        near = self._search(msgid, *_lengths(size, score), cutoff)
        found = self._rank(msgid, msgctxt, near, grams_of)
        if found is None and first:  # the best lacked a shared 4-gram: try every other one
            everything = self._search(msgid, *_lengths(size, threshold), threshold)
            found = self._rank(msgid, msgctxt, everything, grams_of)
        return self.pairs[found] if found is not None else None

    def _rank(self, msgid: str, msgctxt, matches: list[tuple[float, int]], grams_of):
        """The catalog index of the best match: highest score, then no or the same context,
        then, as msgmerge counts, more positions of the new msgid whose 4-gram the candidate
        holds, then document order. Candidates sharing no 4-gram are not matches at all."""
        positions = [msgid[i : i + 4] for i in range(len(msgid) - 3)]
        best = None
        for score, index in sorted(matches, key=lambda match: -match[0]):
            if best is not None and score < best[0]:
                break
            candidate, _, context, _ = self.pairs[index]
            theirs = grams_of(candidate)
            shared = sum(gram in theirs for gram in positions) if candidate != msgid else 0
            if shared:
                rank = (score, context is None or context == msgctxt, shared, -index)
                best = rank if best is None or rank > best else best
        return -best[3] if best else None

    def _search(self, msgid: str, low: float, high: float, cutoff: float, limit=None):
        """(score, catalog index) of candidates with a length in [low, high], best first."""
        start = bisect_left(self.lengths, ceil(low - 1e-9))
        end = bisect_right(self.lengths, floor(high + 1e-9))
        if start >= end:
            return []
        from rapidfuzz import fuzz, process  # here: a build with nothing new never needs it

        matches = process.extract(
            msgid, self.texts[start:end], scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit
        )
        return [(score, self.order[start + i]) for _, score, i in matches]


def _lengths(size: int, score: float) -> tuple[float, float]:
    """The lengths a candidate needs for a chance to score `score` against `size` characters."""
    score = min(max(score, 1.0), 100.0)
    return size * score / (200 - score), size * (200 - score) / score


def _grams(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}
