"""An article's Segments + its Catalogs as read -> its Template and Catalogs as they should
be: the one way every command (extract, init, update, build, serve) updates catalogs, ui
included, and the one writer that writes them.

Everything is computed first (`update_catalogs`, a Plan per file) and written after
(`write_catalogs`), so a bad catalog found halfway leaves every file as it was.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polib

from pipeline.caching.digests import Digests
from pipeline.catalogs.derive import (
    BaseLookup,
    BaseText,
    Predecessors,
    base_lookup,
    converter_of,
    derive_catalog,
    source_lookup,
)
from pipeline.catalogs.entries import message_key
from pipeline.catalogs.headers import catalog_header, merged_header, template_header, timestamp
from pipeline.catalogs.lookup import packaged_ui
from pipeline.catalogs.memory import Memory, cached_memory, remembered_in
from pipeline.catalogs.merge import closest_in, merge_catalog
from pipeline.catalogs.pofile import Loaded, read_catalog, read_if_present, same_catalog
from pipeline.catalogs.template import build_template
from pipeline.catalogs.ui import extract_ui
from pipeline.config import Config
from pipeline.fileio import atomic_write
from pipeline.model import Locale
from pipeline.project import Compiled, Project
from pipeline.segments import segments_of

UI = "ui"


@dataclass(slots=True)
class Plan:
    """One file to (maybe) write: the new content and the file as it was read."""

    path: Path
    po: polib.POFile
    old: Loaded | None
    known_change: bool | None = None
    """Whether `po` says something else than `old`, when planning already had to find out."""

    def changed(self) -> bool:
        if self.old is None:
            return True
        if self.known_change is None:
            self.known_change = not same_catalog(self.old.po, self.po)
        return self.known_change

    def write(self) -> CatalogWrite:
        """The file's new bytes, to be written by `write_catalogs`."""
        # (imported here: the usual build writes no catalog, and importing the writer costs
        # every start-up 5 M instructions)
        from pipeline.catalogs.poformat import format_catalog

        data = format_catalog(self.po).encode("utf-8")
        return CatalogWrite(self.path, data, self.old.digest if self.old else "")


class CatalogWrite(NamedTuple):
    """A catalog file to write: its new bytes and the digest it had when read ("" for a new
    file), so a concurrent edit is refused rather than overwritten."""

    path: Path
    data: bytes
    expected: str


class Updated(NamedTuple):
    """One article's (or ui's) catalogs once updated."""

    template: Plan | None
    """Its Template; None when templates are left as they are (`build --no-update`)."""
    catalogs: dict[str, Plan | None]
    """Per locale code: its Catalog as it will be (None: there is none, and none is made)."""

    def plans(self) -> list[Plan]:
        found = [self.template] if self.template is not None else []
        return found + [plan for plan in self.catalogs.values() if plan is not None]

    def writes(self) -> list[CatalogWrite]:
        """What changed, template first: the files to write."""
        return [plan.write() for plan in self.plans() if plan.changed()]


def update_catalogs(
    config: Config,
    slug: str,
    pot: polib.POFile | None,
    targets: Iterable[Locale],
    now: str,
    read_old: Callable[[Locale], Loaded | None],
    memory_of: Callable[[Locale], Memory],
    purge_obsolete: bool = False,
    own: str = "",
) -> Updated:
    """Merge the freshly extracted `pot` (None: leave the template and catalogs as they are)
    into each target locale's catalog as `read_old` gives it, creating a missing one;
    `memory_of` is asked only for a locale that merges. A derived locale's catalog is
    converted from its base's as just merged (`own`: the article's language, whose text is
    the base text when it is the base)."""
    template = _template_plan(config, slug, pot, now) if pot is not None else None
    catalogs: dict[str, Plan | None] = {}
    translated_first = sorted(targets, key=lambda loc: config.derivation(loc.code) is not None)
    for locale in translated_first:
        old = read_old(locale)
        derivation = config.derivation(locale.code)
        if template is None:
            catalogs[locale.code] = Plan(old.path, old.po, old, False) if old else None
        elif derivation is not None:
            base = _base_catalogs(config, slug, derivation.base, own, catalogs, read_old)
            lookup = base_lookup(base) if base is not None else source_lookup
            if slug == UI and derivation.base == config.source_language.code:
                lookup = _title_from_source(lookup, config.site_title)
            paired = base[0] if base else None
            earlier = _predecessors(config, template.po, old, paired)
            plan = plan_catalog(config, slug, template, locale, old, _NO_MEMORY, purge_obsolete)
            convert = converter_of(config, derivation).convert
            plan.po = derive_catalog(plan.po, lookup, convert, earlier)
            catalogs[locale.code] = plan
        else:
            memory = memory_of(locale)
            plan = plan_catalog(config, slug, template, locale, old, memory, purge_obsolete)
            catalogs[locale.code] = plan
    return Updated(template, {loc.code: catalogs[loc.code] for loc in targets})


_NO_MEMORY = Memory(tuple)
"""A derived catalog is converted, never filled from memory or by similar text."""


def _base_catalogs(
    config: Config,
    slug: str,
    code: str,
    own: str,
    merged: dict[str, Plan | None],
    read_old: Callable[[Locale], Loaded | None],
) -> list[polib.POFile] | None:
    """The base's catalogs, first choice first: its catalog as just merged, else as read (the
    base is not a target of this command); UI strings the project's ui.po leaves untranslated
    come from the package's. None: an article written in the base language is its own base
    text."""
    if code == own:
        return None
    if code in merged:
        plan = merged[code]
        found = plan.po if plan is not None else None
    else:
        old = read_old(config.locale(code))
        found = old.po if old is not None else None
    catalogs = [found] if found is not None else []
    if slug == UI:
        packaged = packaged_ui(code)
        catalogs += [packaged] if packaged is not None else []
    return catalogs


def _title_from_source(lookup: BaseLookup, title: str) -> BaseLookup:
    """A site written in the base's language: its title, the one ui message in that language
    (the layouts' are English), is its own base text, as a Chinese-first article's msgids are,
    unless the base's ui.po translates it."""

    def found(entry: polib.POEntry) -> BaseText | None:
        if entry.msgid == title and not entry.msgctxt:
            return lookup(entry) or source_lookup(entry)
        return lookup(entry)

    return found


def _predecessors(
    config: Config, pot: polib.POFile, old: Loaded | None, base: polib.POFile | None
) -> Predecessors:
    """The old derived message a message new to the catalog replaces: the one the base's merge
    paired it with (its fuzzy `#| msgid`), else, as a merge finds a fuzzy predecessor, the
    most similar of the messages gone from the template (an article written in the base's
    language has no base catalog; a base read from disk may not be merged yet)."""
    if old is None:
        return lambda entry: None
    live = {message_key(e): e for e in old.po if not e.obsolete}
    every = {message_key(e): e for e in old.po if e.obsolete} | live
    paired = {
        message_key(e): (e.previous_msgctxt or None, e.previous_msgid)
        for e in (base if base is not None else ())
        if "fuzzy" in e.flags and e.previous_msgid is not None and not e.obsolete
    }
    kept = {message_key(message) for message in pot}
    gone = [e for e in every.values() if message_key(e) not in kept and not e.msgid_plural]
    closest = closest_in((e for e in gone if e.msgstr), config.fuzzy_threshold)

    def predecessor(entry: polib.POEntry) -> polib.POEntry | None:
        key = message_key(entry)
        if key in live:
            return None
        return every.get(paired[key]) if key in paired else closest(entry)

    return predecessor


def article_template(config: Config, compiled: Compiled) -> polib.POFile:
    """An article's messages, extracted from its skeleton (header added by the update)."""
    path = str(compiled.article.path)
    return build_template(segments_of(compiled.skeleton), path, config.references, {})


def update_project(
    config: Config,
    project: Project,
    locales: list[Locale],
    purge_obsolete: bool = False,
    only_new: bool = False,
) -> list[Plan]:
    """extract (no locales), init (`only_new`: only catalogs that do not exist yet) and
    update: every article's and ui's Template, then each locale's Catalogs. Every catalog of
    a locale is read first: they are its translation memory."""
    now = timestamp()
    existing = {loc.code: read_locale(config, loc) for loc in locales}
    memories = {loc.code: locale_memory(config, loc, existing[loc.code]) for loc in locales}
    pots = {
        c.slug: article_template(config, c)
        for c in project.articles
        if c.article.metadata.translate
    }
    pots[UI] = extract_ui(config.layouts_dir, config.site_title)
    own = {c.slug: _own_locale(config, c) for c in project.articles}
    updated = [
        update_catalogs(
            config,
            slug,
            pot,
            [loc for loc in locales if loc != own.get(slug)],  # ui: every locale
            now,
            functools.partial(_existing, config, existing, slug),
            lambda loc: memories[loc.code],
            purge_obsolete,
            own[slug].code if slug in own else "",
        )
        for slug, pot in pots.items()
    ]
    plans = [u.template for u in updated if u.template is not None]
    for locale in locales:
        for item in updated:
            plan = item.catalogs.get(locale.code)
            if plan is not None and not (only_new and plan.old is not None):
                plans.append(plan)
    return plans


def _own_locale(config: Config, compiled: Compiled) -> Locale:
    """The article's language: it has no catalog in it."""
    meta = compiled.article.metadata
    return config.article_locale(meta.lang, compiled.article.path, meta.lines.get("lang"))


def _template_plan(config: Config, slug: str, pot: polib.POFile, now: str) -> Plan:
    path = config.templates_dir / f"{slug}.pot"
    old = read_if_present(path)
    created = now
    changed = None
    if old is not None:
        candidate = polib.POFile(wrapwidth=79)
        candidate.metadata = template_header(config.site_name, now)
        candidate.extend(pot)
        changed = not same_catalog(old.po, candidate)  # (the date is not compared)
        if not changed:
            created = old.po.metadata.get("POT-Creation-Date", now)
    pot.metadata = template_header(config.site_name, created)
    return Plan(path, pot, old, changed)


def read_locale(config: Config, locale: Locale) -> dict[str, Loaded]:
    """Every catalog of a locale, checked to be parseable and of that language."""
    folder = config.catalog_dir(locale)
    if not folder.is_dir():
        return {}
    return {path.stem: read_catalog(path, locale.code) for path in sorted(folder.glob("*.po"))}


def read_one(config: Config, locale: Locale, slug: str) -> Loaded | None:
    return read_if_present(config.catalog_dir(locale) / f"{slug}.po", locale.code)


def locale_memory(
    config: Config,
    locale: Locale,
    catalogs: dict[str, Loaded] | None = None,
    digests: Digests | None = None,
) -> Memory:
    """The locale's translation memory; without `catalogs`, read from disk when first needed
    (through the per-file cache in .pipeline/)."""

    def load():
        if catalogs is not None:
            yield from remembered_in((f"{locale.code}/{n}.po", c.po) for n, c in catalogs.items())
        else:
            folder = config.catalog_dir(locale)
            paths = sorted(folder.glob("*.po")) if folder.is_dir() else []
            cache = memory_cache(config, locale)
            yield from cached_memory(
                paths,
                lambda p: f"{locale.code}/{p.name}",
                lambda p: read_catalog(p, locale.code).po,
                cache,
                digests.of if digests else None,
            )
        extra = [
            (path.name, po)
            for path in config.compendium
            if _translates_into(po := read_catalog(path).po, locale)
        ]
        packaged = packaged_ui(locale.code)
        if packaged is not None:
            extra.append((f"pipeline/{locale.code}/ui.po", packaged))
        yield from remembered_in(extra)

    return Memory(load)


def _translates_into(po: polib.POFile, locale: Locale) -> bool:
    """A compendium serves the locale its `Language` header names (one without the header,
    every locale): the memory never suggests across directions."""
    from pipeline.locales import same_language

    language = po.metadata.get("Language", "").strip()
    return not language or same_language(language, locale.code)


def memory_cache(config: Config, locale: Locale) -> Path:
    """Where the locale's translation memory is cached (see memory.cached_memory)."""
    return config.work_dir / "cache" / f"memory-{locale.code}.pickle"


def plan_catalog(
    config: Config,
    slug: str,
    template: Plan,
    locale: Locale,
    old: Loaded | None,
    memory: Memory,
    purge_obsolete: bool = False,
) -> Plan:
    """Merge one Template into the locale's Catalog (creating it when missing); a derived
    locale's, by msgid alone (no similar text)."""
    created = template.po.metadata["POT-Creation-Date"]
    header = catalog_header(config.site_name, locale, created)
    if old is not None:  # the translators' header stays; only what is missing is added
        missing = {k: v for k, v in header.items() if not old.po.metadata.get(k)}
        header = missing | merged_header(locale, created)
    base = old.po if old else polib.POFile(wrapwidth=79)
    threshold = None if config.derivation(locale.code) else config.fuzzy_threshold
    merged = merge_catalog(template.po, base, memory, threshold, header, purge_obsolete)
    return Plan(config.catalog_dir(locale) / f"{slug}.po", merged, old)


def _existing(
    config: Config, found: dict[str, dict[str, Loaded]], slug: str, locale: Locale
) -> Loaded | None:
    """A catalog as read with its locale's; a derived locale's base outside the command's
    locales (`init zh_TW`) is read when asked for."""
    if locale.code not in found:
        return read_one(config, locale, slug)
    return found[locale.code].get(slug)


def write_plans(plans: Iterable[Plan]) -> list[Path]:
    """Write what changed; returns the paths written."""
    return write_catalogs(plan.write() for plan in plans if plan.changed())


def write_catalogs(writes: Iterable[CatalogWrite]) -> list[Path]:
    """The one writer of catalogs: each through a temp file, refused if edited meanwhile."""
    written = []
    for write in writes:
        atomic_write(write.path, write.data, write.expected)
        written.append(write.path)
    return written
