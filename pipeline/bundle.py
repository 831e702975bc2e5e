"""Pages -> output/<path>/: staged under .pipeline/, swapped in whole; sitemap and manifest.

A bundle is always the complete old one or the complete new one: it is written into a staging
folder on the same file system and exchanged with the live folder in one `renameat2` call
(RENAME_EXCHANGE). Files whose bytes did not change are hard-linked from the live bundle, so
they keep their mtimes; a bundle whose files all match is not touched at all.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Set
from pathlib import Path

from markupsafe import escape as xml_escape

from pipeline.config import Config
from pipeline.errors import WriteError
from pipeline.model import Stored

RENAME_EXCHANGE = 2
AT_FDCWD = -100


Files = dict[str, "bytes | Stored"]


def bundle_unchanged(live: Path, files: Files, staged: dict[str, bool]) -> bool:
    """`staged`: names already staged, with whether each was the live file's bytes."""
    if not live.is_dir() or not all(staged.values()):
        return False
    root = str(live)
    if set(_walk(root)) != set(files):
        return False
    return all(
        isinstance(data, Stored) or _same(os.path.join(root, name), data)
        for name, data in files.items()
    )


def _walk(root: str, folder: str = "") -> Iterator[str]:
    """Files under `root`, as relative POSIX names (string paths: pathlib costs ~20 us each,
    a large share of an incremental build of thousands of pages)."""
    with os.scandir(os.path.join(root, folder) if folder else root) as entries:
        for entry in entries:
            name = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(root, name)
            elif entry.is_file():
                yield name


def _same(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


class Stager:
    """The staging folders, into which each unit writes its own pages as soon as it has
    rendered them (`stage_page`, in the worker process: sending thousands of pages to the
    main process and writing them from there cost more than the writing itself).
    Nothing under output/ is touched: `write_bundle` stages the rest and swaps, or the staging
    folder is discarded.
    """

    def __init__(self, staging_root: Path):
        shutil.rmtree(staging_root, ignore_errors=True)  # what a killed build left
        self.root = staging_root
        self.staged: dict[str, dict[str, bool]] = {}

    def add(self, bundle: str, name: str, linked: bool) -> None:
        """A page a unit staged; `linked`: it is the live page's file (the same bytes)."""
        self.staged.setdefault(bundle, {})[name] = linked

    def remove(self, name: str) -> None:
        """Unstage a page from every bundle, so that its unit can stage it again."""
        for bundle, names in self.staged.items():
            if names.pop(name, None) is not None:
                os.unlink(os.path.join(self.root, bundle, name))

    def finish(self) -> dict[str, dict[str, bool]]:
        """Per bundle folder, the names staged and whether each was hard-linked."""
        return self.staged

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def stage_page(
    output: Path, staging: Path, bundle: str, name: str, data: bytes, folders: set[str]
) -> bool:
    """One page into the staging folder of its bundle; True when it is a hard link to the
    live page (same bytes). `folders`: those this process made already."""
    try:
        return _place(output / bundle, staging / bundle, name, data, folders)
    except OSError as exc:
        raise WriteError(
            f"cannot write the bundle ({exc.strerror or exc}); the previous one is intact",
            output,
        ) from exc


def _place(
    live: Path, staging: Path, name: str, data: bytes | Stored, folders: set[str] | None = None
) -> bool:
    """One file into staging: a hard link to the live file when the bytes are the same (a
    Stored file is, by construction). True when linked."""
    target = os.path.join(staging, name)
    folder = os.path.dirname(target)
    if folders is None or folder not in folders:
        os.makedirs(folder, exist_ok=True)
        if folders is not None:
            folders.add(folder)
    old = os.path.join(live, name)
    if isinstance(data, Stored) or _same(old, data):
        os.link(old, target)
        return True
    Path(target).write_bytes(data)
    return False


def write_bundle(
    live: Path, staging_root: Path, files: Files, staged: dict[str, bool] | None = None
) -> bool:
    """Replace `live` with exactly `files` (of which `staged` are in staging already); False
    when nothing had to change."""
    staged = staged or {}
    staging = staging_root / live.name
    if bundle_unchanged(live, files, staged):
        shutil.rmtree(staging, ignore_errors=True)
        return False
    try:
        if not staged and staging.exists():
            shutil.rmtree(staging)
        folders: set[str] = set()
        for name, data in sorted(files.items()):
            if name not in staged:
                _place(live, staging, name, data, folders)
        live.parent.mkdir(parents=True, exist_ok=True)
        swap(staging, live)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteError(
            f"cannot write the bundle ({exc.strerror or exc}); the previous one is intact", live
        ) from exc
    shutil.rmtree(staging, ignore_errors=True)
    return True


def swap(staging: Path, live: Path) -> None:
    """Exchange atomically; where the kernel cannot, a two-step swap `repair` finishes."""
    if not live.exists():
        os.rename(staging, live)
        return
    if _exchange(staging, live):
        return
    backup = live.with_name(live.name + ".old")
    shutil.rmtree(backup, ignore_errors=True)
    os.rename(live, backup)
    os.rename(staging, live)
    shutil.rmtree(backup, ignore_errors=True)


def repair(output: Path) -> None:
    """Finish a two-step swap cut short: `x.old` without `x` means the old bundle is the one."""
    if not output.is_dir():
        return
    for backup in output.glob("*.old"):
        live = backup.with_name(backup.name[: -len(".old")])
        if live.exists():
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.rename(backup, live)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def sitemap(urls: list[tuple[str, list[tuple[str, str]]]]) -> bytes:
    """`urls`: (loc, [(hreflang, href)...]); alternates as xhtml:link, as search engines read."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for loc, alternates in urls:
        lines.append(f"<url><loc>{xml_escape(loc)}</loc>")
        lines += [
            f'<xhtml:link rel="alternate" hreflang="{xml_escape(lang)}" href="{xml_escape(href)}"/>'
            for lang, href in alternates
        ]
        lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def manifest(files: Files, extra: dict) -> bytes:
    """Every file with its size and sha256, plus what the build says about itself."""
    listing = {}
    for name, data in sorted(files.items()):
        stored = data if isinstance(data, Stored) else Stored.of(data)
        listing[name] = {"size": stored.size, "sha256": stored.sha256}
    document = {**extra, "files": listing}
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def read_manifest(bundle: Path) -> dict:
    """A bundle's manifest.json as the last build wrote it; {} when there is none or it is
    unreadable (a bundle with no trustworthy manifest is treated as never built)."""
    try:
        document = json.loads((bundle / "manifest.json").read_bytes())
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def published_articles(bundle: Path) -> frozenset[str]:
    """Slugs of the articles the bundle's last build published."""
    articles = read_manifest(bundle).get("articles")
    if not isinstance(articles, dict):
        return frozenset()
    return frozenset(
        slug for slug, item in articles.items() if isinstance(item, dict) and item.get("published")
    )


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def remove_unconfigured(config: Config, unlinked: Set[str] = frozenset()) -> list[tuple[str, str]]:
    """Bundles in output/ of locales no longer in the config, and the `unlinked` folders (of
    languages that publish no article): anyone who syncs output/ would publish them. A folder
    counts as a bundle only when its manifest says a build made it."""
    keep = {loc.path for loc in config.languages} - unlinked
    removed = []
    found = sorted(config.output_dir.iterdir()) if config.output_dir.is_dir() else []
    for folder in found:
        if folder.name in keep or not folder.is_dir() or folder.is_symlink():
            continue
        document = read_manifest(folder)
        locale = document.get("locale")
        if isinstance(locale, str) and str(document.get("generator", "")).startswith("pipeline"):
            doomed = config.work_dir / f"removed-{folder.name}"
            shutil.rmtree(doomed, ignore_errors=True)
            config.work_dir.mkdir(parents=True, exist_ok=True)
            try:
                os.rename(folder, doomed)  # gone from output/ at once; deleted after
            except OSError:
                doomed = folder
            shutil.rmtree(doomed, ignore_errors=True)
            removed.append((folder.name, locale))
    return removed


def publish(output: Path, bundles: list[str], site_name: str) -> list[Path]:
    """One reproducible zip per bundle (sorted entries, fixed timestamps and modes, stored),
    one of the whole site (every bundle and the root index.html: pages link across bundles,
    `../zh-hans/...`), and SHA256SUMS; returns the archives written."""
    dist = output / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    archives = []
    everything: list[tuple[str, Path]] = [("index.html", output / "index.html")]
    for name in bundles:
        folder = output / name
        if not folder.is_dir():
            raise WriteError("bundle does not exist; run 'pipeline build' first", folder)
        entries = [(f"{name}/{_entry(folder, path)}", path) for path in _files(folder)]
        archives.append(_zip(dist / f"{site_name}-{name}.zip", entries))
        everything += entries
    if not everything[0][1].is_file():
        raise WriteError("the root page does not exist; run 'pipeline build' first", output)
    archives.append(_zip(dist / f"{site_name}.zip", sorted(everything)))
    for stale in dist.glob(f"{site_name}-*.zip"):  # of a bundle no longer built
        if stale not in archives:
            stale.unlink()
    sums = "".join(
        f"{hashlib.sha256(a.read_bytes()).hexdigest()}  {a.name}\n" for a in sorted(archives)
    )
    (dist / "SHA256SUMS").write_text(sums)
    return archives


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _entry(folder: Path, path: Path) -> str:
    entry = path.relative_to(folder).as_posix()
    if entry.startswith("/") or ".." in entry.split("/"):
        raise WriteError("refusing an archive entry outside the bundle", path)
    return entry


def _zip(archive: Path, entries: list[tuple[str, Path]]) -> Path:
    """Written beside and renamed: a reader never sees half an archive."""
    import zipfile

    temp = archive.with_name(f".{archive.name}.tmp")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_STORED) as handle:
        for name, path in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            handle.writestr(info, path.read_bytes())
    os.replace(temp, archive)
    return archive
