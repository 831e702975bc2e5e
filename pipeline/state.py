"""The build cache in .pipeline/cache/: each article's last Result, keyed by its inputs' hashes.

A damaged or foreign cache file is ignored (the build is then cold), never trusted.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

from pipeline import __version__
from pipeline.fileio import atomic_write

log = logging.getLogger(__name__)

FILE = "build.pickle"


def load_state(work_dir: Path) -> dict[str, tuple[str, object]]:
    path = work_dir / "cache" / FILE
    try:
        with path.open("rb") as handle:
            version, entries = pickle.load(handle)
    except FileNotFoundError:
        return {}
    except Exception as exc:  # noqa: BLE001 - a cache is never worth failing a build over
        log.info("ignoring the build cache %s: %s", path, exc)
        return {}
    return entries if version == __version__ else {}


def save_state(work_dir: Path, entries: dict[str, tuple[str, object]]) -> None:
    data = pickle.dumps((__version__, entries), protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write(work_dir / "cache" / FILE, data)
