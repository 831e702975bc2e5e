"""The checks of one translation: each a small function over a Message yielding problem texts.

Like babel/messages/checkers.py: the runner in `pipeline.checks` knows the ids and severities
and turns what these yield into Findings; a check only knows what it looks for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from pipeline.checks.numbers import compare_figures
from pipeline.cjk import CJK_CHAR, HAN
from pipeline.locales import language_of
from pipeline.placeholders import TOKEN, judge, tokenize


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry: where `source` occurs in a msgid, `target` must be in the msgstr."""

    source: str
    target: str
    pattern: re.Pattern[str]


class Message(NamedTuple):
    """One translation to check, with what the checks need to know about its source. (A
    tuple with named fields: a catalog makes one per message, and a frozen dataclass costs
    four times as much to make.)"""

    msgid: str
    msgstr: str
    msgctxt: str | None
    placeholders: frozenset[int]
    """Numbers of the msgid's placeholders; any other `<N>` is literal text."""
    locale_code: str
    """The target's language: the msgstr's."""
    terms: tuple[Term, ...] = ()
    source_code: str = "en"
    """The msgid's language: the article's source language."""

    def visible(self, text: str) -> str:
        """`text` as a reader sees it: placeholders dropped, URLs and e-mails blanked out."""
        tokens = tokenize(text, self.placeholders)
        plain = "".join(token.value for token in tokens if token.kind == "text")
        return _EMAIL.sub(" ", _URL.sub(" ", plain))


_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_CJK = HAN  # (checks of Chinese punctuation look at Han characters)
_CJK_OR_MARK = rf"[{_CJK}\u3000-\u303f，（）：；！？]"
_ASCII_MARK = re.compile(rf"(?<={_CJK_OR_MARK})[,;:()?!]|[,;:()?!](?={_CJK_OR_MARK})")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_ENGLISH_MARKS = {mark: repr(ascii) for ascii, mark in _FULL_WIDTH.items()}
_ENGLISH_MARKS |= {"。": "'.'", "、": "','"}
_ENGLISH_MARKS |= {"「": "'“'", "」": "'”'", "《": "italics or '“'", "》": "italics or '”'"}
_FULL_WIDTH_MARK = re.compile(f"[{''.join(_ENGLISH_MARKS)}]")
_ASCII_STOP = re.compile(rf"(?<=[{_CJK}）」』》])\.(?![0-9A-Za-z])")
_SENTENCE_ENDS = tuple("。！？…”’）」』")
_PAIRS = {"“": "”", "（": "）", "《": "》", "(": ")", "[": "]", "【": "】", "「": "」", "『": "』"}
_BRACKET_KIND = {"“": "quote", "「": "quote", "『": "quote", "（": "paren", "(": "paren"}
_BRACKET_KIND |= {"[": "square", "【": "square", "《": "book", '"': "quote"}


def check_placeholder(message: Message) -> Iterator[str]:
    """Missing, extra, duplicated or mis-nested placeholders: the build would refuse them."""
    if "<" not in message.msgid and "<" not in message.msgstr:
        return  # no placeholder on either side: nothing can be wrong with them
    yield from judge(message.msgid, message.placeholders, message.msgstr)[1]


def check_markup(message: Message) -> Iterator[str]:
    """HTML tags in a translation are escaped and shown literally: surely a mistake."""
    if "<" not in message.msgstr:
        return  # (every tag and comment starts with one)
    tags = [tag for tag in _MARKUP.findall(message.msgstr) if tag not in message.msgid]
    if tags:
        shown = ", ".join(dict.fromkeys(tags))
        yield f"{shown} looks like HTML markup and would be shown as text; use the placeholders"


def check_number(message: Message) -> Iterator[str]:
    """Figures that differ, reading 11万, 十一万 and 1997年 as the source's 110,000 and 1997."""
    missing, extra = compare_figures(
        message.visible(message.msgid),
        message.visible(_stray_tags_dropped(message)),
        message.source_code,
        message.locale_code,
    )
    problems = [f"{text} is missing" for text in missing]
    problems += [f"{text} is not in the source" for text in extra]
    if problems:
        yield "numbers differ: " + "; ".join(problems)


def _stray_tags_dropped(message: Message) -> str:
    """The translation without placeholder-shaped tags the msgid lacks (`</2>` where the
    msgid has only <1>): a wrong placeholder, which check_placeholder reports, not the
    number 2. A `<2>` the msgid itself holds as text stays text."""
    literal = {m[0] for m in TOKEN.finditer(message.msgid)}
    return TOKEN.sub(lambda m: m[0] if m[0] in literal else " ", message.msgstr)


def check_url(message: Message) -> Iterator[str]:
    """A link in the text that a reader of the translation can no longer follow."""
    yield from _differences("URL", _urls(message.msgid), _urls(message.msgstr))


def check_email(message: Message) -> Iterator[str]:
    """An address the reader of the translation would write to in vain."""
    source, translation = (_emails(_URL.sub(" ", text)) for text in (message.msgid, message.msgstr))
    yield from _differences("e-mail", source, translation)


def _urls(text: str) -> list[str]:
    urls = []
    for url in _URL.findall(text):
        while url and (url[-1] in ".,;:!?'\"" or url[-1] in ")]" and _unclosed(url)):
            url = url[:-1]
        urls.append(url)
    return urls


def _unclosed(url: str) -> bool:
    closer = url[-1]
    opener = "(" if closer == ")" else "["
    return url.count(closer) > url.count(opener)


def _emails(text: str) -> list[str]:
    return [address.lower() for address in _EMAIL.findall(text)]


def _differences(what: str, source: list[str], translation: list[str]) -> Iterator[str]:
    missing = [item for item in dict.fromkeys(source) if item not in translation]
    extra = [item for item in dict.fromkeys(translation) if item not in source]
    problems = [f"{item} is missing" for item in missing]
    problems += [f"{item} is not in the source" for item in extra]
    if problems:
        yield f"{what} differs: " + "; ".join(problems)


def check_same_as_source(message: Message) -> Iterator[str]:
    """A copied msgid is usually a forgotten translation, unless it is only names or figures,
    or the two are one language in two scripts (文章 is 文章 in Simplified and Traditional)."""
    if language_of(message.source_code) == language_of(message.locale_code):
        return
    if message.msgstr == message.msgid and _has_prose(message.visible(message.msgid)):
        yield "the translation is the same as the source"


def _has_prose(text: str) -> bool:
    """A lower-case word, or more capitalised words than a name has (`Huang Guoning`, `CQMU`);
    any Han character, kana or Hangul syllable (CJK has no case to tell names by)."""
    if CJK_CHAR.search(text):
        return True
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", text)
    return any(word[0].islower() and len(word) > 1 for word in words) or len(words) > 2


def check_punctuation(message: Message) -> Iterator[str]:
    """Chinese text takes full-width punctuation and ends a sentence where the source does;
    English text takes none (a full-width mark copied from a Chinese source shows as a gap)."""
    if message.locale_code.startswith("en"):
        yield from _full_width_in_english(message.visible(message.msgstr))
    if not message.locale_code.startswith("zh"):
        return
    text = message.visible(message.msgstr)
    for mark in dict.fromkeys(match[0] for match in _ASCII_MARK.finditer(text)):
        yield f"ASCII {mark!r} next to Chinese text; use {_FULL_WIDTH[mark]!r}"
    if _ASCII_STOP.search(text):
        yield "ASCII '.' ends a Chinese sentence; use '。'"
    elif _lacks_final_stop(message):
        yield "the source ends with a full stop but the translation does not; add '。'"


def _full_width_in_english(text: str) -> Iterator[str]:
    for mark in dict.fromkeys(_FULL_WIDTH_MARK.findall(text)):
        yield f"full-width {mark!r} in English text; use {_ENGLISH_MARKS[mark]}"


def _lacks_final_stop(message: Message) -> bool:
    if message.msgctxt == "title":
        return False
    source = re.sub(r"(?:</?\d+/?>|[\s”’\"')])+$", "", message.msgid)
    if not source.endswith(".") or re.search(r"\w\.\w+\.$", source):  # Ph.D., U.S.
        return False
    translation = re.sub(r"(?:</?\d+/?>|\s)+$", "", message.msgstr)
    return bool(re.search(f"[{_CJK}]", translation)) and not translation.endswith(_SENTENCE_ENDS)


def _match(pattern: str, text: str) -> str:
    """What a pattern that always matches (`^\\s*`) matched."""
    found = re.search(pattern, text)
    return found[0] if found else ""


def check_whitespace(message: Message) -> Iterator[str]:
    """Leading/trailing space and line breaks carry meaning in the page; doubled spaces show."""
    source, translation = message.msgid, message.msgstr
    for side, pattern in (("starts", r"^\s*"), ("ends", r"\s*$")):
        want, got = _match(pattern, source), _match(pattern, translation)
        if want != got:
            yield f"the source {side} with {want!r}, the translation with {got!r}"
    breaks = source.strip().count("\n"), translation.strip().count("\n")
    if breaks[0] != breaks[1]:
        yield f"the source has {breaks[0]} line breaks, the translation {breaks[1]}"
    doubled = rf"(?<![{_CJK}\s]) {{2,}}(?![{_CJK}\s])"
    if "  " not in source.strip() and re.search(doubled, translation.strip()):
        yield "doubled space in the translation"


def check_brackets(message: Message) -> Iterator[str]:
    """Unbalanced brackets or quotes, unless the source is unbalanced alike (a quote that
    spans paragraphs)."""
    excused = {_BRACKET_KIND[opener] for opener in _unbalanced(message.visible(message.msgid))}
    for opener in _unbalanced(message.visible(message.msgstr)):
        if _BRACKET_KIND[opener] not in excused:
            yield f"unbalanced {opener}{_PAIRS.get(opener, opener)}"


def _unbalanced(text: str) -> list[str]:
    found = []
    for opener, closer in _PAIRS.items():
        if opener not in text and closer not in text:
            continue
        depth = 0
        for char in text:
            depth += (char == opener) - (char == closer)
            if depth < 0:
                break
        if depth:
            found.append(opener)
    if text.count('"') % 2:
        found.append('"')
    return found


def check_glossary(message: Message) -> Iterator[str]:
    """A glossary term translated otherwise; longer terms win (`National Health Commission`
    over `Health Commission`)."""
    source = message.visible(message.msgid)
    taken: list[range] = []
    translation = message.msgstr.casefold()
    for term in message.terms:
        spans = [range(*m.span()) for m in term.pattern.finditer(source)]
        spans = [span for span in spans if not any(_overlap(span, t) for t in taken)]
        taken += spans
        if spans and term.target.casefold() not in translation:
            yield f"{term.source!r} should be translated as {term.target!r} (glossary)"


def _overlap(a: range, b: range) -> bool:
    return a.start < b.stop and b.start < a.stop


RULES: dict[str, Callable[[Message], Iterator[str]]] = {
    "placeholder": check_placeholder,
    "markup": check_markup,
    "number": check_number,
    "url": check_url,
    "email": check_email,
    "same-as-source": check_same_as_source,
    "punctuation": check_punctuation,
    "whitespace": check_whitespace,
    "brackets": check_brackets,
    "glossary": check_glossary,
}
"""Checks of one translation, by id; `pipeline.checks.CHECKS` gives their severities."""
