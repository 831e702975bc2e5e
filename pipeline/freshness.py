"""Which input files a build made the bundles from, with their digests: recorded in each
bundle's manifest by `build`, compared with the files as they are now by `publish`, which
must never pack bundles older than their sources and catalogs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline import __version__
from pipeline.config import Config
from pipeline.errors import Failure
from pipeline.fileio import digest
from pipeline.model import Locale
from pipeline.sources import scan_sources
from pipeline.work import input_files


def input_digests(
    config: Config,
    targets: Iterable[Locale],
    articles: Iterable[Path],
    media: Iterable[Path],
    digest_of: Callable[[Path], str],
) -> dict[str, str]:
    """Project-relative path -> sha256 of every file a build reads: the config, the layouts,
    the compendia, each article with its template and catalogs, the UI catalogs and the
    media. `digest_of` hashes a missing file as empty, as pipeline.digests does."""
    targets = tuple(targets)
    files = [config.root / "pyproject.toml", *config.compendium, config.templates_dir / "ui.pot"]
    files += [config.catalog_dir(loc) / "ui.po" for loc in targets]
    if config.layouts_dir.is_dir():
        files += sorted(p for p in config.layouts_dir.glob("*") if p.is_file())
    for path in articles:
        files += input_files(config, targets, path)
    files += media
    return {p.relative_to(config.root).as_posix(): digest_of(p) for p in files}


def current_digests(config: Config) -> dict[str, str]:
    """The same listing for the files on disk now, for every configured locale."""
    tree = scan_sources(config.source_dir)
    return input_digests(config, config.locales, tree.articles, tree.media, _read_digest)


def _read_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return digest(b"")


def refuse_stale(config: Config, manifests: dict[str, dict]) -> None:
    """A Failure naming the first difference when any bundle was built from other inputs
    than those on disk (or by another version of pipeline)."""
    now = current_digests(config)
    generator = f"pipeline {__version__}"
    for name, document in sorted(manifests.items()):
        recorded = document.get("sources")
        if document.get("generator") != generator or not isinstance(recorded, dict):
            why = f"was built by {document.get('generator') or 'another tool'}"
        else:
            why = _difference(recorded, now)
        if why:
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
