"""One pipeline command at a time per project: an flock on .pipeline/lock.

The kernel drops an flock when its process dies, so a killed build never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import LockError


@contextlib.contextmanager
def project_lock(work_dir: Path) -> Iterator[None]:
    work_dir.mkdir(parents=True, exist_ok=True)
    path = work_dir / "lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockError(
                "another pipeline command is running in this project; wait for it to finish", path
            ) from None
        yield
    finally:
        os.close(fd)
