"""One article's whole build as a unit: read, split, extract, merge, resolve and render it for
every locale. Units run in worker processes (`--jobs`) and write nothing anyone reads: they
return the catalogs to write, so the parent can check everything first and write last, in a
fixed order, and put their pages in the staging folder, which only a build that succeeds
swaps in.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.bundle import stage_page
from pipeline.catalogs.lookup import table
from pipeline.catalogs.memory import usable
from pipeline.catalogs.pofile import format_catalog
from pipeline.catalogs.stats import Progress, progress
from pipeline.catalogs.update import Plan, locale_memory, plan_catalog, plan_template, read_one
from pipeline.checks import check_errors
from pipeline.config import Config
from pipeline.digests import Digests, Stamp, stamp_of
from pipeline.fileio import digest
from pipeline.model import Finding, Locale, Stored
from pipeline.pages import (
    Resolved,
    Summary,
    article_page,
    is_below_threshold,
    is_published,
    resolve,
)
from pipeline.project import Compiled
from pipeline.render import Layouts
from pipeline.segments import Rejection, segments_of, split_article
from pipeline.sources import read_article


@dataclass(frozen=True, slots=True)
class Context:
    """What every unit of one build shares; sent once to each worker."""

    config: Config
    targets: tuple[Locale, ...]
    ui: dict[str, dict[str, str]]
    """Per locale code: accepted UI translations."""
    update: bool
    now: str
    digests: Digests | None = None
    """The build's file digests (each worker process then keeps its own copy)."""
    staging: Path | None = None
    """Where units write their pages (see bundle.Stager); None: pages stay in the result."""
    published_before: dict[str, frozenset[str]] = field(default_factory=dict)
    """Per locale code: the articles the previous build published (from the bundles'
    manifests), which the `keep-published` policy keeps on the site."""

    @property
    def locales(self) -> list[Locale]:
        return [self.config.source_language, *self.targets]


@dataclass(frozen=True, slots=True)
class Write:
    """A catalog file to write, and the digest it had when read ("" for a new file)."""

    path: Path
    data: bytes
    expected: str


@dataclass(slots=True)
class Result:
    slug: str
    writes: list[Write] = field(default_factory=list)
    summaries: dict[str, Summary] = field(default_factory=dict)
    pages: dict[str, bytes] = field(default_factory=dict)
    """Per locale: the page's HTML, until the unit has staged it (then dropped: a build of
    thousands of articles never holds all their pages)."""
    placed: dict[str, bool] = field(default_factory=dict)
    """Per bundle folder: the page was staged, as a hard link to the live page's file (True)
    or written; until the main process has recorded it."""
    stored: dict[str, Stored] = field(default_factory=dict)
    """Per locale: size and sha256 of the page, kept."""
    rejections: list[tuple[str, Rejection]] = field(default_factory=list)
    withheld: list[tuple[str, float]] = field(default_factory=list)
    kept: list[tuple[str, float]] = field(default_factory=list)
    """(locale code, completeness) of pages below min_completeness kept published because
    the previous build published them."""
    findings: list[Finding] = field(default_factory=list)
    """Check errors: those translations were not used."""
    memory: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    """Per locale: (catalog file name, its digest, its remembered translations, pickled) for
    the memory cache; not kept in the build cache."""
    pickled: bytes = field(default=b"", compare=False, repr=False)
    """This result pickled (without pages and memory) by the process that built it, or as
    read from the build cache: the cache is written without pickling it again."""
    needs_memory: tuple[str, ...] = ()
    """Locales with untranslated messages: another catalog's new translation may fill them."""
    inputs: dict[str, tuple[Stamp, str]] = field(default_factory=dict)
    """Per input file read: its stamp before the read and the digest of what was read, so
    the main process need not read every file again; not kept in the build cache."""


def build_unit(context: Context, path: Path, layouts: Layouts, memories: dict) -> Result:
    config = context.config
    stamps = {str(file): stamp_of(file) for file in input_files(config, context.targets, path)}
    article = read_article(path, config.root)
    compiled = Compiled(article, split_article(article))
    result = Result(article.slug)
    result.inputs[str(path)] = article.digest
    source_tag = config.source_language.tag
    catalogs = _catalogs(context, compiled, memories, result)
    result.inputs = {
        name: (stamp, found)
        for name, found in result.inputs.items()
        if (stamp := stamps.get(name)) is not None
    }
    resolved = {
        loc.code: resolve(
            compiled, catalogs[loc.code][1] if loc.code in catalogs else None, source_tag
        )
        for loc in context.locales
    }
    done = {code: _progress(config, compiled, *catalogs[code], resolved[code]) for code in catalogs}
    before = {
        loc.code: compiled.slug in context.published_before.get(loc.code, ())
        for loc in context.targets
    }
    present = [
        loc
        for loc in context.locales
        if is_published(
            config, loc, compiled, _percent(done.get(loc.code)), before.get(loc.code, False)
        )
    ]
    for locale in context.locales:
        item = resolved[locale.code]
        published = locale in present
        result.summaries[locale.code] = _summary(compiled, item, done.get(locale.code), published)
        result.rejections += [(locale.code, r) for r in item.rejections]
        ui = context.ui.get(locale.code, {})
        percent = _percent(done.get(locale.code))
        if published and before.get(locale.code) and is_below_threshold(config, percent):
            result.kept.append((locale.code, percent))
        if published:
            result.pages[locale.code] = article_page(
                config,
                layouts,
                locale,
                context.locales,
                compiled,
                item,
                present,
                lambda s, ui=ui: ui.get(s, s),
            )
        elif compiled.article.metadata.translate:
            result.withheld.append((locale.code, percent))
    return result


def input_files(config: Config, targets, path: Path) -> list[Path]:
    """An article's inputs: its source, its template and its catalog in each target locale."""
    slug = path.stem
    catalogs = [config.catalog_dir(loc) / f"{slug}.po" for loc in targets]
    return [path, config.templates_dir / f"{slug}.pot", *catalogs]


_Catalog = tuple[Any, dict, frozenset]
"""A locale's catalog of an article (a polib.POFile; None: none yet), its accepted
translations by (msgctxt, msgid), and the keys of the translations a check error refuses."""


def _catalogs(
    context: Context, compiled: Compiled, memories: dict, result: Result
) -> dict[str, _Catalog]:
    """Merge (with --update) and load the article's catalogs, by locale (none for an article
    kept source-only)."""
    config = context.config
    if not compiled.article.metadata.translate:
        return {}
    template = plan_template(config, compiled, context.now) if context.update else None
    if template is not None:
        _plan_write(template, result)
        if template.old is not None:
            result.inputs[str(template.path)] = template.old.digest
    tables, hungry = {}, []
    for locale in context.targets:
        old = read_one(config, locale, compiled.slug)
        if old is not None:
            result.inputs[str(old.path)] = old.digest
        po, final = (old.po, old.digest) if old else (None, "")
        if template is not None:
            if locale.code not in memories:
                memories[locale.code] = locale_memory(config, locale, digests=context.digests)
            plan = plan_catalog(config, compiled.slug, template, locale, old, memories[locale.code])
            final = _plan_write(plan, result)
            po = plan.po
        if po is not None:  # seeds the memory cache: later builds need not parse this file
            pairs = [(e.msgid, e.msgstr) for e in po if usable(e)]
            blob = pickle.dumps(pairs, protocol=pickle.HIGHEST_PROTOCOL)
            result.memory[locale.code] = (f"{compiled.slug}.po", final, blob)
        if po is not None and any(not e.msgstr and not e.obsolete for e in po):
            hungry.append(locale.code)
        tables[locale.code] = (po, *_accepted(config, locale, compiled.slug, po, result))
    result.needs_memory = tuple(hungry)
    return tables


def _accepted(
    config: Config, locale: Locale, slug: str, po, result: Result
) -> tuple[dict, frozenset]:
    """Usable translations, less those with a check error (the build never publishes them),
    and the keys of those."""
    if po is None:
        return {}, frozenset()
    path = (config.catalog_dir(locale) / f"{slug}.po").relative_to(config.root)
    findings, rejected = check_errors(po, str(path), locale.code)
    result.findings += findings
    accepted = {k: v for k, v in table(po, config.publish_fuzzy).items() if k not in rejected}
    return accepted, rejected


def _progress(
    config: Config, compiled: Compiled, po, accepted: dict, rejected: frozenset, item: Resolved
) -> Progress:
    """The article's completeness in one locale, as `status` computes it; a translation the
    renderer refused (its placeholders do not fit the source) counts as rejected too."""
    keys = [(s.context, s.text) for s in segments_of(compiled.skeleton)]
    refused = rejected | {(r.segment.context, r.segment.text) for r in item.rejections}
    return progress(po, keys, config.publish_fuzzy, refused)


def _percent(done: Progress | None) -> float:
    """None: nothing to translate (the source language, or an article kept source-only)."""
    return done.percent if done is not None else 100.0


def _plan_write(plan: Plan, result: Result) -> str:
    """Queue the file if it changes; returns the digest the file will have."""
    if plan.changed():
        data = format_catalog(plan.po).encode("utf-8")
        result.writes.append(Write(plan.path, data, plan.old.digest if plan.old else ""))
        return digest(data)
    return plan.old.digest if plan.old else ""


def _summary(compiled: Compiled, item: Resolved, done: Progress | None, published: bool) -> Summary:
    from pipeline.render import Text

    texts = item.texts
    return Summary(
        compiled.slug,
        texts["title"],
        texts.get("summary", Text("")),
        compiled.article.metadata.date,
        _percent(done),
        published,
        done,
    )


# --- running units --------------------------------------------------------------------

_worker: dict = {}


def _init_worker(context: Context) -> None:
    # A unit makes ~100,000 short-lived objects and no lasting cycles: collecting every 700
    # allocations (the default) only costs time.
    gc.set_threshold(20_000, 50, 50)
    _worker["context"] = context
    _worker["layouts"] = Layouts(context.config.layouts_dir)
    _worker["memories"] = {}
    _worker["folders"] = set()


def _run(path: Path) -> tuple[bytes, dict, dict, dict, dict]:
    """A unit's result, pickled here (in a worker, pickling is the price of sending it anyway)
    without what the main process uses once and drops: pages (staged here when the build
    stages), memory, input digests, and where the pages went."""
    context = _worker["context"]
    result = build_unit(context, path, _worker["layouts"], _worker["memories"])
    pages, memory, inputs = result.pages, result.memory, result.inputs
    result.stored = {code: Stored.of(page) for code, page in pages.items()}
    placed = {}
    if context.staging is not None:
        output, folders = context.config.output_dir, _worker["folders"]
        for locale in context.locales:
            page = pages.get(locale.code)
            if page is not None:
                bundle = Path(locale.path).name
                name = f"{result.slug}.html"
                placed[bundle] = stage_page(output, context.staging, bundle, name, page, folders)
        pages = {}
    result.pages, result.memory, result.inputs = {}, {}, {}
    blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    return blob, pages, memory, inputs, placed


def _unpack(packed: tuple[bytes, dict, dict, dict, dict]) -> Result:
    blob, pages, memory, inputs, placed = packed
    result = pickle.loads(blob)
    result.pages, result.memory, result.inputs, result.placed = pages, memory, inputs, placed
    result.pickled = blob
    return result


def run_units(
    context: Context,
    paths: list[Path],
    jobs: int,
    progress: Callable[[], None] | None = None,
    each: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Results in `paths` order whatever the number of processes: output never depends on it.
    `each` sees every result as soon as it is ready."""
    results: list[Result] = []
    for result in _iterate(context, paths, jobs):
        results.append(result)
        if each:
            each(result)
        if progress:
            progress()
    return results


def _iterate(context: Context, paths: list[Path], jobs: int) -> Iterator[Result]:
    if jobs <= 1 or len(paths) < 2 * jobs:
        _init_worker(context)
        yield from map(_unpack, map(_run, paths))
        return
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        jobs, mp_context=fork, initializer=_init_worker, initargs=(context,)
    ) as pool:
        for packed in pool.map(_run_all, _chunks(paths, jobs)):
            yield from map(_unpack, packed)


def _run_all(paths: list[Path]) -> list[tuple[bytes, dict, dict, dict, dict]]:
    return [_run(path) for path in paths]


def _chunks(paths: list[Path], jobs: int, largest: int = 32) -> Iterator[list[Path]]:
    """Articles in tasks of shrinking size (guided scheduling): large ones while much is left,
    so few round trips; small ones at the end, so the workers finish together."""
    start = 0
    while start < len(paths):
        size = max(1, min(largest, (len(paths) - start) // (4 * jobs)))
        yield paths[start : start + size]
        start += size


def unit_key(fingerprint: str, digests: list[str], extra: str = "") -> str:
    """Identity of a unit's inputs (the digests of its source and catalogs): if it is
    unchanged, so is the unit's result."""
    return digest("\0".join([fingerprint, *digests, extra]).encode())
