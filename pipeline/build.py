"""`pipeline build`: scan -> run units -> assemble -> write catalogs -> swap bundles -> save
cache, for every locale.

Each article is built as an independent unit (`pipeline.unit`; in worker processes with
--jobs, `pipeline.workers`), reused from the build cache (`pipeline.caching`) when the digests
of its inputs are unchanged. Everything is read, checked and rendered before anything is
written: catalogs first, then each bundle, swapped in whole, then the caches.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pipeline.assemble import assemble_bundle
from pipeline.bundle import (
    Files,
    Stager,
    published_articles,
    remove_unconfigured,
    repair,
    write_bundle,
)
from pipeline.caching.buildcache import BuildCache, CachedUnit, load_build_cache, save_build_cache
from pipeline.caching.digests import Digests
from pipeline.caching.keys import Keys, fingerprint, was_published
from pipeline.caching.memorycache import MemoryCacheWriter
from pipeline.catalogs.headers import timestamp
from pipeline.catalogs.stats import locale_percent
from pipeline.catalogs.update import memory_cache, write_catalogs
from pipeline.config import Config
from pipeline.errors import Failure, SourceError
from pipeline.fileio import atomic_write, current_digest, digest
from pipeline.freshness import input_digests, listing_digest, save_listing
from pipeline.model import Finding, Locale
from pipeline.render.layouts import Layouts
from pipeline.render.pages import linked_languages, root_page
from pipeline.segments import Rejection
from pipeline.sources import SourceTree, check_slug, scan_sources
from pipeline.unit import BuildContext, UiResult, UnitReport, UnitResult, build_ui
from pipeline.workers import Done, processes, run_units

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Report:
    """What a build did, for the summary line and the tests."""

    articles: int = 0
    rebuilt: int = 0
    catalogs_written: list[Path] = field(default_factory=list)
    bundles_written: list[str] = field(default_factory=list)
    bundles_removed: list[tuple[str, str]] = field(default_factory=list)
    """(folder in output/, its locale): bundles of locales no longer configured."""
    withheld: list[tuple[str, str, float]] = field(default_factory=list)
    kept: list[tuple[str, str, float]] = field(default_factory=list)
    """(locale, slug, completeness): published pages now below min_completeness, kept."""
    rejections: list[tuple[str, str, Rejection]] = field(default_factory=list)
    """(locale, slug, what the renderer refused)."""
    findings: list[Finding] = field(default_factory=list)
    broken_links: list[tuple[Path, int, str]] = field(default_factory=list)
    """(source file, line, href): links to an article source that does not exist."""
    completeness: dict[str, float] = field(default_factory=dict)
    """Per locale code: its completeness over the translatable articles, weighted by source
    words, as `status` shows it (`pipeline.catalogs.stats.locale_percent`)."""
    translated_into: set[str] = field(default_factory=set)
    """Locale codes some article is translated into (the source language only when an
    article is written in another language)."""
    unpublished: list[tuple[str, str]] = field(default_factory=list)
    """(folder in output/, its locale): languages that publish no article, whose bundles are
    not written (an older one is removed) and to which no page links."""


def build(
    config: Config,
    only: list[Locale] | None = None,
    update: bool = True,
    jobs: int = 1,
    progress: Callable[[int], Callable[[], None] | None] | None = None,
    strict: bool = False,
) -> Report:
    """Build every bundle; with `strict`, any check error or held-back article is a Failure
    raised before anything is written."""
    clock = _Clock()
    targets = tuple(loc for loc in only or config.locales if loc != config.source_language)
    scan = _scan(config, targets, update, clock)
    memory = {loc.code: MemoryCacheWriter(memory_cache(config, loc)) for loc in scan.locales}
    try:
        built = _run_units(scan, memory, jobs, progress, clock)
        built.update(_relink(scan, built, jobs, clock))
        results = [(built.get(s) or scan.cache.units[s]).result for s in scan.paths]
        linked = _linked(scan, results)
        report = _report(scan, results, len(built), linked)
        if strict:
            _refuse_imperfect(report)
        inputs = _inputs(scan, list(built.values()))
        if not built and not scan.ui.writes and _outputs_intact(scan, inputs.outputs_key):
            _abandon(scan.stager, memory)
            report.bundles_removed = remove_unconfigured(config)
            clock.lap("nothing changed: the bundles in output/ are the ones last written")
            return report
        bundles, root = _assemble(scan, results, inputs, linked)
        clock.lap("rendered %d index pages, sitemaps and manifests", len(bundles))
        # Everything is computed and checked: write catalogs, then bundles.
        writes = [*scan.ui.writes, *(w for d in built.values() for w in d.result.writes)]
        report.catalogs_written = write_catalogs(writes)
        scan.digests.forget(report.catalogs_written)
        report.bundles_written = _swap_bundles(scan, bundles, root)
        unlinked = {loc.path for loc in scan.locales if loc not in linked}
        removed = remove_unconfigured(config, unlinked)  # (unlinked: said as unpublished)
        report.bundles_removed = [item for item in removed if item[0] not in unlinked]
        save_listing(config, inputs.sources)
        clock.lap(
            "wrote %d catalogs and %d bundles",
            len(report.catalogs_written),
            len(report.bundles_written),
        )
    except BaseException:
        _abandon(scan.stager, memory)
        raise
    for writer in memory.values():  # the catalogs units parsed anyway: the next memory
        writer.commit()  # lookup need not parse them
    _save_cache(scan, built, (inputs.outputs_key, _written(config, scan.locales)))
    return report


class _Clock:
    """-v: what each stage did and how long it took."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def lap(self, what: str, *args: object) -> None:
        now = time.monotonic()
        log.info(f"{what} in %.3fs", *args, now - self.last)
        self.last = now


# --- scan: what to build ---------------------------------------------------------------


class _Scan(NamedTuple):
    """What a build reads and decides before building anything."""

    config: Config
    tree: SourceTree
    paths: dict[str, Path]
    """Slug -> source file, in source order."""
    targets: tuple[Locale, ...]
    locales: list[Locale]
    """The source language, then the targets."""
    ui: UiResult
    cache: BuildCache
    digests: Digests
    keys: Keys
    stager: Stager
    context: BuildContext
    stale: list[Path]
    """Articles to build: the others are taken from the cache."""


def _scan(config: Config, targets: tuple[Locale, ...], update: bool, clock: _Clock) -> _Scan:
    tree = scan_sources(config.source_dir)
    paths = _article_paths(config, tree.articles)
    _warn_unconfigured(config)
    locales = [config.source_language, *targets]
    now = timestamp()
    every = tuple(locales)  # catalogs: an article's targets are every language but its own
    ui = build_ui(config, every, update, now)
    clock.lap(
        "read %d articles and %d media files, merged the UI catalogs", len(paths), len(tree.media)
    )
    cache = load_build_cache(config.work_dir)
    digests = Digests(cache.digests)
    stager = Stager(config.work_dir / "staging")
    before = _published_before(config, every)
    keys = Keys(config, fingerprint(config, update, ui.tables, targets), every, digests)
    stale = _stale(config, keys, paths, locales, cache, before)
    guess = _published_guess(paths, locales, cache)
    context = BuildContext(
        config, targets, ui.tables, update, now, digests, stager.root, before, guess
    )
    clock.lap(
        "%d articles to build, %d unchanged since the last build",
        len(stale),
        len(paths) - len(stale),
    )
    return _Scan(
        config, tree, paths, targets, locales, ui, cache, digests, keys, stager, context, stale
    )


def _article_paths(config: Config, found: tuple[Path, ...]) -> dict[str, Path]:
    """Slugs checked before any work: bad names and two files with one slug are input errors."""
    paths: dict[str, Path] = {}
    for path in found:
        shown = path.relative_to(config.root)
        slug = check_slug(path.stem, shown)
        if slug in paths:
            raise SourceError(
                f"slug {slug!r} is also used by {paths[slug].relative_to(config.root)}; rename one",
                shown,
            )
        paths[slug] = path
    return paths


def _warn_unconfigured(config: Config) -> None:
    configured = {loc.code for loc in config.languages} | {"templates"}
    found = config.locales_dir.iterdir() if config.locales_dir.is_dir() else []
    for folder in sorted(found):
        if folder.is_dir() and folder.name not in configured and (folder / "LC_MESSAGES").is_dir():
            log.warning(
                "%s: catalogs of a locale that is not configured are ignored; add "
                '"%s" to tool.pipeline.locales to publish it',
                folder.relative_to(config.root),
                folder.name,
            )


def _published_before(config: Config, targets: tuple[Locale, ...]) -> dict[str, frozenset[str]]:
    """Per locale: what its bundle last published, for `keep-published` (read from output/, not
    from .pipeline/, so a fresh clone of a deployed site keeps its pages too)."""
    if config.below_threshold != "keep-published":
        return {}
    return {loc.code: published_articles(config.output_dir / loc.path) for loc in targets}


def _stale(
    config: Config,
    keys: Keys,
    paths: dict[str, Path],
    locales: list[Locale],
    cache: BuildCache,
    before: dict[str, frozenset[str]],
) -> list[Path]:
    """Articles to build: new ones, those whose inputs changed, those whose pages are gone."""
    units = cache.units
    return [
        path
        for slug, path in paths.items()
        if slug not in units
        or units[slug].key
        != keys.unit(path, units[slug].result.needs_memory, was_published(before, slug))
        or not _pages_in_place(config, locales, units[slug].result, keys.digests)
    ]


def _pages_in_place(
    config: Config, locales: list[Locale], result: UnitResult, digests: Digests
) -> bool:
    """A cached article's pages are not kept: the live bundle holds them. One missing or
    edited there (by hand, or a deleted output/) makes the article build again."""
    for locale in locales:
        stored = result.pages.get(locale.code)
        live = config.output_dir / locale.path / f"{result.slug}.html"
        if stored is not None and digests.of(live) != stored.sha256:
            return False
    return True


def _published_guess(
    paths: dict[str, Path], locales: list[Locale], cache: BuildCache
) -> dict[str, frozenset[str]]:
    """Per article: the locales publishing it, as the last build decided (a new article:
    every locale). Units link to other articles by it; `_relink` rebuilds a page whose
    guess proved wrong."""
    every = frozenset(loc.code for loc in locales)
    units = cache.units
    return {slug: _publishing(units[slug].result) if slug in units else every for slug in paths}


def _publishing(result: UnitResult) -> frozenset[str]:
    return frozenset(code for code, summary in result.summaries.items() if summary.published)


# --- run units -------------------------------------------------------------------------


def _run_units(
    scan: _Scan,
    memory: dict[str, MemoryCacheWriter],
    jobs: int,
    progress: Callable[[int], Callable[[], None] | None] | None,
    clock: _Clock,
) -> dict[str, Done]:
    """Slug -> each stale article built, in source order."""
    fresh = scan.stale
    tick = progress(len(fresh)) if progress and fresh else None
    collect = _collect(scan.stager, memory, scan.digests)
    built = {d.result.slug: d for d in run_units(scan.context, fresh, jobs, tick, collect)}
    clock.lap("built %d articles in %d process(es)", len(built), processes(jobs, len(fresh)))
    return built


def _relink(scan: _Scan, built: dict[str, Done], jobs: int, clock: _Clock) -> dict[str, Done]:
    """Articles built again because a page links to another article whose publication is
    not what the page assumed (a guess for this build's new articles, or a cached page after
    the linked article was withheld, published, added or deleted). One more round suffices:
    whether an article is published never depends on its links."""
    results = {slug: (built.get(slug) or scan.cache.units[slug]).result for slug in scan.paths}
    if not any(result.links or result.broken for result in results.values()):
        return {}
    now = {slug: _publishing(result) for slug, result in results.items()}
    wrong = [
        slug
        for slug, result in results.items()
        if any(now.get(target) != codes for target, codes in result.links)
        or any(target in now for _, _, target in result.broken)
    ]
    if not wrong:
        return {}
    for slug in wrong:
        scan.stager.remove(f"{slug}.html")
    context = scan.context._replace(published=now)
    paths = [scan.paths[slug] for slug in wrong]
    collect = _collect(scan.stager, None, scan.digests)  # (the memory has their catalogs)
    again = {d.result.slug: d for d in run_units(context, paths, jobs, None, collect)}
    clock.lap("built %d articles again for their links to other articles", len(again))
    return again


def _collect(
    stager: Stager, memory: dict[str, MemoryCacheWriter] | None, digests: Digests
) -> Callable[[UnitResult, UnitReport], None]:
    """Each unit's report as it comes: where its pages were staged, its catalogs'
    translations for the memory cache, and the digests of the files it read (so they are not
    read again)."""

    def collect(result: UnitResult, report: UnitReport) -> None:
        digests.learn(report.inputs)
        for bundle, linked in report.placed.items():
            stager.add(bundle, f"{result.slug}.html", linked)
        if memory is None:
            return
        for code, (name, key, pickled_pairs) in report.memory.items():
            memory[code].add(name, key, pickled_pairs)

    return collect


def _report(scan: _Scan, results: list[UnitResult], rebuilt: int, linked: list[Locale]) -> Report:
    report = Report(articles=len(results), rebuilt=rebuilt, findings=list(scan.ui.findings))
    report.unpublished = [(loc.path, loc.code) for loc in scan.locales if loc not in linked]
    for locale in scan.locales:
        done = [p for r in results if (p := r.summaries[locale.code].progress) is not None]
        report.completeness[locale.code] = locale_percent(done)
        if done:
            report.translated_into.add(locale.code)
    for result in results:
        report.withheld += [(code, result.slug, pct) for code, pct in result.withheld]
        report.kept += [(code, result.slug, pct) for code, pct in result.kept]
        report.rejections += [(code, result.slug, r) for code, r in result.rejections]
        report.findings += result.findings
        shown = scan.paths[result.slug].relative_to(scan.config.root)
        report.broken_links += [(shown, line, href) for line, href, _ in result.broken]
    return report


def _linked(scan: _Scan, results: list[UnitResult]) -> list[Locale]:
    """The languages whose bundles are written and linked (`linked_languages`); with
    `keep-previous`, also one whose live bundle holds a page that policy keeps, which no
    build may take off the site."""
    linked = linked_languages(scan.locales, (r.summaries for r in results))
    if scan.config.below_threshold != "keep-previous":
        return linked
    output = scan.config.output_dir
    return [
        loc
        for loc in scan.locales
        if loc in linked or any((output / loc.path / f"{r.slug}.html").is_file() for r in results)
    ]


def _refuse_imperfect(report: Report) -> None:
    problems = len(report.findings) + len(report.rejections) + len(report.withheld)
    if problems:
        raise Failure(
            f"--strict: {len(report.findings) + len(report.rejections)} translation "
            f"errors, {len(report.withheld)} articles held back; nothing was written"
        )


# --- assemble --------------------------------------------------------------------------


class _Inputs(NamedTuple):
    """What the bundles are made from."""

    key: str
    """Every article's inputs as they are once this build has written its catalogs."""
    sources: dict[str, str]
    """Project-relative path -> sha256 of every input file (`pipeline.freshness`)."""
    listed: str
    """One digest of `sources`, for the manifests."""
    outputs_key: str


def _inputs(scan: _Scan, built: list[Done]) -> _Inputs:
    config, digests = scan.config, scan.digests
    key = scan.keys.inputs(scan.paths, {w.path: w.data for d in built for w in d.result.writes})
    pending = {**scan.ui.read, **{w.path: digest(w.data) for w in scan.ui.writes}}
    pending.update((w.path, digest(w.data)) for d in built for w in d.result.writes)
    sources = input_digests(
        config,
        scan.locales,
        scan.paths.values(),
        scan.tree.media,
        lambda p: pending.get(p) or digests.of(p),
        scan.keys.files,
    )
    listed = listing_digest(sources)
    return _Inputs(key, sources, listed, digest(f"{key}\0{listed}".encode()))


def _outputs_intact(scan: _Scan, outputs_key: str) -> bool:
    """A no-op build need not render anything when the bundles in output/ are still the
    ones written from these very inputs. (A file edited by hand inside a bundle is noticed
    only by the next build that changes something.)"""
    outputs = scan.cache.outputs
    if outputs is None or outputs[0] != outputs_key:
        return False
    return outputs[1] == _written(scan.config, scan.locales)


def _assemble(
    scan: _Scan, results: list[UnitResult], inputs: _Inputs, linked: list[Locale]
) -> tuple[dict[str, Files], bytes]:
    """Each linked language's bundle files, and the root page."""
    config = scan.config
    layouts = Layouts(config.layouts_dir)  # one, so each layout is compiled once
    bundles = {
        loc.code: assemble_bundle(
            config,
            layouts,
            loc,
            linked,
            results,
            scan.tree.media,
            (inputs.key, inputs.listed),
            scan.ui.tables,
        )
        for loc in linked
    }
    return bundles, root_page(config, layouts, linked)


# --- swap bundles ----------------------------------------------------------------------


def _swap_bundles(scan: _Scan, bundles: dict[str, Files], root: bytes) -> list[str]:
    """Each bundle swapped in whole (after repairing a swap a killed build left half done),
    then the root page; returns the bundles that changed."""
    config, stager = scan.config, scan.stager
    staged = stager.finish()
    repair(config.output_dir)
    written = []
    for locale in scan.locales:
        if locale.code not in bundles:  # publishes no article: see linked_languages
            continue
        live = config.output_dir / locale.path
        if write_bundle(live, stager.root, bundles[locale.code], staged.get(live.name)):
            written.append(locale.path)
    if current_digest(config.output_dir / "index.html") != digest(root):
        atomic_write(config.output_dir / "index.html", root)
    return written


def _abandon(stager: Stager, memory: dict[str, MemoryCacheWriter]) -> None:
    stager.discard()
    for writer in memory.values():
        writer.abandon()


# --- save cache ------------------------------------------------------------------------


def _written(config: Config, locales: list[Locale]) -> dict[str, str]:
    """Fingerprints of what is in output/: each bundle's manifest (which lists every file's
    sha256) and the top-level index page."""
    found = {
        loc.path: current_digest(config.output_dir / loc.path / "manifest.json") for loc in locales
    }
    found["index.html"] = current_digest(config.output_dir / "index.html")
    return found


def _save_cache(scan: _Scan, built: dict[str, Done], outputs: tuple[str, dict[str, str]]) -> None:
    """Cache each result under the key its inputs have now, after the catalogs were written."""
    units = {}
    for slug, path in scan.paths.items():
        item = built.get(slug) or scan.cache.units[slug]
        result, blob = item.result, item.blob
        published = _published_now(scan.config, result)
        units[slug] = CachedUnit(scan.keys.unit(path, result.needs_memory, published), result, blob)
    save_build_cache(scan.config.work_dir, BuildCache(units, outputs, scan.digests.lasting()))


def _published_now(config: Config, result: UnitResult) -> str:
    """What the next build will read from the manifests this one writes (see `_stale`)."""
    if config.below_threshold != "keep-published":
        return ""
    summaries = result.summaries
    codes = [loc.code for loc in config.languages if (s := summaries.get(loc.code)) and s.published]
    return was_published({code: frozenset([result.slug]) for code in codes}, result.slug)
