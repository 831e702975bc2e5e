"""File digests reused across builds only when a file provably did not change."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.caching import digests as digests_module
from pipeline.caching.digests import Digests
from pipeline.fileio import digest


@pytest.fixture
def trusting(monkeypatch):
    """Files made by a test are seconds old; their ctime cannot be backdated, so the racy
    window is moved instead."""
    monkeypatch.setattr(digests_module, "RACY_SECONDS", -60.0)


def test_digest_is_of_the_bytes_and_a_missing_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"abc")
    digests = Digests()
    assert digests.of(path) == digest(b"abc")
    assert digests.of(tmp_path / "missing.po") == digest(b"")


def test_an_unchanged_old_file_is_not_read_again(tmp_path: Path, monkeypatch, trusting) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"abc")
    first = Digests()
    first.of(path)
    known = first.lasting()
    assert str(path) in known

    def no_reading(self):
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    assert Digests(known).of(path) == digest(b"abc")


def test_a_recent_file_is_not_trusted_by_the_next_build(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"abc")
    digests = Digests()
    digests.of(path)
    assert str(path) not in digests.lasting()


def test_same_size_and_restored_mtime_is_still_a_change(tmp_path: Path, trusting) -> None:
    """`touch -d` or `cp -p` can put the old mtime back; the ctime then gives the edit away."""
    path = tmp_path / "a.po"
    path.write_bytes(b"abc")
    before = os.stat(path)
    first = Digests()
    first.of(path)
    known = first.lasting()
    time.sleep(0.01)
    path.write_bytes(b"xyz")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert Digests(known).of(path) == digest(b"xyz")


def test_files_written_by_the_build_are_hashed_again(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"abc")
    digests = Digests()
    assert digests.of(path) == digest(b"abc")
    path.write_bytes(b"abcd")
    assert digests.of(path) == digest(b"abc")  # one answer per build...
    digests.forget([path])
    assert digests.of(path) == digest(b"abcd")  # ...until the build itself writes the file


def test_what_a_worker_read_is_learned_but_a_change_since_its_stamp_is_not_trusted(
    tmp_path: Path, trusting
) -> None:
    """A worker stamps a file, then reads it; the main process takes its answer. If the file
    changed after the stamp was taken, the next build sees another stamp and reads it."""
    path = tmp_path / "a.po"
    path.write_bytes(b"abc")
    stamp = digests_module.stamp_of(path)
    digests = Digests()
    digests.learn({str(path): (stamp, digest(b"abc"))})
    assert digests.of(path) == digest(b"abc")
    time.sleep(0.01)
    path.write_bytes(b"abcd")  # after the worker's stamp
    assert Digests(digests.lasting()).of(path) == digest(b"abcd")


def test_this_builds_own_answer_stands_over_a_workers(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"abc")
    digests = Digests()
    digests.of(path)
    digests.learn({str(path): (digests_module.stamp_of(path), digest(b"other"))})
    assert digests.of(path) == digest(b"abc")


def test_a_cold_build_reads_no_input_twice(tmp_path: Path, monkeypatch, run) -> None:
    """The units hash the sources and catalogs they read; the main process reuses that.
    (Translated throughout, so no unit consults the translation memory, which reads every
    catalog of the locale.)"""
    import shutil

    from tests.conftest import FIXTURES, pseudo_translate

    root = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", root)
    assert run(root, "build").exit_code == 0
    pseudo_translate(root / "locales/zh_CN/LC_MESSAGES")
    shutil.rmtree(root / ".pipeline")
    shutil.rmtree(root / "output")
    hashed: list[str] = []
    original = Digests.of

    def counting(self, path):
        if str(path) not in self.seen and Path(path).exists():  # (a missing file: one stat)
            hashed.append(Path(path).name)
        return original(self, path)

    monkeypatch.setattr(Digests, "of", counting)
    assert "(2 rebuilt)" in run(root, "build").output
    assert not [name for name in hashed if name.endswith((".md", ".html", ".po", ".pot"))]
