"""`pipeline build`: read -> segment -> extract -> update -> render -> write, for every locale.

Articles are built as independent units (in worker processes with --jobs), each reused from
the cache when the hashes of its inputs are unchanged. Nothing is written until every unit
has succeeded: catalogs first, then each bundle, swapped in whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline import __version__
from pipeline.bundle import (
    Files,
    Stager,
    manifest,
    published_articles,
    read_manifest,
    repair,
    sitemap,
    write_bundle,
)
from pipeline.catalogs.headers import timestamp
from pipeline.catalogs.lookup import ui_table
from pipeline.catalogs.memory import Seed
from pipeline.catalogs.stats import locale_percent
from pipeline.catalogs.update import (
    UI,
    locale_memory,
    memory_cache,
    plan_catalog,
    plan_ui_template,
    read_one,
)
from pipeline.checks import check_errors
from pipeline.config import Config
from pipeline.digests import Digests
from pipeline.errors import Failure
from pipeline.fileio import atomic_write, current_digest, digest
from pipeline.freshness import input_digests, listing_digest, save_listing
from pipeline.model import Finding, Locale
from pipeline.pages import Summary, alternates, index_page, root_page
from pipeline.render import PACKAGE_ASSETS, PACKAGE_LAYOUTS, Layouts
from pipeline.segments import Rejection
from pipeline.sources import check_slug, scan_sources
from pipeline.state import State, load_state, save_state
from pipeline.work import Context, Result, Write, input_files, run_units, unit_key

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
    completeness: dict[str, float] = field(default_factory=dict)
    """Per locale code: its completeness over the translatable articles, weighted by source
    words, as `status` shows it (`pipeline.catalogs.stats.locale_percent`)."""


def build(
    config: Config,
    only: list[Locale] | None = None,
    update: bool = True,
    jobs: int = 1,
    progress: Callable[[int], Callable[[], None]] | None = None,
    strict: bool = False,
) -> Report:
    """Build every bundle; with `strict`, any check error or held-back article is a Failure
    raised before anything is written."""
    clock = _Clock()
    tree = scan_sources(config.source_dir)
    paths = _article_paths(config, tree.articles)
    targets = tuple(only or config.locales)
    _warn_unconfigured(config)
    locales = [config.source_language, *targets]
    now = timestamp()
    read: dict[Path, str] = {}  # digests of the files read here: the UI catalogs
    ui_writes, ui, ui_findings = _ui(config, targets, update, now, read)
    clock.lap(
        "read %d articles and %d media files, merged the UI catalogs", len(paths), len(tree.media)
    )
    state = load_state(config.work_dir)
    digests = Digests(state.digests)
    stager = Stager(config.work_dir / "staging")
    before = _published_before(config, targets)
    context = Context(config, targets, ui, update, now, digests, stager.root, before)
    fingerprint = _fingerprint(config, context)
    cache = state.units
    keys = _Keys(config, fingerprint, targets, digests)
    fresh = _stale(config, keys, paths, locales, cache, before)
    clock.lap(
        "%d articles to build, %d unchanged since the last build",
        len(fresh),
        len(paths) - len(fresh),
    )
    tick = progress(len(fresh)) if progress and fresh else None
    seeds = {loc.code: Seed(memory_cache(config, loc)) for loc in targets}
    try:
        each = _collect(stager, seeds, digests)
        built = {r.slug: r for r in run_units(context, fresh, jobs, tick, each)}
        results = [built.get(slug) or cache[slug][1] for slug in paths]
        processes = jobs if len(fresh) >= 2 * jobs else 1
        clock.lap("built %d articles in %d process(es)", len(built), processes)
        report = Report(articles=len(results), rebuilt=len(built), findings=ui_findings)
        _report(report, results, locales)
        if strict:
            _refuse_imperfect(report)
        inputs = keys.inputs(paths, built)
        pending = {**read, **{w.path: digest(w.data) for w in ui_writes}}
        pending.update((w.path, digest(w.data)) for r in built.values() for w in r.writes)
        sources = input_digests(
            config,
            targets,
            paths.values(),
            tree.media,
            lambda p: pending.get(p) or digests.of(p),
            keys.files,
        )
        listed = listing_digest(sources)
        outputs_key = digest(f"{inputs}\0{listed}".encode())
        if not built and not ui_writes and _outputs_intact(config, locales, state, outputs_key):
            _discard(stager, seeds)
            report.bundles_removed = _remove_unconfigured(config)
            clock.lap("nothing changed: the bundles in output/ are the ones last written")
            return report  # nothing changed, and the bundles are the ones last written
        layouts = Layouts(config.layouts_dir)  # one, so each layout is compiled once
        bundles = {
            loc.code: _bundle(
                config, layouts, loc, locales, results, tree.media, (inputs, listed), ui
            )
            for loc in locales
        }
        root = root_page(config, layouts, locales)
        staged = stager.finish()
        clock.lap("rendered %d index pages, sitemaps and manifests", len(bundles))
    except BaseException:
        _discard(stager, seeds)
        raise
    # Everything is computed: write catalogs, then bundles.
    try:
        report.catalogs_written = _write_catalogs(
            config, [*ui_writes, *(w for r in built.values() for w in r.writes)]
        )
        digests.forget(report.catalogs_written)
        repair(config.output_dir)
        for locale in locales:
            live = config.output_dir / locale.path
            if write_bundle(live, stager.root, bundles[locale.code], staged.get(live.name)):
                report.bundles_written.append(locale.path)
        if current_digest(config.output_dir / "index.html") != digest(root):
            atomic_write(config.output_dir / "index.html", root)
        report.bundles_removed = _remove_unconfigured(config)
        save_listing(config, sources)
        clock.lap(
            "wrote %d catalogs and %d bundles",
            len(report.catalogs_written),
            len(report.bundles_written),
        )
    except BaseException:
        _discard(stager, seeds)
        raise
    for seed in seeds.values():  # the catalogs units parsed anyway: the next memory lookup
        seed.close()  # need not parse them
    outputs = (outputs_key, _written(config, locales))
    _remember(config, keys, paths, results, outputs)
    return report


class _Clock:
    """-v: what each stage did and how long it took."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def lap(self, what: str, *args: object) -> None:
        now = time.monotonic()
        log.info(f"{what} in %.3fs", *args, now - self.last)
        self.last = now


def _remove_unconfigured(config: Config) -> list[tuple[str, str]]:
    """Bundles in output/ of locales no longer in the config: anyone who syncs output/ would
    publish them. A folder counts as a bundle only when its manifest says a build made it."""
    keep = {config.source_language.path, *(loc.path for loc in config.locales)}
    removed = []
    found = sorted(config.output_dir.iterdir()) if config.output_dir.is_dir() else []
    for folder in found:
        if folder.name in keep or not folder.is_dir() or folder.is_symlink():
            continue
        document = read_manifest(folder)
        locale = document.get("locale")
        if isinstance(locale, str) and str(document.get("generator", "")).startswith("pipeline"):
            doomed = config.work_dir / f"removed-{folder.name}"
            shutil.rmtree(doomed, ignore_errors=True)
            config.work_dir.mkdir(parents=True, exist_ok=True)
            try:
                os.rename(folder, doomed)  # gone from output/ at once; deleted after
            except OSError:
                doomed = folder
            shutil.rmtree(doomed, ignore_errors=True)
            removed.append((folder.name, locale))
    return removed


def _published_before(config: Config, targets: tuple[Locale, ...]) -> dict[str, frozenset[str]]:
    """Per locale: what its bundle last published, for `keep-published` (read from output/, not
    from .pipeline/, so a fresh clone of a deployed site keeps its pages too)."""
    if config.below_threshold != "keep-published":
        return {}
    return {loc.code: published_articles(config.output_dir / loc.path) for loc in targets}


def _stale(config: Config, keys: _Keys, paths, locales, cache, before) -> list[Path]:
    """Articles to build: new ones, those whose inputs changed, those whose pages are gone."""
    return [
        path
        for slug, path in paths.items()
        if slug not in cache
        or cache[slug][0] != keys.unit(path, cache[slug][1], _was_published(before, slug))
        or not _pages_in_place(config, locales, cache[slug][1], keys.digests)
    ]


def _was_published(before: dict[str, frozenset[str]], slug: str) -> str:
    """Part of an article's key: the locales whose previous build published it."""
    return ",".join(code for code, slugs in sorted(before.items()) if slug in slugs)


def _pages_in_place(config: Config, locales: list[Locale], result: Result, digests) -> bool:
    """A cached article's pages are not kept: the live bundle holds them. One missing or
    edited there (by hand, or a deleted output/) makes the article build again."""
    for locale in locales:
        stored = result.stored.get(locale.code)
        live = config.output_dir / locale.path / f"{result.slug}.html"
        if stored is not None and digests.of(live) != stored.sha256:
            return False
    return True


def _collect(stager: Stager, seeds: dict[str, Seed], digests: Digests):
    """Each result as it comes: where its pages were staged, its catalogs' translations for
    the memory cache (so the main process does not hold them for the whole build), and the
    digests of the files it read (so they are not read again)."""

    def collect(result: Result) -> None:
        digests.learn(result.inputs)
        for bundle, linked in result.placed.items():
            stager.add(bundle, f"{result.slug}.html", linked)
        for code, (name, key, pickled_pairs) in result.memory.items():
            seeds[code].add(name, key, pickled_pairs)
        result.placed, result.memory, result.inputs = {}, {}, {}

    return collect


def _discard(stager: Stager, seeds: dict[str, Seed]) -> None:
    stager.discard()
    for seed in seeds.values():
        seed.discard()


def _written(config: Config, locales: list[Locale]) -> dict[str, str]:
    """Fingerprints of what is in output/: each bundle's manifest (which lists every file's
    sha256) and the top-level index page."""
    found = {
        loc.path: current_digest(config.output_dir / loc.path / "manifest.json") for loc in locales
    }
    found["index.html"] = current_digest(config.output_dir / "index.html")
    return found


def _outputs_intact(config: Config, locales: list[Locale], state, outputs_key: str) -> bool:
    """A no-op build need not render anything when the bundles in output/ are still the
    ones written from these very inputs. (A file edited by hand inside a bundle is noticed
    only by the next build that changes something.)"""
    if state.outputs is None or state.outputs[0] != outputs_key:
        return False
    return state.outputs[1] == _written(config, locales)


def _refuse_imperfect(report: Report) -> None:
    problems = len(report.findings) + len(report.rejections) + len(report.withheld)
    if problems:
        raise Failure(
            f"--strict: {len(report.findings) + len(report.rejections)} translation "
            f"errors, {len(report.withheld)} articles held back; nothing was written"
        )


def _warn_unconfigured(config: Config) -> None:
    configured = {loc.code for loc in config.locales} | {"templates"}
    found = config.locales_dir.iterdir() if config.locales_dir.is_dir() else []
    for folder in sorted(found):
        if folder.is_dir() and folder.name not in configured and (folder / "LC_MESSAGES").is_dir():
            log.warning(
                "%s: catalogs of a locale that is not configured are ignored; add "
                '"%s" to tool.pipeline.locales to publish it',
                folder.relative_to(config.root),
                folder.name,
            )


def _article_paths(config: Config, found: tuple[Path, ...]) -> dict[str, Path]:
    """Slugs checked before any work: bad names and two files with one slug are input errors."""
    from pipeline.errors import SourceError

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


def _ui(
    config: Config, targets: tuple[Locale, ...], update: bool, now: str, read: dict[Path, str]
) -> tuple[list[Write], dict[str, dict[str, str]], list[Finding]]:
    """ui.pot and each locale's ui.po, merged like articles; the accepted UI translations;
    the check errors that refused some (like articles', those are not used). `read` learns
    the digest of each UI catalog as read (so it is not read again)."""
    writes: list[Write] = []
    findings: list[Finding] = []
    template = plan_ui_template(config, now) if update else None
    if template is not None:
        read[template.path] = template.old.digest if template.old else digest(b"")
        if template.changed():
            writes.append(_as_write(template))
    tables = {}
    for locale in targets:
        old = read_one(config, locale, UI)
        read[config.catalog_dir(locale) / f"{UI}.po"] = old.digest if old else digest(b"")
        po = old.po if old else None
        if template is not None:
            plan = plan_catalog(config, UI, template, locale, old, locale_memory(config, locale))
            if plan.changed():
                writes.append(_as_write(plan))
            po = plan.po
        rejected: frozenset = frozenset()
        if po is not None:
            shown = (config.catalog_dir(locale) / f"{UI}.po").relative_to(config.root)
            errors, rejected = check_errors(po, str(shown), locale.code)
            findings += errors
        tables[locale.code] = ui_table(po, locale.code, rejected)
    return writes, tables, findings


def _as_write(plan) -> Write:
    from pipeline.catalogs.pofile import format_catalog

    return Write(plan.path, format_catalog(plan.po).encode(), plan.old.digest if plan.old else "")


def _write_catalogs(config: Config, writes: list[Write]) -> list[Path]:
    for write in writes:
        atomic_write(write.path, write.data, write.expected)
    return [w.path for w in writes]


def _fingerprint(config: Config, context: Context) -> str:
    """Everything every page depends on besides its own article and catalogs."""
    hasher = hashlib.sha256(f"{__version__}\0{_identity(config)}\0{context.update}".encode())
    for folder in (config.layouts_dir, PACKAGE_LAYOUTS, PACKAGE_ASSETS):
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            hasher.update(path.name.encode() + path.read_bytes())
    hasher.update(json.dumps(context.ui, sort_keys=True, ensure_ascii=False).encode())
    hasher.update(json.dumps([loc.code for loc in context.targets]).encode())
    return hasher.hexdigest()


def _identity(config: Config) -> str:
    """The config without where the project lives: the same site built elsewhere is equal."""
    import dataclasses

    fields = dataclasses.asdict(config)
    fields.pop("root")
    fields["compendium"] = [digest(_read(path)) for path in config.compendium]
    return json.dumps(fields, sort_keys=True, default=str)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


class _Keys:
    """Keys of what a build depends on, per article and for the bundles, from the digests of
    each article's inputs (its source, template and catalogs). The inputs' paths are made
    once a build: three steps ask for them, and pathlib costs ~10 us an article each time."""

    def __init__(self, config: Config, fingerprint: str, targets, digests: Digests):
        self.config, self.fingerprint, self.targets = config, fingerprint, targets
        self.digests = digests
        self._files: dict[Path, list[Path]] = {}

    def files(self, path: Path) -> list[Path]:
        found = self._files.get(path)
        if found is None:
            found = self._files[path] = input_files(self.config, self.targets, path)
        return found

    def unit(self, path: Path, cached: Result | None, published: str = "") -> str:
        """An article's key; `cached`: its last result, which says whether it drew on the
        translation memory (then every catalog of that locale is an input too);
        `published`: where the previous build published it (see _was_published)."""
        extra = published
        if cached is not None:
            hungry = [loc for loc in self.targets if loc.code in cached.needs_memory]
            extra += "".join(_locale_digest(self.config, loc, self.digests) for loc in hungry)
        files = self.files(path)
        return unit_key(self.fingerprint, [self.digests.of(file) for file in files], extra)

    def inputs(self, paths: dict[str, Path], built: dict[str, Result]) -> str:
        """What the bundles were made from: config, layouts, UI strings, and every article's
        source and catalogs as they are once this build has written them."""
        pending = {w.path: w.data for r in built.values() for w in r.writes}
        lines = [self.fingerprint]
        for slug, path in paths.items():
            for item in self.files(path):
                value = digest(pending[item]) if item in pending else self.digests.of(item)
                lines.append(f"{slug}\0{item.name}\0{value}\n")
        return digest("".join(lines).encode())


def _locale_digest(config: Config, locale: Locale, digests: Digests) -> str:
    """Every catalog of a locale: the translation memory an untranslated message may draw on."""
    found = digests.derived.get(("locale", locale.code))
    if found is None:
        folder = config.catalog_dir(locale)
        names = sorted(folder.glob("*.po")) if folder.is_dir() else []
        found = digest("".join(f"{p.name}\0{digests.of(p)}\n" for p in names).encode())
        digests.derived[("locale", locale.code)] = found
    return found


def _remember(config, keys: _Keys, paths, results: list[Result], outputs) -> None:
    """Cache each result under the key its inputs have now, after the catalogs were written."""
    units = {
        result.slug: (keys.unit(paths[result.slug], result, _published_now(config, result)), result)
        for result in results
    }
    save_state(config.work_dir, State(units, outputs, keys.digests.lasting()))


def _published_now(config: Config, result: Result) -> str:
    """What the next build will read from the manifests this one writes (see _stale)."""
    if config.below_threshold != "keep-published":
        return ""
    codes = [
        loc.code for loc in config.locales if (s := result.summaries.get(loc.code)) and s.published
    ]
    return _was_published({code: frozenset([result.slug]) for code in codes}, result.slug)


def _bundle(
    config: Config,
    layouts: Layouts,
    locale: Locale,
    locales: list[Locale],
    results: list[Result],
    media: tuple[Path, ...],
    inputs: tuple[str, str],
    ui: dict[str, dict[str, str]],
) -> Files:
    """`inputs`: the key of everything the bundle is made from, and the digest of the listing
    of its input files (which `publish` compares with the files on disk)."""
    files: Files = {}
    summaries: list[Summary] = []
    for result in results:
        summary = result.summaries[locale.code]
        page = result.stored.get(locale.code)
        if page is None and config.below_threshold == "keep-previous":
            previous = config.output_dir / locale.path / f"{result.slug}.html"
            page = previous.read_bytes() if previous.is_file() else None
        if page is not None:
            files[f"{result.slug}.html"] = page
        summaries.append(summary)
    table = ui.get(locale.code, {})  # the UI strings as merged for this build, like articles'
    files["index.html"] = index_page(
        config, layouts, locale, locales, summaries, lambda s: table.get(s, s)
    )
    files["assets/style.css"] = (PACKAGE_ASSETS / "style.css").read_bytes()
    for path in media:
        files[path.relative_to(config.source_dir).as_posix()] = path.read_bytes()
    if config.base_url:
        files["sitemap.xml"] = _sitemap(config, locale, locales, results)
    extra = {
        "generator": f"pipeline {__version__}",
        "locale": locale.code,
        "tag": locale.tag,
        "versions": _versions(),
        "inputs_sha256": inputs[0],
        "sources_sha256": inputs[1],
        "articles": {
            s.slug: {"completeness": s.completeness, "published": s.published} for s in summaries
        },
    }
    files["manifest.json"] = manifest(files, extra)
    return files


def _sitemap(config: Config, locale: Locale, locales: list[Locale], results) -> bytes:
    urls = []
    for result in results:
        if not result.summaries[locale.code].published:
            continue
        name = f"{result.slug}.html"
        present = [loc for loc in locales if result.summaries[loc.code].published]
        links = [(a["hreflang"], a["href"]) for a in alternates(config, locale, present, name)]
        urls.append((f"{config.base_url}{locale.path}/{name}", links))
    return sitemap(urls)


_PACKAGES = {
    "babel": "babel",
    "jinja2": "jinja2",
    "lxml": "lxml",
    "markdown-it-py": "markdown_it",
    "polib": "polib",
    "PyYAML": "yaml",
}
"""Distributions whose versions the manifest records, with the module each installs."""


@cache
def _versions() -> dict[str, str]:
    """Read from each distribution's metadata folder beside its module, without importing
    anything: importing Markdown and YAML support only to ask their versions cost 30 ms of a
    build with no Markdown source, and importlib.metadata costs 20 ms to import and scans
    every installed package per lookup."""
    return {name: _version_of(name, module) for name, module in _PACKAGES.items()}


def _version_of(name: str, module: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent
        site = folder.parent if spec.submodule_search_locations else folder
        wanted = _normal_name(name)
        for entry in os.scandir(site):
            stem, dot, suffix = entry.name.rpartition(".")
            project, _, version = stem.partition("-")
            if dot and suffix == "dist-info" and _normal_name(project) == wanted and version:
                return version
    from importlib import metadata  # (not installed as a wheel: ask the slow way)

    return metadata.version(name)


def _normal_name(name: str) -> str:
    """A distribution name as wheels spell it in their folder names (PEP 503, underscores)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _report(report: Report, results: list[Result], locales: list[Locale]) -> None:
    for locale in locales:
        done = [r.summaries[locale.code].progress for r in results]
        report.completeness[locale.code] = locale_percent(p for p in done if p is not None)
    for result in results:
        report.withheld += [(code, result.slug, pct) for code, pct in result.withheld]
        report.kept += [(code, result.slug, pct) for code, pct in result.kept]
        report.rejections += [(code, result.slug, r) for code, r in result.rejections]
        report.findings += result.findings
