"""Reading catalogs with clear errors, and telling whether two say the same (so an unchanged
one is never rewritten)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.catalogs import poread
from pipeline.errors import CatalogError
from pipeline.fileio import digest

VOLATILE_HEADERS = ("POT-Creation-Date", "PO-Revision-Date", "X-Generator")


@dataclass(slots=True)
class Loaded:
    """A catalog as read: polib's object plus what is needed to rewrite it safely."""

    path: Path
    po: polib.POFile
    digest: str
    """sha256 of the bytes read ("" when the file did not exist)."""


def read_catalog(path: Path, language: str | None = None) -> Loaded:
    """Parse a .po/.pot; a syntax error, a bad encoding or another language is an input error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path) from exc
    return _parse(path, data, language)


def read_if_present(path: Path, language: str | None = None) -> Loaded | None:
    """`read_catalog`, or None when there is no such file (without asking first: a build
    reads thousands of catalogs)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path) from exc
    return _parse(path, data, language)


def _parse(path: Path, data: bytes, language: str | None) -> Loaded:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(
            f"not UTF-8 (byte {exc.start}); catalogs must be saved as UTF-8", path, line
        ) from exc
    try:
        po = poread.parse(text)
    except poread.PoSyntaxError as exc:
        raise CatalogError(exc.reason, path, exc.line) from None
    _check_header(po, path, text, language)
    return Loaded(path, po, digest(data))


def _check_header(po: polib.POFile, path: Path, text: str, language: str | None) -> None:
    charset = po.metadata.get("Content-Type", "charset=UTF-8").partition("charset=")[2]
    if charset.strip().upper() not in ("UTF-8", "CHARSET", ""):
        raise CatalogError(
            f"declares charset {charset.strip()}; only UTF-8 is supported",
            path,
            _line_of(text, "Content-Type"),
        )
    found = po.metadata.get("Language", "").replace("-", "_")
    if language and found and found != language:
        raise CatalogError(
            f"header says Language: {found}, but the folder is {language}",
            path,
            _line_of(text, '"Language:'),
        )


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def new_catalog(header: dict[str, str]) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = dict(header)
    return po


def signature(po: polib.POFile) -> tuple:
    """What a catalog says, regardless of message order, wrapping and volatile dates."""
    header = tuple(sorted(_stable_header(po).items()))
    messages = sorted(_entry_signature(entry) for entry in po)
    return header, po.header, tuple(messages)


def same_catalog(old: polib.POFile, new: polib.POFile) -> bool:
    """`signature(old) == signature(new)`, without sorting in the common cases: a merge that
    changed nothing returns the old catalog's very message objects, and a template extracted
    again has its messages in the order of the file."""
    if (
        len(old) != len(new)
        or old.header != new.header
        or _stable_header(old) != _stable_header(new)
    ):
        return False
    pairs = zip(old, new, strict=True)
    if all(a is b or _entry_signature(a) == _entry_signature(b) for a, b in pairs):
        return True
    return sorted(map(_entry_signature, old)) == sorted(map(_entry_signature, new))


def _stable_header(po: polib.POFile) -> dict[str, str]:
    return {k: v for k, v in po.metadata.items() if k not in VOLATILE_HEADERS}


def _entry_signature(entry: polib.POEntry) -> tuple:
    return (
        entry.obsolete,
        entry.msgctxt or "",
        entry.msgid,
        entry.msgid_plural or "",
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        tuple(sorted(entry.flags)),
        entry.tcomment or "",
        entry.comment or "",
        tuple(entry.occurrences),
        entry.previous_msgctxt or "",
        entry.previous_msgid or "",
        entry.previous_msgid_plural or "",
    )
