"""Page context -> HTML through the Jinja2 layouts; dates, language names and switcher links.

Layouts are Jinja2 files (the project's `layouts/` first, then the package's). UI strings go
through the locale's ui catalog; like article translations they are untrusted, so every
translation is escaped before Jinja2 sees it (its i18n helpers would mark it safe).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import jinja2
from babel.dates import format_date
from markupsafe import Markup, escape

from pipeline.errors import RenderError
from pipeline.locales import babel_locale, label_of
from pipeline.model import Locale
from pipeline.packaged import PACKAGE_LAYOUTS


@dataclass(frozen=True, slots=True)
class Link:
    """A language version of a page: for hreflang links and the switcher."""

    locale: Locale
    href: str
    label: str
    current: bool
    exists: bool
    """False when the article is not published in that language (the link goes to its index)."""

    @property
    def tag(self) -> str:
        return self.locale.tag

    @property
    def path(self) -> str:
        return self.locale.path


class Text(NamedTuple):
    """A translated metadata value; `lang` is set when it fell back to the source language.
    (A NamedTuple, like Summary: pickled in every unit's result.)"""

    value: str
    lang: str | None = None


LAYOUTS_LANGUAGE = "en"
"""The language the layouts' UI strings are written in (their msgids): the page chrome a
locale's ui catalogs leave untranslated is shown in it."""


class Untranslated(str):
    """A UI string shown as written, in `lang` (not the page's language)."""

    lang: str


def ui_gettext(table: Mapping[str, str], page: Locale, site_title: str, source: Locale):
    """The UI strings of `page`'s language: its accepted translations; a string without one
    is an `Untranslated` in its own language (the site title's is the source language's, the
    layouts' English) wherever that is not the page's, so layouts can mark it with `lang`."""
    page_tag = page.tag.lower()

    def gettext(msgid: str) -> str:
        found = table.get(msgid)
        if found is not None:
            return found
        lang = source.tag if msgid == site_title else LAYOUTS_LANGUAGE
        if lang.lower() == page_tag:
            return msgid
        text = Untranslated(msgid)
        text.lang = lang
        return text

    return gettext


_NO_MARKUP = Markup("")


class Layouts:
    """The Jinja2 environment for one project, with one gettext per locale.

    UI text shown untranslated is marked with its language by two filters (fallback text of
    articles is marked the same way, see `pipeline.render.fill`): `lang_span` in element
    content (`{{ _('Home')|lang_span }}`: `<span lang="en">Home</span>`), `lang_attr` on the
    element holding it in an attribute (`aria-label="{{ _('Languages') }}"{{
    _('Languages')|lang_attr }}`). Without them (a project's own layouts) the text is as before.
    """

    def __init__(self, project_layouts: Path | None):
        loaders: list[jinja2.BaseLoader] = []
        if project_layouts is not None and project_layouts.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(project_layouts)))
        loaders.append(jinja2.FileSystemLoader(str(PACKAGE_LAYOUTS)))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            extensions=["jinja2.ext.i18n"],
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            auto_reload=False,  # one build's Layouts: no stat of the layout files per page
        )
        self.untranslated: dict[str, str] = {}
        """This render's UI strings shown untranslated (as escaped), with their languages:
        Jinja2 turns what `_` returns into a plain Markup, so the filters look them up."""
        self.env.filters["lang_span"] = self._lang_span
        self.env.filters["lang_attr"] = self._lang_attr

    def _lang_of(self, value: str) -> str | None:
        if isinstance(value, Untranslated):
            return value.lang
        # (a Markup is a str: the escaped text finds itself; most pages have none)
        return self.untranslated.get(value) if self.untranslated else None

    def _lang_span(self, value: str) -> Markup:
        lang = self._lang_of(value)
        if lang is None:
            return value if isinstance(value, Markup) else escape(value)
        return Markup(f'<span lang="{escape(lang)}">{escape(value)}</span>')

    def _lang_attr(self, value: str) -> Markup:
        lang = self._lang_of(value)
        return Markup(f' lang="{escape(lang)}"') if lang else _NO_MARKUP

    def render(self, name: str, gettext: Callable[[str], str], **context) -> str:
        untranslated: dict[str, str] = {}
        self.untranslated = untranslated

        def translate(msgid: str) -> Markup:
            found = gettext(msgid)
            text = escape(found)
            lang = getattr(found, "lang", None)
            if lang is not None:
                untranslated[text] = lang
            return text

        # (jinja2.ext.i18n adds this method: Environment's type does not declare it)
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            translate,
            lambda s, p, n: translate(s if n == 1 else p),
            newstyle=True,
        )
        try:
            template = self.env.get_template(name)
            return template.render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(
                f"layout syntax error: {exc.message}", exc.filename or name, exc.lineno
            ) from exc
        except jinja2.TemplateNotFound as exc:
            raise RenderError(f"layout {exc.name!r} not found", name) from exc
        except jinja2.UndefinedError as exc:
            raise RenderError(f"layout uses an undefined value: {exc.message}", name) from exc


class DateView(NamedTuple):
    """A date for layouts. A tuple with named fields rather than a dict: Jinja2 reads
    `date.iso` as an attribute first, and a dict makes it raise and retry, for every date of
    every index entry."""

    iso: str
    text: str


def date_view(value: date | None, locale: Locale) -> DateView | None:
    """ISO for <time datetime>, CLDR's long format for people (January 6, 2023; 2023年1月6日)."""
    if value is None:
        return None
    return DateView(value.isoformat(), _long_date(value, locale.code))


@lru_cache(maxsize=4096)
def _long_date(value: date, code: str) -> str:
    """Babel takes ~50 us a date; an index page lists hundreds, and dates repeat."""
    return format_date(value, "long", locale=babel_locale(code))


def switcher(
    locales: list[Locale],
    current: Locale,
    hrefs: Mapping[str, str | None],
    fallback_hrefs: Mapping[str, str],
) -> list[Link]:
    """One link per language, labelled in its own name; missing versions go to that index."""
    links = []
    for locale in locales:
        href = hrefs.get(locale.code)
        links.append(
            Link(
                locale,
                href or fallback_hrefs[locale.code],
                label_of(locale),
                locale == current,
                href is not None,
            )
        )
    return links


def body_markup(html: str) -> Markup:
    """The filled skeleton is HTML built from escaped text: safe to insert as is."""
    return Markup(html)
