"""Tests for the GNU-compatible PO writer: layout rules, polib round trip, msgcat agreement."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs.poformat import format_catalog, format_entry

ZH = (
    "重庆医科大学附属医院于周一启用新的门诊楼，新增300张床位和一个24小时急诊科。"
    "研究人员表示，结果“令人鼓舞但仍属初步”，并呼吁开展更大规模的试验（官员称这不会是最后一次）。"
    "CQHCWC联合委员会召开了两次会议：一次在春季，一次在秋季。完整数据请参阅<1>年度报告</1>。"
    "《重庆日报》、《健康报》等媒体对此进行了报道，引起了广泛关注……"
)
EN = (
    "The Chongqing Medical University hospital opened a new outpatient wing on Monday, adding "
    '300 beds, a "24-hour" emergency department -- and, officials say, it\'s not the last one. '
    "See https://www.cqmu.edu.cn/news/2024/03/15/new-outpatient-wing-opens-to-public?lang=en."
)


WIDE_BOUNDARY = "中" * 38 + "，" + "文" * 50  # the comma falls exactly on column 78
DIRECTIVE_BOUNDARY = "Hello " + "x" * 60 + " %(very-long-name)s is here"


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def lines_of(entry: polib.POEntry, obsolete: bool = False) -> list[str]:
    return format_entry(entry, obsolete=obsolete).splitlines()


def string_lines(lines: list[str], keyword: str) -> list[str]:
    """The quoted contents of `keyword` and its continuation lines."""
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{keyword} "))
    out = [lines[start][len(keyword) + 2 : -1]]
    for line in lines[start + 1 :]:
        if not line.startswith('"'):
            break
        out.append(line[1:-1])
    return out


def test_fitting_string_stays_on_one_line() -> None:
    fits = "a" * (79 - len('msgid ""'))
    assert lines_of(polib.POEntry(msgid=fits))[0] == f'msgid "{fits}"'
    assert len(lines_of(polib.POEntry(msgid=fits))[0]) == 79
    too_long = "a " * 36 + "bbbbbbbb"
    assert lines_of(polib.POEntry(msgid=too_long))[:2] == ['msgid ""', f'"{"a " * 36}"']


def test_long_english_msgid_wraps_after_spaces() -> None:
    lines = lines_of(polib.POEntry(msgid=EN))
    body = string_lines(lines, "msgid")
    assert body[0] == "" and len(body) > 3
    assert "".join(body) == EN.replace('"', '\\"')
    assert all(len(f'"{part}"') <= 79 for part in body)
    assert all(part.endswith(" ") for part in body[1:-2])


def test_long_chinese_msgstr_wraps_by_display_width_without_leading_punctuation() -> None:
    body = string_lines(lines_of(polib.POEntry(msgid="x", msgstr=ZH * 3)), "msgstr")
    assert "".join(body) == (ZH * 3).replace('"', '\\"')
    assert all(columns(f'"{part}"') <= 79 for part in body)
    assert not any(part[:1] in "，。、：）》”…" for part in body[1:])
    assert not any(part[-1:] in "（《“" for part in body[1:])
    assert max(columns(part) for part in body) >= 75  # breaks between ideographs, not words


def test_wide_character_never_leaves_punctuation_behind() -> None:
    entry = polib.POEntry(msgid="x", msgstr=WIDE_BOUNDARY)
    body = string_lines(lines_of(entry), "msgstr")
    assert body[1] == "中" * 37
    assert body[2].startswith("中，")


def test_embedded_newlines_start_new_lines() -> None:
    assert lines_of(polib.POEntry(msgid="ends with newline\n")) == [
        'msgid "ends with newline\\n"',
        'msgstr ""',
    ]
    assert lines_of(polib.POEntry(msgid="one\ntwo\n\nthree")) == [
        'msgid ""',
        '"one\\n"',
        '"two\\n"',
        '"\\n"',
        '"three"',
        'msgstr ""',
    ]


def test_escapes_match_gnu() -> None:
    text = 'tab\there "quoted" back\\slash cr\r bell\a bs\b ff\f vt\v ctl\x01'
    expected = 'tab\\there \\"quoted\\" back\\\\slash cr\\r bell\\a bs\\b ff\\f vt\\v ctl\x01'
    assert lines_of(polib.POEntry(msgid=text))[0] == f'msgid "{expected}"'


@pytest.mark.parametrize("pad", range(60, 80))
def test_escape_sequences_are_never_split(pad: int) -> None:
    body = string_lines(lines_of(polib.POEntry(msgid="w " * 5 + "x" * pad + '\\"\t\\')), "msgid")
    for part in body:
        trailing = len(part) - len(part.rstrip("\\"))
        assert trailing % 2 == 0, part


def test_format_directives_are_never_split() -> None:
    msgid = DIRECTIVE_BOUNDARY
    plain = string_lines(lines_of(polib.POEntry(msgid=msgid)), "msgid")
    assert plain[1].endswith("%(very-")
    flagged = polib.POEntry(msgid=msgid, flags=["python-format"])
    assert string_lines(lines_of(flagged), "msgid")[2].startswith("%(very-long-name)s")


def test_word_longer_than_a_line_is_not_broken() -> None:
    word = "Supercalifragilistic" * 5
    assert lines_of(polib.POEntry(msgid=word))[0] == f'msgid "{word}"'
    assert lines_of(polib.POEntry(msgid=f"See {word} now"))[:4] == [
        'msgid ""',
        '"See "',
        f'"{word} "',
        '"now"',
    ]
    url = "https://example.org/" + "x" * 90  # UAX #14 allows a break after a slash
    assert lines_of(polib.POEntry(msgid=url))[1:3] == ['"https://example.org/"', f'"{"x" * 90}"']


def test_comment_order_flags_and_previous_strings() -> None:
    entry = polib.POEntry(
        msgid="new",
        msgstr="新",
        tcomment="Translator note\n",
        comment="Extracted",
        occurrences=[("a.md", "1")],
        flags=["python-format", "fuzzy", "wrap"],
        previous_msgctxt="old context",
        previous_msgid="old " * 30,
        msgctxt="ctx",
    )
    lines = lines_of(entry)
    assert lines[:6] == [
        "# Translator note",
        "#",
        "#. Extracted",
        "#: a.md:1",
        "#, fuzzy, python-format",
        '#| msgctxt "old context"',
    ]
    assert lines[6] == '#| msgid ""' and lines[7].startswith('#| "old old')
    assert all(len(line) <= 79 for line in lines)
    assert lines[-3:] == ['msgctxt "ctx"', 'msgid "new"', 'msgstr "新"']


def test_fuzzy_is_dropped_from_untranslated_entries_like_gnu() -> None:
    assert lines_of(polib.POEntry(msgid="a", flags=["fuzzy"])) == ['msgid "a"', 'msgstr ""']


def test_references_pack_to_79_columns() -> None:
    occurrences = [(f"./source/some-long-article-slug-{i}.md", str(100 + i)) for i in range(9)]
    occurrences += [("layouts/base.html", ""), occurrences[0]]
    lines = lines_of(polib.POEntry(msgid="a", occurrences=occurrences))
    refs = [line for line in lines if line.startswith("#:")]
    assert all(len(line) <= 79 for line in refs)
    words = " ".join(line[3:] for line in refs).split()
    assert words[0] == "source/some-long-article-slug-0.md:100"
    assert words[-1] == "layouts/base.html" and len(words) == 10
    for line, following in zip(refs, refs[1:], strict=False):
        assert len(line) + 1 + len(following[3:].split()[0]) > 79  # packed greedily


def test_plurals_and_obsolete_prefix() -> None:
    entry = polib.POEntry(
        msgid="One file",
        msgid_plural="%d files",
        msgstr_plural={0: ZH, 1: "个"},
        tcomment="kept",
        obsolete=True,
    )
    lines = lines_of(entry, obsolete=True)
    assert lines[0] == "# kept"
    assert all(line.startswith("#~ ") for line in lines[1:])
    assert 'msgid_plural "%d files"' in lines[2]
    assert any(line.startswith("#~ msgstr[0]") for line in lines)
    assert lines[-1] == '#~ msgstr[1] "个"'
    assert all(columns(line) <= 79 for line in lines)


def test_catalog_header_and_entry_order() -> None:
    po = polib.POFile()
    po.header = "Title\n\nAuthor"
    po.metadata = {"Project-Id-Version": "x 1.0", "Content-Type": "text/plain; charset=UTF-8"}
    po.metadata_is_fuzzy = True
    po.append(polib.POEntry(msgid="gone", msgstr="没了", obsolete=True))
    po.append(polib.POEntry(msgid="untranslated gone", obsolete=True))
    po.append(polib.POEntry(msgid="here", msgstr="在"))
    assert format_catalog(po) == (
        "# Title\n#\n# Author\n#, fuzzy\n"
        'msgid ""\nmsgstr ""\n"Project-Id-Version: x 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "here"\nmsgstr "在"\n\n'
        '#~ msgid "gone"\n#~ msgstr "没了"\n'
    )


# --- round trip through polib ---------------------------------------------------------------

ALPHABET = "abcXYZ019 ,.;:!?'\"\\-/()[]{}%$@#\t\n" + "中文字符测试，。：“”（）、《》…—" + "😀"
TEXT = st.text(alphabet=ALPHABET, max_size=200)
COMMENT = st.lists(
    st.text(alphabet=ALPHABET.replace("\n", "").replace("\t", ""), min_size=1, max_size=60)
    .map(str.strip)
    .filter(bool),
    max_size=3,
).map("\n".join)
OCCURRENCE = st.tuples(
    st.from_regex(r"[a-z][a-z0-9/_.-]{0,40}", fullmatch=True),
    st.one_of(st.just(""), st.integers(1, 99999).map(str)),
)
FLAGS = st.lists(st.sampled_from(["fuzzy", "c-format", "python-format", "no-wrap"]), unique=True)


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=draw(TEXT.filter(bool)),
        msgstr=draw(TEXT),
        tcomment=draw(COMMENT),
        comment=draw(COMMENT),
        occurrences=draw(st.lists(OCCURRENCE, max_size=12)),
        flags=draw(FLAGS),
        msgctxt=draw(st.one_of(st.none(), TEXT)),
        obsolete=draw(st.booleans()),
    )
    if draw(st.booleans()):
        entry.msgid_plural = draw(TEXT.filter(bool))
        entry.msgstr_plural = {0: entry.msgstr, 1: draw(TEXT)}
        entry.msgstr = ""
    if not entry.obsolete and draw(st.booleans()):
        entry.previous_msgid = draw(TEXT)
    return entry


def translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr)


def summary(entry: polib.POEntry) -> tuple:
    """What must survive the round trip (GNU drops fuzzy from untranslated entries)."""
    keep_fuzzy = translated(entry) or entry.obsolete
    flags = {flag for flag in entry.flags if flag != "fuzzy" or keep_fuzzy}
    occurrences = [(path, str(line)) for path, line in dict.fromkeys(entry.occurrences)]
    plural = {int(k): v for k, v in entry.msgstr_plural.items()}
    strings = (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, plural)
    comments = (entry.tcomment, entry.comment, occurrences, flags, entry.previous_msgid)
    return (*strings, *comments, bool(entry.obsolete))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), min_size=1, max_size=6))
def test_round_trip_through_polib(items: list[polib.POEntry]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.extend(items)
    parsed = polib.pofile(format_catalog(po))
    kept = [e for e in items if not e.obsolete]
    kept += [e for e in items if e.obsolete and translated(e)]  # GNU drops the others
    assert [summary(e) for e in parsed] == [summary(e) for e in kept]
    assert parsed.metadata == po.metadata


# --- agreement with GNU msgcat --------------------------------------------------------------


def msgcat_or_skip() -> str:
    path = shutil.which("msgcat")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext's msgcat is required on CI")
        pytest.skip("GNU gettext's msgcat is not installed")
    return path


def words(rng: random.Random, parts: list[str], most: int) -> str:
    return " ".join(rng.choice(parts) for _ in range(rng.randrange(1, most)))


def generated_entry(rng: random.Random, number: int) -> polib.POEntry:
    start = rng.randrange(len(ZH))
    msgstr = ZH[start : start + rng.randrange(0, 200)]
    tail = rng.choice(["", "\n", "\ttab", ' "q" \\ ', "\nnext line", " %(name)s %d%%"])
    entry = polib.POEntry(msgid=f"{number}. {words(rng, EN.split(), 60)}{tail}", msgstr=msgstr)
    slugs = [f"./source/article-slug-{rng.randrange(99)}.md" for _ in range(rng.randrange(8))]
    entry.occurrences = [(slug, str(rng.randrange(1, 999))) for slug in slugs]
    entry.tcomment = rng.choice(["", "Translators: keep <1> tags", "line one\nline two"])
    entry.comment = rng.choice(["", "Heading of the article"])
    flags = ["fuzzy", "python-format", "c-format", "no-wrap", "wrap"]
    entry.flags = rng.sample(flags, k=rng.randrange(3))
    if "fuzzy" in entry.flags and rng.random() < 0.7:
        entry.previous_msgid = words(rng, EN.split(), 40)
    if rng.random() < 0.15:
        entry.msgctxt = rng.choice(["navigation", "article title"])
    if rng.random() < 0.1:
        entry.msgid_plural, entry.msgstr_plural, entry.msgstr = "%d files", {0: msgstr}, ""
    if rng.random() < 0.1:
        entry.obsolete, entry.previous_msgid = True, None
    return entry


def generated_catalog(seed: int) -> polib.POFile:
    rng = random.Random(seed)
    po = polib.POFile(wrapwidth=0)
    po.header = "CQMU news.\n\nFIRST AUTHOR <a@b.c>, 2024."
    po.metadata = {
        "Project-Id-Version": "cqmu-news 1.0",
        "Last-Translator": "Zhang San <zhang.san@example.org>, with a long name to force wrapping",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    po.metadata_is_fuzzy = seed % 2 == 0
    po.extend(generated_entry(rng, number) for number in range(80))
    po.append(polib.POEntry(msgid=DIRECTIVE_BOUNDARY, msgstr=WIDE_BOUNDARY, flags=["c-format"]))
    po.append(polib.POEntry(msgid=DIRECTIVE_BOUNDARY, msgctxt="python", flags=["python-format"]))
    return po


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_output_is_identical_to_msgcat(tmp_path: Path, seed: int) -> None:
    msgcat = msgcat_or_skip()
    source = tmp_path / "in.po"
    generated_catalog(seed).save(str(source))  # polib's own layout; msgcat normalises it
    expected = subprocess.run(
        [msgcat, str(source)], capture_output=True, text=True, check=True
    ).stdout
    assert format_catalog(polib.pofile(str(source))) == expected
