"""`pipeline import`: a plain-text article (title line, paragraphs, optional `Updated:` line)
-> source/<slug>.md with front matter, for an editor to review.

Text copied from a web page carries the page's chrome: a breadcrumb above the title, a photo
credit under it, a copyright line at the end. The credit becomes the `caption`; breadcrumb and
copyright lines are left out and reported, so the editor checks what was dropped.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml

from pipeline.cjk import HAN, join_lines
from pipeline.errors import SourceError
from pipeline.fileio import atomic_write
from pipeline.sources import RESERVED_SLUGS, SLUG, decode

log = logging.getLogger(__name__)

_UPDATED = re.compile(
    r"^(?:Updated|Date|Published|更新|更新时间|发布时间|发布日期|日期)\s*[:：]\s*"
    r"(?:(\d{4}-\d{2}-\d{2})|(\d{4})年(\d{1,2})月(\d{1,2})日)\s*$",
    re.I,
)
_BREADCRUMB = re.compile(r"^\s*(?:home|首页)(?:\s*[>»›/|]|\s*$|[ \u00a0]{2,})", re.I)
_CREDIT = re.compile(r"\[(?:photo|image|picture|图)\s*[/:：][^\]]*\]$", re.I)
_COPYRIGHT = re.compile(
    r"^(?:copyright\s*(?:[:：©]|\(c\)|\d)|©|\(c\)\s*\d)|all rights reserved|版权所有", re.I
)
_LATIN = re.compile("[A-Za-z]")
_CRUMB_GAP = re.compile(r"\s{2,}")
Block = tuple[int, list[str]]
"""A paragraph of the text file: its first line number and its lines."""


def import_text(path: Path, source_dir: Path, slug: str | None, force: bool) -> Path:
    try:
        text = decode(path.read_bytes(), path)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path) from exc
    if slug is not None:
        _check_option(slug)
    fields, markdown, notes = to_markdown(text, path)
    slug = slug or _slug_of_file(path, fields["title"])
    target = source_dir / f"{slug}.md"
    if not force and any(target.with_suffix(s).exists() for s in (".md", ".html")):
        raise SourceError("already exists; pass --force to overwrite it", target)
    atomic_write(target, markdown.encode())
    for note in notes:  # once the import succeeded: an error is the only thing said
        log.warning("%s", note)
    return target


def _check_option(given: str) -> None:
    """A bad --slug is named as the option it is, not as the file."""
    if not SLUG.fullmatch(given):
        raise SourceError(
            f"--slug {given!r} is not a valid slug: use lowercase a-z, 0-9 and single hyphens"
        )
    if given in RESERVED_SLUGS:
        raise SourceError(f"--slug {given!r} is reserved by the bundle; choose another")


def _slug_of_file(path: Path, title: str) -> str:
    if (not SLUG.fullmatch(path.stem) or path.stem in RESERVED_SLUGS) and not _LATIN.search(title):
        raise SourceError(
            f"file name {path.stem!r} is not a valid slug and the title has no Latin words to"
            " suggest one; pass one with --slug: lowercase a-z, 0-9 and hyphens, such as the"
            " English title's words",
            path,
        )
    if not SLUG.fullmatch(path.stem) or path.stem in RESERVED_SLUGS:
        raise SourceError(
            f"file name {path.stem!r} is not a valid slug; pass one with --slug, e.g. "
            f"--slug {suggest_slug(title)}",
            path,
        )
    return path.stem


def suggest_slug(title: str) -> str:
    """The title's first few words, lowercased and hyphenated."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", title.lower()))[:6]
    return "-".join(words) or "article"


def to_markdown(text: str, path: Path) -> tuple[dict, str, list[str]]:
    """(front matter fields, the Markdown file, what the editor should check). The first
    paragraph is the title (less a breadcrumb line above it); an `Updated: YYYY-MM-DD` line
    (or `更新：`, `发布时间：`, with `2024年1月6日` too) becomes `date`; a photo credit right
    after the title becomes `caption`. Wrapped lines join with a space, except between two
    Chinese characters."""
    blocks = _blocks(text)
    if not blocks:
        raise SourceError("is empty: nothing to import", path)
    title, blocks, notes = _title(blocks, path)
    fields: dict = {"title": title}
    body: list[str] = []
    for line, lines in blocks:
        block = _words(join_lines(lines))
        match = _UPDATED.match(block)
        if match and "date" not in fields:
            fields["date"] = match[1] or f"{match[2]}-{int(match[3]):02}-{int(match[4]):02}"
        elif not body and "caption" not in fields and _CREDIT.search(block):
            fields["caption"] = block
        elif len(block) < 200 and _COPYRIGHT.search(block):
            notes.append(f"{path}:{line}: copyright line left out: {block!r}; check it")
        else:
            body.append(_escape(block))
    if _mostly_chinese(title + "".join(body)):
        fields = {"title": title, "lang": "zh-CN", **fields}  # (else it would pass for English)
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    front = front.replace(f"date: '{fields.get('date')}'", f"date: {fields.get('date')}")
    return fields, f"---\n{front}---\n\n" + "\n\n".join(body) + "\n", notes


def _mostly_chinese(text: str) -> bool:
    """More Han characters than Latin letters: the article is written in Chinese."""
    return len(_HAN.findall(text)) > len(_LATIN_LETTER.findall(text))


_HAN = re.compile(f"[{HAN}]")
_LATIN_LETTER = re.compile("[A-Za-z]")


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines: list[str] = []
    start = 0
    for number, line in enumerate([*text.split("\n"), ""], 1):
        if line.strip():  # (str.strip() also strips no-break spaces)
            start = start if lines else number
            lines.append(line)
        elif lines:
            blocks.append((start, lines))
            lines = []
    return blocks


def _title(blocks: list[Block], path: Path) -> tuple[str, list[Block], list[str]]:
    """The title, without the breadcrumb lines a copied page puts above it."""
    start, lines = blocks[0]
    crumbs = 0
    while crumbs < len(lines) and _BREADCRUMB.match(lines[crumbs]):
        crumbs += 1
    rest = blocks[1:]
    if crumbs == len(lines) and rest:  # the breadcrumb is a paragraph of its own
        (start, lines), rest = rest[0], rest[1:]
        crumbs, dropped = 0, blocks[0][1]
    else:
        crumbs = min(crumbs, len(lines) - 1)
        dropped = lines[:crumbs]
    notes = [
        f"{path}:{blocks[0][0] + offset}: breadcrumb left out: "
        f"{_CRUMB_GAP.sub(' > ', crumb.strip())!r}; check it"
        for offset, crumb in enumerate(dropped)
    ]
    # A date line right under the title (no blank line between) is no part of it.
    end = next(
        (n for n in range(crumbs + 1, len(lines)) if _UPDATED.match(_words(lines[n]))),
        len(lines),
    )
    if end < len(lines):
        rest = [(start + end, lines[end:]), *rest]
    return _words(join_lines(lines[crumbs:end])), rest, notes


def _words(text: str) -> str:
    """White space collapsed, no-break spaces included: in an imported text they are an
    artefact of the page it came from, and a sentence must match its translation exactly."""
    return re.sub(r"\s+", " ", text).strip()


def _escape(block: str) -> str:
    """Keep plain text plain: characters Markdown would read as markup are escaped (a list
    number as `1\\.`: a backslash before a digit is no escape, it would be shown)."""
    block = re.sub(r"([\\`*_<>\[\]])", r"\\\1", block)
    block = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", block)
    return re.sub(r"^(#|[-+] )", r"\\\1", block)
