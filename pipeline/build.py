"""`pipeline build`: read -> segment -> extract -> update -> render -> write, for every locale.

Everything is read, merged and rendered in memory first; files are written last, catalogs
then bundles, each bundle swapped in whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path

from pipeline import __version__
from pipeline.bundle import manifest, repair, sitemap, write_bundle
from pipeline.catalogs.lookup import Translations, load_translations
from pipeline.catalogs.update import (
    plan_catalogs,
    plan_templates,
    read_locale,
    write_plans,
)
from pipeline.config import Config
from pipeline.fileio import atomic_write
from pipeline.locales import language_name
from pipeline.model import Locale
from pipeline.project import Compiled, Project, load_project
from pipeline.render import (
    PACKAGE_ASSETS,
    Layouts,
    Link,
    Text,
    body_markup,
    date_view,
    switcher,
)
from pipeline.segments import Rejection, apply_translations

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Resolved:
    """One article filled for one locale, before the layout."""

    compiled: Compiled
    locale: Locale
    body: str
    texts: dict[str, Text]
    completeness: float
    fell_back: bool
    rejections: list[Rejection]


@dataclass(slots=True)
class Report:
    """What a build did, for the summary line and the tests."""

    catalogs_written: list[Path] = field(default_factory=list)
    bundles_written: list[str] = field(default_factory=list)
    withheld: list[tuple[str, str, float]] = field(default_factory=list)
    rejections: list[tuple[str, Rejection]] = field(default_factory=list)
    articles: int = 0
    completeness: dict[str, dict[str, float]] = field(default_factory=dict)


def build(config: Config, only: list[Locale] | None = None, update: bool = True) -> Report:
    report = Report()
    project = load_project(config)
    targets = list(only or config.locales)
    catalogs = {loc.code: read_locale(config, loc) for loc in targets}
    if update:
        templates = plan_templates(config, project)
        plans = list(templates.values())
        for locale in targets:
            plans += plan_catalogs(config, templates, locale, catalogs[locale.code])
        merged = {p.path: p.po for p in plans}
        translations = {
            loc.code: load_translations(
                {p.stem: po for p, po in merged.items() if p.parent == config.catalog_dir(loc)},
                config.publish_fuzzy,
                loc.code,
            )
            for loc in targets
        }
    else:
        plans = []
        translations = {
            loc.code: load_translations(
                {slug: loaded.po for slug, loaded in catalogs[loc.code].items()},
                config.publish_fuzzy,
                loc.code,
            )
            for loc in targets
        }
    layouts = Layouts(config.layouts_dir)
    locales = [config.source_language, *targets]
    resolved = {
        loc.code: [resolve(c, loc, translations.get(loc.code), config) for c in project.articles]
        for loc in locales
    }
    published = _publish(config, resolved, report)
    bundles = {
        loc.code: render_bundle(
            config,
            layouts,
            loc,
            locales,
            resolved[loc.code],
            published,
            translations.get(loc.code),
            project,
        )
        for loc in locales
    }
    root_page = render_root(config, layouts, locales, translations)
    report.articles = len(project.articles)
    report.catalogs_written = write_plans(plans)
    repair(config.output_dir)
    for locale in locales:
        if write_bundle(
            config.output_dir / locale.path, config.work_dir / "staging", bundles[locale.code]
        ):
            report.bundles_written.append(locale.path)
    atomic_write(config.output_dir / "index.html", root_page) if _changed(
        config.output_dir / "index.html", root_page
    ) else None
    return report


def _changed(path: Path, data: bytes) -> bool:
    return not path.is_file() or path.read_bytes() != data


def resolve(
    compiled: Compiled, locale: Locale, translations: Translations | None, config: Config
) -> Resolved:
    source_tag = config.source_language.tag
    meta = compiled.article.metadata
    if translations is None or not meta.translate:
        body, _, _ = apply_translations(compiled.skeleton, lambda s: None)
        texts = {s.context: Text(s.text) for s in compiled.skeleton.metadata}
        full = 100.0 if translations is None else 0.0
        return Resolved(compiled, locale, body, texts, full, False, [])
    catalog = translations.catalog(compiled.slug)
    body, fallbacks, rejections = apply_translations(
        compiled.skeleton, lambda s: catalog.get((None, s.text)), source_tag
    )
    texts = {}
    for segment in compiled.skeleton.metadata:
        msgstr = catalog.get((segment.context, segment.text))
        texts[segment.context] = Text(msgstr) if msgstr else Text(segment.text, source_tag)
    keys = {(s.context, s.text) for s in compiled.skeleton.metadata}
    keys |= {(None, s.text) for s in compiled.skeleton.segments}
    rejected = {(None, r.segment.text) for r in rejections}
    done = sum(1 for key in keys if catalog.get(key) and key not in rejected)
    completeness = 100.0 * done / len(keys) if keys else 100.0
    fell_back = any(fallbacks) or any(t.lang for t in texts.values())
    return Resolved(compiled, locale, body, texts, completeness, fell_back, rejections)


def _publish(
    config: Config, resolved: dict[str, list[Resolved]], report: Report
) -> dict[str, set[str]]:
    """Which articles each locale emits: the source all, targets by completeness and policy."""
    published: dict[str, set[str]] = {}
    for code, items in resolved.items():
        chosen = set()
        report.completeness[code] = {r.compiled.slug: round(r.completeness, 1) for r in items}
        for item in items:
            meta = item.compiled.article.metadata
            if code != config.source_language.code and not meta.translate:
                continue
            report.rejections += [(code, rej) for rej in item.rejections]
            if (
                item.completeness >= config.min_completeness
                or config.below_threshold == "fallback"
                or code == config.source_language.code
            ):
                chosen.add(item.compiled.slug)
            else:
                report.withheld.append((code, item.compiled.slug, item.completeness))
        published[code] = chosen
    return published


def _href(from_locale: Locale, to_locale: Locale, name: str, base_url: str) -> str:
    if base_url:
        return f"{base_url}{to_locale.path}/{name}"
    if from_locale == to_locale:
        return name
    return posixpath.join("..", to_locale.path, name)


def render_bundle(
    config: Config,
    layouts: Layouts,
    locale: Locale,
    locales: list[Locale],
    items: list[Resolved],
    published: dict[str, set[str]],
    translations: Translations | None,
    project: Project,
) -> dict[str, bytes]:
    gettext = translations.ui if translations else (lambda s: s)
    site_title = gettext(config.site_title)
    files: dict[str, bytes] = {}
    common = {
        "locale": locale,
        "site_title": site_title,
        "root": "",
        "source_tag": config.source_language.tag,
    }
    listed = []
    for item in items:
        slug = item.compiled.slug
        if slug not in published[locale.code]:
            previous = config.output_dir / locale.path / f"{slug}.html"
            if config.below_threshold == "keep-previous" and previous.is_file():
                files[f"{slug}.html"] = previous.read_bytes()  # the last published version
            continue
        name = f"{slug}.html"
        page = _article_context(config, locale, locales, item, published)
        files[name] = layouts.render("article.html", gettext, **common, **page).encode()
        listed.append(_index_item(item, name, locale))
    listed.sort(key=lambda i: (i["sort"], i["href"]), reverse=False)
    index_hrefs = {loc.code: _href(locale, loc, "index.html", "") for loc in locales}
    files["index.html"] = layouts.render(
        "index.html",
        gettext,
        **common,
        articles=listed,
        description="",
        canonical=_canonical(config, locale, "index.html"),
        alternates=_alternates(config, locale, locales, "index.html", set(index_hrefs)),
        switcher=switcher(locales, locale, index_hrefs, index_hrefs),
    ).encode()
    files["assets/style.css"] = (PACKAGE_ASSETS / "style.css").read_bytes()
    for media in project.media:
        files[media.relative_to(config.source_dir).as_posix()] = media.read_bytes()
    if config.base_url:
        files["sitemap.xml"] = _sitemap(config, locale, locales, items, published)
    files["manifest.json"] = manifest(files, _manifest_extra(config, locale, items, published))
    return files


def _article_context(config, locale, locales, item: Resolved, published) -> dict:
    slug = item.compiled.slug
    name = f"{slug}.html"
    meta = item.compiled.article.metadata
    hrefs = {
        loc.code: (_href(locale, loc, name, "") if slug in published[loc.code] else None)
        for loc in locales
    }
    fallback = {loc.code: _href(locale, loc, "index.html", "") for loc in locales}
    present = {code for code, href in hrefs.items() if href}
    texts = item.texts
    summary = texts.get("summary", Text(""))
    source = config.source_language
    return {
        "title": texts["title"].value,
        "title_lang": texts["title"].lang,
        "description": summary.value,
        "caption": texts.get("caption", Text("")).value,
        "caption_lang": texts.get("caption", Text("")).lang,
        "image": meta.image,
        "image_alt": texts.get("image_alt", Text("")).value,
        "image_alt_lang": texts.get("image_alt", Text("")).lang,
        "date": date_view(meta.date, locale),
        "updated": date_view(meta.updated, locale),
        "body": body_markup(item.body),
        "notice": hrefs[source.code] if item.fell_back and locale != source else None,
        "canonical": _canonical(config, locale, name),
        "alternates": _alternates(config, locale, locales, name, present),
        "switcher": switcher(locales, locale, hrefs, fallback),
    }


def _canonical(config: Config, locale: Locale, name: str) -> str:
    return f"{config.base_url}{locale.path}/{name}" if config.base_url else ""


def _alternates(config, locale, locales, name, present: set[str]) -> list[dict]:
    links = [
        {"hreflang": loc.tag, "href": _href(locale, loc, name, config.base_url)}
        for loc in locales
        if loc.code in present
    ]
    if config.source_language.code in present:
        links.append(
            {
                "hreflang": "x-default",
                "href": _href(locale, config.source_language, name, config.base_url),
            }
        )
    return links


def _index_item(item: Resolved, href: str, locale: Locale) -> dict:
    meta = item.compiled.article.metadata
    texts = item.texts
    summary = texts.get("summary", Text(""))
    order = -meta.date.toordinal() if meta.date else 0
    return {
        "href": href,
        "title": texts["title"].value,
        "title_lang": texts["title"].lang,
        "summary": summary.value,
        "summary_lang": summary.lang,
        "date": date_view(meta.date, locale),
        "sort": (meta.date is None, order),
    }


def _sitemap(config, locale, locales, items, published) -> bytes:
    urls = []
    for item in items:
        name = f"{item.compiled.slug}.html"
        if item.compiled.slug not in published[locale.code]:
            continue
        present = {loc.code for loc in locales if item.compiled.slug in published[loc.code]}
        alternates = [
            (a["hreflang"], a["href"]) for a in _alternates(config, locale, locales, name, present)
        ]
        urls.append((f"{config.base_url}{locale.path}/{name}", alternates))
    return sitemap(urls)


def _manifest_extra(config, locale, items, published) -> dict:
    inputs = hashlib.sha256()
    for item in items:
        inputs.update(item.compiled.article.digest.encode())
    return {
        "generator": f"pipeline {__version__}",
        "locale": locale.code,
        "tag": locale.tag,
        "versions": _versions(),
        "inputs_sha256": inputs.hexdigest(),
        "articles": {
            item.compiled.slug: {
                "completeness": round(item.completeness, 1),
                "published": item.compiled.slug in published[locale.code],
            }
            for item in items
        },
    }


def _versions() -> dict[str, str]:
    names = ("babel", "jinja2", "lxml", "markdown-it-py", "polib", "PyYAML")
    return {name: importlib_metadata.version(name) for name in names}


def render_root(config, layouts: Layouts, locales: list[Locale], translations) -> bytes:
    source = config.source_language
    hrefs = {loc.code: f"{loc.path}/index.html" for loc in locales}
    links = switcher(locales, source, hrefs, hrefs)
    alternates = [{"hreflang": loc.tag, "href": hrefs[loc.code]} for loc in locales]
    alternates.append({"hreflang": "x-default", "href": hrefs[source.code]})
    return layouts.render(
        "languages.html",
        lambda s: s,
        locale=source,
        site_title=config.site_title,
        switcher=links,
        alternates=alternates,
    ).encode()


def summary_json(report: Report) -> str:
    return json.dumps({"completeness": report.completeness}, sort_keys=True)


__all__ = ["Link", "Report", "build", "language_name"]
