"""Writes that never leave a half-written file and never clobber a concurrent edit."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import PipelineError, WriteError


def utf8_text(data: bytes, path: Path, error: type[PipelineError]) -> str:
    """A file people edit, as text: UTF-8 (a BOM is accepted), else `error` naming the line
    of the first bad byte, the byte, and the fix."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            f"not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "re-save the file as UTF-8",
            path,
            line,
        ) from exc


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
    pending = PendingFile(path, durable)
    try:
        yield pending.handle
    except BaseException:
        pending.abandon()
        raise
    pending.commit(expected)


class PendingFile:
    """A file being written beside `path`, which it replaces on `commit()` and never touches
    on `abandon()`: for writers that decide only at the end whether the new file is worth
    keeping (the memory cache)."""

    def __init__(self, path: Path, durable: bool = True):
        self.path, self.durable = path, durable
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            raise WriteError(f"cannot write here: {exc.strerror}", path) from exc
        self.temp = temp
        self.handle: BinaryIO = os.fdopen(fd, "wb")

    def commit(self, expected: str | None = None) -> None:
        """Replace `path`; with `expected`, only if it still has that digest (see
        `atomic_write`)."""
        try:
            with self.handle:
                self.handle.flush()
                if self.durable:
                    os.fsync(self.handle.fileno())
            if expected is not None and current_digest(self.path) != expected:
                raise WriteError(
                    "was changed by someone else while pipeline ran; nothing was "
                    "written, run the command again",
                    self.path,
                )
            os.replace(self.temp, self.path)
        except OSError as exc:
            raise WriteError(f"cannot write: {exc.strerror or exc}", self.path) from exc
        finally:
            self._remove_temp()

    def abandon(self) -> None:
        """Leave `path` as it was."""
        self.handle.close()
        self._remove_temp()

    def _remove_temp(self) -> None:
        if os.path.exists(self.temp):
            os.unlink(self.temp)


def current_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return ""
