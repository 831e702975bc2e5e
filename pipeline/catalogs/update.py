"""The catalog steps of a project: extract Templates, create and merge Catalogs.

Everything is computed first (`plan_*`) and written after (`write_plans`), so a bad catalog
found halfway leaves every file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.catalogs.headers import catalog_header, merged_header, template_header, timestamp
from pipeline.catalogs.memory import Memory
from pipeline.catalogs.merge import merge_catalog
from pipeline.catalogs.pofile import Loaded, read_catalog, signature, write_catalog
from pipeline.catalogs.template import build_template
from pipeline.catalogs.ui import PACKAGE_LOCALES, extract_ui
from pipeline.config import Config
from pipeline.model import Locale
from pipeline.project import Project
from pipeline.segments import segments_of

UI = "ui"


@dataclass(slots=True)
class Plan:
    """One file to (maybe) write: the new content and the file as it was read."""

    path: Path
    po: polib.POFile
    old: Loaded | None


def plan_templates(config: Config, project: Project) -> dict[str, Plan]:
    """One Template per article plus ui.pot; an unchanged one keeps its creation date."""
    plans = {}
    now = timestamp()
    for compiled in project.articles:
        path = str(compiled.article.path)
        pot = build_template(segments_of(compiled.skeleton), path, config.references, {})
        plans[compiled.slug] = _template_plan(config, compiled.slug, pot, now)
    ui = extract_ui(config.layouts_dir, config.site_title)
    plans[UI] = _template_plan(config, UI, ui, now)
    return plans


def _template_plan(config: Config, slug: str, pot: polib.POFile, now: str) -> Plan:
    path = config.templates_dir / f"{slug}.pot"
    old = read_catalog(path) if path.exists() else None
    created = now
    if old is not None:
        candidate = polib.POFile(wrapwidth=79)
        candidate.metadata = template_header(config.site_name, now)
        candidate.extend(pot)
        if signature(candidate) == signature(old.po):
            created = old.po.metadata.get("POT-Creation-Date", now)
    pot.metadata = template_header(config.site_name, created)
    return Plan(path, pot, old)


def read_locale(config: Config, locale: Locale) -> dict[str, Loaded]:
    """Every catalog of a locale, checked to be parseable and of that language."""
    folder = config.catalog_dir(locale)
    if not folder.is_dir():
        return {}
    return {path.stem: read_catalog(path, locale.code) for path in sorted(folder.glob("*.po"))}


def locale_memory(config: Config, locale: Locale, catalogs: dict[str, Loaded]) -> Memory:
    def load():
        for name, loaded in catalogs.items():
            yield f"{locale.code}/{name}.po", loaded.po
        for path in config.compendium:
            yield path.name, read_catalog(path).po
        packaged = PACKAGE_LOCALES / locale.code / "LC_MESSAGES" / "ui.po"
        if packaged.exists():
            yield f"pipeline/{locale.code}/ui.po", read_catalog(packaged).po

    return Memory(load)


def plan_catalogs(
    config: Config,
    templates: dict[str, Plan],
    locale: Locale,
    catalogs: dict[str, Loaded],
    purge_obsolete: bool = False,
) -> list[Plan]:
    """Merge every Template into the locale's Catalog (creating missing ones)."""
    memory = locale_memory(config, locale, catalogs)
    plans = []
    for slug, template in templates.items():
        created = template.po.metadata["POT-Creation-Date"]
        old = catalogs.get(slug)
        base = old.po if old else polib.POFile(wrapwidth=79)
        header = merged_header(locale, created)
        if old is None:
            header = catalog_header(config.site_name, locale, created)
        merged = merge_catalog(
            template.po, base, memory, config.fuzzy_threshold, header, purge_obsolete
        )
        plans.append(Plan(config.catalog_dir(locale) / f"{slug}.po", merged, old))
    return plans


def write_plans(plans: list[Plan]) -> list[Path]:
    """Write what changed; returns the paths written."""
    return [plan.path for plan in plans if write_catalog(plan.path, plan.po, plan.old)]
