"""Catalogs -> what the renderer may use: accepted translations, by (msgctxt, msgid)."""

from __future__ import annotations

import re

import polib

from pipeline.catalogs.ui import PACKAGE_LOCALES

Key = tuple[str | None, str]


def usable(entry: polib.POEntry, publish_fuzzy: bool) -> bool:
    if entry.obsolete or not entry.msgstr or entry.msgid_plural:
        return False
    return publish_fuzzy or "fuzzy" not in entry.flags


def table(po: polib.POFile, publish_fuzzy: bool) -> dict[Key, str]:
    return {(e.msgctxt or None, e.msgid): e.msgstr for e in po if usable(e, publish_fuzzy)}


_DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[a-zA-Z%]|%")


def ui_table(po: polib.POFile | None, language: str) -> dict[str, str]:
    """UI translations: the project's ui.po wins over the package's, message by message.

    Jinja2 always applies `%` formatting to translated strings, so a translation whose `%`
    directives differ from its msgid's (a bare `100%`) would crash the page: it is not used.
    """
    merged: dict[str, str] = {}
    packaged = PACKAGE_LOCALES / language / "LC_MESSAGES" / "ui.po"
    for catalog in (polib.pofile(str(packaged)) if packaged.exists() else None, po):
        if catalog is None:
            continue
        for (context, msgid), msgstr in table(catalog, False).items():
            if context is None and _directives(msgid) == _directives(msgstr):
                merged[msgid] = msgstr
    return merged


def _directives(text: str) -> list[str]:
    return sorted(_DIRECTIVE.findall(text))
