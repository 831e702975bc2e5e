"""Coverage and accuracy of `pipeline align` on pairs whose right answer is known.

Usage: `.venv/bin/python bench/align_eval.py [--show-wrong] [--measure]`

The pairs: the hand-written ones in tests/fixtures/align (pairs.json: an article, an existing
translation that differs from it in structure, the segments the translation lacks; truth/:
every segment's right translation), and pairs made from the bundled project: its pages are
built in a temporary copy, and the translated pages are then changed (a paragraph dropped,
two merged, one split, one added, heading levels changed).

Per pair and overall: coverage = segments filled / segments the translation has; accuracy =
segments filled with the right text / segments filled (a segment filled although the
translation lacks it counts as wrong). Texts are compared without placeholders and white
space. `--measure` prints the length ratio and variance dp.py states, measured on the bundled
catalogs.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "align"
_TOKEN = re.compile(r"</?\d+/?>")


@dataclass
class Pair:
    name: str
    project: Path
    article: str
    locale: str
    translation: Path
    truth: dict[str, str | None]
    """msgid -> its right translation; None: the translation does not have it."""


@dataclass
class Score:
    expected: int = 0
    filled: int = 0
    """Segments filled, the translation having them or not."""
    covered: int = 0
    """Segments the translation has, filled."""
    right: int = 0

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.filled += other.filled
        self.covered += other.covered
        self.right += other.right


def bare(text: str) -> str:
    return re.sub(r"\s+", "", _TOKEN.sub("", text))


def evaluate(pair: Pair, show_wrong: bool) -> Score:
    from pipeline.align.run import plan_alignment
    from pipeline.config import load_config

    config = load_config(pair.project)
    done = plan_alignment(config, pair.article, pair.translation, pair.locale)
    entries = {e.msgid: e for e in done.catalog.po if not e.obsolete}
    score = Score()
    for msgid, right in pair.truth.items():
        entry = entries[msgid]  # (a KeyError: the truth names a msgid the article lacks)
        score.expected += right is not None
        if not entry.msgstr:
            if show_wrong and right is not None:
                print(f"    missed: {msgid[:50]!r}", file=sys.stderr)
            continue
        score.filled += 1
        score.covered += right is not None
        if right is not None and bare(entry.msgstr) == bare(right):
            score.right += 1
        elif show_wrong:
            print(f"    wrong: {msgid[:50]!r} <- {entry.msgstr[:60]!r}", file=sys.stderr)
    return score


def fixture_pairs() -> list[Pair]:
    pairs = []
    for item in json.loads((FIXTURE / "pairs.json").read_text("utf-8")):
        truth_file = FIXTURE / "truth" / f"{item['article']}.{item['locale']}.json"
        truth: dict[str, str | None] = json.loads(truth_file.read_text("utf-8"))
        for msgid in item["missing"]:
            truth[msgid] = None
        translation = FIXTURE / item["translation"]
        pairs.append(
            Pair(item["name"], FIXTURE, item["article"], item["locale"], translation, truth)
        )
    return pairs


def bundled_pairs(tmp: Path) -> list[Pair]:
    """The bundled project built, its translated pages changed in structure."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    project = tmp / "bundled"
    project.mkdir()
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "pyproject.toml", project)
    result = CliRunner().invoke(cli, ["--project", str(project), "-q", "build"])
    assert result.exit_code == 0, result.output
    pages = tmp / "pages"
    pages.mkdir()
    made = []
    for slug, folder, locale, change in _CHANGES:
        page = (project / "output" / folder / f"{slug}.html").read_text("utf-8")
        truth = _truth(project / "locales" / locale / "LC_MESSAGES" / f"{slug}.po")
        changed, missing = change(page)
        for msgid in missing:
            truth[_msgid_of(truth, missing[msgid])] = None
        path = pages / f"{slug}-{change.__name__.strip('_')}.html"
        path.write_text(changed, "utf-8")
        made.append(Pair(f"bundled {slug}: {change.__doc__}", project, slug, locale, path, truth))
    for po in (project / "locales").rglob("*.po"):  # the catalogs start empty
        if po.name != "ui.po":
            po.unlink()
    return made


def _truth(path: Path) -> dict[str, str | None]:
    po = polib.pofile(str(path))
    return {e.msgid: e.msgstr for e in po if e.msgctxt in (None, "title") and e.msgstr}


def _msgid_of(truth: dict[str, str | None], msgstr: str) -> str:
    return next(k for k, v in truth.items() if v is not None and bare(v) == bare(msgstr))


_P = re.compile(r"<p>(.*?)</p>", re.S)


def _paragraphs(page: str) -> list[re.Match[str]]:
    body = page.index('<div class="article-body">')
    return [m for m in _P.finditer(page) if m.start() > body]


def _drop_and_merge(page: str) -> tuple[str, dict[str, str]]:
    """the 3rd paragraph dropped, the 5th and 6th merged"""
    ps = _paragraphs(page)
    dropped = ps[2]
    merged = f"<p>{ps[4].group(1)}{ps[5].group(1)}</p>"
    page = page[: ps[4].start()] + merged + page[ps[5].end() :]
    page = page[: dropped.start()] + page[dropped.end() :]
    return page, {"dropped": _plain(dropped.group(1))}


def _split_and_levels(page: str) -> tuple[str, dict[str, str]]:
    """the 4th paragraph split in two, headings h3, a paragraph added"""
    ps = _paragraphs(page)
    text = ps[3].group(1)
    cut = text.index("。") + 1
    page = page[: ps[3].start()] + f"<p>{text[:cut]}</p>\n<p>{text[cut:]}</p>" + page[ps[3].end() :]
    page = page.replace("<h2", "<h3").replace("</h2>", "</h3>")
    extra = "<p>本文根据医院提供的资料整理，数据截至发稿时。</p>\n"
    first = _paragraphs(page)[0]
    page = page[: first.end()] + "\n" + extra + page[first.end() :]
    return page, {}


def _added_in_english(page: str) -> tuple[str, dict[str, str]]:
    """a paragraph added, the first two neighbouring paragraphs merged"""
    ps = _paragraphs(page)
    k = next(k for k in range(len(ps) - 1) if not page[ps[k].end() : ps[k + 1].start()].strip())
    merged = f"<p>{ps[k].group(1)} {ps[k + 1].group(1)}</p>"
    page = page[: ps[k].start()] + merged + page[ps[k + 1].end() :]
    extra = "<p>Questions about this site can be sent to the editors by e-mail.</p>\n"
    last = _paragraphs(page)[-1]
    page = page[: last.end()] + "\n" + extra + page[last.end() :]
    return page, {}


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


_CHANGES = [
    ("cqhcwc-reproductive-medicine-center", "zh-hans", "zh_CN", _drop_and_merge),
    ("cqmu-childrens-hospital", "zh-hans", "zh_CN", _split_and_levels),
    ("about", "en", "en", _added_in_english),
]


def measure() -> None:
    """The ratio and variance of dp.py, from the bundled complete catalogs and the test
    pairs' right answers."""
    from pipeline.cjk import CJK_CHAR

    pairs = []
    for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")):
        if path.name == "ui.po":
            continue
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.fuzzy:
                pairs.append((bare(entry.msgid), bare(entry.msgstr)))
    bundled = len(pairs)
    for path in sorted((FIXTURE / "truth").glob("*.json")):
        pairs += [(bare(k), bare(v)) for k, v in json.loads(path.read_text("utf-8")).items()]
    han = sum(len(CJK_CHAR.findall(a + b)) for a, b in pairs)
    latin_side = sum(len(t) for a, b in pairs for t in (a, b) if not CJK_CHAR.search(t))
    other_in_chinese = sum(
        len(t) - len(CJK_CHAR.findall(t)) for a, b in pairs for t in (a, b) if CJK_CHAR.search(t)
    )
    ratio = (latin_side - other_in_chinese) / han
    from pipeline.align.dp import text_length

    deltas = []
    for a, b in pairs:
        la, lb = text_length(a), text_length(b)
        deltas.append((lb - la) / math.sqrt((la + lb) / 2))
    variance = statistics.fmean(d * d for d in deltas)
    print(f"{len(pairs)} messages ({bundled} bundled, {len(pairs) - bundled} test answers):")
    print(f"{ratio:.2f} Latin characters per Han character;")
    print(f"variance of (l_t - l_s) / sqrt(mean length): {variance:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-wrong", action="store_true", help="list wrong fillings")
    parser.add_argument("--measure", action="store_true", help="print ratio and variance")
    args = parser.parse_args()
    if args.measure:
        measure()
        return
    total = Score()
    with tempfile.TemporaryDirectory() as tmp:
        pairs = fixture_pairs() + bundled_pairs(Path(tmp))
        width = max(len(p.name) for p in pairs)
        print(f"{'pair':{width}}  segments  filled  right  coverage  accuracy")
        for pair in pairs:
            score = evaluate(pair, args.show_wrong)
            total.add(score)
            print(_row(pair.name, score, width))
    print(_row("overall", total, width))


def _row(name: str, score: Score, width: int) -> str:
    coverage = score.covered / score.expected if score.expected else 1.0
    accuracy = score.right / score.filled if score.filled else 1.0
    return (
        f"{name:{width}}  {score.expected:8}  {score.filled:6}  {score.right:5}  "
        f"{coverage:8.1%}  {accuracy:8.1%}"
    )


if __name__ == "__main__":
    main()
