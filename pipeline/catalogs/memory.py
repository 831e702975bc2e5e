"""A locale's translation memory: every catalog of that locale (obsolete entries included)
plus compendia. Loaded lazily, on the first message no catalog already translates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polib


@dataclass(frozen=True, slots=True)
class Unit:
    """One remembered translation."""

    msgid: str
    msgstr: str
    origin: str
    """Where it came from, told to translators: `zh_CN/other.po`."""


class Memory:
    """Exact lookups by msgid; `units` lists every translation for fuzzy matching."""

    def __init__(self, load: Callable[[], Iterable[tuple[str, polib.POFile]]]):
        self._load = load
        self._exact: dict[str, Unit] | None = None
        self._units: list[Unit] = []

    @classmethod
    def from_catalogs(cls, catalogs: Iterable[tuple[str, polib.POFile]]) -> Memory:
        items = list(catalogs)
        return cls(lambda: items)

    def _ensure(self) -> dict[str, Unit]:
        if self._exact is None:
            self._exact = {}
            for origin, po in self._load():
                for entry in po:
                    if _usable(entry) and entry.msgid not in self._exact:
                        unit = Unit(entry.msgid, entry.msgstr, origin)
                        self._exact[entry.msgid] = unit
                        self._units.append(unit)
        return self._exact

    def exact(self, msgid: str) -> Unit | None:
        return self._ensure().get(msgid)

    def units(self) -> list[Unit]:
        self._ensure()
        return self._units


def _usable(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) and not entry.msgid_plural and "fuzzy" not in entry.flags


def files_memory(paths: Iterable[Path], root: Path, read) -> Memory:
    """Memory over catalog files, read only when first needed; `read` parses one file."""

    def load():
        for path in paths:
            shown = path.relative_to(root) if path.is_relative_to(root) else path
            yield str(shown), read(path).po

    return Memory(load)
