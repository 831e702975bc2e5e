"""Catalog commands as whole flows: update, status, compile. Read all, compute, then write."""

from __future__ import annotations

from pathlib import Path

import polib

from pipeline.catalogs.pofile import same_catalog
from pipeline.catalogs.stats import catalog_stats
from pipeline.catalogs.update import UI, plan_catalogs, plan_templates, read_locale, write_plans
from pipeline.config import Config
from pipeline.fileio import atomic_write
from pipeline.model import Locale
from pipeline.project import load_project


def run_update(
    config: Config, locales: list[Locale], purge_obsolete: bool, dry_run: bool = False
) -> list[Path]:
    project = load_project(config)
    catalogs = {loc.code: read_locale(config, loc) for loc in locales}
    templates = plan_templates(config, project)
    plans = list(templates.values())
    for locale in locales:
        plans += plan_catalogs(config, templates, locale, catalogs[locale.code], purge_obsolete)
    if dry_run:
        return [p.path for p in plans if p.old is None or not same_catalog(p.old.po, p.po)]
    return write_plans(plans)


def merge_files(
    catalog: Path,
    template: Path,
    target: Path,
    compendium: tuple[Path, ...],
    threshold: int,
    purge_obsolete: bool,
) -> bool:
    """One catalog and one template, no project: the merge `update` runs, as a tool."""
    from pipeline.catalogs.memory import Memory, units_of
    from pipeline.catalogs.merge import merge_catalog
    from pipeline.catalogs.pofile import read_catalog, write_catalog

    old = read_catalog(catalog) if catalog.exists() else None
    pot = read_catalog(template).po
    memory = Memory(lambda: units_of((p.name, read_catalog(p).po) for p in compendium))
    header = {"POT-Creation-Date": pot.metadata.get("POT-Creation-Date", "")}
    base = old.po if old else polib.POFile(wrapwidth=79)
    merged = merge_catalog(pot, base, memory, threshold, header, purge_obsolete)
    same_file = old if target == catalog else (read_catalog(target) if target.exists() else None)
    return write_catalog(target, merged, same_file)


def article_slugs(config: Config) -> set[str]:
    """Slugs of the articles in source/ now: a template or catalog of any other slug is
    orphaned (its article was deleted), kept for the translation memory."""
    from pipeline.sources import scan_sources

    return {path.stem for path in scan_sources(config.source_dir).articles}


def status_rows(config: Config) -> list[dict]:
    """One row per article and locale, against the current templates; rows of deleted
    articles are marked `orphaned`."""
    rows = []
    slugs = article_slugs(config)
    for locale in config.locales:
        catalogs = read_locale(config, locale)
        for template in sorted(config.templates_dir.glob("*.pot")):
            pot = polib.pofile(str(template))
            keys = {(e.msgctxt, e.msgid) for e in pot}
            po = catalogs[template.stem].po if template.stem in catalogs else pot
            stats = catalog_stats(po, keys)
            rows.append(
                {
                    "article": template.stem,
                    "locale": locale.code,
                    "translated": stats.translated,
                    "fuzzy": stats.fuzzy,
                    "untranslated": stats.untranslated,
                    "words": stats.words,
                    "translated_words": stats.translated_words,
                    "percent": round(stats.percent, 1),
                    "orphaned": template.stem not in slugs | {UI},
                }
            )
    return rows


def format_status(rows: list[dict]) -> str:
    """The table, totals of the articles in source/, then the orphaned catalogs apart."""
    width = max([len(r["article"]) for r in rows] + [7])
    head = (
        f"{'article':<{width}}  {'locale':<7} {'transl':>6} {'fuzzy':>5} {'untr':>5} "
        f"{'words':>6} {'done':>6}"
    )
    lines = [head, "-" * len(head)]
    live = [r for r in rows if not r.get("orphaned")]
    orphaned = [r for r in rows if r.get("orphaned")]

    def row_line(row: dict) -> str:
        return (
            f"{row['article']:<{width}}  {row['locale']:<7} {row['translated']:>6} "
            f"{row['fuzzy']:>5} {row['untranslated']:>5} {row['words']:>6} "
            f"{row['percent']:>5.1f}%"
        )

    lines += map(row_line, live)
    by_locale: dict[str, list[dict]] = {}
    for row in live:
        by_locale.setdefault(row["locale"], []).append(row)
    lines.append("-" * len(head))
    for code, items in by_locale.items():
        words = sum(r["words"] for r in items)
        done = sum(r["translated_words"] for r in items)
        percent = 100.0 * done / words if words else 100.0
        lines.append(
            f"{'total':<{width}}  {code:<7} "
            f"{sum(r['translated'] for r in items):>6} "
            f"{sum(r['fuzzy'] for r in items):>5} "
            f"{sum(r['untranslated'] for r in items):>5} {words:>6} {percent:>5.1f}%"
        )
    if orphaned:
        lines += ["", "orphaned (no article in source/; kept for the translation memory):"]
        lines += map(row_line, orphaned)
    return "\n".join(lines)


def compile_catalogs(config: Config) -> list[Path]:
    written = []
    for locale in config.locales:
        for loaded in read_locale(config, locale).values():
            target = loaded.path.with_suffix(".mo")
            temp = target.with_name(f".{target.name}.tmp")
            loaded.po.save_as_mofile(str(temp))
            data = temp.read_bytes()
            temp.unlink()
            if not target.exists() or target.read_bytes() != data:
                atomic_write(target, data)
                written.append(target)
    return written


def orphaned_catalogs(config: Config, locales: list[Locale]) -> list[Path]:
    """Catalogs of articles no longer in source/, project-relative."""
    slugs = article_slugs(config) | {UI}
    return [
        path.relative_to(config.root)
        for locale in locales
        for path in sorted(config.catalog_dir(locale).glob("*.po"))
        if path.stem not in slugs
    ]


def run_checks(config: Config, locales: list[Locale]) -> tuple[list, int]:
    """Findings of every catalog of the locales (orphaned ones aside), and how many opt-outs
    silence warnings."""
    from pipeline.checks import check_catalog, opt_outs, read_glossary

    findings, silenced = [], 0
    slugs = article_slugs(config) | {UI}
    for locale in locales:
        glossary = _glossary_path(config, locale)
        terms = read_glossary(glossary) if glossary else None
        for slug, loaded in read_locale(config, locale).items():
            if slug not in slugs:
                continue
            shown = str(loaded.path.relative_to(config.root))
            findings += check_catalog(loaded.po, shown, locale.code, terms)
            silenced += len(opt_outs(loaded.po))
    return findings, silenced


def _glossary_path(config: Config, locale: Locale) -> Path | None:
    """`glossary` from the config ({locale} is replaced), else locales/<code>/glossary.po|csv."""
    from pipeline.errors import ConfigError

    if config.glossary:
        path = config.root / config.glossary.replace("{locale}", locale.code)
        if not path.is_file():
            raise ConfigError(
                f"glossary {path.relative_to(config.root)} does not exist",
                config.root / "pyproject.toml",
            )
        return path
    for name in ("glossary.po", "glossary.csv"):
        path = config.locales_dir / locale.code / name
        if path.is_file():
            return path
    return None


def format_findings(findings: list) -> str:
    """Grouped by file, one line per finding with its line number, the msgid below it."""
    lines, current = [], None
    for finding in findings:
        if finding.path != current:
            current = finding.path
            lines.append(current)
        lines.append(f"  {finding.line}: {finding.severity} {finding.id}: {finding.message}")
        msgid = finding.msgid if len(finding.msgid) <= 70 else finding.msgid[:67] + "..."
        if msgid:
            lines.append(f"      msgid: {msgid}")
    return "\n".join(lines)
