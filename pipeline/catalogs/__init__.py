"""Segments -> Templates (.pot); Template + Catalog (.po) -> merged Catalog; stats and memory.

Only this package imports polib. Catalogs are read with polib and written by our own
GNU-layout writer (`poformat`), only when their messages change.
"""

from pipeline.catalogs.memory import Memory
from pipeline.catalogs.merge import merge_catalog
from pipeline.catalogs.pofile import (
    Loaded,
    new_catalog,
    read_catalog,
    write_catalog,
)
from pipeline.catalogs.stats import Stats, catalog_stats
from pipeline.catalogs.template import build_template

__all__ = [
    "Loaded",
    "Memory",
    "Stats",
    "build_template",
    "catalog_stats",
    "merge_catalog",
    "new_catalog",
    "read_catalog",
    "write_catalog",
]
