"""An `href` -> the article source file it names, if any: a link written `other.md` or
`other.html#part` beside the source is a link to that article's page, whichever bundle shows
it (`pipeline.render.links` decides the page)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from pipeline.sources import ARTICLE_SUFFIXES, RESERVED_SLUGS


def article_target(href: str) -> tuple[str, str] | None:
    """(slug, the query and fragment as written) when `href` names a source file in the
    same folder (`x.md`, `./x.html?a#b`); None for anything else: URLs, other folders, media,
    the bundle's own pages (`index.html`)."""
    cut = len(href)
    for mark in "?#":
        found = href.find(mark)
        if 0 <= found < cut:
            cut = found
    parts = urlsplit(href[:cut])
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("./"):
        path = path[2:]
    stem, dot, suffix = path.rpartition(".")
    if not stem or "/" in path or f"{dot}{suffix}" not in ARTICLE_SUFFIXES:
        return None
    if stem in RESERVED_SLUGS:
        return None
    return stem, href[cut:]
