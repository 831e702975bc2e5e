"""Matches -> messages of a Catalog filled, never one a person finished: only empty and
fuzzy messages take an aligned translation, a fuzzy one's msgstr is kept in a translator
comment, and every filled message says where it came from and how sure the aligner was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.align.blocks import Block
from pipeline.align.inline import place
from pipeline.align.match import Match
from pipeline.catalogs.entries import copy_entry, message_key

CONFIDENT = 0.75
"""With `--confident`, a structural match at or above this confidence whose markup was all
placed is written as translated, not fuzzy."""
ORIGIN = "aligned from "
BEFORE = "before alignment: "


@dataclass(slots=True)
class Filled:
    """What filling did to a catalog."""

    by_method: dict[str, int] = field(default_factory=dict)
    translated: int = 0
    """Filled as translated (`--confident`)."""


def fill_catalog(
    po,
    sources: Sequence[Block],
    keys: Sequence[tuple[str | None, str]],
    matches: Sequence[Match],
    origin: str,
    confident: bool,
) -> Filled:
    """Fill `po` (a polib catalog) from `matches`; `keys[i]`: the message of source i."""
    at = {message_key(e): i for i, e in enumerate(po) if not e.obsolete}
    done: set[tuple[str | None, str]] = set()
    filled = Filled()
    for match in matches:
        for position, part in zip(match.sources, match.parts, strict=True):
            key = keys[position]
            if key not in at or key in done:
                continue
            entry = po[at[key]]
            done.add(key)
            if entry.msgstr and not entry.fuzzy:
                continue  # (a translation is never replaced)
            entry = po[at[key]] = copy_entry(entry)  # (the catalog as read may share it)
            source = sources[position]
            placed = place(source.text, source.tags, part.text, part.tags)
            sure = confident and match.method == "structural" and placed.certain
            sure = sure and match.confidence >= CONFIDENT
            _fill(entry, placed.text, f"{match.method}, confidence {match.confidence:.2f}", origin)
            if sure:
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
                filled.translated += 1
            filled.by_method[match.method] = filled.by_method.get(match.method, 0) + 1
    return filled


def _fill(entry, text: str, how: str, origin: str) -> None:
    lines = [
        line for line in (entry.tcomment or "").split("\n") if line and not line.startswith(ORIGIN)
    ]
    if entry.msgstr and entry.msgstr != text:
        lines.append(BEFORE + entry.msgstr.replace("\n", "\\n"))
    lines.append(f"{ORIGIN}{origin} ({how})")
    entry.tcomment = "\n".join(lines)
    entry.msgstr = text
    entry.previous_msgid = entry.previous_msgctxt = None
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")


def empty_messages(po) -> int:
    return sum(1 for e in po if not e.obsolete and not e.msgstr)


def kept_messages(po) -> int:
    """Live messages with a msgstr: less those aligned, the ones left as they were (whether
    or not a block matched them), so aligned + kept + empty are all the messages."""
    return sum(1 for e in po if not e.obsolete and e.msgstr)
