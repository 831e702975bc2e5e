"""The fast catalog reader against polib: the same objects, or None (polib then reads)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs import poread
from pipeline.catalogs.pofile import read_catalog
from pipeline.catalogs.poformat import format_catalog

REPO = Path(__file__).resolve().parents[1]
FILE_ATTRIBUTES = ("header", "metadata", "metadata_is_fuzzy", "encoding", "wrapwidth", "fpath")


# polib splits lines at these too (str.splitlines); GNU gettext, and poread, only at "\n".
SEPARATORS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
MASKED = "".join(chr(0xE000 + i) for i in range(len(SEPARATORS)))


def as_polib_reads(text: str) -> tuple | None:
    """polib's reading, with the characters it takes for line ends hidden from it."""
    try:
        po = polib.pofile(text.translate(str.maketrans(SEPARATORS, MASKED)), wrapwidth=79)
    except OSError:
        return None
    return snapshot(po, unmask=str.maketrans(MASKED, SEPARATORS))


def snapshot(po: polib.POFile, unmask: dict | None = None) -> tuple:
    """Everything a parse produces, types included (polib writes obsolete as 0/1)."""
    head = tuple((name, getattr(po, name)) for name in FILE_ATTRIBUTES)
    entries = tuple(tuple(sorted((k, type(v).__name__, v) for k, v in vars(e).items())) for e in po)
    return restore((head, entries), unmask) if unmask else (head, entries)


def restore(value, unmask: dict):
    if isinstance(value, str):
        return value.translate(unmask)
    if isinstance(value, dict):
        return {restore(k, unmask): restore(v, unmask) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(restore(v, unmask) for v in value)
    return value


def assert_same_or_declined(text: str) -> bool:
    """True when the fast reader took the file; it must then agree with polib exactly."""
    fast = poread.parse(text)
    if fast is None:
        return False
    assert snapshot(fast) == as_polib_reads(text)
    return True


def catalog_files() -> list[Path]:
    found = [*REPO.glob("locales/**/*.po*"), *REPO.glob("pipeline/locales/**/*.po*")]
    return sorted(path for path in found if path.suffix in (".po", ".pot"))


@pytest.mark.parametrize("path", catalog_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_bundled_catalogs_are_read_fast_and_identically(path: Path) -> None:
    assert assert_same_or_declined(path.read_text(encoding="utf-8"))


HEADER = (
    'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)

ODD_FILES = {
    "no header": 'msgid "a"\nmsgstr "b"\n',
    "header comments": '# Title\n#\n# Author\nmsgid ""\nmsgstr ""\n"X: 1\\n"\n',
    "fuzzy header": '# c\n#, fuzzy\nmsgid ""\nmsgstr "X: 1\\nY: 2\\n continued\\n"\n',
    "comment between header comments and flags": '# c\n#, fuzzy\n# late\nmsgid ""\nmsgstr ""\n',
    "context": HEADER + 'msgctxt "ctx"\nmsgid "a"\nmsgstr "b"\n',
    "empty comment kinds skipped": HEADER + '#.\n#:\n#,\n#. x\nmsgid "a"\nmsgstr ""\n',
    "tabs and hashes": HEADER + '#\tweird\n## double\n#  two spaces\nmsgid "a"\nmsgstr ""\n',
    "occurrences": HEADER + '#: a.py:1 b.py c:d:3 e:f x:\nmsgid "a"\nmsgstr ""\n',
    "flags": HEADER + '#, fuzzy, python-format ,c-format\n#, no-wrap\nmsgid "a"\nmsgstr "b"\n',
    "previous": HEADER
    + '#, fuzzy\n#| msgctxt "c"\n#| msgid "old "\n#| "text"\n#| msgid_plural "olds"\n'
    'msgid "new"\nmsgid_plural "news"\nmsgstr[0] "x"\nmsgstr[1] "y"\n"z"\n',
    "obsolete": HEADER
    + 'msgid "a"\nmsgstr "b"\n\n# kept\n#~ msgctxt "c"\n#~ msgid "gone"\n#~ "more"\n'
    '#~ msgstr "weg"\n',
    "obsolete previous": HEADER + '#, fuzzy\n#~| msgid "x"\n#~ msgid "y"\n#~ msgstr "z"\n',
    "escapes": HEADER + 'msgid "a\\"q\\" \\\\ \\t \\n \\a \\101"\nmsgstr "\\\\"\n',
    "escaped backslash before quote": HEADER + 'msgid "a\\\\"b"\nmsgstr ""\n',
    "unescaped quote": HEADER + 'msgid "a"b"\nmsgstr ""\n',
    "no blank lines": HEADER
    + 'msgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n# t\nmsgid "e"\nmsgstr ""',
    "trailing comment": HEADER + 'msgid "a"\nmsgstr "b"\n# orphan\n',
    "trailing empty reference": HEADER + 'msgid "a"\nmsgstr "b"\n#:\n',
    "trailing obsolete previous": HEADER + '#~ msgid "a"\n#~ msgstr "b"\n#~| msgid "c"\n',
    "unfinished": HEADER + 'msgid "a"\n',
    "plural index 10": HEADER + 'msgid "a"\nmsgid_plural "b"\nmsgstr[10] "c"\n',
    "plural without quote": HEADER + 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] c\n',
    "tab after keyword": HEADER + 'msgid\t"a"\nmsgstr "b"\n',
    "no space after keyword": HEADER + 'msgid"a"\nmsgstr "b"\n',
    "keyword alone": HEADER + 'msgid\nmsgstr "b"\n',
    "unknown keyword": HEADER + 'msgfoo "a"\nmsgstr "b"\n',
    "two headers": HEADER + HEADER,
    "header not first": 'msgid "a"\nmsgstr "b"\n\n' + HEADER,
    "header with context": 'msgctxt "c"\n' + HEADER,
    "comment inside message": HEADER + 'msgid "a"\n# odd\nmsgstr "b"\n',
    "continuation after comment": HEADER + '#, fuzzy\n"a"\nmsgid "a"\nmsgstr ""\n',
    "previous continuation after msgstr": HEADER + 'msgid "a"\nmsgstr "b"\n#| "c"\n',
    "bare previous": HEADER + '#| msgid\nmsgid "a"\nmsgstr ""\n',
    "previous unknown": HEADER + '#| msgstr "x"\nmsgid "a"\nmsgstr ""\n',
    "odd comment kinds": HEADER + '#!x\n#.x\n#~x\nmsgid "a"\nmsgstr ""\n',
    "obsolete alone": HEADER + '#~\nmsgid "a"\nmsgstr ""\n',
    "line separators": HEADER + 'msgid "a\u2028b"\nmsgstr "\x0cc"\n',
    "only comments": "# just\n# comments\n",
    "empty": "",
}


@pytest.mark.parametrize("text", ODD_FILES.values(), ids=ODD_FILES.keys())
def test_odd_files_are_read_as_polib_reads_them_or_left_to_polib(text: str) -> None:
    assert_same_or_declined(text)


def test_common_shapes_take_the_fast_path() -> None:
    for name in ("no header", "header comments", "previous", "obsolete", "escapes", "flags"):
        assert poread.parse(ODD_FILES[name]) is not None, name


def test_polib_errors_are_left_to_polib() -> None:
    assert poread.parse(ODD_FILES["unescaped quote"]) is None
    assert poread.parse(ODD_FILES["keyword alone"]) is None


def test_read_catalog_reports_errors_from_the_fallback(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text(ODD_FILES["unknown keyword"], encoding="utf-8")
    with pytest.raises(Exception, match="not a valid catalog") as caught:
        read_catalog(path)
    assert caught.value.line == 6


TEXT = st.text(
    alphabet=st.sampled_from(list('ab "\\\n\tx%{}<>:,#~|中文，。') + ["\u2028"]), max_size=30
)
WORD = st.text(alphabet="abc.-_/:", min_size=1, max_size=8)


@st.composite
def messages(draw) -> polib.POEntry:
    plural = draw(st.booleans())
    entry = polib.POEntry(
        msgid=draw(TEXT.filter(bool)),
        msgctxt=draw(st.none() | TEXT),
        tcomment=draw(st.sampled_from(["", "note", "two\nlines", "from memory: x.po"])),
        comment=draw(st.sampled_from(["", "extracted", "a\nb"])),
        occurrences=draw(st.lists(st.tuples(WORD, st.sampled_from(["", "1", "42"])), max_size=3)),
        flags=draw(st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]), max_size=2)),
        obsolete=draw(st.booleans()),
    )
    if plural:
        entry.msgid_plural = draw(TEXT.filter(bool))
        entry.msgstr_plural = {i: draw(TEXT) for i in range(draw(st.integers(1, 3)))}
    else:
        entry.msgstr = draw(TEXT)
    if "fuzzy" in entry.flags and not entry.obsolete:
        entry.previous_msgid = draw(st.none() | TEXT)
        entry.previous_msgctxt = draw(st.none() | TEXT)
    return entry


@st.composite
def catalogs(draw) -> polib.POFile:
    po = polib.POFile(wrapwidth=draw(st.sampled_from([79, 20, 0])))
    po.header = draw(st.sampled_from(["", "Title\nCopyright", "one"]))
    po.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    seen = set()
    for entry in draw(st.lists(messages(), max_size=8)):
        key = (entry.msgctxt, entry.msgid)
        if key not in seen:
            seen.add(key)
            po.append(entry)
    return po


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_what_our_writer_writes_is_read_fast_and_as_polib_reads_it(po: polib.POFile) -> None:
    assert assert_same_or_declined(format_catalog(po))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_what_polib_writes_is_read_as_polib_reads_it(po: polib.POFile) -> None:
    assert_same_or_declined(str(po))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*ODD_FILES.values(), *map(str.splitlines, ODD_FILES.values())])))
def test_spliced_odd_files_never_disagree_with_polib(parts: list) -> None:
    lines = [line for part in parts for line in (part if isinstance(part, list) else [part])]
    assert_same_or_declined("\n".join(lines))


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="needs GNU gettext's msgcat")
@pytest.mark.parametrize("option", ["--no-wrap", "--width=30", "--sort-output"])
def test_msgcat_rewrites_are_read_fast_and_identically(tmp_path: Path, option: str) -> None:
    for path in catalog_files():
        out = tmp_path / path.name
        subprocess.run(["msgcat", option, "-o", str(out), str(path)], check=True)
        assert assert_same_or_declined(out.read_text(encoding="utf-8")), path


@pytest.mark.parametrize(
    "header",
    [
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Type: text/plain; charset=CHARSET\\n"',
        '"Content-Type: text/plain; charset=iso-8859-1\\n"',
        '"Content-Type: text/plain; charset=no-such-charset\\n"',
        '"Content-Type: text/plain\\n"',
        "",
    ],
)
def test_encoding_is_detected_as_polib_detects_it(header):
    from pipeline.catalogs.poread import _encoding

    text = f'msgid ""\nmsgstr ""\n{header}\n\nmsgid "a"\nmsgstr "b"\n'
    assert _encoding(text) == polib.detect_encoding(text)
