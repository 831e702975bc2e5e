"""Figures of a source text and its translation as values, so `110,000` = `11万` = `十一万`.

Every required figure of the source must reappear in the translation in some accepted form, and
every required figure of the translation must come from the source, in either direction: each
text is read by the reader of its own language (Chinese or English). Chinese numerals only ever
count as evidence for a figure of the other side: they also occur inside ordinary words (一些,
统一, 三级甲等), so one that matches nothing proves nothing. Month names are evidence too, so
`2024年3月18日` = `March 18, 2024`; `百分之六十` is as firm as the `60` of `60 percent`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipeline.locales import language_of


@dataclass(frozen=True, slots=True)
class Figure:
    """One number as written, with every value it may stand for."""

    text: str
    values: frozenset[Decimal]
    required: bool
    """Source: must reappear in the translation. Translation: must come from the source."""


_DIGITS = r"(?<!\d)(?<!\d\.)\d+(?:,\d{3})*(?:\.\d+)?"
_SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE_WORD = r"\s*-?\s*(thousand|million|billion|trillion)\b"
_SOURCE_DIGITS = re.compile(rf"({_DIGITS})(?:{_SCALE_WORD}|(?<=0)(s)\b)?", re.IGNORECASE)
_CN_SCALES = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3}
_TARGET_DIGITS = re.compile(rf"({_DIGITS})(?:(万亿|亿|千万|百万|万|千)|{_SCALE_WORD})?", re.I)

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_UNITS += ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
_UNITS += ["seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh"]
_ORDINALS += ["eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth"]
_ORDINALS += ["fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_TENS_ORDINALS = [word[:-1] + "ieth" for word in _TENS]
_WORD_VALUES = {
    **{word: n for n, word in enumerate(_UNITS)},
    **{word: n for n, word in enumerate(_ORDINALS)},
    **{word: 20 + 10 * n for n, word in enumerate(_TENS)},
    **{word: 20 + 10 * n for n, word in enumerate(_TENS_ORDINALS)},
    "hundred": 100,
    "hundredth": 100,
    **_SCALE_WORDS,
}
_WORD = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_WORDS = re.compile(rf"\b(?:{_WORD})(?:(?:-|\s+(?:and\s+)?)(?:{_WORD}))*\b", re.IGNORECASE)
_ORDINAL_WORDS = {*_ORDINALS, *_TENS_ORDINALS, "hundredth"}
_OPTIONAL_WORDS = {"one", "first", "second"}
"""Also pronoun, determiner or time unit ("one of", "first-class", "a second"): often unsaid."""

_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTH_NUMBERS = {name: n for n, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)

_CN_DIGITS = {ch: n for n, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_TRADITIONAL = str.maketrans("萬億兩點", "万亿两点")
"""The numerals Traditional Chinese writes otherwise, one character for one."""
_CN_RUN = re.compile("[零〇一二两三四五六七八九十百千万亿]+")


_PERCENT = re.compile("百分之([零〇一二两三四五六七八九十百千]+(?:点[零〇一二两三四五六七八九]+)?)")


def compare_figures(
    source: str, translation: str, source_code: str = "en", target_code: str = "zh_CN"
) -> tuple[list[str], list[str]]:
    """(source figures missing from the translation, translation figures not in the source);
    the codes (`en`, `zh_CN`) say which reader reads each text: Chinese to English, English
    to Chinese, and Chinese to Chinese (zh_CN -> zh_TW) all compare like with like."""
    available = (target_figures if _is_chinese(source_code) else source_figures)(source)
    offered = (source_figures if _is_english(target_code) else target_figures)(translation)
    missing = _unmatched([f for f in available if f.required], offered)
    extra = _unmatched([f for f in offered if f.required], available)
    return [f.text for f in missing], [f.text for f in extra]


def _is_chinese(code: str) -> bool:
    return language_of(code) == "zh"


def _is_english(code: str) -> bool:
    """An English translation is read as English; any other (Chinese, or a language this
    module has no reader for) by the reader that knows digits and Chinese forms."""
    return code.lower().startswith("en")


def source_figures(text: str) -> list[Figure]:
    """English text: digits (with `thousand`/`million`), number words and ordinals, month names."""
    figures = [_source_digits(match) for match in _SOURCE_DIGITS.finditer(text)]
    figures += _centuries(text)
    figures += _word_figures(_SOURCE_DIGITS.sub(" ", text))
    for match in _MONTHS.finditer(text):
        month = Decimal(_MONTH_NUMBERS[match[0][:3]])
        figures.append(Figure(match[0], frozenset({month}), False))
    return figures


def target_figures(text: str) -> list[Figure]:
    """Chinese text: digits (with 万, 亿...) and 百分之… are firm; Chinese numerals and number
    words are evidence only. Traditional Chinese is read as Simplified: 11萬 = 11万."""
    text = text.translate(_TRADITIONAL)
    figures = [_percent(match) for match in _PERCENT.finditer(text)]
    text = _PERCENT.sub(" ", text)
    figures += [_target_digits(match) for match in _TARGET_DIGITS.finditer(text)]
    rest = _TARGET_DIGITS.sub(" ", text)
    for match in _CN_RUN.finditer(rest):
        figures += [Figure(part, frozenset({value}), False) for part, value in _cn_parts(match[0])]
    figures += [Figure(f.text, f.values, False) for f in _word_figures(rest)]
    return figures


def _source_digits(match: re.Match[str]) -> Figure:
    value = _decimal(match[1])
    if match[2]:
        return Figure(match[0], frozenset({value * _SCALE_WORDS[match[2].lower()]}), True)
    if match[3] and len(match[1]) == 4:  # the 1990s: 1990年代, 90年代
        return Figure(match[0], frozenset({value, value % 100}), True)
    return Figure(match[0], frozenset({value}), not _in_name(match))


def _in_name(match: re.Match[str]) -> bool:
    """Digits glued to letters (COVID-19, H1N1) belong to a name, translated maybe without
    them (新冠肺炎): such a figure is offered, never required."""
    return bool(re.search(r"[A-Za-z]-?$", match.string[max(0, match.start() - 2) : match.start()]))


def _centuries(text: str) -> Iterator[Figure]:
    """The 1990s is also 20世纪90年代: offer the century, never require it."""
    for match in re.finditer(r"(?<!\d)(\d\d)\d0s\b", text):
        yield Figure(match[0], frozenset({Decimal(int(match[1]) + 1)}), False)


def _percent(match: re.Match[str]) -> Figure:
    """百分之六十 is 60 (percent), 百分之三点五 is 3.5."""
    whole, _, fraction = match[1].partition("点")
    value = _cn_value(whole)
    if value is None:
        return Figure(match[0], frozenset(), False)
    if fraction:
        value += Decimal("0." + "".join(str(_CN_DIGITS[ch]) for ch in fraction))
    return Figure(match[0], frozenset({value}), True)


def _target_digits(match: re.Match[str]) -> Figure:
    value = _decimal(match[1])
    if match[2]:
        scaled = value * _CN_SCALES[match[2]]
        values = {scaled, value} if match[2] == "千" else {scaled}  # 5千米 is 5 km
        return Figure(match[0], frozenset(values), True)
    if match[3]:
        return Figure(match[0], frozenset({value * _SCALE_WORDS[match[3].lower()]}), True)
    return Figure(match[0], frozenset({value}), not _in_name(match))


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


def _word_figures(text: str) -> Iterator[Figure]:
    """`two`, `twenty-five`, `three hundred`, `seventh`; a lone `one`/`first` is not required."""
    for match in _WORDS.finditer(text):
        words = [w for w in re.split(r"[\s-]+", match[0]) if w.lower() != "and"]
        for group, value in _word_groups(words):
            optional = len(group) == 1 and group[0].lower() in _OPTIONAL_WORDS
            yield Figure(" ".join(group), frozenset({Decimal(value)}), not optional)


def _word_groups(words: list[str]) -> Iterator[tuple[list[str], int]]:
    """Split a run of number words into numbers: `one two` is two numbers, `twenty-one` one."""
    group: list[str] = []
    total = current = 0
    last = ""
    for word in words:
        value = _WORD_VALUES[word.lower()]
        kind = _kind(value)
        if group and not _joins(last, kind, value, current):
            yield group, total + current
            group, total, current = [], 0, 0
        group.append(word)
        if kind == "scale":
            total, current = total + (current or 1) * value, 0
        elif kind == "hundred":
            current = (current or 1) * 100
        else:
            current += value
        last = "ordinal" if word.lower() in _ORDINAL_WORDS else kind
    if group:
        yield group, total + current


def _kind(value: int) -> str:
    if value >= 1000:
        return "scale"
    return "hundred" if value == 100 else "tens" if value >= 20 else "unit"


def _joins(last: str, kind: str, value: int, current: int) -> bool:
    """Whether a number word continues the one before (`twenty` + `one`, `two` + `hundred`)."""
    if kind == "unit":
        return last in ("hundred", "scale") or (last == "tens" and value < 10)
    if kind == "tens":
        return last in ("hundred", "scale")
    if kind == "hundred":
        return last == "unit" and current < 100
    return last in ("unit", "tens", "hundred")


def _cn_parts(run: str) -> Iterator[tuple[str, Decimal]]:
    """Longest well-formed numerals first: 十一五 (the 11th Five-Year Plan) is 十一 and 五."""
    start = 0
    while start < len(run):
        for end in range(len(run), start, -1):
            value = _cn_value(run[start:end])
            if value is not None:
                yield run[start:end], value
                start = end
                break


def _cn_value(text: str) -> Decimal | None:
    """十一万 = 110000, 一九九七 = 1997; None when not a well-formed numeral (一一, 百千)."""
    if len(text) >= 3 and all(ch in _CN_DIGITS for ch in text):
        return Decimal("".join(str(_CN_DIGITS[ch]) for ch in text))
    done = current = 0  # done: everything before the last 万/亿; current: below 万
    digit: int | None = None
    last_unit = 10**4
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None:
                return None
            digit = None if ch in "零〇" and len(text) > 1 else _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            if _CN_UNITS[ch] >= last_unit:
                return None
            current, digit, last_unit = current + (digit or 1) * _CN_UNITS[ch], None, _CN_UNITS[ch]
        else:  # 万 or 亿 multiplies what stands before it
            scale = 10**4 if ch == "万" else 10**8
            below = current + (digit or 0)
            done = (done + below or 1) * scale if scale > done else done + (below or 1) * scale
            current, digit, last_unit = 0, None, 10**4
    return Decimal(done + current + (digit or 0))


def _unmatched(needs: list[Figure], offers: list[Figure]) -> list[Figure]:
    """Figures of `needs` left over when each is paired with its own figure of `offers`."""
    owner: list[int | None] = [None] * len(offers)

    def place(i: int, seen: set[int]) -> bool:  # augmenting path (Kuhn's matching)
        for j, offer in enumerate(offers):
            if j not in seen and needs[i].values & offer.values:
                seen.add(j)
                taken = owner[j]
                if taken is None or place(taken, seen):
                    owner[j] = i
                    return True
        return False

    return [need for i, need in enumerate(needs) if not place(i, set())]
