"""Paths of articles -> their units' results, in order, built in this process or in a pool of
worker processes (`--jobs`). A worker puts each page in the staging folder as soon as it is
rendered, so no process holds the pages of thousands of articles.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from pipeline.bundle import stage_page
from pipeline.render.layouts import Layouts
from pipeline.unit import BuildContext, UnitReport, UnitResult, build_unit


class Done(NamedTuple):
    """One unit as the main process keeps it (its UnitReport goes to `each` and is dropped,
    so the build never holds every catalog's translations)."""

    result: UnitResult
    blob: bytes
    """`result` pickled by the process that built it (the cache stores it as is)."""


_worker: dict = {}


def _init_worker(context: BuildContext) -> None:
    # A unit makes ~100,000 short-lived objects and no lasting cycles: collecting every 700
    # allocations (the default) only costs time.
    gc.set_threshold(20_000, 50, 50)
    _worker["context"] = context
    _worker["layouts"] = Layouts(context.config.layouts_dir)
    _worker["memories"] = {}
    _worker["folders"] = set()


_Packed = tuple[bytes, UnitReport]


def _run(path: Path) -> _Packed:
    """A unit's result, pickled here (in a worker, pickling is the price of sending it
    anyway), its pages staged here, and its report."""
    context: BuildContext = _worker["context"]
    result, pages, report = build_unit(context, path, _worker["layouts"], _worker["memories"])
    placed = {}
    if context.staging is not None:
        output, folders = context.config.output_dir, _worker["folders"]
        for locale in context.locales:
            page = pages.get(locale.code)
            if page is not None:
                bundle = Path(locale.path).name
                name = f"{result.slug}.html"
                placed[bundle] = stage_page(output, context.staging, bundle, name, page, folders)
    blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    return blob, report._replace(placed=placed)


def _unpack(packed: _Packed) -> tuple[Done, UnitReport]:
    blob, report = packed
    return Done(pickle.loads(blob), blob), report


def run_units(
    context: BuildContext,
    paths: list[Path],
    jobs: int,
    progress: Callable[[], None] | None = None,
    each: Callable[[UnitResult, UnitReport], None] | None = None,
) -> list[Done]:
    """Results in `paths` order whatever the number of processes: output never depends on it.
    `each` sees every result and its report as soon as they are ready."""
    done: list[Done] = []
    for item, report in _iterate(context, paths, jobs):
        done.append(item)
        if each:
            each(item.result, report)
        if progress:
            progress()
    return done


def processes(jobs: int, articles: int) -> int:
    """How many processes build `articles` with `--jobs`: a pool only pays for itself with at
    least two articles a process."""
    return jobs if jobs > 1 and articles >= 2 * jobs else 1


def _iterate(
    context: BuildContext, paths: list[Path], jobs: int
) -> Iterator[tuple[Done, UnitReport]]:
    if processes(jobs, len(paths)) == 1:
        _init_worker(context)
        yield from map(_unpack, map(_run, paths))
        return
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        jobs, mp_context=fork, initializer=_init_worker, initargs=(context,)
    ) as pool:
        for packed in pool.map(_run_all, _chunks(paths, jobs)):
            yield from map(_unpack, packed)


def _run_all(paths: list[Path]) -> list[_Packed]:
    return [_run(path) for path in paths]


def _chunks(paths: list[Path], jobs: int, largest: int = 32) -> Iterator[list[Path]]:
    """Articles in tasks of shrinking size (guided scheduling): large ones while much is left,
    so few round trips; small ones at the end, so the workers finish together."""
    start = 0
    while start < len(paths):
        size = max(1, min(largest, (len(paths) - start) // (4 * jobs)))
        yield paths[start : start + size]
        start += size
