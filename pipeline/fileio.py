"""Writes that never leave a half-written file and never clobber a concurrent edit."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import WriteError


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(
    path: Path, data: bytes, expected: str | None = None, durable: bool = True
) -> None:
    """Write through a temp file and rename.

    With `expected` (the sha256 the file had when it was read; "" for "did not exist"), the
    original is re-hashed right before the rename and the write is refused if someone changed
    it meanwhile. The window left is the few microseconds between that check and the rename.
    Not `durable` (caches, which are checked when read and rebuilt when damaged): no fsync.
    """
    with atomic_writer(path, expected, durable) as handle:
        handle.write(data)


@contextmanager
def atomic_writer(
    path: Path, expected: str | None = None, durable: bool = True
) -> Iterator[BinaryIO]:
    """`atomic_write` for data written piece by piece; an exception leaves `path` as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write here: {exc.strerror}", path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if expected is not None and current_digest(path) != expected:
            raise WriteError(
                "was changed by someone else while pipeline ran; nothing was "
                "written, run the command again",
                path,
            )
        os.replace(temp, path)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", path) from exc
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def current_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return ""
