"""`build()` called as a function: its Report, its stages' order (everything checked before
anything is written), and what the caches let it skip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.config import load_config
from pipeline.errors import Failure
from tests.conftest import FIXTURES, pseudo_translate


@pytest.fixture
def small(tmp_path: Path):
    root = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", root)
    return load_config(root)


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".pipeline" not in p.parts
    }


def test_a_cold_build_writes_templates_catalogs_and_both_bundles(small):
    report = build(small)
    written = sorted(p.relative_to(small.root).as_posix() for p in report.catalogs_written)
    assert written == [
        "locales/en/LC_MESSAGES/ui.po",  # every language has its UI catalog
        "locales/templates/hello.pot",
        "locales/templates/page.pot",
        "locales/templates/ui.pot",
        "locales/zh_CN/LC_MESSAGES/hello.po",
        "locales/zh_CN/LC_MESSAGES/page.po",
        "locales/zh_CN/LC_MESSAGES/ui.po",
    ]
    assert (report.articles, report.rebuilt) == (2, 2)
    assert report.completeness == {"en": 100.0, "zh_CN": 0.0}  # nothing to translate in en
    assert [(code, slug) for code, slug, _ in report.withheld] == [
        ("zh_CN", "hello"),
        ("zh_CN", "page"),
    ]
    # zh_CN publishes no article yet: no bundle (an index in English chrome), no link
    assert report.bundles_written == ["en"]
    assert report.unpublished == [("zh-hans", "zh_CN")]
    assert not (small.output_dir / "zh-hans").exists()
    assert "zh-hans" not in (small.output_dir / "en/index.html").read_text()


def test_a_second_build_reuses_every_unit_and_writes_nothing(small):
    build(small)
    before = files(small.root)
    report = build(small)
    assert (report.rebuilt, report.catalogs_written, report.bundles_written) == (0, [], [])
    assert files(small.root) == before


def test_an_edit_rebuilds_only_its_article(small):
    build(small)
    pseudo_translate(small.catalog_dir(small.locales[0]))
    build(small)
    source = small.source_dir / "hello.md"
    source.write_text(source.read_text().replace("Repeated line.", "Edited line."))
    report = build(small)
    assert report.rebuilt == 1
    assert [p.name for p in report.catalogs_written] == ["hello.pot", "hello.po"]
    page = (small.output_dir / "zh-hans/hello.html").read_text()
    assert '<p lang="en">Edited line.</p>' in page  # the changed segment falls back
    assert "ＲＥＰＥＡＴＥＤ" not in page.upper() and report.withheld == []


def test_strict_refuses_before_writing_anything(small):
    before = files(small.root)
    with pytest.raises(Failure, match=r"--strict: 0 translation errors, 2 articles held back"):
        build(small, strict=True)
    assert files(small.root) == before
    assert not (small.work_dir / "staging").exists()


def test_no_update_leaves_catalogs_untouched(small):
    report = build(small, update=False)
    assert report.catalogs_written == []
    assert not small.locales_dir.exists()
    assert (small.output_dir / "en/hello.html").is_file()


def test_output_does_not_depend_on_the_number_of_processes(tmp_path):
    trees = []
    for jobs in (1, 2):
        root = tmp_path / f"jobs{jobs}"
        shutil.copytree(FIXTURES / "small", root)
        for n in range(6):
            (root / f"source/extra-{n}.md").write_text(f"---\ntitle: Extra {n}\n---\n\nText {n}.\n")
        config = load_config(root)
        build(config, jobs=jobs)
        pseudo_translate(config.catalog_dir(config.locales[0]))
        assert build(config, jobs=jobs).rebuilt == 8
        trees.append(files(root / "output"))
    assert trees[0] == trees[1]


def test_an_error_in_a_unit_leaves_output_and_caches_as_they_were(small, monkeypatch):
    from pipeline import unit

    build(small)
    before = files(small.root)
    cache = (small.work_dir / "cache/build.pickle").read_bytes()
    source = small.source_dir / "page.html"
    source.write_text(source.read_text().replace("First paragraph", "New first paragraph"))

    def broken(*args, **kwargs):
        raise RuntimeError("injected")

    monkeypatch.setattr(unit, "article_page", broken)
    with pytest.raises(RuntimeError, match="injected"):
        build(small)
    after = files(small.root)
    assert {k: v for k, v in after.items() if k != "source/page.html"} == {
        k: v for k, v in before.items() if k != "source/page.html"
    }
    assert (small.work_dir / "cache/build.pickle").read_bytes() == cache
    assert not (small.work_dir / "staging").exists()
