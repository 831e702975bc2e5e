"""Links between articles, per bundle: a link to another article's source file points to
that article's page in the bundle at hand, or, where the bundle does not publish it, to its
page in the first bundle that does (the site's source language first; an article's own
language always publishes it)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from pipeline.model import Locale
from pipeline.render.pages import href
from pipeline.segments import LinkHole

Published = Mapping[str, frozenset[str]]
"""Per article slug: the codes of the locales whose bundles publish its page."""


def link_resolver(
    published: Published, locale: Locale, locales: Sequence[Locale]
) -> Callable[[LinkHole], str]:
    """The href of each link to another article in `locale`'s bundle (`locales`: the site's,
    source language first); a link to no article stays as written (the build warns)."""

    def link(hole: LinkHole) -> str:
        codes = published.get(hole.slug)
        if codes is None:
            return hole.written
        name = f"{hole.slug}.html{hole.rest}"
        if locale.code in codes:
            return href(locale, locale, name)
        return href(locale, next((loc for loc in locales if loc.code in codes), locale), name)

    return link


def assumed(holes: list[LinkHole], published: Published) -> tuple[tuple[str, frozenset[str]], ...]:
    """What the article's pages took for granted: each linked article's publication, sorted."""
    return tuple(sorted((s, published[s]) for s in {h.slug for h in holes} if s in published))


def broken(holes: list[LinkHole], published: Published) -> tuple[tuple[int, str, str], ...]:
    """(line, href as written, slug) of each link to an article that does not exist."""
    return tuple((h.line, h.written, h.slug) for h in holes if h.slug not in published)
