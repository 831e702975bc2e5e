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
FORMAT = 3  # bumped whenever what is stored changes shape


@dataclass(slots=True)
class State:
    units: dict[str, tuple[str, object]] = field(default_factory=dict)
    """slug -> (key of its inputs, its Result)."""
    outputs: tuple[str, dict[str, str]] | None = None
    """(key of every bundle's inputs, sha256 of each written manifest.json and index.html)."""
    digests: dict = field(default_factory=dict)
    """Input file -> (its stat stamp, its sha256): see pipeline.digests."""
    pickled: dict[str, tuple[object, bytes]] = field(default_factory=dict)
    """slug -> (the Result as loaded, its pickle): a unit not rebuilt is saved as it was read,
    so a build that changed one article does not pickle a thousand again."""


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
            state.units[slug] = (key, result)
            state.pickled[slug] = (result, blob)
        return state
    except FileNotFoundError:
        return State()
    except Exception as exc:  # noqa: BLE001 - a cache is never worth failing a build over
        log.info("ignoring the build cache %s: %s", path, exc)
        return State()


def save_state(work_dir: Path, state: State, loaded: State | None = None) -> None:
    """Write `state`; results that are the very objects `loaded` held keep their pickle."""
    known = loaded.pickled if loaded else {}
    units = {}
    for slug, (key, result) in state.units.items():
        hit = known.get(slug)
        blob = hit[1] if hit and hit[0] is result else getattr(result, "pickled", b"")
        units[slug] = (key, blob or pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    data = ((__version__, FORMAT), units, state.outputs, state.digests)
    atomic_write(work_dir / "cache" / FILE, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
