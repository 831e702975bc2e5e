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

from pipeline.errors import WriteError
from pipeline.fileio import atomic_writer, digest

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


class Seed:
    """The memory cache rewritten while a build goes on: each catalog's pickled pairs are
    written as its article is done, then the cached catalogs nobody rebuilt are copied over.
    Nothing is held in memory but the names, so a build of thousands of articles does not
    keep every catalog's translations until the end."""

    def __init__(self, cache: Path):
        self.cache = cache
        self.added: dict[str, str] = {}
        self._writer = atomic_writer(cache, durable=False)  # damaged: ignored, rebuilt
        self._handle = None

    def add(self, name: str, key: str, blob: bytes) -> None:
        if self._handle is None:
            self._handle = self._writer.__enter__()
            pickle.dump(HEADER, self._handle)
        pickle.dump((name, key, blob), self._handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.added[name] = key

    def close(self, keep_rest: bool = True) -> None:
        """With `keep_rest`, the old cache's other catalogs are kept; the file is replaced
        only if something changed."""
        if self._handle is None:
            return
        changed = False
        try:
            seen = set()
            for name, key, blob in _records(self.cache):
                seen.add(name)
                if name not in self.added:
                    changed = changed or not keep_rest
                    if keep_rest:
                        pickle.dump((name, key, blob), self._handle, pickle.HIGHEST_PROTOCOL)
                elif self.added[name] != key:
                    changed = True
            changed = changed or not seen.issuperset(self.added)
        except Exception as exc:  # noqa: BLE001 - a damaged cache is replaced, never trusted
            log.info("replacing %s: %s", self.cache, exc)
            changed = True
        self._finish(None if changed else _Unchanged())

    def discard(self) -> None:
        if self._handle is not None:
            self._finish(_Unchanged())

    def _finish(self, error: Exception | None) -> None:
        try:
            if error is None:
                self._writer.__exit__(None, None, None)
            else:
                self._writer.__exit__(type(error), error, None)
        except (OSError, WriteError) as exc:  # a cache that cannot be written only costs time
            log.info("cannot write %s: %s", self.cache, exc)
        self._handle = None
        _loaded.pop(self.cache, None)


class _Unchanged(Exception):
    """Abandons a Seed's temp file: the cache on disk already says the same."""


# The file is a stream of pickles: HEADER, then one (file name, digest, pickled pairs) per
# catalog, so that it is written and read one catalog at a time.
HEADER = ("pipeline translation memory", 1)
_loaded: dict[Path, tuple[tuple[int, int], dict]] = {}
"""Cache files this process already read, by their (size, mtime): a build that fills the
memory and then seeds it reads the file once."""
_pickled: dict[Path, dict[tuple[str, str], bytes]] = {}


def _records(cache: Path) -> Iterator[tuple[str, str, bytes]]:
    try:
        handle = cache.open("rb")
    except FileNotFoundError:
        return
    with handle:
        if pickle.load(handle) != HEADER:
            raise ValueError("not a translation memory cache of this version")
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


def _save_cache(cache: Path, entries: dict[str, tuple[str, list[tuple[str, str]]]]) -> None:
    known = _pickled.get(cache, {})
    seed = Seed(cache)
    for name, (key, pairs) in entries.items():
        blob = known.get((name, key)) or pickle.dumps(pairs, protocol=pickle.HIGHEST_PROTOCOL)
        seed.add(name, key, blob)
    seed.close(keep_rest=False)


def _load_cache(cache: Path) -> dict:
    try:
        stat = cache.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        hit = _loaded.get(cache)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        found, pickled = {}, {}
        for name, key, blob in _records(cache):
            found[name] = (key, pickle.loads(blob))
            pickled[(name, key)] = blob
        _loaded[cache] = (stamp, found)
        _pickled[cache] = pickled
        return found
    except FileNotFoundError:
        return {}
    except Exception as exc:  # noqa: BLE001 - a damaged cache is ignored, never trusted
        log.info("ignoring %s: %s", cache, exc)
        return {}
