"""Locale names: POSIX code <-> BCP 47 tag <-> bundle folder, from Babel's CLDR data."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale as BabelLocale
from babel import UnknownLocaleError

from pipeline.model import Locale


def make_locale(code: str, tag: str | None = None, path: str | None = None) -> Locale:
    """Validate `code` against CLDR and derive its HTML tag (language + script, no region)."""
    if not re.fullmatch(r"[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*", code):
        raise ValueError(f'{code!r} is not a locale code such as "zh_CN" or "fr"')
    try:
        babel = BabelLocale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"unknown locale {code!r} (not in CLDR)") from exc
    posix = (
        str(babel)
        if babel.script is None
        else "_".join(part for part in (babel.language, babel.territory) if part)
    )
    if "_" in code and code.replace("-", "_") != posix:
        posix = code.replace("-", "_")
    script = babel.script if babel.territory or "_" in code else None
    if babel.language == "zh" and script is None:
        script = "Hant" if babel.territory in ("TW", "HK", "MO") else "Hans"
    tag = tag or "-".join(part for part in (babel.language, script) if part)
    return Locale(code=posix, tag=tag, path=path or tag.lower())


@cache
def same_language(value: str, code: str) -> bool:
    """Whether a language tag as written (`zh`, `zh-CN`, `zh_Hans`, `en-US`) and a site
    locale code have the same language and script (`zh-Hant` is not `zh_CN`)."""
    parts = value.strip().replace("-", "_").split("_")
    try:
        written = make_locale("_".join([parts[0].lower(), *parts[1:]]))
    except ValueError:
        return False
    return written.tag.lower() == make_locale(code).tag.lower()


@cache
def babel_locale(code: str) -> BabelLocale:
    return BabelLocale.parse(code)


@cache
def language_name(code: str) -> str:
    """The language's name in itself (English, 中文), for the switcher."""
    locale = babel_locale(code)
    return locale.get_language_name(locale) or code


@cache
def english_name(code: str) -> str:
    """For the Language-Team header: asked once per catalog, and Babel parses a Locale per ask."""
    return babel_locale(code).english_name or code


@cache
def plural_forms(code: str) -> str:
    """The `Plural-Forms` header value from CLDR (`nplurals=1; plural=0;` for Chinese)."""
    from babel.messages.plurals import get_plural

    plural = get_plural(code)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
