"""Filled articles -> pages: one article in one locale, index pages, the root page; and
which pages a locale publishes.

An article's page depends only on the article, its own catalogs, the UI strings and the
config, and on which locales publish the articles it links to (`pipeline.render.links`,
checked by `build._relink`): that is what lets workers render articles independently and the
cache reuse a page whose inputs did not change.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from pipeline.catalogs.stats import Progress
from pipeline.config import Config
from pipeline.model import Locale
from pipeline.project import Compiled
from pipeline.render.fill import Resolved
from pipeline.render.layouts import DateView, Layouts, Text, body_markup, date_view, switcher


class Summary(NamedTuple):
    """What index pages, sitemaps and manifests need of an article in one locale. A
    NamedTuple: every unit's result holds one per locale, pickled by the worker and again
    unpickled by the main process and from the build cache, and a NamedTuple makes that
    round trip twice as fast as a frozen dataclass (Python-level __setstate__)."""

    slug: str
    title: Text
    summary: Text
    date: date | None
    completeness: float
    """Percent, as `pipeline.catalogs.stats` computes it (100.0: nothing to translate)."""
    published: bool
    progress: Progress | None = None
    """The counts behind `completeness`; None for the source language and an article kept
    source-only."""


def is_published(
    config: Config,
    locale: Locale,
    own: Locale,
    compiled: Compiled,
    completeness: float,
    published_before: bool = False,
) -> bool:
    """`completeness`: the article's percent in `locale` (`pipeline.catalogs.stats`). Below
    `min_completeness`, the policy decides; `published_before`: the previous build published
    this page (its bundle's manifest says so), which `keep-published` honours so that an edit
    of the source never takes a live translation off the site. `own`: the article's language,
    always published (and the only one for an article kept source-only)."""
    if locale == own:
        return True
    if not compiled.article.metadata.translate:
        return False
    if not is_below_threshold(config, completeness):
        return True
    policy = config.below_threshold
    return policy == "fallback" or (policy == "keep-published" and published_before)


def linked_languages(
    languages: list[Locale], summaries: Iterable[Mapping[str, Summary]]
) -> list[Locale]:
    """The languages readers are sent to (switchers, root page, hreflang, sitemap): the first
    (the site's source language, whose index is the site's home even when empty) and every
    other that publishes at least one article. A language with none would offer an empty
    index in its own chrome only, which a new, untranslated locale has not got either: its
    bundle is not written at all (`pipeline.build`)."""
    publishing = {code for by_code in summaries for code, s in by_code.items() if s.published}
    return [loc for i, loc in enumerate(languages) if i == 0 or loc.code in publishing]


def is_below_threshold(config: Config, completeness: float) -> bool:
    return completeness < config.min_completeness


def href(from_locale: Locale, to_locale: Locale, name: str, base_url: str = "") -> str:
    if base_url:
        return f"{base_url}{to_locale.path}/{name}"
    if from_locale == to_locale:
        return name
    return posixpath.join("..", to_locale.path, name)


def alternates(
    config: Config, locale: Locale, present: list[Locale], name: str, original: Locale
) -> list[dict]:
    """hreflang links to every language version, and x-default to the `original`'s (an
    article's own language; the site's source language for index pages)."""
    links = [
        {"hreflang": loc.tag, "href": href(locale, loc, name, config.base_url)} for loc in present
    ]
    if original in present:
        links.append(
            {"hreflang": "x-default", "href": href(locale, original, name, config.base_url)}
        )
    return links


def canonical(config: Config, locale: Locale, name: str) -> str:
    return f"{config.base_url}{locale.path}/{name}" if config.base_url else ""


def common(config: Config, locale: Locale, ui, original: Locale) -> dict:
    return {
        "locale": locale,
        "site_title": ui(config.site_title),
        "root": "",
        "source_tag": original.tag,
    }


def article_page(
    config: Config,
    layouts: Layouts,
    locale: Locale,
    own: Locale,
    locales: list[Locale],
    compiled: Compiled,
    resolved: Resolved,
    present: list[Locale],
    ui,
) -> bytes:
    name = f"{compiled.slug}.html"
    meta = compiled.article.metadata
    hrefs = {loc.code: href(locale, loc, name) if loc in present else None for loc in locales}
    indexes = {loc.code: href(locale, loc, "index.html") for loc in locales}
    texts = resolved.texts
    empty = Text("")
    context = {
        "title": texts["title"].value,
        "title_lang": texts["title"].lang,
        "description": texts.get("summary", empty).value,
        "caption": texts.get("caption", empty).value,
        "caption_lang": texts.get("caption", empty).lang,
        "image": meta.image,
        "image_alt": texts.get("image_alt", empty).value,
        "image_alt_lang": texts.get("image_alt", empty).lang,
        "date": date_view(meta.date, locale),
        "updated": date_view(meta.updated, locale),
        "body": body_markup(resolved.body),
        "notice": hrefs[own.code] if resolved.fell_back and locale != own else None,
        "canonical": canonical(config, locale, name),
        "alternates": alternates(config, locale, present, name, own),
        # only the versions that exist (a source-only article has none but its own)
        "switcher": switcher([loc for loc in locales if loc in present], locale, hrefs, indexes),
    }
    page = common(config, locale, ui, own)
    return layouts.render("article.html", ui, **page, **context).encode()


class IndexItem(NamedTuple):
    """One entry of an index page (named fields: see render.DateView)."""

    href: str
    title: str
    title_lang: str | None
    summary: str
    summary_lang: str | None
    date: DateView | None


def index_page(
    config: Config,
    layouts: Layouts,
    locale: Locale,
    locales: list[Locale],
    summaries: list[Summary],
    ui,
) -> bytes:
    """The locale's published articles, newest first (undated last, then by slug)."""
    listed = sorted(
        (s for s in summaries if s.published),
        key=lambda s: (s.date is None, -(s.date.toordinal() if s.date else 0), s.slug),
    )
    items = [
        IndexItem(
            f"{s.slug}.html",
            s.title.value,
            s.title.lang,
            s.summary.value,
            s.summary.lang,
            date_view(s.date, locale),
        )
        for s in listed
    ]
    indexes = {loc.code: href(locale, loc, "index.html") for loc in locales}
    return layouts.render(
        "index.html",
        ui,
        **common(config, locale, ui, config.source_language),
        articles=items,
        description="",
        canonical=canonical(config, locale, "index.html"),
        alternates=alternates(config, locale, locales, "index.html", config.source_language),
        switcher=switcher(locales, locale, indexes, indexes),
    ).encode()


def root_page(config: Config, layouts: Layouts, locales: list[Locale]) -> bytes:
    """output/index.html: one link per language, each labelled in its own name."""
    source = config.source_language
    hrefs = {loc.code: f"{loc.path}/index.html" for loc in locales}
    links = [{"hreflang": loc.tag, "href": hrefs[loc.code]} for loc in locales]
    links.append({"hreflang": "x-default", "href": hrefs[source.code]})
    return layouts.render(
        "languages.html",
        lambda s: s,
        locale=source,
        site_title=config.site_title,
        alternates=links,
        switcher=switcher(locales, source, hrefs, hrefs),
    ).encode()
