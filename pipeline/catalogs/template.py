"""Segments of one article -> its Template: one message per distinct text, in document order."""

from __future__ import annotations

import polib

from pipeline.catalogs.entries import new_entry
from pipeline.model import Segment


def build_template(
    segments: list[Segment], source_path: str, references: str, header: dict[str, str]
) -> polib.POFile:
    """Repeated texts become one message with several references (and one translation)."""
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = dict(header)
    by_key: dict[tuple[str | None, str], polib.POEntry] = {}
    for segment in segments:
        key = (segment.context, segment.text)
        occurrence = _occurrence(source_path, segment.line, references)
        entry = by_key.get(key)
        if entry is None:
            entry = new_entry(
                msgid=segment.text, msgctxt=segment.context, comment=_comment(segment)
            )
            by_key[key] = entry
            pot.append(entry)
        if occurrence and occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
    return pot


def _occurrence(path: str, line: int, references: str) -> tuple[str, str] | None:
    if references == "none":
        return None
    if references == "file" or not line:
        return (path, "")
    return (path, str(line))


def _comment(segment: Segment) -> str:
    lines = [segment.kind]
    lines += [f"<{number}> = {tag}" for number, tag in segment.placeholders]
    return "\n".join(lines)
