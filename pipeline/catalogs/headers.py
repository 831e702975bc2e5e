"""Header fields of templates and catalogs: complete for `msgfmt -c --check-header`."""

from __future__ import annotations

import os
import time

from pipeline import __version__
from pipeline.locales import english_name, plural_forms
from pipeline.model import Locale

GENERATOR = f"pipeline {__version__}"


def timestamp() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(seconds))


def template_header(project: str, created: str) -> dict[str, str]:
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": GENERATOR,
    }


def catalog_header(project: str, locale: Locale, created: str) -> dict[str, str]:
    """A new catalog's header; PO-Revision-Date and Last-Translator then belong to translators."""
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": created,
        "Last-Translator": "",
        "Language-Team": f"{english_name(locale.code)} ({locale.code})",
        "Language": locale.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(locale.code),
        "X-Generator": GENERATOR,
    }


def merged_header(locale: Locale, created: str) -> dict[str, str]:
    """What `update` sets on an existing catalog; everything else stays the translators'."""
    return {"POT-Creation-Date": created, "Language": locale.code}
