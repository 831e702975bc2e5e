"""Where the package's own data lives: page layouts, assets and the packaged UI catalogs.

One definition, so the layouts the renderer loads are the ones the UI extractor reads and
the build's fingerprint hashes.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_LAYOUTS = Path(__file__).parent / "layouts"
PACKAGE_ASSETS = Path(__file__).parent / "assets"
PACKAGE_LOCALES = Path(__file__).parent / "locales"
