"""Catalogs -> what the renderer may use: accepted translations, by (msgctxt, msgid)."""

from __future__ import annotations

from collections.abc import Callable

import polib

from pipeline.catalogs.ui import PACKAGE_LOCALES

Key = tuple[str | None, str]


def usable(entry: polib.POEntry, publish_fuzzy: bool) -> bool:
    if entry.obsolete or not entry.msgstr or entry.msgid_plural:
        return False
    return publish_fuzzy or "fuzzy" not in entry.flags


class Translations:
    """One locale's usable translations: per article, and the UI strings."""

    def __init__(self, by_slug: dict[str, dict[Key, str]], ui: Callable[[str], str]):
        self.by_slug = by_slug
        self.ui = ui

    def catalog(self, slug: str) -> dict[Key, str]:
        return self.by_slug.get(slug, {})


def table(po: polib.POFile, publish_fuzzy: bool) -> dict[Key, str]:
    return {(e.msgctxt or None, e.msgid): e.msgstr for e in po if usable(e, publish_fuzzy)}


def load_translations(
    catalogs: dict[str, polib.POFile], publish_fuzzy: bool, language: str
) -> Translations:
    """`catalogs` by slug; the project's ui.po wins over the package's, message by message."""
    by_slug = {slug: table(po, publish_fuzzy) for slug, po in catalogs.items()}
    ui = {key[1]: value for key, value in by_slug.pop("ui", {}).items() if key[0] is None}
    fallback = {}
    packaged = PACKAGE_LOCALES / language / "LC_MESSAGES" / "ui.po"
    if packaged.exists():
        packaged_ui = polib.pofile(str(packaged))
        fallback = {k[1]: v for k, v in table(packaged_ui, False).items() if k[0] is None}
    merged = {**fallback, **ui}
    return Translations(by_slug, lambda s: merged.get(s, s))
