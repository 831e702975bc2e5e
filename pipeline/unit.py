"""One article's whole build as a unit: read, split, extract, merge, check and render it for
every locale. Units run in worker processes (`pipeline.workers`) and write nothing anyone
reads: they return the catalogs to write, so the parent can check everything first and write
last, in a fixed order.

Its records are NamedTuples, not frozen dataclasses: just as immutable, and a frozen
slotted dataclass costs ~0.5 ms to create at import and is pickled through Python-level
`__getstate__`/`__setstate__`, where a build pickles and unpickles one result per article.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.caching.digests import Digests, Stamp, stamp_of
from pipeline.caching.keys import input_files
from pipeline.catalogs.lookup import table, ui_table
from pipeline.catalogs.memory import Memory, rememberable
from pipeline.catalogs.stats import Progress, progress
from pipeline.catalogs.ui import extract_ui
from pipeline.catalogs.update import (
    UI,
    CatalogWrite,
    article_template,
    locale_memory,
    read_one,
    update_catalogs,
)
from pipeline.checks import check_errors
from pipeline.config import Config
from pipeline.fileio import digest
from pipeline.model import Finding, Locale, MessageKey, Stored
from pipeline.project import Compiled
from pipeline.render.fill import Resolved, resolve
from pipeline.render.layouts import Layouts, Text, ui_gettext
from pipeline.render.links import Published, assumed, broken, link_resolver
from pipeline.render.pages import Summary, article_page, is_below_threshold, is_published
from pipeline.segments import Rejection, links_of, segments_of, split_article
from pipeline.sources import read_article


class BuildContext(NamedTuple):
    """What every unit of one build shares; sent once to each worker."""

    config: Config
    targets: tuple[Locale, ...]
    ui: dict[str, dict[str, str]]
    """Per locale code: accepted UI translations."""
    update: bool
    now: str
    digests: Digests | None
    """The build's file digests (each worker process then keeps its own copy)."""
    staging: Path | None
    """Where units write their pages (see bundle.Stager); None: nowhere (the pages are
    returned by `build_unit` only)."""
    published_before: dict[str, frozenset[str]]
    """Per locale code: the articles the previous build published (from the bundles'
    manifests), which the `keep-published` policy keeps on the site."""
    published: Published
    """Per article slug: the locales publishing it, as far as the build knows when the unit
    runs, for links between articles (`build._relink` checks what each page assumed)."""

    @property
    def locales(self) -> list[Locale]:
        return [self.config.source_language, *self.targets]


class UnitResult(NamedTuple):
    """What building one article gives; kept in the build cache, so an article whose inputs
    did not change is not built again."""

    slug: str
    summaries: dict[str, Summary]
    """Per locale code: what index pages, sitemaps and manifests need of the article."""
    pages: dict[str, Stored]
    """Per locale code: size and sha256 of its page (the bytes are in staging, or in the
    live bundle); no entry where the page is not published."""
    writes: tuple[CatalogWrite, ...]
    """Its template and catalogs that changed, to be written once everything succeeded."""
    findings: tuple[Finding, ...]
    """Check errors: those translations were not used."""
    rejections: tuple[tuple[str, Rejection], ...]
    """(locale code, a translation the renderer refused)."""
    withheld: tuple[tuple[str, float], ...]
    """(locale code, completeness) of pages not published."""
    kept: tuple[tuple[str, float], ...]
    """(locale code, completeness) of pages below min_completeness kept published because
    the previous build published them."""
    needs_memory: tuple[str, ...]
    """Locales with untranslated messages: another catalog's new translation may fill them."""
    links: tuple[tuple[str, frozenset[str]], ...] = ()
    """(slug, locale codes publishing it) of each article the pages link to, as assumed."""
    broken: tuple[tuple[int, str, str], ...] = ()
    """(line, href, slug) of each link to an article source that does not exist."""
    original: str = ""
    """The locale code of the article's own language (x-default of its alternates)."""


class UnitReport(NamedTuple):
    """What the main process learns from one unit during one build and then drops; never
    cached."""

    inputs: dict[str, tuple[Stamp, str]]
    """Per input file read: its stamp before the read and the digest of what was read, so
    the main process need not read it again."""
    memory: dict[str, tuple[str, str, bytes]]
    """Per locale code: (catalog file name, its digest, its remembered translations,
    pickled) for the memory cache."""
    placed: dict[str, bool]
    """Per bundle folder: the page was staged as a hard link to the live page (True) or
    written."""


class _Catalogs:
    """What the unit gathers from an article's catalogs, before it renders."""

    __slots__ = ("writes", "inputs", "memory", "findings", "hungry", "by_locale")

    def __init__(self) -> None:
        self.writes: list[CatalogWrite] = []
        self.inputs: dict[str, str] = {}
        self.memory: dict[str, tuple[str, str, bytes]] = {}
        self.findings: list[Finding] = []
        self.hungry: list[str] = []
        self.by_locale: dict[str, _Catalog] = {}


_Catalog = tuple[Any, dict, frozenset]
"""A locale's catalog of an article (a polib.POFile; None: none yet), its accepted
translations by (msgctxt, msgid), and the keys of the translations a check error refuses."""


def build_unit(
    context: BuildContext, path: Path, layouts: Layouts, memories: dict[str, Memory]
) -> tuple[UnitResult, dict[str, bytes], UnitReport]:
    """The article's result, its pages' HTML by locale code, and what this build learns."""
    config = context.config
    stamps = {str(file): stamp_of(file) for file in input_files(config, context.locales, path)}
    article = read_article(path, config.root)
    meta = article.metadata
    own = config.article_locale(meta.lang, article.path, meta.lines.get("lang"))
    targets = tuple(loc for loc in context.locales if loc != own)
    compiled = Compiled(article, split_article(article))
    gathered = _catalogs(context, compiled, memories, targets, own.code)
    gathered.inputs[str(path)] = article.digest
    inputs = {
        name: (stamp, found)
        for name, found in gathered.inputs.items()
        if (stamp := stamps.get(name)) is not None
    }
    catalogs = gathered.by_locale
    tag = own.tag  # fallback text is marked with the article's own language
    resolved = {
        loc.code: resolve(
            compiled,
            catalogs[loc.code][1] if loc.code in catalogs else None,
            tag,
            link_resolver(context.published, loc, context.locales),
        )
        for loc in context.locales
    }
    done = {code: _progress(config, compiled, *catalogs[code], resolved[code]) for code in catalogs}
    before = {
        loc.code: compiled.slug in context.published_before.get(loc.code, ()) for loc in targets
    }
    present = [
        loc
        for loc in context.locales
        if is_published(
            config, loc, own, compiled, _percent(done.get(loc.code)), before.get(loc.code, False)
        )
    ]
    summaries, pages = {}, {}
    rejections, withheld, kept = [], [], []
    for locale in context.locales:
        item = resolved[locale.code]
        published = locale in present
        summaries[locale.code] = _summary(compiled, item, done.get(locale.code), published)
        rejections += [(locale.code, r) for r in item.rejections]
        ui = context.ui.get(locale.code, {})
        percent = _percent(done.get(locale.code))
        if published and before.get(locale.code) and is_below_threshold(config, percent):
            kept.append((locale.code, percent))
        if published:
            pages[locale.code] = article_page(
                config,
                layouts,
                locale,
                own,
                context.locales,
                compiled,
                item,
                present,
                ui_gettext(ui, locale, config.site_title, config.source_language),
            )
        elif meta.translate:
            withheld.append((locale.code, percent))
    result = UnitResult(
        compiled.slug,
        summaries,
        {code: Stored.of(page) for code, page in pages.items()},
        tuple(gathered.writes),
        tuple(gathered.findings),
        tuple(rejections),
        tuple(withheld),
        tuple(kept),
        tuple(gathered.hungry),
        assumed(holes := links_of(compiled.skeleton), context.published),
        broken(holes, context.published),
        own.code,
    )
    return result, pages, UnitReport(inputs, gathered.memory, {})  # placed: by the worker


def _catalogs(
    context: BuildContext,
    compiled: Compiled,
    memories: dict[str, Memory],
    targets: tuple[Locale, ...],
    own: str,
) -> _Catalogs:
    """Merge (with --update) and load the article's catalogs in its `targets` (every site
    language but its own, `own`), by locale (none for an article kept source-only)."""
    config = context.config
    gathered = _Catalogs()
    if not compiled.article.metadata.translate:
        return gathered
    slug = compiled.slug

    def memory_of(locale: Locale) -> Memory:
        if locale.code not in memories:
            memories[locale.code] = locale_memory(config, locale, digests=context.digests)
        return memories[locale.code]

    def read_old(locale: Locale):
        old = read_one(config, locale, slug)
        if old is not None:
            gathered.inputs[str(old.path)] = old.digest
        return old

    pot = article_template(config, compiled) if context.update else None
    updated = update_catalogs(config, slug, pot, targets, context.now, read_old, memory_of, own=own)
    template = updated.template
    if template is not None and template.old is not None:
        gathered.inputs[str(template.path)] = template.old.digest
    gathered.writes = updated.writes()
    final = {str(w.path): w.data for w in gathered.writes}
    for locale in targets:
        plan = updated.catalogs[locale.code]
        po = plan.po if plan is not None else None
        if plan is not None:  # seeds the memory cache: later builds need not parse this file
            data = final.get(str(plan.path))
            key = digest(data) if data is not None else (plan.old.digest if plan.old else "")
            pairs = [(e.msgid, e.msgstr) for e in plan.po if rememberable(e)]
            blob = pickle.dumps(pairs, protocol=pickle.HIGHEST_PROTOCOL)
            gathered.memory[locale.code] = (f"{slug}.po", key, blob)
        derived = config.derivation(locale.code) is not None  # (never filled from memory)
        if po is not None and not derived and any(not e.msgstr and not e.obsolete for e in po):
            gathered.hungry.append(locale.code)
        gathered.by_locale[locale.code] = (po, *_accepted(config, locale, slug, po, gathered))
    return gathered


def _accepted(
    config: Config, locale: Locale, slug: str, po, gathered: _Catalogs
) -> tuple[dict, frozenset]:
    """Usable translations, less those with a check error (the build never publishes them),
    and the keys of those."""
    if po is None:
        return {}, frozenset()
    path = (config.catalog_dir(locale) / f"{slug}.po").relative_to(config.root)
    findings, rejected = check_errors(po, str(path), locale.code)
    gathered.findings += findings
    accepted = {k: v for k, v in table(po, config.publish_fuzzy).items() if k not in rejected}
    return accepted, rejected


def _progress(
    config: Config,
    compiled: Compiled,
    po,
    accepted: dict,
    rejected: frozenset[MessageKey],
    item: Resolved,
) -> Progress:
    """The article's completeness in one locale, as `status` computes it; a translation the
    renderer refused (its placeholders do not fit the source) counts as rejected too."""
    keys = [(s.context, s.text) for s in segments_of(compiled.skeleton)]
    refused = rejected | {(r.segment.context, r.segment.text) for r in item.rejections}
    return progress(po, keys, config.publish_fuzzy, refused)


def _percent(done: Progress | None) -> float:
    """None: nothing to translate (the source language, or an article kept source-only)."""
    return done.percent if done is not None else 100.0


def _summary(compiled: Compiled, item: Resolved, done: Progress | None, published: bool) -> Summary:
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


class UiResult(NamedTuple):
    """The layouts' UI strings, updated like an article's catalogs."""

    writes: tuple[CatalogWrite, ...]
    tables: dict[str, dict[str, str]]
    """Per locale code: the accepted UI translations, by msgid."""
    findings: tuple[Finding, ...]
    """Check errors of the project's ui.po: those translations are not used."""
    read: dict[Path, str]
    """The digest of each UI catalog as read (so it is not read again)."""


def build_ui(config: Config, targets: tuple[Locale, ...], update: bool, now: str) -> UiResult:
    """ui.pot and each locale's ui.po, merged like an article's (the same `update_catalogs`),
    and the translations a page may use: the project's ui.po over the package's."""
    read: dict[Path, str] = {}

    def read_old(locale: Locale):
        old = read_one(config, locale, UI)
        read[config.catalog_dir(locale) / f"{UI}.po"] = old.digest if old else digest(b"")
        return old

    pot = extract_ui(config.layouts_dir, config.site_title) if update else None
    memory_of = lambda locale: locale_memory(config, locale)  # noqa: E731
    updated = update_catalogs(config, UI, pot, targets, now, read_old, memory_of)
    if updated.template is not None:
        template = updated.template
        read[template.path] = template.old.digest if template.old else digest(b"")
    findings: list[Finding] = []
    tables = {}
    for locale in targets:
        plan = updated.catalogs[locale.code]
        po = plan.po if plan is not None else None
        rejected: frozenset[MessageKey] = frozenset()
        if po is not None:
            shown = (config.catalog_dir(locale) / f"{UI}.po").relative_to(config.root)
            errors, rejected = check_errors(po, str(shown), locale.code)
            findings += errors
        tables[locale.code] = ui_table(po, locale.code, rejected)
    return UiResult(tuple(updated.writes()), tables, tuple(findings), read)
