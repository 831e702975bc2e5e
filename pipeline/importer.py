"""`pipeline import`: a plain-text article (title line, paragraphs, optional `Updated:` line)
-> source/<slug>.md with front matter, for an editor to review."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pipeline.errors import SourceError
from pipeline.fileio import atomic_write
from pipeline.sources import check_slug, decode

_UPDATED = re.compile(r"^(?:Updated|Date):\s*(\d{4}-\d{2}-\d{2})\s*$", re.I)


def import_text(path: Path, source_dir: Path, slug: str | None, force: bool) -> Path:
    try:
        text = decode(path.read_bytes(), path)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path) from exc
    slug = check_slug(slug or path.stem, path)
    target = source_dir / f"{slug}.md"
    if not force and any(target.with_suffix(s).exists() for s in (".md", ".html")):
        raise SourceError("already exists; pass --force to overwrite it", target)
    atomic_write(target, to_markdown(text, path).encode())
    return target


def to_markdown(text: str, path: Path) -> str:
    """First non-empty line is the title; an `Updated: YYYY-MM-DD` line becomes `date`."""
    blocks = [
        re.sub(r"[ \t]*\n[ \t]*", " ", b).strip() for b in re.split(r"\n[ \t]*\n", text.strip())
    ]
    blocks = [b for b in blocks if b]
    if not blocks:
        raise SourceError("is empty: nothing to import", path)
    fields: dict = {"title": blocks.pop(0)}
    body = []
    for block in blocks:
        match = _UPDATED.match(block)
        if match and "date" not in fields:
            fields["date"] = match.group(1)
        else:
            body.append(_escape(block))
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    front = front.replace(f"date: '{fields.get('date')}'", f"date: {fields.get('date')}")
    return f"---\n{front}---\n\n" + "\n\n".join(body) + "\n"


def _escape(block: str) -> str:
    """Keep plain text plain: characters Markdown would read as markup are escaped."""
    block = re.sub(r"([\\`*_<>\[\]])", r"\\\1", block)
    return re.sub(r"^(#|\d+[.)]|[-+] )", r"\\\1", block)
