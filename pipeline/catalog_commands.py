"""The catalog commands besides the build, as whole flows: update, merge, status, check,
compile. Each reads everything, computes, then writes."""

from __future__ import annotations

from pathlib import Path

from pipeline.catalogs.entries import message_key
from pipeline.catalogs.pofile import read_catalog
from pipeline.catalogs.stats import Progress, combined, locale_percent, progress
from pipeline.catalogs.update import UI, Plan, read_locale, update_project, write_plans
from pipeline.config import Config
from pipeline.fileio import atomic_write, current_digest, digest
from pipeline.model import Locale
from pipeline.project import load_project


def run_update(
    config: Config, locales: list[Locale], purge_obsolete: bool, dry_run: bool = False
) -> list[Path]:
    """`update`: the files written, or with `dry_run` those that would be."""
    plans = update_project(config, load_project(config), locales, purge_obsolete)
    if dry_run:
        return [p.path for p in plans if p.changed()]
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
    from pipeline.catalogs.memory import Memory, remembered_in
    from pipeline.catalogs.merge import merge_catalog

    _require(
        catalog,
        "no such catalog; merge updates an existing one (msgmerge does too): "
        "create it with 'pipeline init LOCALE' or msginit",
    )
    _require(template, "no such template; 'pipeline extract' writes them")
    for path in compendium:
        _require(path, "no such compendium file")
    old = read_catalog(catalog)
    pot = read_catalog(template).po
    memory = Memory(lambda: remembered_in((p.name, read_catalog(p).po) for p in compendium))
    header = {"POT-Creation-Date": pot.metadata.get("POT-Creation-Date", "")}
    merged = merge_catalog(pot, old.po, memory, threshold, header, purge_obsolete)
    same_file = old if target == catalog else (read_catalog(target) if target.exists() else None)
    return bool(write_plans([Plan(target, merged, same_file)]))


def _require(path: Path, message: str) -> None:
    from pipeline.errors import CatalogError

    if not path.is_file():
        raise CatalogError(message, path)


def article_slugs(config: Config) -> set[str]:
    """Slugs of the articles in source/ now: a template or catalog of any other slug is
    orphaned (its article was deleted), kept for the translation memory."""
    from pipeline.sources import scan_sources

    return {path.stem for path in scan_sources(config.source_dir).articles}


def article_languages(config: Config) -> dict[str, str]:
    """Every article's slug and language (locale code; the site's source language when it
    declares none): which catalogs it has, and which are orphaned, from one scan."""
    from pipeline.sources import read_language, scan_sources

    found = {}
    for path in scan_sources(config.source_dir).articles:
        lang, line = read_language(path, config.root)
        shown = path.relative_to(config.root)
        own = config.article_locale(lang, shown, line) if lang else config.source_language
        found[path.stem] = own.code
    return found


def status_rows(config: Config) -> dict[str, list[dict]]:
    """Per locale: a row per article against its current Template, the locale's total over
    the articles (weighted by source words, as the build summary says it), ui.po apart, and
    the catalogs of deleted articles apart again (`orphaned`, out of the totals).
    Completeness is the build's: see `pipeline.catalogs.stats`."""
    from pipeline.checks import check_errors

    own = article_languages(config)
    templates = {
        path.stem: [message_key(e) for e in read_catalog(path).po]
        for path in sorted(config.templates_dir.glob("*.pot"))
    }
    found: dict[str, list[dict]] = {"articles": [], "locales": [], "ui": [], "orphaned": []}
    for locale in config.languages:
        catalogs = read_locale(config, locale)
        done = []
        rows: dict[str, list[dict]] = {"articles": [], "ui": [], "orphaned": []}
        for slug, keys in templates.items():
            loaded = catalogs.get(slug)
            if own.get(slug) == locale.code and loaded is None:
                continue  # the article's own language: nothing to translate
            po, rejected = None, frozenset[tuple[str | None, str]]()
            if loaded is not None:
                shown = str(loaded.path.relative_to(config.root))
                po, rejected = loaded.po, check_errors(loaded.po, shown, locale.code)[1]
            item = progress(po, keys, config.publish_fuzzy and slug != UI, rejected)
            row = {"article": slug, "locale": locale.code, **_counts(item, item.percent)}
            if slug == UI:
                rows["ui"].append(row)
            elif slug not in own:
                rows["orphaned"].append(row)
            else:
                rows["articles"].append(row)
                done.append(item)
        if locale == config.source_language and not done:
            continue  # no article is translated into the source language
        for kind, listed in rows.items():
            found[kind] += listed
        total = {"locale": locale.code, **_counts(combined(done), locale_percent(done))}
        found["locales"].append(total)
    return found


def _counts(item: Progress, percent: float) -> dict:
    fields = ("translated", "fuzzy", "rejected", "untranslated", "words", "accepted_words")
    return {**{name: getattr(item, name) for name in fields}, "percent": percent}


def format_status(rows: dict[str, list[dict]]) -> str:
    """The table `status` prints: articles, each locale's total, ui.po, then the orphaned
    catalogs apart."""
    every = rows["articles"] + rows["orphaned"]
    width = max([len(r["article"]) for r in every] + [7])
    head = (
        f"{'article':<{width}}  {'locale':<7} {'transl':>6} {'fuzzy':>5} {'rej':>5} "
        f"{'untr':>5} {'words':>6} {'done':>6}"
    )
    rule = "-" * len(head)
    totals = [{"article": "total", **row} for row in rows["locales"]]
    ui = [{**row, "article": "ui.po"} for row in rows["ui"]]
    lines = [_status_line(row, width) for row in rows["articles"]]
    lines += [rule] + [_status_line(row, width) for row in totals + ui]
    if rows["orphaned"]:
        lines += ["", "orphaned (no article in source/; kept for the translation memory):"]
        lines += [_status_line(row, width) for row in rows["orphaned"]]
    return "\n".join([head, rule, *lines])


def _status_line(row: dict, width: int) -> str:
    return (
        f"{row['article']:<{width}}  {row['locale']:<7} {row['translated']:>6} "
        f"{row['fuzzy']:>5} {row['rejected']:>5} {row['untranslated']:>5} {row['words']:>6} "
        f"{row['percent']:>5.1f}%"
    )


def compile_catalogs(config: Config) -> tuple[list[Path], int]:
    """Write each catalog's .mo without the translations the build would reject (a check
    error, or a UI string whose `%` directives differ); returns the files written and how
    many translations were left out. Every catalog is read before anything is written."""
    from pipeline.catalogs.lookup import ui_refused
    from pipeline.checks import check_errors

    compiled, left_out = [], 0
    for locale in config.languages:
        for slug, loaded in read_locale(config, locale).items():
            shown = str(loaded.path.relative_to(config.root))
            rejected = check_errors(loaded.po, shown, locale.code)[1]
            if slug == UI:
                rejected |= ui_refused(loaded.po)
            dropped = {id(e) for e in loaded.po.translated_entries() if message_key(e) in rejected}
            loaded.po[:] = [e for e in loaded.po if id(e) not in dropped]
            left_out += len(dropped)
            compiled.append((loaded.path.with_suffix(".mo"), loaded.po.to_binary()))
    written = []
    for target, data in compiled:
        if current_digest(target) != digest(data):
            atomic_write(target, data)
            written.append(target)
    return written, left_out


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
    from pipeline.checks import check_catalog, opt_outs

    findings, silenced = [], 0
    own = article_languages(config)
    slugs = {*own, UI}
    for locale in locales:
        catalogs = {slug: c for slug, c in read_locale(config, locale).items() if slug in slugs}
        # Each catalog is checked from its article's own language (in the source language's
        # folder, and a derived locale's, articles written in other languages); ui.po from
        # the folder's usual source, with that direction's glossary.
        sources = {
            slug: _source_of(config, locale) if slug == UI else config.locale(own[slug])
            for slug in catalogs
        }
        terms: dict[str, dict[str, str] | None] = {}
        if set(catalogs) - {UI}:  # (a folder of ui.po alone needs no glossary)
            for code in sorted({source.code for source in sources.values()}):
                terms[code] = glossary_terms(config, config.locale(code), locale)
        for slug, loaded in catalogs.items():
            shown = str(loaded.path.relative_to(config.root))
            source = sources[slug]
            found = check_catalog(
                loaded.po, shown, locale.code, terms.get(source.code), source_code=source.code
            )
            if slug == UI:
                found = _ui_findings(config, locale, found)
            findings += found
            silenced += len(opt_outs(loaded.po))
    return findings, silenced


def _source_of(config: Config, locale: Locale) -> Locale:
    """The language a `ui.po` in `locale`'s folder is read against: the site's source
    language, or, in its own folder, the first other language."""
    if locale != config.source_language or not config.locales:
        return config.source_language
    return config.locales[0]


def _ui_findings(config: Config, locale: Locale, findings: list) -> list:
    """An untranslated UI string is no problem where its msgid is already the page's
    language: every message of the source language's ui.po (the site title is written in
    it; the layouts' strings come from the package), and the layouts' English strings in an
    English ui.po (the package's English catalog leaves them empty on purpose)."""
    if locale == config.source_language:
        return [f for f in findings if f.id != "untranslated"]
    from pipeline.catalogs.lookup import packaged_ui

    packaged = packaged_ui(locale.code)
    as_is = {e.msgid for e in packaged if not e.msgstr} if packaged is not None else set()
    return [f for f in findings if not (f.id == "untranslated" and f.msgid in as_is)]


def glossary_terms(config: Config, source: Locale, target: Locale) -> dict[str, str] | None:
    """The glossary's terms from `source` into `target`; a derived locale without its own
    glossary uses its base's, the required terms converted as its catalogs are."""
    from pipeline.checks import read_glossary

    derivation = config.derivation(target.code)
    if derivation is not None and derivation.base == source.code:
        return None  # (converted from its own language: there are no terms to translate)
    if derivation is not None and _glossary_path(config, target) is None:
        from pipeline.catalogs.derive import converter_of

        terms = glossary_terms(config, source, config.locale(derivation.base))
        convert = converter_of(config, derivation).convert
        return {term: convert(wanted) for term, wanted in terms.items()} if terms else None
    glossary, reverse = _glossary_of(config, source, target)
    return read_glossary(glossary, reverse) if glossary else None


def _glossary_of(config: Config, source: Locale, target: Locale) -> tuple[Path | None, bool]:
    """The glossary of the direction source -> target, and whether to read it reversed: the
    target's own (source term -> target term), else the source language's read backwards
    (`locales/zh_CN/glossary.csv` serves English -> Chinese and, reversed, Chinese -> English).
    Where the config names the glossary (`{locale}` replaced), the target's must exist."""
    from pipeline.errors import ConfigError

    found = _glossary_path(config, target)
    if found:
        return found, False
    reverse = _glossary_path(config, source)
    if reverse or not config.glossary:
        return reverse, reverse is not None
    path = config.root / config.glossary.replace("{locale}", target.code)
    raise ConfigError(
        f"glossary {path.relative_to(config.root)} does not exist", config.root / "pyproject.toml"
    )


def _glossary_path(config: Config, locale: Locale) -> Path | None:
    """`glossary` from the config ({locale} is replaced), else locales/<code>/glossary.po|csv."""
    if config.glossary:
        path = config.root / config.glossary.replace("{locale}", locale.code)
        return path if path.is_file() else None
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
