"""The versions of the libraries whose behaviour shapes the output, for each bundle's manifest
(byte-identical output is promised for the same versions)."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

_PACKAGES = {
    "babel": "babel",
    "jinja2": "jinja2",
    "lxml": "lxml",
    "markdown-it-py": "markdown_it",
    "OpenCC": "opencc",
    "polib": "polib",
    "PyYAML": "yaml",
}
"""Distributions whose versions the manifest records, with the module each installs."""


@cache
def library_versions() -> dict[str, str]:
    """Read from each distribution's metadata folder beside its module, without importing
    anything: importing Markdown and YAML support only to ask their versions cost 30 ms of a
    build with no Markdown source, and importlib.metadata costs 20 ms to import and scans
    every installed package per lookup."""
    return {name: _version_of(name, module) for name, module in _PACKAGES.items()}


def _version_of(name: str, module: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent
        site = folder.parent if spec.submodule_search_locations else folder
        wanted = _normal_name(name)
        for entry in os.scandir(site):
            stem, dot, suffix = entry.name.rpartition(".")
            project, _, version = stem.partition("-")
            if dot and suffix == "dist-info" and _normal_name(project) == wanted and version:
                return version
    from importlib import metadata  # (not installed as a wheel: ask the slow way)

    return metadata.version(name)


def _normal_name(name: str) -> str:
    """A distribution name as wheels spell it in their folder names (PEP 503, underscores)."""
    return re.sub(r"[-_.]+", "_", name).lower()
