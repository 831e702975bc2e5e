"""Incremental and parallel builds: unchanged articles are reused, output never depends on
--jobs, and the cache never hides a change (including one from the translation memory)."""

from __future__ import annotations

import shutil

import polib
import pytest

from tests.conftest import FIXTURES, pseudo_translate


def tree(root):
    out = root / "output"
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def many(tmp_path, count: int = 12):
    """The small fixture with `count` extra articles, so a worker pool really starts."""
    root = tmp_path / "many"
    shutil.copytree(FIXTURES / "small", root)
    for n in range(count):
        (root / f"source/extra-{n}.md").write_text(
            f"---\ntitle: Extra article {n}\ndate: 2024-01-{n + 1:02d}\n---\n\n"
            f"Paragraph number {n} of the extra article.\n\nShared closing sentence.\n"
        )
    return root


def test_jobs_do_not_change_output(tmp_path, run):
    outputs = []
    for jobs in ("1", "2"):
        root = many(tmp_path / jobs)
        assert run(root, "build", "--jobs", jobs).exit_code == 0
        pseudo_translate(root / "locales/zh_CN/LC_MESSAGES")
        assert run(root, "build", "--jobs", jobs).exit_code == 0
        outputs.append(tree(root))
    assert outputs[0] == outputs[1]
    assert any(name.startswith("zh-hans/extra-") for name in outputs[0])


def test_unchanged_articles_are_reused(tmp_path, run):
    root = many(tmp_path)
    assert "(14 rebuilt)" in run(root, "build").output
    assert "(0 rebuilt)" in run(root, "build").output
    source = root / "source/extra-3.md"
    source.write_text(source.read_text().replace("number 3", "number three"))
    result = run(root, "build")
    assert "(1 rebuilt)" in result.output
    assert b"number three" in (root / "output/en/extra-3.html").read_bytes()


def test_catalog_edit_rebuilds_that_article(tmp_path, run):
    root = many(tmp_path)
    run(root, "build")
    pseudo_translate(root / "locales/zh_CN/LC_MESSAGES")
    run(root, "build")
    path = root / "locales/zh_CN/LC_MESSAGES/extra-5.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = "译文"
    po.save(str(path))
    result = run(root, "build")
    assert "(1 rebuilt)" in result.output
    assert (root / "output/zh-hans/extra-5.html").exists()


def test_translation_memory_reaches_cached_articles(tmp_path, run):
    """A sentence translated in one catalog fills the same untranslated sentence elsewhere,
    even though the other articles did not change."""
    root = many(tmp_path, count=3)
    run(root, "build")
    path = root / "locales/zh_CN/LC_MESSAGES/extra-0.po"
    po = polib.pofile(str(path))
    po.find("Shared closing sentence.").msgstr = "共同的结束语。"
    po.save(str(path))
    run(root, "build")
    other = polib.pofile(str(root / "locales/zh_CN/LC_MESSAGES/extra-2.po"))
    entry = other.find("Shared closing sentence.")
    assert entry.msgstr == "共同的结束语。" and "extra-0.po" in entry.tcomment


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeros"])
def test_damaged_cache_is_ignored(tmp_path, run, damage):
    """Caches are written without fsync: after a power cut one may be cut short or, on some
    file systems, zero-filled. Either is ignored, never trusted."""
    root = many(tmp_path, count=1)
    run(root, "build")
    for cache in (root / ".pipeline/cache").iterdir():
        data = cache.read_bytes()
        damaged = {
            "garbage": b"not a pickle",
            "truncated": data[: len(data) // 2],
            "zeros": bytes(len(data)),
        }[damage]
        cache.write_bytes(damaged)
    before = tree(root)
    result = run(root, "build")
    assert result.exit_code == 0 and "(3 rebuilt)" in result.output
    assert tree(root) == before


def test_memory_lookup_after_an_edit_parses_only_changed_catalogs(tmp_path, run, monkeypatch):
    from pipeline.catalogs import update

    root = many(tmp_path, count=6)
    run(root, "build")
    pseudo_translate(root / "locales/zh_CN/LC_MESSAGES")
    run(root, "build")
    parsed = []
    real = update.read_catalog

    def counting(path, *args, **kwargs):
        parsed.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(update, "read_catalog", counting)
    source = root / "source/extra-1.md"
    source.write_text(source.read_text() + "\nA sentence no catalog has seen.\n")
    result = run(root, "build", "--jobs", "1")
    assert "(1 rebuilt)" in result.output
    others = [
        name for name in parsed if name.startswith("extra-") and not name.startswith("extra-1.")
    ]
    assert others == []  # the memory came from the cache, not from parsing every catalog


def test_a_page_edited_or_lost_in_output_is_built_again(tmp_path, run):
    """The build cache keeps no pages: the live bundle holds them, and one that is not what
    the build wrote (edited by hand, deleted) makes its article build again."""
    root = many(tmp_path)
    run(root, "build")
    before = tree(root)
    edited = root / "output/en/extra-2.html"
    edited.write_bytes(edited.read_bytes().replace(b"number 2", b"number two"))
    (root / "output/en/extra-7.html").unlink()
    result = run(root, "build")
    assert "(2 rebuilt)" in result.output
    assert tree(root) == before


def test_a_cold_build_after_deleting_output_restores_every_page(tmp_path, run):
    root = many(tmp_path)
    run(root, "build")
    before = tree(root)
    shutil.rmtree(root / "output")
    assert "(14 rebuilt)" in run(root, "build").output
    assert tree(root) == before


def test_articles_go_to_workers_in_shrinking_tasks_covering_each_once():
    from pipeline.workers import _chunks

    for count in (5, 64, 1000, 5003):
        chunks = list(_chunks(list(range(count)), 2))
        assert [n for chunk in chunks for n in chunk] == list(range(count))
        sizes = [len(chunk) for chunk in chunks]
        assert sizes == sorted(sizes, reverse=True) and max(sizes) <= 32
        assert sizes[-1] == 1
