"""Template + old Catalog -> new Catalog, losing nothing.

Order of preference for each template message: the same msgid (kept as is), an obsolete
entry with that msgid (revived), an exact translation from the locale's memory, the most
similar previous text (fuzzy, with `#| msgid`), or empty. What the template no longer has
becomes obsolete. Messages stay in document order, obsolete ones last.
"""

from __future__ import annotations

import polib
from rapidfuzz import fuzz, process

from pipeline.catalogs.memory import Memory

Key = tuple[str | None, str]


def merge_catalog(
    template: polib.POFile,
    old: polib.POFile,
    memory: Memory,
    threshold: int,
    header: dict[str, str],
    purge_obsolete: bool = False,
) -> polib.POFile:
    new = polib.POFile(wrapwidth=79)
    new.header = old.header
    new.metadata = {**old.metadata, **header}
    new.metadata_is_fuzzy = old.metadata_is_fuzzy
    live, dead, twins = _index(old)
    matcher = _FuzzyMatcher(old, memory, threshold)
    for message in template:
        key = _key(message)
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
    kept = {_key(entry): entry for entry in new}
    for entry in leftovers:
        twin = kept.get(_key(entry))
        if twin is not None:
            if entry.msgstr and entry.msgstr != twin.msgstr:
                note = f"obsolete translation: {entry.msgstr}"
                twin.tcomment = f"{twin.tcomment}\n{note}" if twin.tcomment else note
            continue
        entry.obsolete = True
        entry.occurrences = []
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
        kept[_key(entry)] = entry
        new.append(entry)


def _index(old: polib.POFile):
    """Live and obsolete entries by key; a key seen twice (hand-edited files) is a twin."""
    live: dict[Key, polib.POEntry] = {}
    dead: dict[Key, polib.POEntry] = {}
    twins: list[polib.POEntry] = []
    for entry in old:
        found = dead if entry.obsolete else live
        if _key(entry) in found:
            twins.append(_copy(entry))
        else:
            found[_key(entry)] = _copy(entry)
    return live, dead, twins


def _copy(entry: polib.POEntry) -> polib.POEntry:
    """Merge edits copies: the old catalog must stay as read, to tell whether anything changed."""
    twin = polib.POEntry.__new__(polib.POEntry)  # copy.copy's generic protocol is 10x slower
    twin.__dict__.update(entry.__dict__)
    twin.flags = list(entry.flags)
    twin.occurrences = list(entry.occurrences)
    twin.msgstr_plural = dict(entry.msgstr_plural)
    return twin


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or None, entry.msgid)


def _refresh(entry: polib.POEntry, message: polib.POEntry) -> polib.POEntry:
    """Keep the translator's work; take references and extracted comments from the template."""
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
    found = matcher.best(message.msgid)
    if found is not None:
        previous, msgstr = found
        entry.msgstr = msgstr
        entry.flags = ["fuzzy"]
        entry.previous_msgid = previous
    return entry


class _FuzzyMatcher:
    """msgmerge's rule: rapidfuzz ratio >= threshold, and at least one shared 4-character
    sequence (without it, junk pairs like "Order"/"Other" match). Same catalog first."""

    def __init__(self, old: polib.POFile, memory: Memory, threshold: int):
        self.threshold = threshold
        self.memory = memory
        self.local = [(e.msgid, e.msgstr) for e in old if e.msgstr and not e.msgid_plural]
        self.local_ids = [msgid for msgid, _ in self.local]
        self.remote: list[tuple[str, str]] | None = None
        self.remote_ids: list[str] = []
        self._grams: dict[str, set[str]] = {}

    def best(self, msgid: str) -> tuple[str, str] | None:
        found = _closest(msgid, self.local, self.local_ids, self.threshold, self.grams)
        if found is None:
            if self.remote is None:
                self.remote = [(u.msgid, u.msgstr) for u in self.memory.units()]
                self.remote_ids = [msgid for msgid, _ in self.remote]
            found = _closest(msgid, self.remote, self.remote_ids, self.threshold, self.grams)
        return found

    def grams(self, text: str) -> set[str]:
        """4-grams of a candidate, computed once however many new messages it is offered to."""
        found = self._grams.get(text)
        if found is None:
            found = self._grams[text] = _grams(text)
        return found


def _closest(
    msgid: str, pairs: list[tuple[str, str]], choices: list[str], threshold: int, grams_of
):
    """The best candidate: highest similarity, then more shared 4-grams, then document order.

    The top 50 by similarity nearly always hold it. When all 50 tie with the best score, the
    whole tie group is fetched; when none of them shares a 4-gram, the whole list is."""
    if not pairs:
        return None
    top = 50
    matches = process.extract(msgid, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=top)
    if len(matches) == top and matches[-1][1] == matches[0][1]:
        # a window below the best score: rapidfuzz drops scores within float noise of a cutoff
        window = matches[0][1] - 0.5
        matches = process.extract(
            msgid, choices, scorer=fuzz.ratio, score_cutoff=window, limit=None
        )
    found = _rank(msgid, pairs, matches, grams_of)
    if found is None and len(matches) >= top:
        everything = process.extract(
            msgid, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        )
        found = _rank(msgid, pairs, everything, grams_of)
    return found


def _rank(msgid: str, pairs, matches, grams_of):
    positions = [msgid[i : i + 4] for i in range(len(msgid) - 3)]
    best = None
    for _text, score, index in matches:  # sorted by score, best first
        if best is not None and score < best[0]:
            break
        candidate = pairs[index][0]
        theirs = grams_of(candidate)
        # As msgmerge counts: positions of the new msgid whose 4-gram the candidate holds.
        shared = sum(gram in theirs for gram in positions) if candidate != msgid else 0
        if not shared:
            continue
        # Ties on similarity go, as in msgmerge, to more shared 4-grams, then document order.
        rank = (score, shared, -index)
        if best is None or rank > best:
            best = rank
    return pairs[-best[2]] if best else None


def _grams(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}
