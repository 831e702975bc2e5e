"""Source units x translation units -> the cheapest alignment by dynamic programming, in the
style of Gale and Church (1993): moves 1-1, 1-0, 0-1, 2-1 and 1-2, each costing the negative
log of its prior plus how unlikely the length ratio is, less what shared anchors vouch for.

Lengths are counted in Latin characters: a Han character counts as RATIO of them, so a
Chinese text and its English translation come out about equally long in either direction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.align.anchors import Anchors, evidence, merged
from pipeline.cjk import CJK_CHAR
from pipeline.placeholders import TOKEN

RATIO = 3.5
"""Latin characters per Han character (white space aside, other characters counting one),
measured by `bench/align_eval.py --measure`: 3.53 on the bundled articles' complete catalogs
(both directions, 34 messages), 3.46 with the test pairs' right answers too (75)."""
VARIANCE = 3.3
"""Variance of (l_t - l_s) / sqrt(mean length) on the same messages: 3.27, and 3.07."""
PRIORS = {(1, 1): 0.95, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.02, (1, 2): 0.02}
"""Move probabilities: Gale and Church's for sentences (0.89 1-1, 0.0099 1-0 or 0-1, 0.089
2-1 or 1-2), with merges and splits rarer, as they are for paragraphs; 2-2 left out."""
ANCHOR_WEIGHT = 1.5
"""Cost taken off per shared anchor (a figure both sides name is strong evidence)."""
MISSING_WEIGHT = 0.7
"""Cost added per anchor on one side only."""
SENTENCE_WEIGHT = 1.5
"""Cost per unit of |log(source sentences / translation sentences)|: a translation keeps
most sentence ends (in the bundled catalogs, 21 of 28 paragraphs have as many)."""
KIND_PENALTY = 5.0
"""Per translation unit of a kind the source units are not: a heading matched with a
paragraph, an item with a cell (about a skip's cost)."""
_SENTENCE_END = re.compile(r"[。！？](?=.)|[.!?][\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9])", re.S)
_WHITE = str.maketrans("", "", " \t\n\r\f\u00a0\u3000")


@dataclass(frozen=True, slots=True)
class Unit:
    """A source segment or a translation block, as the aligner weighs it."""

    kind: str
    """Its kind class (`heading`, `paragraph`, `item`, ...)."""
    length: float
    anchors: Anchors
    sentences: int = 1


def text_length(text: str) -> float:
    """Characters but white space and placeholders, a Han character counting RATIO."""
    bare = TOKEN.sub("", text).translate(_WHITE)
    han = len(CJK_CHAR.findall(bare))
    return len(bare) - han + RATIO * han


def sentence_count(text: str) -> int:
    """Sentence ends inside the text, plus one."""
    return len(_SENTENCE_END.findall(text.rstrip())) + 1


def length_fit(a: float, b: float) -> float:
    """How likely two lengths are for a text and its translation: 2(1 - Phi(|delta|))."""
    if a + b == 0:
        return 1.0
    delta = (b - a) / math.sqrt(VARIANCE * (a + b) / 2)
    return math.erfc(abs(delta) / math.sqrt(2))


def pair_cost(sources: Sequence[Unit], targets: Sequence[Unit]) -> float:
    """The cost of matching these source units with these translation units."""
    a = sum(u.length for u in sources)
    b = sum(u.length for u in targets)
    cost = -math.log(max(length_fit(a, b), 1e-12))
    shared, missing = evidence(_anchors(sources), _anchors(targets))
    cost += MISSING_WEIGHT * missing - ANCHOR_WEIGHT * shared
    ratio = sum(u.sentences for u in sources) / sum(u.sentences for u in targets)
    cost += SENTENCE_WEIGHT * abs(math.log(ratio))
    kinds = {u.kind for u in sources}
    return cost + KIND_PENALTY * sum(1 for u in targets if u.kind not in kinds)


def _anchors(units: Sequence[Unit]) -> Anchors:
    return units[0].anchors if len(units) == 1 else merged([u.anchors for u in units])


def confidence(sources: Sequence[Unit], targets: Sequence[Unit]) -> float:
    """0-1: the length fit, averaged with the share of anchors both sides hold when there
    are any."""
    fit = length_fit(sum(u.length for u in sources), sum(u.length for u in targets))
    shared, missing = evidence(_anchors(sources), _anchors(targets))
    if shared + missing == 0:
        return fit
    return (fit + shared / (shared + missing)) / 2


BAND = 20
"""How far from the diagonal the search goes, beyond the difference in counts."""
Move = tuple[int, int, int, int]
"""(first source index, source count, first target index, target count)."""
StepCost = Callable[[int, int, int, int], float]
"""(source index, source count, target index, target count) -> the cost of that move, which
only ever pairs units (skips are priced here)."""


def align(n: int, m: int, step_cost: StepCost) -> list[Move]:
    """The cheapest sequence of moves covering n source and m target units, in order.

    Only cells near the diagonal are searched (BAND, widened by the difference in counts):
    an article of 300 paragraphs then takes about 1 s instead of 30 s, and no path that
    drops or adds fewer than BAND blocks in a row is lost."""
    skip = -math.log(PRIORS[(1, 0)])
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    width = BAND + abs(n - m)
    for i in range(n + 1):
        middle = i * m // n if n else 0
        for j in range(max(0, middle - width), min(m, middle + width) + 1):
            here = best[i][j]
            if here == math.inf:
                continue
            for di, dj in PRIORS:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                step = -math.log(PRIORS[(di, dj)]) + step_cost(i, di, j, dj) if di and dj else skip
                if here + step < best[ni][nj]:
                    best[ni][nj] = here + step
                    back[ni][nj] = (di, dj)
    moves: list[Move] = []
    i, j = n, m
    while i or j:
        came = back[i][j]
        assert came is not None
        di, dj = came
        i, j = i - di, j - dj
        moves.append((i, di, j, dj))
    return moves[::-1]
