"""Segments -> Templates (.pot); Template + Catalog (.po) -> merged Catalog; stats and memory.

Only this package imports polib. Catalogs are read with polib and written by our own
GNU-layout writer (`poformat`), only when their messages change, by one writer
(`update.write_catalogs`).
"""

from pipeline.catalogs.memory import Memory
from pipeline.catalogs.merge import merge_catalog
from pipeline.catalogs.pofile import Loaded, new_catalog, read_catalog
from pipeline.catalogs.stats import Progress, combined, locale_percent, progress
from pipeline.catalogs.template import build_template

__all__ = [
    "Loaded",
    "Memory",
    "Progress",
    "build_template",
    "combined",
    "locale_percent",
    "merge_catalog",
    "new_catalog",
    "progress",
    "read_catalog",
]
