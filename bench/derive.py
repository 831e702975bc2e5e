"""What a derived locale (zh_TW converted from zh_CN by OpenCC) costs.

Usage: `python bench/derive.py [--size 1000] [--workdir DIR] [--skip-builds]`

On the benchmark corpus (`bench/corpus.py`, made once in the workdir):
1. the conversion alone (rules, OpenCC, quotes) and the whole derivation of one article's
   catalog (merge with its template, conversion, derived messages), in µs per article, both
   with the corpus's pseudo-translations and with real Chinese text of the same length (from
   the bundled project's zh_CN catalogs, since OpenCC's cost depends on what it reads);
2. a cold build with zh_CN only, then with zh_TW derived too (its first build, which writes
   every zh_TW catalog, and a cold build once they exist). One run each: timings are noisy
   on a shared machine, compare within one run.

`bench/run.py` still measures two locales against Translate Toolkit, as before.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ensure_corpus, make_cold, measure, pipeline_env  # noqa: E402  (sibling script)

from pipeline.catalogs.derive import base_lookup, converter_of, derive_catalog  # noqa: E402
from pipeline.catalogs.memory import Memory  # noqa: E402
from pipeline.catalogs.merge import merge_catalog  # noqa: E402
from pipeline.chinese_script import opencc_converter  # noqa: E402
from pipeline.config import load_config  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PIPELINE = [sys.executable, "-m", "pipeline"]
DERIVED = """
[tool.pipeline.locale.zh_TW]
derive_from = "zh_CN"
convert = "s2twp"
quotes = "corner"
"""


def with_derived_locale(project: Path) -> None:
    """Add zh_TW, derived from zh_CN, with the bundled project's conversion.csv."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = text.replace('locales = ["zh_CN"]', 'locales = ["zh_CN", "zh_TW"]') + DERIVED
    pyproject.write_text(text, encoding="utf-8")
    (project / "locales/zh_TW").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "locales/zh_TW/conversion.csv", project / "locales/zh_TW")


def chinese_text() -> str:
    """Every translation of the bundled project, one long Simplified Chinese text."""
    folder = REPO / "locales/zh_CN/LC_MESSAGES"
    return "".join(e.msgstr for p in sorted(folder.glob("*.po")) for e in polib.pofile(str(p)))


def in_chinese(po: polib.POFile, text: str, start: int) -> int:
    """Each msgstr replaced by as many characters of `text`; returns where it stopped."""
    for entry in po:
        if entry.msgstr:
            size = len(entry.msgstr)
            piece = (text * (size // len(text) + 2))[start % len(text) :][:size]
            entry.msgstr = piece
            start += size
    return start


def time_derivation(project: Path, chinese: bool) -> tuple[float, float, int]:
    """µs per article: conversion alone, whole derivation; and the number of articles."""
    config = load_config(project)
    derivation = config.derivation("zh_TW")
    assert derivation is not None
    start = time.perf_counter()
    convert = converter_of(config, derivation).convert
    opencc_converter(derivation.convert)
    log(f"converter loaded in {(time.perf_counter() - start) * 1000:.1f} ms")
    paths = sorted((project / "locales/zh_CN/LC_MESSAGES").glob("*.po"))
    pairs, offset, text = [], 0, chinese_text()
    for path in paths:
        if path.stem == "ui":
            continue
        base = polib.pofile(str(path))
        if chinese:
            offset = in_chinese(base, text, offset)
        pot = polib.pofile(str(project / "locales/templates" / f"{path.stem}.pot"))
        pairs.append((pot, base))
    started = time.perf_counter()
    for _, base in pairs:
        for entry in base:
            convert(entry.msgstr)
    alone = time.perf_counter() - started
    started = time.perf_counter()
    for pot, base in pairs:
        merged = merge_catalog(pot, polib.POFile(), Memory(tuple), None, {})
        derive_catalog(merged, base_lookup([base]), convert)
    whole = time.perf_counter() - started
    return alone / len(pairs) * 1e6, whole / len(pairs) * 1e6, len(pairs)


def cold_build(project: Path, label: str, cold: bool = True) -> float:
    if cold:
        make_cold(project)
    sample = measure([*PIPELINE, "--project", str(project), "build"], pipeline_env())
    log(f"{label}: {sample.wall:.2f} s")
    return sample.wall


def log(message: str) -> None:
    print(message, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/pipeline-bench"))
    parser.add_argument("--skip-builds", action="store_true", help="only the derivation")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    pristine = ensure_corpus(args.workdir, args.size, PIPELINE)
    run = args.workdir / f"derive-{args.size}"
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(pristine, run, symlinks=True)
    measure([*PIPELINE, "--project", str(run), "update"], pipeline_env())  # (untimed)
    if not args.skip_builds:
        cold_build(run, "cold build, en + zh-hans")
    with_derived_locale(run)
    for chinese in (False, True):
        alone, whole, count = time_derivation(run, chinese)
        kind = "Chinese text" if chinese else "corpus pseudo-translations"
        per = f"conversion {alone:.0f} µs, derivation {whole:.0f} µs per article"
        log(f"{count} articles, {kind}: {per}")
    if not args.skip_builds:
        cold_build(run, "first build with zh-hant derived (writes every zh_TW catalog)")
        cold_build(run, "cold build, en + zh-hans + zh-hant (derived catalogs in place)")
    shutil.rmtree(run, ignore_errors=True)


if __name__ == "__main__":
    main()
