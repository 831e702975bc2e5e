"""The article's segments x the translation's blocks -> Matches: structurally, one to one,
when both have the same block structure (headings, paragraphs, items, cells, captions, alt
texts in the same order; heading levels may differ), otherwise by dynamic programming.

Where a translation merged two paragraphs (a 2-1 move), its block is cut at the sentence end
that best fits the two segments' lengths, and each segment gets its part. Where it split one
(1-2), the segment gets both blocks, joined with a space, or without one between Chinese
texts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.align.anchors import anchors_of, evidence, merged
from pipeline.align.blocks import Block, kind_class
from pipeline.align.dp import (
    PRIORS,
    Move,
    Unit,
    align,
    confidence,
    pair_cost,
    sentence_count,
    text_length,
)
from pipeline.checks.rules import Term
from pipeline.cjk import joins_unspaced
from pipeline.placeholders import TOKEN, tokenize

STRUCTURAL_MARGIN = 6.0
"""How much cheaper the dynamic programme's answer must be to overrule agreeing structures
(about the cost of one paragraph dropped and one added)."""
_SENTENCE_END = re.compile(r"[。！？；](?:</\d+>)*(?=.)|[.!?;](?:</\d+>)*(?=\s+\S)", re.S)
"""A sentence end, with the placeholders it closes (a cut goes after them)."""


@dataclass(frozen=True, slots=True)
class Match:
    """Segments filled from translation blocks."""

    sources: tuple[int, ...]
    """Positions in the source sequence."""
    blocks: tuple[int, ...]
    """Indices of the translation's blocks used."""
    method: str
    """`structural`, or the move: `1-1`, `2-1` (a block shared by two segments), `1-2`."""
    confidence: float
    parts: tuple[Block, ...]
    """Per source position, the (part of a) block that fills it."""


@dataclass(frozen=True, slots=True)
class Side:
    """Which language one side is written in, and how glossary terms appear on it."""

    chinese: bool
    terms: Sequence[Term]
    translated: bool


def units_of(blocks: Sequence[Block], side: Side) -> list[Unit]:
    return [unit_of(b, side) for b in blocks]


def unit_of(block: Block, side: Side) -> Unit:
    anchors = anchors_of(block.plain, block.tags, side.chinese, side.terms, side.translated)
    plain = block.plain
    return Unit(kind_class(block.kind), text_length(plain), anchors, sentence_count(plain))


def match_blocks(
    sources: Sequence[Block], blocks: Sequence[Block], source: Side, target: Side
) -> list[Match]:
    """Every match found, in order; segments and blocks not in one matched nothing."""
    aligner = _Aligner(sources, blocks, source, target)
    moves = align(len(sources), len(blocks), aligner.step_cost)
    if aligner.same_structure() and aligner.cost(moves) + STRUCTURAL_MARGIN >= aligner.cost(
        [(i, 1, i, 1) for i in range(len(sources))]
    ):
        return aligner.structural()
    return [
        aligner.match(*move)
        for move in moves
        if move[1] and move[3] and not aligner.contradicted(*move)
    ]


class _Aligner:
    """One alignment's units and the costs already worked out (cuts are costly to try)."""

    def __init__(
        self, sources: Sequence[Block], blocks: Sequence[Block], source: Side, target: Side
    ) -> None:
        self.sources, self.blocks, self.source, self.target = sources, blocks, source, target
        self.left, self.right = units_of(sources, source), units_of(blocks, target)
        self.splits: dict[tuple[int, int], tuple[float, tuple[Block, Block]]] = {}
        self.joins: dict[tuple[int, int], float] = {}
        self.weighed: dict[tuple, Unit] = {}

    def weigh(self, part: Block, side: Side) -> Unit:
        """unit_of, once per part: the parts of a block are weighed in many cells."""
        key = (side.translated, part.text, tuple(sorted(part.tags.items())))
        if key not in self.weighed:
            self.weighed[key] = unit_of(part, side)
        return self.weighed[key]

    def step_cost(self, i: int, a: int, j: int, b: int) -> float:
        if a == 2:  # a block shared by two segments: each part must fit its own segment
            if (i, j) not in self.splits:
                others = self.left[i : i + 2]
                self.splits[(i, j)] = _best_split(self.blocks[j], others, self.target, self.weigh)
            return self.splits[(i, j)][0]
        if b == 2:  # a segment split in two blocks: each block must fit a part of it
            if (i, j) not in self.joins:
                others = self.right[j : j + 2]
                split = _best_split(self.sources[i], others, self.source, self.weigh)
                self.joins[(i, j)] = split[0]
            return self.joins[(i, j)]
        return pair_cost(self.left[i : i + a], self.right[j : j + b])

    def cost(self, moves: Sequence[Move]) -> float:
        """What a whole sequence of moves costs."""
        return sum(
            -math.log(PRIORS[(a, b)]) + (self.step_cost(i, a, j, b) if a and b else 0.0)
            for i, a, j, b in moves
        )

    def same_structure(self) -> bool:
        return [u.kind for u in self.left] == [u.kind for u in self.right]

    def structural(self) -> list[Match]:
        return [
            Match((i,), (i,), "structural", 0.5 + confidence([lu], [ru]) / 2, (self.blocks[i],))
            for i, (lu, ru) in enumerate(zip(self.left, self.right, strict=True))
            if not self.contradicted(i, 1, i, 1)
        ]

    def contradicted(self, i: int, a: int, j: int, b: int) -> bool:
        """Anchors on one side only and none shared: a paragraph dropped where another was
        added, paired only because its neighbours are. Better left empty, the block
        reported."""
        sources, targets = self.left[i : i + a], self.right[j : j + b]
        shared, missing = evidence(
            merged([u.anchors for u in sources]), merged([u.anchors for u in targets])
        )
        return missing > 0 and shared == 0

    def match(self, i: int, a: int, j: int, b: int) -> Match:
        left, right = self.left, self.right
        parts: tuple[Block, ...] = (self.blocks[j],)
        if a == 2:
            parts, method = self.splits[(i, j)][1], "2-1"
            score = min(
                confidence([left[i + k]], [self.weigh(p, self.target)]) for k, p in enumerate(parts)
            )
        elif b == 2:
            parts, method = (join(self.blocks[j], self.blocks[j + 1]),), "1-2"
            score = confidence(left[i : i + 1], right[j : j + 2])
        else:
            method, score = "1-1", confidence(left[i : i + 1], right[j : j + 1])
        return Match(tuple(range(i, i + a)), tuple(range(j, j + b)), method, score, parts)


def _best_split(
    block: Block, others: Sequence[Unit], side: Side, weigh: Callable[[Block, Side], Unit]
) -> tuple[float, tuple[Block, Block]]:
    """`block` (of `side`) cut at the sentence end where its two parts best fit the two
    units of the other side, and what that costs (infinite: no sentence end to cut at)."""
    best: tuple[float, tuple[Block, Block]] = (math.inf, (block, block))
    for cut in cut_points(block):
        parts = (_part(block, block.text[:cut].strip()), _part(block, block.text[cut:].strip()))
        cost = 0.0
        for other, part in zip(others, parts, strict=True):
            unit = weigh(part, side)
            cost += (
                pair_cost([unit], [other]) if not side.translated else pair_cost([other], [unit])
            )
        if cost < best[0]:
            best = (cost, parts)
    return best


def cut_points(block: Block) -> list[int]:
    """Offsets in the block's text after a sentence end, outside any placeholder pair."""
    depth_at = _depths(block)
    return [
        m.end()
        for m in _SENTENCE_END.finditer(block.text)
        if depth_at[m.end()] == 0 and block.text[m.end() :].strip()
    ]


def _depths(block: Block) -> list[int]:
    """For each offset of the text, how many placeholder pairs are open there."""
    depths = [0] * (len(block.text) + 1)
    depth = position = 0
    for token in tokenize(block.text, block.tags.keys()):
        size = len(token.value) if token.kind == "text" else len(_written(token))
        if token.kind == "close":
            depth -= 1
        for k in range(position, position + size):
            depths[k + 1] = depth
        if token.kind == "open":
            depth += 1
            depths[position + size] = depth
        position += size
    return depths


def _written(token) -> str:
    return {"open": f"<{token.value}>", "close": f"</{token.value}>"}.get(
        token.kind, f"<{token.value}/>"
    )


def _part(block: Block, text: str) -> Block:
    used = {int(m.group(2)) for m in TOKEN.finditer(text)}
    return Block(block.index, block.kind, text, {n: t for n, t in block.tags.items() if n in used})


def join(first: Block, second: Block) -> Block:
    """Two blocks as one text, the second's placeholders renumbered after the first's;
    between Chinese texts no space (`。` + `每个`), else one (`shifts.` + `Each`, `医院` +
    `Android`)."""
    offset = max(first.tags, default=0)

    def renumber(match: re.Match[str]) -> str:
        number = int(match.group(2))
        if number not in second.tags:
            return match.group(0)
        return f"<{match.group(1)}{number + offset}{match.group(3)}>"

    text = TOKEN.sub(renumber, second.text)
    tags = {**first.tags, **{n + offset: t for n, t in second.tags.items()}}
    separator = "" if joins_unspaced(first.plain, second.plain) else " "
    return Block(first.index, first.kind, first.text + separator + text, tags)
