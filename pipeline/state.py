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
            version, state = pickle.load(handle)
    except FileNotFoundError:
        return State()
    except Exception as exc:  # noqa: BLE001 - a cache is never worth failing a build over
        log.info("ignoring the build cache %s: %s", path, exc)
        return State()
    return state if version == __version__ and isinstance(state, State) else State()


def save_state(work_dir: Path, state: State) -> None:
    data = pickle.dumps((__version__, state), protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write(work_dir / "cache" / FILE, data)
