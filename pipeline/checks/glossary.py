"""Glossary files (.csv `source,target` rows, or a .po of msgid -> msgstr) -> required terms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.catalogs.pofile import read_catalog
from pipeline.checks.rules import Term
from pipeline.cjk import CJK_CHAR
from pipeline.errors import CatalogError
from pipeline.pairs import read_pairs

_HEADERS = (("source", "target"), ("msgid", "msgstr"))


def read_glossary(path: Path, reverse: bool = False) -> dict[str, str]:
    """Source term -> required translation; a bad row is an input error naming file and line.

    `reverse` reads the file the other way (target term -> source term): the Chinese glossary
    `locales/zh_CN/glossary.csv` serves English -> Chinese as written and Chinese -> English
    reversed, so a team keeps one list of terms. A term the file gives twice reversed (two
    English terms for one Chinese) keeps the first, in file order."""
    if path.suffix == ".csv":
        rows = _csv_rows(path)
    elif path.suffix in (".po", ".pot"):
        rows = _po_rows(path)
    else:
        raise CatalogError("a glossary must be a .csv (source,target rows) or a .po file", path)
    terms: dict[str, str] = {}
    first_line: dict[str, tuple[str, int | None]] = {}
    for source, target, line in rows:
        if reverse:
            source, target = target, source
            if source.casefold() in first_line:
                continue
        known, known_line = first_line.setdefault(source.casefold(), (target, line))
        if known != target:
            raise CatalogError(
                f"{source!r} is translated as {known!r} on line {known_line}, here as {target!r};"
                " a term needs one translation",
                path,
                line,
            )
        terms[source] = target
    return terms


def _csv_rows(path: Path) -> Iterator[tuple[str, str, int | None]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read the glossary: {exc.strerror}", path) from exc
    return read_pairs(data, path, CatalogError, _HEADERS)


def _po_rows(path: Path) -> Iterator[tuple[str, str, int | None]]:
    """Read as every catalog is (`read_catalog`): a file msgfmt refuses is an input error."""
    po = read_catalog(path).po
    for entry in po:
        if entry.msgstr.strip() and not entry.obsolete and "fuzzy" not in entry.flags:
            yield entry.msgid.strip(), entry.msgstr.strip(), entry.linenum


def compile_terms(glossary: dict[str, str]) -> tuple[Term, ...]:
    """Terms, longest first, matched case-insensitively as whole words."""
    terms = [
        Term(source, target, re.compile(_bounded(source), re.IGNORECASE))
        for source, target in glossary.items()
        if source.strip() and target.strip()
    ]
    return tuple(sorted(terms, key=lambda term: (-len(term.source), term.source)))


def _bounded(term: str) -> str:
    """A whole-word pattern; an edge that is CJK needs no boundary (Chinese has no spaces:
    国家卫生健康委员会 is a term inside 由国家卫生健康委员会发布)."""
    pattern = re.escape(term)
    if not CJK_CHAR.match(term[0]):
        pattern = r"(?<!\w)" + pattern
    if not CJK_CHAR.match(term[-1]):
        pattern += r"(?!\w)"
    return pattern
