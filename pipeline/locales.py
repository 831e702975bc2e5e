"""Locale names: POSIX code <-> BCP 47 tag <-> bundle folder, from Babel's CLDR data."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
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


def label_of(locale: Locale) -> str:
    """What readers see for a language: its label, else its own name."""
    return locale.label or language_name(locale.code)


def with_labels(languages: Sequence[Locale], labels: Mapping[str, str]) -> tuple[Locale, ...]:
    """The site's languages with their labels: `labels[code]` where configured; else, for a
    language another site language shares, its CLDR name with the script when their scripts
    differ (简体中文 / 繁體中文), or with the region (American English / British English);
    a language alone keeps its own name (中文), so existing pages do not change."""
    by_language: dict[str, list[str]] = {}
    for locale in languages:
        by_language.setdefault(language_of(locale.code), []).append(locale.code)
    labelled = []
    for locale in languages:
        sharing = by_language[language_of(locale.code)]
        label = labels.get(locale.code)
        if label is None and len(sharing) > 1:
            differ = len({_script(code) for code in sharing}) > 1
            label = distinct_name(locale.code, differ)
        labelled.append(replace(locale, label=label))
    return tuple(labelled)


def language_of(code: str) -> str:
    """The language of a locale code or tag, without script or region (`zh` for `zh_TW`)."""
    return code.replace("-", "_").split("_")[0].lower()


@cache
def _script(code: str) -> str | None:
    """The script a locale is written in (`Hans` for `zh_CN` and for `zh`), if CLDR says."""
    found = babel_locale(code).script
    if found:
        return found
    parts = make_locale(code).tag.split("-")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None


@cache
def distinct_name(code: str, by_script: bool) -> str:
    """The language's name in itself, told apart from the same language in another script
    (`by_script`) or region: CLDR's own name for the variant where it has one (繁體中文,
    British English), else the name with the variant's, as Babel's display names are made
    (`português (Brasil)`)."""
    locale = babel_locale(code)
    script = _script(code) if by_script else None
    territory = None if by_script else locale.territory
    if script is None and territory is None:
        return language_name(code)
    key = "_".join(part for part in (locale.language, script, territory) if part)
    named = locale.languages.get(key)
    if named:
        return named
    part = locale.get_script_name(locale) if script else locale.get_territory_name(locale)
    return f"{language_name(code)} ({part})" if part else language_name(code)


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
