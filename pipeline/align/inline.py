"""A translation block's text with its own placeholders -> a msgstr with the segment's
placeholders: links matched by href, code by content, other markup (emphasis, images, line
breaks) by position among its kind (<b> and <strong> are one kind, <i> and <em> another).
Whatever cannot be placed goes, empty, to the end of its enclosing placeholder (or of the
text), keeping the segment's nesting, so the msgstr always passes the placeholder check; the
result then says it is not certain.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple

from pipeline.align.anchors import HREF
from pipeline.align.blocks import INDENT, plain_text
from pipeline.placeholders import PlaceholderError, Token, compare, structure, tokenize

_NAME = re.compile(r"<([A-Za-z][^\s/>]*)")
_CODE = frozenset(("code", "kbd", "samp", "var"))
_SAME = {"b": "strong", "i": "em", "del": "s", "strike": "s"}
"""Tags that look alike, as one kind: Markdown writes `**` as <strong>, `*` as <em>, `~~` as
<s>, where an old page has <b>, <i>, <del> or <strike>; the msgstr keeps the segment's
numbers, so the page shows the source's tags."""


class Placed(NamedTuple):
    text: str
    certain: bool
    """Every placeholder of the segment found its element in the block, and the block had
    no markup left over."""


def place(msgid: str, source_tags: dict[int, str], text: str, tags: dict[int, str]) -> Placed:
    """`text` (numbers of `tags`) rewritten with `msgid`'s placeholders (`source_tags`)."""
    text = text.strip(INDENT)
    shape = structure(tokenize(msgid, source_tags.keys()))
    if not shape:
        return Placed(plain_text(text, tags), not tags)
    tokens = tokenize(text, tags.keys())
    kinds = {number: kind for number, (kind, _) in structure(tokens).items()}
    mapping, certain = _mapping(shape, source_tags, tags, kinds)
    mapping = _keep_nesting(shape, mapping, tokens)
    certain = certain and len(mapping) == len(shape) == len(tags)
    result = _rewrite(shape, mapping, tokens)
    try:
        compare(shape, result, msgid)
    except PlaceholderError:  # (not expected: then every placeholder goes to the end)
        result, certain = _rewrite(shape, {}, tokens), False
    return Placed(result, certain)


def _key(markup: str) -> tuple[str, str | None]:
    """What identifies an element across languages: a link's href, code's content; None
    for markup matched by position."""
    name = (m.group(1).lower() if (m := _NAME.match(markup)) else "") or markup
    name = _SAME.get(name, name)
    if name == "a" and (href := HREF.search(markup)):
        return name, href.group(1)
    if name in _CODE:
        return name, markup
    return name, None


def _mapping(
    shape: dict[int, tuple[str, int]],
    source_tags: dict[int, str],
    tags: dict[int, str],
    kinds: dict[int, str],
) -> tuple[dict[int, int], bool]:
    """Source number -> block number, and whether every choice was certain. `kinds`: the
    block's placeholders, paired or void."""
    mapping: dict[int, int] = {}
    free = dict(tags)
    certain = True
    for number in sorted(shape):  # by identity first
        name, key = _key(source_tags.get(number, ""))
        if key is None:
            continue
        found = next((n for n, m in sorted(free.items()) if _key(m) == (name, key)), None)
        if found is not None and kinds.get(found) == shape[number][0]:
            mapping[number] = found
            del free[found]
    by_name: dict[str, list[int]] = defaultdict(list)
    for number in sorted(free):
        by_name[_key(free[number])[0]].append(number)
    waiting: dict[str, list[int]] = defaultdict(list)
    for number in sorted(set(shape) - set(mapping)):
        waiting[_key(source_tags.get(number, ""))[0]].append(number)
    for name, numbers in waiting.items():  # then by position among their kind
        offered = by_name.get(name, [])
        certain = certain and len(offered) == len(numbers) and name != "a" and name not in _CODE
        for number, found in zip(numbers, offered, strict=False):
            if shape[number][0] == kinds.get(found):
                mapping[number] = found
    return mapping, certain


def _keep_nesting(
    shape: dict[int, tuple[str, int]], mapping: dict[int, int], tokens: list[Token]
) -> dict[int, int]:
    """Drop mappings until every placed placeholder stands inside the one it stands in in
    the segment (a placeholder whose parent is not placed is not placed either)."""
    mapping = dict(mapping)
    while True:
        back = {block: source for source, block in mapping.items()}
        parent_in_block = _parents(tokens, back)
        wrong = [
            s
            for s, (_, parent) in shape.items()
            if s in mapping
            and (parent_in_block.get(s) != parent or (parent and parent not in mapping))
        ]
        if not wrong:
            return mapping
        for number in wrong:
            del mapping[number]


def _parents(tokens: list[Token], back: dict[int, int]) -> dict[int, int]:
    """Source number -> the source number of the placed element it stands in (0: none)."""
    parents: dict[int, int] = {}
    stack: list[int] = []
    for token in tokens:
        if token.kind == "text":
            continue
        source = back.get(int(token.value))
        if token.kind == "close":
            if source is not None and stack and stack[-1] == source:
                stack.pop()
            continue
        if source is not None:
            parents[source] = stack[-1] if stack else 0
            if token.kind == "open":
                stack.append(source)
    return parents


def _rewrite(
    shape: dict[int, tuple[str, int]], mapping: dict[int, int], tokens: list[Token]
) -> str:
    back = {block: source for source, block in mapping.items()}
    out: list[str] = []
    for token in tokens:
        if token.kind == "text":
            out.append(token.value)
            continue
        source = back.get(int(token.value))
        if source is None:
            continue
        if token.kind == "close":
            out.append(_unplaced(shape, mapping, source) + f"</{source}>")
        else:
            out.append(f"<{source}/>" if token.kind == "void" else f"<{source}>")
    out.append(_unplaced(shape, mapping, 0))
    return "".join(out)


def _unplaced(shape: dict[int, tuple[str, int]], mapping: dict[int, int], parent: int) -> str:
    """The placeholders in `parent` that found no place, empty, nested as in the segment."""
    out = []
    for number, (kind, inside) in sorted(shape.items()):
        if inside != parent or number in mapping:
            continue
        if kind == "void":
            out.append(f"<{number}/>")
        else:
            out.append(f"<{number}>{_unplaced(shape, mapping, number)}</{number}>")
    return "".join(out)
