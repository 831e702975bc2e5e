"""Units' results x Locale -> the files of one bundle: its article pages (staged already, or
kept from the live bundle), its index page, assets, media, sitemap and manifest."""

from __future__ import annotations

from pathlib import Path

from pipeline import __version__
from pipeline.bundle import Files, manifest, sitemap
from pipeline.config import Config
from pipeline.model import Locale, Stored
from pipeline.packaged import PACKAGE_ASSETS
from pipeline.render.layouts import Layouts, ui_gettext
from pipeline.render.pages import Summary, alternates, index_page
from pipeline.unit import UnitResult
from pipeline.versions import library_versions


def assemble_bundle(
    config: Config,
    layouts: Layouts,
    locale: Locale,
    locales: list[Locale],
    results: list[UnitResult],
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
        page: bytes | Stored | None = result.pages.get(locale.code)
        if page is None and config.below_threshold == "keep-previous":
            previous = config.output_dir / locale.path / f"{result.slug}.html"
            page = previous.read_bytes() if previous.is_file() else None
        if page is not None:
            files[f"{result.slug}.html"] = page
        summaries.append(summary)
    table = ui.get(locale.code, {})  # the UI strings as merged for this build, like articles'
    ui_text = ui_gettext(table, locale, config.site_title, config.source_language)
    files["index.html"] = index_page(config, layouts, locale, locales, summaries, ui_text)
    files["assets/style.css"] = (PACKAGE_ASSETS / "style.css").read_bytes()
    for path in media:
        files[path.relative_to(config.source_dir).as_posix()] = path.read_bytes()
    if config.base_url:
        files["sitemap.xml"] = _sitemap(config, locale, locales, results)
    extra = {
        "generator": f"pipeline {__version__}",
        "locale": locale.code,
        "tag": locale.tag,
        "versions": library_versions(),
        "inputs_sha256": inputs[0],
        "sources_sha256": inputs[1],
        "articles": {
            s.slug: {"completeness": s.completeness, "published": s.published} for s in summaries
        },
    }
    files["manifest.json"] = manifest(files, extra)
    return files


def _sitemap(
    config: Config, locale: Locale, locales: list[Locale], results: list[UnitResult]
) -> bytes:
    urls = []
    for result in results:
        if not result.summaries[locale.code].published:
            continue
        name = f"{result.slug}.html"
        present = [loc for loc in locales if result.summaries[loc.code].published]
        original = next(
            (loc for loc in locales if loc.code == result.original), config.source_language
        )
        links = [
            (a["hreflang"], a["href"]) for a in alternates(config, locale, present, name, original)
        ]
        urls.append((f"{config.base_url}{locale.path}/{name}", links))
    return sitemap(urls)
