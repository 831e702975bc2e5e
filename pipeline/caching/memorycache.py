"""The translation memory cache in .pipeline/cache/memory-<locale>.pickle: per catalog file,
its digest and its remembered (msgid, msgstr) pairs, so only catalogs that changed are parsed
again.

The file is a stream of pickles: HEADER, then one (file name, digest, pickled pairs) per
catalog, so that it is written and read one catalog at a time. A damaged file is ignored and
replaced, never trusted.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import WriteError
from pipeline.fileio import PendingFile

log = logging.getLogger(__name__)

HEADER = ("pipeline translation memory", 1)
Pairs = list[tuple[str, str]]

_loaded: dict[Path, tuple[tuple[int, int], dict[str, tuple[str, Pairs]]]] = {}
"""Cache files this process already read, by their (size, mtime): a build that fills the
memory and then writes the cache reads the file once."""
_pickled: dict[Path, dict[tuple[str, str], bytes]] = {}


class MemoryCacheWriter:
    """The memory cache rewritten while a build goes on: each catalog's pickled pairs are
    written as its article is done; `commit()` then copies over the cached catalogs nobody
    rebuilt and replaces the file if anything changed, `abandon()` leaves it as it was.
    Nothing is held in memory but the names, so a build of thousands of articles does not
    keep every catalog's translations until the end."""

    def __init__(self, cache: Path):
        self.cache = cache
        self.added: dict[str, str] = {}
        self._pending: PendingFile | None = None

    def add(self, name: str, key: str, blob: bytes) -> None:
        if self._pending is None:
            self._pending = PendingFile(self.cache, durable=False)  # damaged: ignored
            pickle.dump(HEADER, self._pending.handle)
        pickle.dump((name, key, blob), self._pending.handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.added[name] = key

    def commit(self, keep_rest: bool = True) -> None:
        """With `keep_rest`, the old cache's other catalogs are kept; the file is replaced
        only if something changed."""
        pending = self._pending
        if pending is None:
            return
        changed = False
        try:
            seen = set()
            for name, key, blob in _records(self.cache):
                seen.add(name)
                if name not in self.added:
                    changed = changed or not keep_rest
                    if keep_rest:
                        pickle.dump((name, key, blob), pending.handle, pickle.HIGHEST_PROTOCOL)
                elif self.added[name] != key:
                    changed = True
            changed = changed or not seen.issuperset(self.added)
        except Exception as exc:  # noqa: BLE001 - a damaged cache is replaced, never trusted
            log.info("replacing %s: %s", self.cache, exc)
            changed = True
        if changed:
            self._end(pending.commit)
        else:
            self._end(pending.abandon)  # the cache on disk already says the same

    def abandon(self) -> None:
        if self._pending is not None:
            self._end(self._pending.abandon)

    def _end(self, finish) -> None:
        try:
            finish()
        except (OSError, WriteError) as exc:  # a cache that cannot be written only costs time
            log.info("cannot write %s: %s", self.cache, exc)
        self._pending = None
        _loaded.pop(self.cache, None)


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


def write_memory_cache(cache: Path, entries: dict[str, tuple[str, Pairs]]) -> None:
    """Replace the cache with exactly `entries` (file name -> (digest, pairs))."""
    known = _pickled.get(cache, {})
    writer = MemoryCacheWriter(cache)
    for name, (key, pairs) in entries.items():
        blob = known.get((name, key)) or pickle.dumps(pairs, protocol=pickle.HIGHEST_PROTOCOL)
        writer.add(name, key, blob)
    writer.commit(keep_rest=False)


def read_memory_cache(cache: Path) -> dict[str, tuple[str, Pairs]]:
    """File name -> (digest, pairs); empty when there is no cache or it is damaged."""
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
