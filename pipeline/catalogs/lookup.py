"""Catalogs -> what the renderer may use: accepted translations, by (msgctxt, msgid)."""

from __future__ import annotations

import re
from collections.abc import Set
from functools import cache

import polib

from pipeline.catalogs.entries import message_key
from pipeline.catalogs.pofile import read_if_present
from pipeline.model import MessageKey
from pipeline.packaged import PACKAGE_LOCALES


def publishable(entry: polib.POEntry, publish_fuzzy: bool) -> bool:
    """A translation a page may show: live, singular, and reviewed unless `publish_fuzzy`."""
    if entry.obsolete or not entry.msgstr or entry.msgid_plural:
        return False
    return publish_fuzzy or "fuzzy" not in entry.flags


def table(po: polib.POFile, publish_fuzzy: bool) -> dict[MessageKey, str]:
    return {message_key(e): e.msgstr for e in po if publishable(e, publish_fuzzy)}


_DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[a-zA-Z%]|%")


def ui_table(
    po: polib.POFile | None, language: str, rejected: Set[MessageKey] = frozenset()
) -> dict[str, str]:
    """UI translations: the project's ui.po wins over the package's, message by message.
    `rejected`: keys of the project's ui.po that a check error refuses."""
    merged: dict[str, str] = {}
    for catalog, refused in ((packaged_ui(language), frozenset()), (po, rejected)):
        if catalog is None:
            continue
        unfit = refused | ui_refused(catalog)
        for (context, msgid), msgstr in table(catalog, False).items():
            if context is None and (context, msgid) not in unfit:
                merged[msgid] = msgstr
    return merged


@cache
def packaged_ui(code: str) -> polib.POFile | None:
    """The package's UI catalog of a locale, read once per process (callers only read it):
    pages, the memory, a derived ui.po's base and `check` all ask for it."""
    found = read_if_present(PACKAGE_LOCALES / code / "LC_MESSAGES" / "ui.po")
    return found.po if found is not None else None


def ui_refused(po: polib.POFile) -> frozenset[MessageKey]:
    """UI messages whose translation is never used: Jinja2 always applies `%` formatting to
    translated strings, so one whose `%` directives differ from its msgid's (a bare `100%`)
    would crash the page."""
    return frozenset(
        message_key(e) for e in po if e.msgstr and _directives(e.msgid) != _directives(e.msgstr)
    )


def _directives(text: str) -> list[str]:
    return sorted(_DIRECTIVE.findall(text))
