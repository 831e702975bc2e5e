"""Which characters are Chinese, Japanese or Korean, for the stages that treat them apart:
word counts, checks, and line breaks that join two lines of Chinese.

Chinese and Japanese are written without spaces between words, so a line break inside a
paragraph is no space there (pandoc's `east_asian_line_breaks`); Korean puts spaces between
words, so Hangul does not join lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Han characters (character-class ranges)."""
HAN_KANA = HAN + "\u3040-\u30ff\u31f0-\u31ff"
HAN_KANA_HANGUL = HAN_KANA + "\uac00-\ud7af"
"""Han characters, kana and Hangul syllables: each one a word to Weblate and CAT tools."""
CJK_CHAR = re.compile(f"[{HAN_KANA_HANGUL}]")

_UNSPACED = re.compile(f"[{HAN_KANA}\u3000-\u303f\uff01-\uff60]")
"""Han, kana and the full-width marks (，。：“” are not, they are shared with English)."""


def joins_unspaced(before: str, after: str) -> bool:
    """Whether a line break between these two texts is no space: both sides unspaced script."""
    return bool(before and after and _UNSPACED.match(before[-1]) and _UNSPACED.match(after[0]))


def join_lines(lines: Iterable[str]) -> str:
    """Wrapped lines of one paragraph as one line: `综合性` + `儿童医院` is `综合性儿童医院`,
    `a` + `b` is `a b`, `医院` + `Hospital` keeps its space."""
    joined = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        joined += line if not joined or joins_unspaced(joined, line) else " " + line
    return joined
