"""What one `align` did, for a person (text) or a program (JSON with stable keys)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import NamedTuple

METHODS = ("structural", "1-1", "2-1", "1-2", "metadata")
"""Every method, in the order reports list them (`metadata`: the summary from a page's
description)."""


@dataclass(frozen=True, slots=True)
class Unmatched:
    index: int
    """Position among the translation's blocks, from 1 as people count."""
    kind: str
    text: str


class Report(NamedTuple):
    article: str
    catalog: str
    translation: str
    form: str
    """How the translation was read: html, markdown or text."""
    locale: str
    messages: int
    by_method: dict[str, int]
    translated: int
    """Of the aligned, written as translated (`--confident`); the others are fuzzy."""
    kept: int
    empty: int
    unmatched: tuple[Unmatched, ...]
    written: bool

    def aligned(self) -> int:
        return sum(self.by_method.values())


def as_text(report: Report, dry_run: bool) -> str:
    methods = ", ".join(f"{m} {report.by_method[m]}" for m in METHODS if report.by_method.get(m))
    fuzzy = report.aligned() - report.translated
    lines = [
        f"{report.article} ({report.locale}) from {report.translation} ({report.form}):",
        f"  aligned: {report.aligned()} of {report.messages} messages"
        + (f" ({methods})" if methods else ""),
        f"  fuzzy: {fuzzy}, translated: {report.translated}",
        f"  already translated, kept: {report.kept}",
        f"  left empty: {report.empty}",
        f"  blocks of the translation that matched nothing: {len(report.unmatched)}",
    ]
    lines += [f"    [{u.index}] {u.kind}: {u.text}" for u in report.unmatched]
    if dry_run:
        lines.append(f"dry run: {report.catalog} not written")
    elif report.written:
        lines.append(f"wrote {report.catalog}")
    else:
        lines.append(f"{report.catalog} unchanged")
    return "\n".join(lines)


def as_json(report: Report, dry_run: bool) -> str:
    data = {
        "article": report.article,
        "locale": report.locale,
        "catalog": report.catalog,
        "translation": report.translation,
        "form": report.form,
        "messages": report.messages,
        "aligned": report.aligned(),
        "by_method": {m: report.by_method.get(m, 0) for m in METHODS},
        "fuzzy": report.aligned() - report.translated,
        "translated": report.translated,
        "kept": report.kept,
        "empty": report.empty,
        "unmatched": [{"index": u.index, "kind": u.kind, "text": u.text} for u in report.unmatched],
        "dry_run": dry_run,
        "written": report.written,
    }
    return json.dumps(data, indent=1, ensure_ascii=False)
