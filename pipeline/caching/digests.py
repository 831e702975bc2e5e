"""Input file -> sha256, reading each file at most once per build, and not at all when its
(size, mtime, ctime, inode) is the one recorded by the last build.

Why: deciding what a build must redo hashes every source and catalog, three times over (before
the build, for the bundles' inputs, and for the cache after writing). On 1,000 articles that
was most of a no-op build. As git's index does, a file whose stat is unchanged keeps its
digest; a file modified within the last seconds is never trusted that way ("racily clean": a
second write in the same clock tick would keep size and mtime), so it is hashed again next time.
ctime is in the stamp because no tool can set it: `cp -p` or `touch -d` cannot fake it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pipeline.fileio import digest

RACY_SECONDS = 2.0
Stamp = tuple[int, int, int, int]


class Digests:
    def __init__(self, known: dict[str, tuple[Stamp, str]] | None = None):
        self.known = dict(known or {})
        self.seen: dict[str, str] = {}  # this build's answers: files are read once
        self.derived: dict = {}
        """Digests computed from several files (a locale's catalogs), until one is written."""

    def of(self, path: Path) -> str:
        """sha256 of the file's bytes; a missing file hashes as empty."""
        name = str(path)
        found = self.seen.get(name)
        if found is not None:
            return found
        stamp = stamp_of(path)
        if stamp is None:
            self.seen[name] = found = digest(b"")
            return found
        hit = self.known.get(name)
        if hit is not None and hit[0] == stamp:
            found = hit[1]
        else:
            try:
                found = digest(path.read_bytes())
            except FileNotFoundError:
                found = digest(b"")
            self.known[name] = (stamp, found)
        self.seen[name] = found
        return found

    def learn(self, read: dict[str, tuple[Stamp, str]]) -> None:
        """Digests of files a worker read (each with the stamp it had before the read), so
        they are not read again here; what this build already hashed stands."""
        for name, entry in read.items():
            if name not in self.seen:
                self.seen[name] = entry[1]
                self.known[name] = entry

    def forget(self, paths) -> None:
        """Files this build wrote: hash them again when next asked."""
        self.derived.clear()
        for path in paths:
            self.seen.pop(str(path), None)
            self.known.pop(str(path), None)

    def lasting(self) -> dict[str, tuple[Stamp, str]]:
        """What the next build may trust: files seen now and not modified too recently."""
        limit = (time.time() - RACY_SECONDS) * 1e9
        return {
            name: entry
            for name, entry in self.known.items()
            if name in self.seen and max(entry[0][1], entry[0][2]) < limit
        }


def stamp_of(path: Path) -> Stamp | None:
    """What must stay equal for a file's digest to be trusted; None for a missing file."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
