"""The translation memory cache: a stream of per-catalog records, rewritten only on change."""

from __future__ import annotations

import pickle
from pathlib import Path

from pipeline.caching import memorycache
from pipeline.caching.memorycache import MemoryCacheWriter

HELLO = [("Hello", "你好")]
BYE = [("Bye", "再见")]


def records(cache: Path) -> dict[str, tuple[str, list]]:
    memorycache._loaded.clear()
    return memorycache.read_memory_cache(cache)


def blob(pairs) -> bytes:
    return pickle.dumps(pairs)


def test_written_catalogs_are_read_back(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    writer = MemoryCacheWriter(cache)
    writer.add("a.po", "k1", blob([("Hello", "你好")]))
    writer.add("b.po", "k2", blob([("Bye", "再见")]))
    writer.commit()
    assert records(cache) == {"a.po": ("k1", HELLO), "b.po": ("k2", BYE)}


def test_a_later_writer_replaces_its_catalogs_and_keeps_the_others(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    first = MemoryCacheWriter(cache)
    first.add("a.po", "k1", blob([("Hello", "你好")]))
    first.add("b.po", "k2", blob([("Bye", "再见")]))
    first.commit()
    second = MemoryCacheWriter(cache)
    second.add("a.po", "k3", blob([("Hello", "您好")]))
    second.commit()
    assert records(cache) == {"a.po": ("k3", [("Hello", "您好")]), "b.po": ("k2", BYE)}


def test_an_unchanged_commit_does_not_rewrite_the_file(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    for _ in range(2):
        writer = MemoryCacheWriter(cache)
        writer.add("a.po", "k1", blob([("Hello", "你好")]))
        writer.commit()
        if _ == 0:
            stamp = cache.stat().st_mtime_ns, cache.stat().st_ino
    assert (cache.stat().st_mtime_ns, cache.stat().st_ino) == stamp
    assert [p.name for p in tmp_path.iterdir()] == ["memory.pickle"]  # no temp file left


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    cache.write_bytes(b"\x80\x05garbage")
    assert records(cache) == {}
    writer = MemoryCacheWriter(cache)
    writer.add("a.po", "k1", blob([("Hello", "你好")]))
    writer.commit()
    assert records(cache) == {"a.po": ("k1", [("Hello", "你好")])}


def test_an_abandoned_writer_leaves_the_cache_as_it_was(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    writer = MemoryCacheWriter(cache)
    writer.add("a.po", "k1", blob([("Hello", "你好")]))
    writer.commit()
    before = cache.read_bytes()
    writer = MemoryCacheWriter(cache)
    writer.add("a.po", "k9", blob([("Hello", "哈喽")]))
    writer.abandon()
    assert cache.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["memory.pickle"]
