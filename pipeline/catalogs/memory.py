"""A locale's translation memory: every catalog of that locale (obsolete entries included)
plus compendia. Loaded lazily, on the first message no catalog already translates, and kept
in .pipeline/cache/ per catalog file digest (`pipeline.caching.memorycache`), so only
catalogs that changed are parsed again."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.caching.memorycache import read_memory_cache, write_memory_cache
from pipeline.fileio import digest


@dataclass(frozen=True, slots=True)
class Remembered:
    """One remembered translation."""

    msgid: str
    msgstr: str
    origin: str
    """Where it came from, told to translators: `zh_CN/other.po`."""


class Memory:
    """Exact lookups by msgid; `all` lists every translation for fuzzy matching."""

    def __init__(self, load: Callable[[], Iterable[Remembered]]):
        self._load = load
        self._exact: dict[str, Remembered] | None = None
        self._all: list[Remembered] = []

    @classmethod
    def from_catalogs(cls, catalogs: Iterable[tuple[str, polib.POFile]]) -> Memory:
        items = list(catalogs)
        return cls(lambda: remembered_in(items))

    def _ensure(self) -> dict[str, Remembered]:
        if self._exact is None:
            self._exact = {}
            for item in self._load():
                if item.msgid not in self._exact:
                    self._exact[item.msgid] = item
                    self._all.append(item)
        return self._exact

    def exact(self, msgid: str) -> Remembered | None:
        return self._ensure().get(msgid)

    def all(self) -> list[Remembered]:
        self._ensure()
        return self._all


def remembered_in(catalogs: Iterable[tuple[str, polib.POFile]]) -> Iterator[Remembered]:
    for origin, po in catalogs:
        for entry in po:
            if rememberable(entry):
                yield Remembered(entry.msgid, entry.msgstr, origin)


def rememberable(entry: polib.POEntry) -> bool:
    """Only reviewed, singular translations are remembered."""
    return bool(entry.msgstr) and not entry.msgid_plural and "fuzzy" not in entry.flags


def cached_memory(
    paths: list[Path],
    origin: Callable[[Path], str],
    read: Callable[[Path], polib.POFile],
    cache: Path,
    digest_of: Callable[[Path], str] | None = None,
) -> Iterator[Remembered]:
    """Remembered translations of catalog files, parsing only those whose bytes changed since
    the cache."""
    known = read_memory_cache(cache)
    fresh: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for path in paths:
        key = digest_of(path) if digest_of else digest(path.read_bytes())
        hit = known.get(path.name)
        pairs = (
            hit[1]
            if hit and hit[0] == key
            else [(u.msgid, u.msgstr) for u in remembered_in([("", read(path))])]
        )
        fresh[path.name] = (key, pairs)
        yield from (Remembered(msgid, msgstr, origin(path)) for msgid, msgstr in pairs)
    if fresh != known:
        write_memory_cache(cache, fresh)
