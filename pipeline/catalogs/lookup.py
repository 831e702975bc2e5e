"""Catalogs -> what the renderer may use: accepted translations, by (msgctxt, msgid)."""

from __future__ import annotations

import polib

from pipeline.catalogs.ui import PACKAGE_LOCALES

Key = tuple[str | None, str]


def usable(entry: polib.POEntry, publish_fuzzy: bool) -> bool:
    if entry.obsolete or not entry.msgstr or entry.msgid_plural:
        return False
    return publish_fuzzy or "fuzzy" not in entry.flags


def table(po: polib.POFile, publish_fuzzy: bool) -> dict[Key, str]:
    return {(e.msgctxt or None, e.msgid): e.msgstr for e in po if usable(e, publish_fuzzy)}


def ui_table(po: polib.POFile | None, language: str) -> dict[str, str]:
    """UI translations: the project's ui.po wins over the package's, message by message."""
    merged: dict[str, str] = {}
    packaged = PACKAGE_LOCALES / language / "LC_MESSAGES" / "ui.po"
    for catalog in (polib.pofile(str(packaged)) if packaged.exists() else None, po):
        if catalog is not None:
            merged.update({k[1]: v for k, v in table(catalog, False).items() if k[0] is None})
    return merged
