"""A locale's translation memory: every catalog of that locale (obsolete entries included)
plus compendia. Loaded lazily, on the first message no catalog already translates, and kept
in .pipeline/cache/ per catalog file digest, so only catalogs that changed are parsed again."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.fileio import atomic_write, digest

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Unit:
    """One remembered translation."""

    msgid: str
    msgstr: str
    origin: str
    """Where it came from, told to translators: `zh_CN/other.po`."""


class Memory:
    """Exact lookups by msgid; `units` lists every translation for fuzzy matching."""

    def __init__(self, load: Callable[[], Iterable[Unit]]):
        self._load = load
        self._exact: dict[str, Unit] | None = None
        self._units: list[Unit] = []

    @classmethod
    def from_catalogs(cls, catalogs: Iterable[tuple[str, polib.POFile]]) -> Memory:
        items = list(catalogs)
        return cls(lambda: units_of(items))

    def _ensure(self) -> dict[str, Unit]:
        if self._exact is None:
            self._exact = {}
            for unit in self._load():
                if unit.msgid not in self._exact:
                    self._exact[unit.msgid] = unit
                    self._units.append(unit)
        return self._exact

    def exact(self, msgid: str) -> Unit | None:
        return self._ensure().get(msgid)

    def units(self) -> list[Unit]:
        self._ensure()
        return self._units


def units_of(catalogs: Iterable[tuple[str, polib.POFile]]) -> Iterator[Unit]:
    for origin, po in catalogs:
        for entry in po:
            if usable(entry):
                yield Unit(entry.msgid, entry.msgstr, origin)


def usable(entry: polib.POEntry) -> bool:
    """Only reviewed, singular translations are remembered."""
    return bool(entry.msgstr) and not entry.msgid_plural and "fuzzy" not in entry.flags


def cached_units(
    paths: list[Path],
    origin: Callable[[Path], str],
    read: Callable[[Path], polib.POFile],
    cache: Path,
    digest_of: Callable[[Path], str] | None = None,
) -> Iterator[Unit]:
    """Units of catalog files, parsing only those whose bytes changed since the cache."""
    known = _load_cache(cache)
    fresh: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for path in paths:
        key = digest_of(path) if digest_of else digest(path.read_bytes())
        hit = known.get(path.name)
        pairs = (
            hit[1]
            if hit and hit[0] == key
            else [(u.msgid, u.msgstr) for u in units_of([("", read(path))])]
        )
        fresh[path.name] = (key, pairs)
        yield from (Unit(msgid, msgstr, origin(path)) for msgid, msgstr in pairs)
    if fresh != known:
        _save_cache(cache, fresh)


def seed_cache(cache: Path, entries: dict[str, tuple[str, bytes]]) -> None:
    """Record catalogs a build parsed anyway: {file name: (digest, pickled pairs)}."""
    known = {name: key for name, (key, _) in _load_cache(cache).items()}
    if all(known.get(name) == key for name, (key, _) in entries.items()):
        return
    kept = _pickled.get(cache, {}).items()
    merged = {name: (key, blob) for (name, key), blob in kept if known.get(name) == key}
    _write_blobs(cache, merged | entries)
    _loaded.pop(cache, None)  # (the pairs are read back only by a later build)


# The file holds {file name: (digest, pickled pairs)}: a build that changed one catalog pickles
# that one again, not the whole memory (15 MB for 1,000 articles).
_loaded: dict[Path, tuple[tuple[int, int], dict]] = {}
"""Cache files this process already read, by their (size, mtime): a build that fills the
memory and then seeds it reads the file once."""
_pickled: dict[Path, dict[tuple[str, str], bytes]] = {}


def _save_cache(cache: Path, entries: dict[str, tuple[str, list[tuple[str, str]]]]) -> None:
    known = _pickled.get(cache, {})
    blobs = {}
    for name, (key, pairs) in entries.items():
        blob = known.get((name, key))
        blobs[name] = (key, blob or pickle.dumps(pairs, protocol=pickle.HIGHEST_PROTOCOL))
    if _write_blobs(cache, blobs):
        stat = cache.stat()
        _loaded[cache] = ((stat.st_size, stat.st_mtime_ns), entries)


def _write_blobs(cache: Path, blobs: dict[str, tuple[str, bytes]]) -> bool:
    try:
        atomic_write(cache, pickle.dumps(blobs, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:  # a cache that cannot be written only costs time
        log.info("cannot write %s: %s", cache, exc)
        return False
    _pickled[cache] = {(name, key): blob for name, (key, blob) in blobs.items()}
    return True


def _load_cache(cache: Path) -> dict:
    try:
        stat = cache.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        hit = _loaded.get(cache)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        with cache.open("rb") as handle:
            blobs = pickle.load(handle)
        found = {name: (key, pickle.loads(blob)) for name, (key, blob) in blobs.items()}
        _loaded[cache] = (stamp, found)
        _pickled[cache] = {(name, key): blob for name, (key, blob) in blobs.items()}
        return found
    except FileNotFoundError:
        return {}
    except Exception as exc:  # noqa: BLE001 - a damaged cache is ignored, never trusted
        log.info("ignoring %s: %s", cache, exc)
        return {}
