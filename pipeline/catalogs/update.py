"""The catalog steps of a project: extract Templates, create and merge Catalogs.

Everything is computed first (`plan_*`) and written after (`write_plans`), so a bad catalog
found halfway leaves every file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.catalogs.headers import catalog_header, merged_header, template_header, timestamp
from pipeline.catalogs.memory import Memory, cached_units, units_of
from pipeline.catalogs.merge import merge_catalog
from pipeline.catalogs.pofile import (
    Loaded,
    read_catalog,
    read_if_present,
    same_catalog,
    write_catalog,
)
from pipeline.catalogs.template import build_template
from pipeline.catalogs.ui import PACKAGE_LOCALES, extract_ui
from pipeline.config import Config
from pipeline.digests import Digests
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


def plan_template(config: Config, compiled: Compiled, now: str) -> Plan:
    """An article's Template; an unchanged one keeps its creation date."""
    path = str(compiled.article.path)
    pot = build_template(segments_of(compiled.skeleton), path, config.references, {})
    return _template_plan(config, compiled.slug, pot, now)


def plan_ui_template(config: Config, now: str) -> Plan:
    return _template_plan(config, UI, extract_ui(config.layouts_dir, config.site_title), now)


def plan_templates(config: Config, project: Project) -> dict[str, Plan]:
    """One Template per translatable article, plus ui.pot."""
    now = timestamp()
    plans = {
        c.slug: plan_template(config, c, now)
        for c in project.articles
        if c.article.metadata.translate
    }
    plans[UI] = plan_ui_template(config, now)
    return plans


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
            yield from units_of((f"{locale.code}/{n}.po", c.po) for n, c in catalogs.items())
        else:
            folder = config.catalog_dir(locale)
            paths = sorted(folder.glob("*.po")) if folder.is_dir() else []
            cache = memory_cache(config, locale)
            yield from cached_units(
                paths,
                lambda p: f"{locale.code}/{p.name}",
                lambda p: read_catalog(p, locale.code).po,
                cache,
                digests.of if digests else None,
            )
        extra = [(path.name, read_catalog(path).po) for path in config.compendium]
        packaged = PACKAGE_LOCALES / locale.code / "LC_MESSAGES" / "ui.po"
        if packaged.exists():
            extra.append((f"pipeline/{locale.code}/ui.po", read_catalog(packaged).po))
        yield from units_of(extra)

    return Memory(load)


def memory_cache(config: Config, locale: Locale) -> Path:
    """Where the locale's translation memory is cached (see memory.cached_units)."""
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
    """Merge one Template into the locale's Catalog (creating it when missing)."""
    created = template.po.metadata["POT-Creation-Date"]
    header = catalog_header(config.site_name, locale, created)
    if old is not None:  # the translators' header stays; only what is missing is added
        missing = {k: v for k, v in header.items() if not old.po.metadata.get(k)}
        header = missing | merged_header(locale, created)
    base = old.po if old else polib.POFile(wrapwidth=79)
    merged = merge_catalog(
        template.po, base, memory, config.fuzzy_threshold, header, purge_obsolete
    )
    return Plan(config.catalog_dir(locale) / f"{slug}.po", merged, old)


def plan_catalogs(
    config: Config,
    templates: dict[str, Plan],
    locale: Locale,
    catalogs: dict[str, Loaded],
    purge_obsolete: bool = False,
) -> list[Plan]:
    """Merge every Template into the locale's Catalog (creating missing ones)."""
    memory = locale_memory(config, locale, catalogs)
    return [
        plan_catalog(config, slug, template, locale, catalogs.get(slug), memory, purge_obsolete)
        for slug, template in templates.items()
    ]


def write_plans(plans: list[Plan]) -> list[Path]:
    """Write what changed; returns the paths written."""
    return [plan.path for plan in plans if write_catalog(plan.path, plan.po, plan.old)]
