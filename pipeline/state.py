"""The build cache in .pipeline/cache/: each article's last Result keyed by its inputs' hashes,
and what the bundles were last written from.

A damaged or foreign cache file is ignored (the build is then cold), never trusted.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__
from pipeline.fileio import atomic_write

log = logging.getLogger(__name__)

FILE = "build.pickle"
FORMAT = 6  # bumped whenever what is stored changes shape, or what it is built from (5: one
# completeness and keep-published summaries; 6: pages parsed with the HTML Standard's algorithm)


@dataclass(slots=True)
class State:
    units: dict[str, tuple[str, object]] = field(default_factory=dict)
    """slug -> (key of its inputs, its Result)."""
    outputs: tuple[str, dict[str, str]] | None = None
    """(key of every bundle's inputs, sha256 of each written manifest.json and index.html)."""
    digests: dict = field(default_factory=dict)
    """Input file -> (its stat stamp, its sha256): see pipeline.digests."""


def load_state(work_dir: Path) -> State:
    path = work_dir / "cache" / FILE
    try:
        with path.open("rb") as handle:
            version, units, outputs, digests = pickle.load(handle)
        if version != (__version__, FORMAT):
            return State()
        state = State(outputs=outputs, digests=digests)
        for slug, (key, blob) in units.items():
            result = pickle.loads(blob)
            result.pickled = blob  # saved again as read, unless the unit is rebuilt
            state.units[slug] = (key, result)
        return state
    except FileNotFoundError:
        return State()
    except Exception as exc:  # noqa: BLE001 - a cache is never worth failing a build over
        log.info("ignoring the build cache %s: %s", path, exc)
        return State()


def save_state(work_dir: Path, state: State) -> None:
    """Write `state`; a result keeps the pickle it was read or built with (`Result.pickled`),
    so a build that changed one article does not pickle a thousand again."""
    units = {}
    for slug, (key, result) in state.units.items():
        blob = result.pickled or pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        units[slug] = (key, blob)
    data = ((__version__, FORMAT), units, state.outputs, state.digests)
    blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write(work_dir / "cache" / FILE, blob, durable=False)  # damaged: ignored, rebuilt
