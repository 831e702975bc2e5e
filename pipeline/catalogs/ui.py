"""UI strings of the layouts -> ui Template, with Babel's extractor for Jinja2."""

from __future__ import annotations

from pathlib import Path

import polib
from babel.messages.extract import extract

from pipeline.packaged import PACKAGE_LAYOUTS

_JINJA2 = "jinja2.ext:babel_extract"
"""Jinja2's extractor, named as Babel looks it up (its type does not match Babel's hint for a
callable)."""


def extract_ui(project_layouts: Path, site_title: str) -> polib.POFile:
    """Messages of every layout in use (project's first, then the package's) + the site title."""
    pot = polib.POFile(wrapwidth=79)
    seen: dict[str, polib.POEntry] = {}
    entry = polib.POEntry(msgid=site_title, msgstr="", comment="site_title (pyproject.toml)")
    seen[site_title] = entry
    pot.append(entry)
    for path in _layout_files(project_layouts):
        with path.open("rb") as handle:
            found = extract(_JINJA2, handle, options={"extensions": "jinja2.ext.i18n"})
            for line, message, _comments, _context in found:
                if not isinstance(message, str):
                    continue
                entry = seen.get(message)
                if entry is None:
                    entry = polib.POEntry(msgid=message, msgstr="")
                    seen[message] = entry
                    pot.append(entry)
                reference = (f"{path.parent.name}/{path.name}", str(line))
                if reference not in entry.occurrences:
                    entry.occurrences.append(reference)
    return pot


def _layout_files(project_layouts: Path) -> list[Path]:
    chosen: dict[str, Path] = {}
    for folder in (project_layouts, PACKAGE_LAYOUTS):
        if folder.is_dir():
            for path in sorted(folder.glob("*.html")):
                chosen.setdefault(path.name, path)
    return [chosen[name] for name in sorted(chosen)]
