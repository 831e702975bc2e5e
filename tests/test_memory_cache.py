"""The translation memory cache: a stream of per-catalog records, rewritten only on change."""

from __future__ import annotations

import pickle
from pathlib import Path

from pipeline.catalogs import memory
from pipeline.catalogs.memory import Seed

HELLO = [("Hello", "你好")]
BYE = [("Bye", "再见")]


def records(cache: Path) -> dict[str, tuple[str, list]]:
    memory._loaded.clear()
    return memory._load_cache(cache)


def blob(pairs) -> bytes:
    return pickle.dumps(pairs)


def test_seeded_catalogs_are_read_back(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    seed = Seed(cache)
    seed.add("a.po", "k1", blob([("Hello", "你好")]))
    seed.add("b.po", "k2", blob([("Bye", "再见")]))
    seed.close()
    assert records(cache) == {"a.po": ("k1", HELLO), "b.po": ("k2", BYE)}


def test_a_later_seed_replaces_its_catalogs_and_keeps_the_others(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    first = Seed(cache)
    first.add("a.po", "k1", blob([("Hello", "你好")]))
    first.add("b.po", "k2", blob([("Bye", "再见")]))
    first.close()
    second = Seed(cache)
    second.add("a.po", "k3", blob([("Hello", "您好")]))
    second.close()
    assert records(cache) == {"a.po": ("k3", [("Hello", "您好")]), "b.po": ("k2", BYE)}


def test_an_unchanged_seed_does_not_rewrite_the_file(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    for _ in range(2):
        seed = Seed(cache)
        seed.add("a.po", "k1", blob([("Hello", "你好")]))
        seed.close()
        if _ == 0:
            stamp = cache.stat().st_mtime_ns, cache.stat().st_ino
    assert (cache.stat().st_mtime_ns, cache.stat().st_ino) == stamp
    assert [p.name for p in tmp_path.iterdir()] == ["memory.pickle"]  # no temp file left


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    cache.write_bytes(b"\x80\x05garbage")
    assert records(cache) == {}
    seed = Seed(cache)
    seed.add("a.po", "k1", blob([("Hello", "你好")]))
    seed.close()
    assert records(cache) == {"a.po": ("k1", [("Hello", "你好")])}


def test_a_discarded_seed_leaves_the_cache_as_it_was(tmp_path: Path) -> None:
    cache = tmp_path / "memory.pickle"
    seed = Seed(cache)
    seed.add("a.po", "k1", blob([("Hello", "你好")]))
    seed.close()
    before = cache.read_bytes()
    seed = Seed(cache)
    seed.add("a.po", "k9", blob([("Hello", "哈喽")]))
    seed.discard()
    assert cache.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["memory.pickle"]
