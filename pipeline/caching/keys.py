"""Digests of inputs -> keys: one per article (its source, template and catalogs, plus
everything every page depends on) and one for the bundles. Equal keys, equal output."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from pipeline import __version__
from pipeline.caching.digests import Digests
from pipeline.chinese_script import RULES_FILE
from pipeline.config import Config
from pipeline.fileio import digest
from pipeline.model import Locale
from pipeline.packaged import PACKAGE_ASSETS, PACKAGE_LAYOUTS


def input_files(config: Config, targets: Iterable[Locale], path: Path) -> list[Path]:
    """An article's inputs: its source, its template and its catalog in each target locale;
    for a derived locale, its base's catalog too and its conversion rules."""
    slug = path.stem
    codes = [loc.code for loc in targets]
    for item in config.derivations:
        if item.code in codes and item.base not in codes:
            codes.append(item.base)
    catalogs = [config.locales_dir / code / "LC_MESSAGES" / f"{slug}.po" for code in codes]
    rules = [
        config.locales_dir / item.code / RULES_FILE
        for item in config.derivations
        if item.code in codes
    ]
    return [path, config.templates_dir / f"{slug}.pot", *catalogs, *rules]


def unit_key(fingerprint: str, digests: list[str], extra: str = "") -> str:
    """Identity of an article's inputs (the digests of its source and catalogs): if it is
    unchanged, so is what building the article gives."""
    return digest("\0".join([fingerprint, *digests, extra]).encode())


def fingerprint(
    config: Config, update: bool, ui: dict[str, dict[str, str]], targets: tuple[Locale, ...]
) -> str:
    """Everything every page depends on besides its own article and catalogs."""
    hasher = hashlib.sha256(f"{__version__}\0{_identity(config)}\0{update}".encode())
    for folder in (config.layouts_dir, PACKAGE_LAYOUTS, PACKAGE_ASSETS):
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            hasher.update(path.name.encode() + path.read_bytes())
    hasher.update(json.dumps(ui, sort_keys=True, ensure_ascii=False).encode())
    hasher.update(json.dumps([loc.code for loc in targets]).encode())
    if config.derivations:  # another OpenCC, other dictionaries: derived catalogs may change
        from pipeline.versions import library_versions

        hasher.update(library_versions()["OpenCC"].encode())
    return hasher.hexdigest()


def _identity(config: Config) -> str:
    """The config without where the project lives: the same site built elsewhere is equal."""
    fields = dataclasses.asdict(config)
    fields.pop("root")
    fields["compendium"] = [digest(_read(path)) for path in config.compendium]
    return json.dumps(fields, sort_keys=True, default=str)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def was_published(before: dict[str, frozenset[str]], slug: str) -> str:
    """Part of an article's key: the locales whose previous build published it."""
    return ",".join(code for code, slugs in sorted(before.items()) if slug in slugs)


class Keys:
    """Keys of what a build depends on, per article and for the bundles, from the digests of
    each article's inputs (its source, template and catalogs). The inputs' paths are made
    once a build: three steps ask for them, and pathlib costs ~10 us an article each time."""

    def __init__(
        self, config: Config, fingerprint: str, targets: tuple[Locale, ...], digests: Digests
    ):
        self.config, self.fingerprint, self.targets = config, fingerprint, targets
        self.digests = digests
        self._files: dict[Path, list[Path]] = {}

    def files(self, path: Path) -> list[Path]:
        found = self._files.get(path)
        if found is None:
            found = self._files[path] = input_files(self.config, self.targets, path)
        return found

    def unit(self, path: Path, needs_memory: tuple[str, ...], published: str = "") -> str:
        """An article's key; `needs_memory`: the locales where its last build drew on the
        translation memory (then every catalog of that locale is an input too);
        `published`: where the previous build published it (see `was_published`)."""
        extra = published
        hungry = [loc for loc in self.targets if loc.code in needs_memory]
        extra += "".join(locale_digest(self.config, loc, self.digests) for loc in hungry)
        files = self.files(path)
        return unit_key(self.fingerprint, [self.digests.of(file) for file in files], extra)

    def inputs(self, paths: dict[str, Path], pending: dict[Path, bytes]) -> str:
        """What the bundles were made from: config, layouts, UI strings, and every article's
        source and catalogs as they are once this build has written `pending`."""
        lines = [self.fingerprint]
        for slug, path in paths.items():
            for item in self.files(path):
                value = digest(pending[item]) if item in pending else self.digests.of(item)
                lines.append(f"{slug}\0{item.name}\0{value}\n")
        return digest("".join(lines).encode())


def locale_digest(config: Config, locale: Locale, digests: Digests) -> str:
    """Every catalog of a locale: the translation memory an untranslated message may draw on."""
    found = digests.derived.get(("locale", locale.code))
    if found is None:
        folder = config.catalog_dir(locale)
        names = sorted(folder.glob("*.po")) if folder.is_dir() else []
        found = digest("".join(f"{p.name}\0{digests.of(p)}\n" for p in names).encode())
        digests.derived[("locale", locale.code)] = found
    return found
