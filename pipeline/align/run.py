"""`pipeline align`: an article x an existing translation of it -> its catalog for one
locale, brought up to date with the article as `update` would, then filled from the
translation. Everything is read, aligned and checked before the one catalog writer writes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from pipeline.align.blocks import Block, blocks_of, markup_of
from pipeline.align.dp import confidence
from pipeline.align.extract import read_translation
from pipeline.align.fill import empty_messages, fill_catalog, kept_messages
from pipeline.align.match import Match, Side, match_blocks, unit_of
from pipeline.align.report import Report, Unmatched
from pipeline.catalog_commands import glossary_terms
from pipeline.catalogs.headers import timestamp
from pipeline.catalogs.update import (
    Plan,
    Updated,
    article_template,
    locale_memory,
    read_one,
    update_catalogs,
    write_plans,
)
from pipeline.checks.glossary import compile_terms
from pipeline.chinese_script import SCRIPT_NAMES
from pipeline.cjk import CJK_CHAR
from pipeline.config import Config
from pipeline.errors import ConfigError, SourceError
from pipeline.locales import language_of
from pipeline.model import Article, Locale
from pipeline.project import Compiled
from pipeline.segments import split_article
from pipeline.sources import read_article, scan_sources


class Alignment(NamedTuple):
    """An alignment done in memory: the catalogs to write, and what the report says."""

    updated: Updated
    catalog: Plan
    report: Report


_LATIN = re.compile("[A-Za-z]")
MIN_SUMMARY = 0.1
"""A page's description below this confidence is the site's, not the article's summary."""


def align_translation(
    config: Config,
    article_ref: str,
    translation: Path,
    locale_code: str,
    confident: bool = False,
    dry_run: bool = False,
) -> Report:
    """Align, then write the article's template and catalog (unless `dry_run`)."""
    done = plan_alignment(config, article_ref, translation, locale_code, confident)
    if dry_run:
        return done.report
    written = write_plans(done.updated.plans())
    return done.report._replace(written=done.catalog.path in written)


def plan_alignment(
    config: Config,
    article_ref: str,
    translation: Path,
    locale_code: str,
    confident: bool = False,
) -> Alignment:
    """Everything read, aligned and filled in memory; nothing written."""
    article = find_article(config, article_ref)
    compiled = Compiled(article, split_article(article))
    target = config.locale(locale_code)
    _check_translated(config, target)
    own = _target_of(config, article, target)
    found = read_translation(translation)
    blocks = blocks_of(found.html, translation)
    _check_language(blocks, target, translation)
    sources, keys = source_blocks(compiled)
    terms = compile_terms(glossary_terms(config, own, target) or {})
    source = Side(_chinese(own), terms, translated=False)
    side = Side(_chinese(target), terms, translated=True)
    matches = match_blocks(sources, blocks, source, side)
    summary = _summary(compiled, found.description, source, side, len(sources))
    if summary is not None:
        sources.append(summary[0])
        keys.append(("summary", summary[0].text))
        matches.append(summary[1])
    updated = _updated(config, compiled, target)
    plan = updated.catalogs[target.code]
    assert plan is not None  # (asked for exactly this locale)
    filled = fill_catalog(plan.po, sources, keys, matches, _shown(config, translation), confident)
    used = {j for match in matches for j in match.blocks}
    report = Report(
        article.slug,
        _shown(config, plan.path),
        _shown(config, translation),
        found.form,
        target.code,
        sum(1 for e in plan.po if not e.obsolete),
        filled.by_method,
        filled.translated,
        kept_messages(plan.po) - sum(filled.by_method.values()),
        empty_messages(plan.po),
        tuple(Unmatched(b.index + 1, b.kind, b.plain) for b in blocks if b.index not in used),
        written=False,
    )
    return Alignment(updated, plan, report)


def _updated(config: Config, compiled: Compiled, target: Locale) -> Updated:
    """The article's template and its catalog for `target`, as `update` would make them."""
    slug = compiled.slug
    return update_catalogs(
        config,
        slug,
        article_template(config, compiled),
        [target],
        timestamp(),
        lambda loc: read_one(config, loc, slug),
        lambda loc: locale_memory(config, loc),  # (read when first needed, from the cache)
    )


def _check_translated(config: Config, target: Locale) -> None:
    """Refuse a derived locale: its catalogs are remade from its base's by every update,
    so aligned text there (fuzzy, not `converted`) would pass for a translator's edit
    forever, and the base locale would never get it."""
    derivation = config.derivation(target.code)
    if derivation is not None:
        raise ConfigError(
            f"{target.code} is derived from {derivation.base} (converted by OpenCC); "
            f"align into {derivation.base} instead",
            config.root / "pyproject.toml",
        )


def _chinese(locale: Locale) -> bool:
    return language_of(locale.code) == "zh"


def _check_language(blocks: list[Block], target: Locale, path: Path) -> None:
    """Refuse a file with no text, or one not written in the target's language (the
    article itself, or the other site's page, given by mistake)."""
    if not blocks:
        raise SourceError("the translation has no text to align", path)
    text = "".join(b.plain for b in blocks)
    han, latin = len(CJK_CHAR.findall(text)), len(_LATIN.findall(text))
    if _chinese(target) and han <= latin / 4:
        raise SourceError(f"hardly any Chinese: not a translation into {target.code}", path)
    if not _chinese(target) and han > latin:
        raise SourceError(f"mostly Chinese: not a translation into {target.code}", path)
    written, wanted = _script_of(text), target.tag.partition("-")[2]
    if _chinese(target) and written and wanted in ("Hans", "Hant") and written != wanted:
        name = SCRIPT_NAMES[written]
        raise SourceError(
            f"written in {name} Chinese: not a translation into {target.code} ({target.tag})",
            path,
        )


def _script_of(text: str) -> str | None:
    """ "Hans" or "Hant" when the Han characters clearly lean one way: Traditional text is
    what OpenCC's t2s changes much and s2t hardly at all, Simplified the reverse."""
    from pipeline.chinese_script import opencc_converter

    han = "".join(CJK_CHAR.findall(text))
    changes = {
        name: sum(a != b for a, b in zip(han, opencc_converter(name).convert(han), strict=False))
        for name in ("t2s", "s2t")
    }
    if changes["t2s"] >= 3 and changes["t2s"] > 3 * changes["s2t"]:
        return "Hant"
    if changes["s2t"] >= 3 and changes["s2t"] > 3 * changes["t2s"]:
        return "Hans"
    return None


def find_article(config: Config, ref: str) -> Article:
    """The article a slug (`clinic-hours`), file name or path (`source/clinic-hours.md`)
    names."""
    articles = scan_sources(config.source_dir).articles
    given = Path(ref)
    for path in articles:
        if ref in (path.stem, path.name) or (given.suffix and given.resolve() == path.resolve()):
            return read_article(path, config.root)
    known = ", ".join(p.stem for p in articles) or "none"
    raise SourceError(f"no such article in {config.source_dir.name}/ (articles: {known})", ref)


def _target_of(config: Config, article: Article, target: Locale) -> Locale:
    """The article's own locale; `target` must be one it is translated into."""
    meta = article.metadata
    own = config.article_locale(meta.lang, article.path, meta.lines.get("lang"))
    if own == target:
        raise SourceError(
            f"is written in {target.code}: locale {target.code} is not a target of this article",
            article.path,
        )
    if not meta.translate:
        raise SourceError("has 'translate: false': it has no catalogs to fill", article.path)
    return own


def source_blocks(compiled: Compiled) -> tuple[list[Block], list[tuple[str | None, str]]]:
    """The article's title and body segments as Blocks, and each one's message key."""
    skeleton = compiled.skeleton
    markup = markup_of(skeleton)
    blocks: list[Block] = []
    keys: list[tuple[str | None, str]] = []
    for segment in skeleton.metadata:
        if segment.context == "title":
            blocks.append(Block(len(blocks), "title", segment.text, {}))
            keys.append((segment.context, segment.text))
    for i, segment in enumerate(skeleton.segments):
        blocks.append(Block(len(blocks), segment.kind, segment.text, markup.get(i, {})))
        keys.append((segment.context, segment.text))
    return blocks, keys


def _summary(
    compiled: Compiled, description: str, source: Side, target: Side, position: int
) -> tuple[Block, Match] | None:
    """The article's summary (as source `position`) and the page's description, when both
    are there and fit."""
    segment = next((s for s in compiled.skeleton.metadata if s.context == "summary"), None)
    if segment is None or not description:
        return None
    ours = Block(position, "summary", segment.text, {})
    theirs = Block(-1, "meta description", description, {})
    score = confidence([unit_of(ours, source)], [unit_of(theirs, target)])
    if score < MIN_SUMMARY:
        return None
    return ours, Match((position,), (), "metadata", score, (theirs,))


def _shown(config: Config, path: Path) -> str:
    """A path as the project sees it (`locales/...`); one outside the project, as given."""
    resolved = path.resolve()
    root = config.root.resolve()
    return str(resolved.relative_to(root)) if resolved.is_relative_to(root) else str(path)
