"""Chinese text in one script -> the other (Simplified -> Traditional, with a region's
vocabulary), as OpenCC converts it, after a project's reviewed override rules and optionally
with corner quotes: what a derived locale's catalogs are made of.

OpenCC's phrase dictionaries still get names (the surname 余 is not 餘) and one-to-many
characters outside known phrases wrong; a project lists the phrases it needs in
`locales/<derived>/conversion.csv`, matched longest first and kept from OpenCC.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.pairs import read_pairs
from pipeline.placeholders import TOKEN

log = logging.getLogger(__name__)

RULES_FILE = "conversion.csv"
_HEADER = ("phrase", "written")
QUOTES = ("corner",)
SCRIPT_NAMES = {"Hans": "Simplified", "Hant": "Traditional"}
_TAG = TOKEN.pattern  # placeholders are matched first and kept
_CORNER = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


def opencc_configs() -> tuple[str, ...]:
    """The configurations the installed OpenCC ships (`s2t`, `s2twp`, `s2hk`, ...)."""
    import opencc

    return tuple(sorted(name.removesuffix(".json") for name in opencc.CONFIGS))


@functools.cache
def opencc_converter(name: str) -> Any:
    """One OpenCC converter per configuration and process: loading `s2twp`'s dictionaries
    takes ~50 ms (`s2t` ~2 ms), converting a sentence a few microseconds."""
    import opencc

    start = time.perf_counter()
    converter = opencc.OpenCC(name)
    log.debug("loaded OpenCC %s in %.1f ms", name, (time.perf_counter() - start) * 1000)
    return converter


@dataclass(frozen=True, slots=True)
class Rule:
    """One reviewed override: a phrase in the base script and how it must be written."""

    phrase: str
    written: str
    line: int
    """Its line in conversion.csv."""


def parse_rules(data: bytes, path: Path) -> tuple[Rule, ...]:
    """conversion.csv (the header line `phrase,written`, then `phrase,written` rows; `#` lines
    are comments) -> its rules. A bad row, or a missing header, is an input error naming file
    and line."""
    rules: dict[str, Rule] = {}
    for phrase, written, line in read_pairs(data, path, ConfigError, (_HEADER,), True):
        if "<" in phrase + written or ">" in phrase + written:
            raise ConfigError(
                "a rule cannot hold < or >: placeholders (<1>, </1>, <2/>) are never converted",
                path,
                line,
            )
        if phrase in rules:
            raise ConfigError(
                f"{phrase!r} is already given on line {rules[phrase].line}; keep one rule",
                path,
                line,
            )
        rules[phrase] = Rule(phrase, written, line)
    return tuple(rules.values())


class Converter:
    """Text in the base script -> the derived locale's: rules first, OpenCC for the rest."""

    def __init__(self, config: str, rules: tuple[Rule, ...] = (), quotes: str = ""):
        self.config = config
        self.rules = rules
        self.quotes = quotes
        self._opencc = opencc_converter(config)
        self._written = {rule.phrase: rule.written for rule in rules}
        phrases = sorted(self._written, key=lambda phrase: (-len(phrase), phrase))
        # an alternation tries its branches in order: a placeholder's tag first (never
        # rewritten, so a rule for `1` cannot touch `<1>`), then the longest phrase
        branches = [_TAG, *map(re.escape, phrases)]
        self._pattern = re.compile("|".join(branches)) if phrases else None

    def convert(self, text: str) -> str:
        if not text:
            return text
        result = self._with_rules(text) if self._pattern else self._opencc.convert(text)
        # placeholders (`<1>`, `</1>`, `<2/>`) hold no quotes and pass OpenCC unchanged
        return result.translate(_CORNER) if self.quotes == "corner" else result

    def raw(self, text: str) -> str:
        """OpenCC alone, no rules or quotes: what the rules correct."""
        return self._opencc.convert(text)

    def _with_rules(self, text: str) -> str:
        assert self._pattern is not None
        pieces, start = [], 0
        for match in self._pattern.finditer(text):
            if match.start() > start:
                pieces.append(self._opencc.convert(text[start : match.start()]))
            pieces.append(self._written.get(match.group(), match.group()))
            start = match.end()
        if start < len(text):
            pieces.append(self._opencc.convert(text[start:]))
        return "".join(pieces)


def converter_for(config: str, rules_path: Path, quotes: str = "") -> Converter:
    """The converter of a derived locale, its rules read from `rules_path` now (a build reads
    the small file once per article; the parsed rules and converter are reused)."""
    try:
        data = rules_path.read_bytes()
    except FileNotFoundError:
        data = b""
    return _converter(config, data, rules_path, quotes)


@functools.lru_cache(maxsize=16)
def _converter(config: str, data: bytes, path: Path, quotes: str) -> Converter:
    return Converter(config, parse_rules(data, path) if data else (), quotes)
