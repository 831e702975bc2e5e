"""Which input files a build made the bundles from, with their digests: recorded in each
bundle's manifest by `build`, compared with the files as they are now by `publish`, which
must never pack bundles older than their sources and catalogs."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline import __version__
from pipeline.caching.digests import Digests
from pipeline.caching.keys import input_files
from pipeline.config import Config
from pipeline.errors import Failure
from pipeline.fileio import atomic_write, digest
from pipeline.model import Locale
from pipeline.sources import scan_sources

LISTING = "inputs.json"
"""In .pipeline/: the input listing of the bundles last written."""


def input_digests(
    config: Config,
    targets: Iterable[Locale],
    articles: Iterable[Path],
    media: Iterable[Path],
    digest_of: Callable[[Path], str],
    files_of: Callable[[Path], list[Path]] | None = None,
) -> dict[str, str]:
    """Project-relative path -> sha256 of every file a build reads: the config, the layouts,
    the compendia, each article with its template and catalogs, the UI catalogs and the
    media. `digest_of` hashes a missing file as empty, as pipeline.caching.digests does."""
    targets = tuple(targets)
    files = [config.root / "pyproject.toml", *config.compendium, config.templates_dir / "ui.pot"]
    files += [config.catalog_dir(loc) / "ui.po" for loc in targets]
    if config.layouts_dir.is_dir():
        files += sorted(p for p in config.layouts_dir.glob("*") if p.is_file())
    for path in articles:
        files += files_of(path) if files_of else input_files(config, targets, path)
    files += media
    root = len(str(config.root)) + 1  # (string slicing: pathlib's relative_to costs ~10 us)
    return {str(p)[root:].replace(os.sep, "/"): digest_of(p) for p in files}


def listing_digest(listing: dict[str, str]) -> str:
    """One digest for the whole listing: what a bundle's manifest records."""
    return digest("".join(f"{name}\0{listing[name]}\n" for name in sorted(listing)).encode())


def save_listing(config: Config, listing: dict[str, str]) -> None:
    """The listing itself, kept in .pipeline/ (not in the bundles, which are published): lets
    `publish` name the file that changed."""
    data = json.dumps(listing, indent=0, sort_keys=True).encode()
    atomic_write(config.work_dir / LISTING, data, durable=False)


def _saved_listing(config: Config) -> dict[str, str] | None:
    try:
        found = json.loads((config.work_dir / LISTING).read_bytes())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def current_digests(config: Config) -> dict[str, str]:
    """The same listing for the files on disk now, for every configured locale."""
    tree = scan_sources(config.source_dir)
    return input_digests(config, config.languages, tree.articles, tree.media, Digests().of)


def refuse_stale(config: Config, manifests: dict[str, dict]) -> None:
    """A Failure when any bundle was built from other inputs than those on disk (or by
    another version of pipeline), naming the first difference where .pipeline/ still knows."""
    now = current_digests(config)
    expected = listing_digest(now)
    generator = f"pipeline {__version__}"
    for name, document in manifests.items():
        recorded = document.get("sources_sha256")
        if document.get("generator") != generator or not recorded:
            why = f"built by {document.get('generator') or 'another tool'}"
        elif recorded == expected:
            continue
        else:
            saved = _saved_listing(config)
            if saved is not None and listing_digest(saved) == recorded:
                why = _difference(saved, now)
            else:
                why = "a source, catalog, layout or the config changed"
        raise Failure(f"output/{name} is out of date ({why}); run 'pipeline build' first")


def _difference(recorded: dict[str, str], now: dict[str, str]) -> str:
    for path in [*now, *(p for p in recorded if p not in now)]:  # a source before its catalogs
        before, after = recorded.get(path), now.get(path)
        if before == after:
            continue
        if before is None:
            return f"{path} is new"
        if after is None:
            return f"{path} was removed"
        return f"{path} changed"
    return ""
