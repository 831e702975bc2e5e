"""Numbered placeholders in segment text (`<1>…</1>`, `<2/>`): parse and validate.

Only numbers the segment actually uses are placeholders; any other `<N>` is literal text.
Shared by the renderer (which refuses bad translations) and the checks (which report them).
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache
from typing import NamedTuple

TOKEN = re.compile(r"<(/?)(\d+)(/?)>")


class PlaceholderError(ValueError):
    """A translation does not use the segment's placeholders exactly like its source."""


class Token(NamedTuple):
    """A tuple, not a frozen dataclass: segments make ~100,000 a build, and a frozen
    dataclass's __init__ costs three times as much."""

    kind: str
    """`text`, `open`, `close` or `void`."""
    value: str
    """The text, or the placeholder number as a string."""


def tokenize(text: str, numbers: Set[int]) -> list[Token]:
    """Split `text` into text runs and placeholders; unknown numbers stay text."""
    if "<" not in text:  # most segments have no markup at all
        return [Token("text", text)] if text else []
    tokens: list[Token] = []
    pos = 0
    for match in TOKEN.finditer(text):
        slash, number, void = match.groups()
        if int(number) not in numbers or (slash and void):
            continue
        if match.start() > pos:
            tokens.append(Token("text", text[pos : match.start()]))
        kind = "close" if slash else "void" if void else "open"
        tokens.append(Token(kind, number))
        pos = match.end()
    if pos < len(text):
        tokens.append(Token("text", text[pos:]))
    return tokens


def structure(tokens: list[Token]) -> dict[int, tuple[str, int]]:
    """Map each placeholder to (kind, enclosing placeholder or 0); raise on bad nesting."""
    found: dict[int, tuple[str, int]] = {}
    stack: list[int] = []
    for token in tokens:
        if token.kind == "text":
            continue
        number = int(token.value)
        if token.kind == "close":
            if not stack or stack[-1] != number:
                raise PlaceholderError(f"</{number}> closes nothing open here")
            stack.pop()
            continue
        if number in found:
            raise PlaceholderError(f"<{number}> is used twice")
        found[number] = ("paired" if token.kind == "open" else "void", stack[-1] if stack else 0)
        if token.kind == "open":
            stack.append(number)
    if stack:
        raise PlaceholderError(f"<{stack[-1]}> is never closed")
    return found


def compare(
    source: dict[int, tuple[str, int]], translation: str, msgid: str | None = None
) -> list[Token]:
    """Tokens of `translation` if it uses `source`'s placeholders alike, else PlaceholderError.

    With `msgid`, a `<N>` that is neither a placeholder nor literal text of the msgid is an
    extra placeholder (a typo, or a tag copied from another message), refused as well.
    """
    if msgid is not None:
        extra = _extra(source, msgid, translation)
        if extra:
            raise PlaceholderError(extra)
    tokens = tokenize(translation, source.keys())
    found = structure(tokens)
    missing = sorted(set(source) - set(found))
    if missing:
        raise PlaceholderError("missing " + ", ".join(_show(n, source[n][0]) for n in missing))
    for number, (kind, parent) in sorted(found.items()):
        want_kind, want_parent = source[number]
        if kind != want_kind:
            raise PlaceholderError(
                f"{_show(number, want_kind)} is written as {_show(number, kind)}"
            )
        if parent != want_parent:
            where = f"inside <{want_parent}>" if want_parent else "outside other placeholders"
            raise PlaceholderError(f"{_show(number, kind)} must stand {where}, as in the source")
    return tokens


@lru_cache(maxsize=256)  # an article's messages: the renderer asks right after the checks
def judge(
    msgid: str, numbers: frozenset[int], msgstr: str
) -> tuple[list[Token] | None, tuple[str, ...]]:
    """(tokens of `msgstr`, or None if it must not be used; its placeholder problems).

    Memoized because a build asks twice about every translation, one right after the other:
    its checks (which report every problem) and its renderer (which refuses on the first).
    """
    try:
        source = structure(tokenize(msgid, numbers))
    except PlaceholderError as exc:
        return None, (f"the msgid itself has bad placeholders ({exc}); regenerate the template",)
    if TOKEN.findall(msgid) == TOKEN.findall(msgstr):
        return tokenize(msgstr, numbers), ()  # the same tags in the same order: nothing to check
    problems = []
    extra = _extra(source, msgid, msgstr)
    if extra:
        problems.append(extra)
    try:
        tokens = compare(source, msgstr)
    except PlaceholderError as exc:
        problems.append(str(exc))
    return (None if problems else tokens), tuple(problems)


def _extra(source: dict[int, tuple[str, int]], msgid: str, translation: str) -> str | None:
    """A `<N>` of the translation that is neither a placeholder nor literal msgid text."""
    if "<" not in translation:
        return None
    known = {int(match.group(2)) for match in TOKEN.finditer(msgid)} | set(source)
    extra = [m.group(0) for m in TOKEN.finditer(translation) if int(m.group(2)) not in known]
    return f"extra {', '.join(dict.fromkeys(extra))}, not in the source" if extra else None


def _show(number: int, kind: str) -> str:
    return f"<{number}/>" if kind == "void" else f"<{number}>…</{number}>"
