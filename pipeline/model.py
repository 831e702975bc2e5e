"""Plain data passed between the stages: frozen dataclasses (NamedTuples for those pickled
once per article), no I/O."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class Locale:
    """A language the site is published in."""

    code: str
    """gettext/POSIX form used for folders and the `Language` header: `zh_CN`."""
    tag: str
    """BCP 47 tag for HTML `lang` and `hreflang`: `zh-Hans`."""
    path: str
    """Output folder of the bundle: `zh-hans`."""
    label: str | None = field(default=None, compare=False)
    """The language's name as readers see it (switcher, root page): `简体中文` when another
    site language shares its language, else its own name; set by the config (`label`, else
    CLDR). None: its own name (`pipeline.locales.label_of`). Not part of its identity."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit of an article."""

    text: str
    """The msgid: collapsed text with numbered placeholders (`Visit <1>our site</1>.`)."""
    kind: str
    """What it is, for translators: `p`, `h2`, `img alt`, `title`..."""
    line: int
    """Source line, 1-based (0 when unknown)."""
    context: str | None = None
    """msgctxt: set for metadata fields only (`title`, `summary`, ...)."""
    placeholders: tuple[tuple[int, str], ...] = ()
    """(number, start tag) pairs, shown to translators as extracted comments."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """Front matter (Markdown) or head metadata (HTML) of one article."""

    title: str
    date: datetime.date | None = None
    updated: datetime.date | None = None
    summary: str = ""
    author: str = ""
    image: str = ""
    image_alt: str = ""
    caption: str = ""
    tags: tuple[str, ...] = ()
    translate: bool = True
    lang: str = ""
    """The article's language as written (`lang:` or `<html lang>`); "" for the site's
    source language. `Config.article_locale` maps it to a configured Locale."""
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    """Source line of each field, for catalog references."""


TRANSLATABLE_FIELDS = ("title", "summary", "caption", "image_alt")

MessageKey = tuple[str | None, str]
"""A Message's identity in a Catalog: (msgctxt or None, msgid)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One source file, read and ready to split into segments."""

    slug: str
    path: Path
    """Path relative to the project root, as shown in references and errors."""
    metadata: Metadata
    body_html: str
    """The body as HTML, line-annotated: Markdown rendered, or "" for an HTML source (whose
    body is only a `tree`)."""
    digest: str
    """sha256 of the source bytes: keys caches."""
    tree: Any = field(default=None, compare=False, repr=False)
    """The body already parsed as a browser parses it, or None (the segmenter then parses
    `body_html`)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a catalog by the checks."""

    id: str
    severity: str
    """`error` or `warning`."""
    path: str
    line: int
    msgid: str
    message: str
    msgctxt: str | None = None


class Stored(NamedTuple):
    """A file of a bundle known by its size and sha256 only: its bytes are in staging already
    (a page written while the build went on) or in the live bundle (a page of an article that
    did not change, checked against the output before the build)."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> Stored:
        return cls(len(data), hashlib.sha256(data).hexdigest())
