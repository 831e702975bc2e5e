"""The build cache in .pipeline/cache/build.pickle: what building each article gave, keyed by
its inputs' digests, what the bundles were last written from, and the digests of the input
files with their stat stamps.

A damaged or foreign cache file is ignored (the build is then cold), never trusted.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pipeline import __version__
from pipeline.caching.digests import Stamp
from pipeline.fileio import atomic_write

log = logging.getLogger(__name__)

FILE = "build.pickle"
FORMAT = 7  # bumped whenever what is stored changes shape, or what it is built from (7: pages
# parsed with the HTML Standard's algorithm)


class CachedUnit(NamedTuple):
    key: str
    """The key of the article's inputs when it was built (`pipeline.caching.keys`)."""
    result: Any
    """What building it gave (a `pipeline.unit.UnitResult`)."""
    blob: bytes
    """`result` pickled, as built or read: saved again without pickling it a second time."""


@dataclass(slots=True)
class BuildCache:
    units: dict[str, CachedUnit] = field(default_factory=dict)
    """Per slug."""
    outputs: tuple[str, dict[str, str]] | None = None
    """(key of every bundle's inputs, sha256 of each written manifest.json and index.html)."""
    digests: dict[str, tuple[Stamp, str]] = field(default_factory=dict)
    """Input file -> (its stat stamp, its sha256): see `pipeline.caching.digests`."""


def load_build_cache(work_dir: Path) -> BuildCache:
    path = work_dir / "cache" / FILE
    try:
        with path.open("rb") as handle:
            version, units, outputs, digests = pickle.load(handle)
        if version != (__version__, FORMAT):
            return BuildCache()
        cache = BuildCache(outputs=outputs, digests=digests)
        for slug, (key, blob) in units.items():
            cache.units[slug] = CachedUnit(key, pickle.loads(blob), blob)
        return cache
    except FileNotFoundError:
        return BuildCache()
    except Exception as exc:  # noqa: BLE001 - a cache is never worth failing a build over
        log.info("ignoring the build cache %s: %s", path, exc)
        return BuildCache()


def save_build_cache(work_dir: Path, cache: BuildCache) -> None:
    """Write `cache`, each result as the pickle it was built or read with, so a build that
    changed one article does not pickle a thousand again."""
    units = {slug: (unit.key, unit.blob) for slug, unit in cache.units.items()}
    data = ((__version__, FORMAT), units, cache.outputs, cache.digests)
    blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write(work_dir / "cache" / FILE, blob, durable=False)  # damaged: ignored, rebuilt
