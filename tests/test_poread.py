"""The catalog reader: what msgfmt refuses is an error on msgfmt's line; what it accepts is
read character for character; what the writer writes reads back the same.

Each case is also put to msgfmt itself (test_msgfmt_oracle.py does the same for thousands of
generated catalogs), so these expectations are the reference's, not ours.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from catalog_strategies import catalogs
from conftest import require_program
from hypothesis import HealthCheck, given, settings
from test_msgfmt_oracle import Verdict

from pipeline.catalogs import poread
from pipeline.catalogs.pofile import read_catalog
from pipeline.catalogs.poformat import format_catalog
from pipeline.errors import CatalogError

REPO = Path(__file__).resolve().parents[1]
FILE_ATTRIBUTES = ("header", "metadata", "metadata_is_fuzzy", "encoding", "wrapwidth", "fpath")
HEADER = 'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
# Line 6 is the first line after HEADER and its blank line.

INVALID = {
    "unterminated msgstr": ('msgid "a"\nmsgstr "医疗服务\n', 7, "end-of-line within string"),
    "unterminated continuation": (
        'msgid "a"\nmsgstr ""\n"重庆市妇幼\n"保健院"\n',
        8,
        "end-of-line within string",
    ),
    "only an opening quote": ('msgid "a"\nmsgstr "\n', 7, "end-of-line within string"),
    "a lone quote line": ('msgid "a"\nmsgstr ""\n"\n', 8, "end-of-line within string"),
    "escaped closing quote": ('msgid "a"\nmsgstr "b\\"\n', 7, "end-of-line within string"),
    "unterminated at the end": ('msgid "a"\nmsgstr "b', 7, "end-of-file within string"),
    "unescaped quote": (
        'msgid "a"\nmsgstr "say "hi""\n',
        7,
        'keyword "hi" unknown; a quote inside a string is written \\"',
    ),
    "unknown escape": ('msgid "a"\nmsgstr "\\q"\n', 7, "invalid control sequence"),
    "msgid without msgstr": ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 6, "missing 'msgstr'"),
    "msgstr without msgid": ('msgstr "b"\n', 6, "syntax error"),
    "misspelt keyword": ('msgid "a"\nmsgstrr "b"\n', 7, 'keyword "msgstrr" unknown'),
    "stray text": ('msgid "a"\nmsgstr "b"\nhello world\n', 8, 'keyword "hello" unknown'),
    "stray CJK text": ('msgid "a"\nmsgstr "b"\n医院\n', 8, "syntax error"),
    "defined twice": (
        'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        9,
        "duplicate message definition (first defined at line 6)",
    ),
    "plural with plain msgstr": ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 8, "syntax error"),
    "msgctxt without msgid": ('msgctxt "c"\nmsgstr "b"\n', 7, "syntax error"),
    "comment inside a message": ('msgid "a"\n# note\nmsgstr "b"\n', 6, "missing 'msgstr'"),
    "plural forms from 1": ('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "c"\n', 8, "nonzero index"),
    "obsolete mark on part": ('#~ msgid "a"\nmsgstr "b"\n', 7, "inconsistent use of #~"),
    "newline at one end only": ('msgid "a"\nmsgstr "b\\n"\n', 7, "do not both end with '\\n'"),
    # The reader looks for such newlines only where an escape was read: these come from
    # octal and hex escapes, on continuation lines, in the msgid, and after a context.
    "octal newline, continued": (
        'msgid "a"\nmsgstr ""\n"b\\012"\n',
        7,
        "do not both end with '\\n'",
    ),
    "hex newline in the msgid": ('msgid ""\n"\\x0az"\nmsgstr "b"\n', 8, "both begin with '\\n'"),
    "newline after a context": (
        'msgctxt "c"\nmsgid "a\\n"\nmsgstr "b"\n',
        8,
        "do not both end with '\\n'",
    ),
}


@pytest.mark.parametrize("body, line, reason", INVALID.values(), ids=INVALID.keys())
def test_what_msgfmt_refuses_is_an_error_on_its_line(tmp_path, body, line, reason) -> None:
    require_program("msgfmt")
    text = HEADER + "\n" + body
    with pytest.raises(poread.PoSyntaxError) as refused:
        poread.parse(text)
    assert reason in refused.value.reason
    assert refused.value.line == line
    path = tmp_path / "case.po"
    path.write_text(text, encoding="utf-8")
    verdict = Verdict(path)
    assert not verdict.accepted
    late = 1 if refused.value.reason == "end-of-line within string" else 0
    assert line + late in verdict.lines  # msgfmt names the line after an unterminated string


def test_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text(HEADER + '\nmsgid "医疗服务"\nmsgstr "医疗服务\n', encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert (caught.value.line, caught.value.message) == (7, "end-of-line within string")


VALID = {
    "C escapes": ('msgid "a"\nmsgstr "\\a\\b\\f\\v\\t\\r\\\\\\""\n', '\a\b\f\v\t\r\\"'),
    "octal that spells UTF-8": ('msgid "a"\nmsgstr "\\345\\233\\275"\n', "国"),
    "octal, at most three digits": ('msgid "a"\nmsgstr "\\1012"\n', "A2"),
    "hex": ('msgid "a"\nmsgstr "\\x41\\x4142"\n', "AB"),
    "empty continuations": ('msgid "a"\nmsgstr ""\n""\n"重庆"\n""\n"医院"\n', "重庆医院"),
    "keyword and string apart": ('msgid\n"a"\nmsgstr\n"b"\n', "b"),
    "one line": ('msgid "a" msgstr "b" "c"\n', "bc"),
    "comment after a string": ('msgid "a"\nmsgstr "b" # note\n', "b"),
    "comments between entries": ('# x\n#. y\n\n#: z:1\nmsgid "a"\n# late\nmsgstr "b"\n', None),
    "backslash-newline": ('msgid "a"\nmsgstr "重庆\\\n医院"\n', "重庆医院"),
    "raw control characters": ('msgid "a"\nmsgstr "b\x01\rc"\n', "b\x01\rc"),
}


@pytest.mark.parametrize("body, expected", VALID.values(), ids=VALID.keys())
def test_what_msgfmt_accepts_is_read_as_it_compiles_it(tmp_path, body, expected) -> None:
    require_program("msgfmt")
    text = HEADER + "\n" + body
    path = tmp_path / "case.po"
    path.write_text(text, encoding="utf-8")
    verdict = Verdict(path)
    if expected is None:  # msgfmt refuses it, and so must the reader
        assert not verdict.accepted
        with pytest.raises(poread.PoSyntaxError):
            poread.parse(text)
        return
    assert verdict.accepted, verdict.errors
    (message,) = poread.parse(text)
    assert message.msgstr == expected
    assert verdict.messages == {b"a": expected.encode()}


def test_crlf_and_bom_are_read_like_plain_files(tmp_path: Path) -> None:
    plain = HEADER + '\n#, fuzzy\nmsgid "a"\nmsgstr ""\n"重庆"\n'
    path = tmp_path / "crlf.po"
    path.write_bytes(b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode("utf-8"))
    (message,) = read_catalog(path).po
    assert (message.msgstr, message.flags) == ("重庆", ["fuzzy"])


@pytest.mark.parametrize(
    "data, line, reason",
    [
        (b'msgid "a"\nmsgstr "\\0"\n', 7, "NUL"),
        (b'msgid "a"\nmsgstr "x\\x100"\n', 7, "NUL"),
        (b'msgid "a"\nmsgstr "\\345\\233"\n', 7, "UTF-8"),
        (b'msgid "a"\nmsgstr "b\x00"\n', 7, "NUL"),
        (b'msgid "a"\nmsgstr "\xe5\x9b"\n', 7, "UTF-8"),
    ],
    ids=["NUL escape", "hex worth 0", "octal half a character", "raw NUL", "invalid UTF-8"],
)
def test_what_msgfmt_would_cut_or_mangle_is_refused(tmp_path, data, line, reason) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(HEADER.encode() + b"\n" + data)
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert reason in caught.value.message and caught.value.line == line


def test_a_message_both_live_and_obsolete_is_accepted() -> None:
    po = poread.parse(HEADER + '\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n')
    assert [(m.msgstr, m.obsolete) for m in po] == [("b", 0), ("c", 1)]


def catalog_files() -> list[Path]:
    found = [*REPO.glob("locales/**/*.po*"), *REPO.glob("pipeline/locales/**/*.po*")]
    return sorted(path for path in found if path.suffix in (".po", ".pot"))


def snapshot(po: polib.POFile) -> tuple:
    """Everything a parse produces, types included (polib writes obsolete as 0/1)."""
    head = tuple((name, getattr(po, name)) for name in FILE_ATTRIBUTES)
    entries = tuple(tuple(sorted((k, type(v).__name__, v) for k, v in vars(e).items())) for e in po)
    return head, entries


@pytest.mark.parametrize("path", catalog_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_bundled_catalogs_become_the_objects_polib_makes(path: Path) -> None:
    """On well-formed files without rare escapes polib is right, and its objects are our
    in-memory form."""
    text = path.read_text(encoding="utf-8")
    assert snapshot(poread.parse(text)) == snapshot(polib.pofile(text, wrapwidth=79))


@pytest.mark.parametrize("option", ["--no-wrap", "--width=30", "--sort-output"])
def test_msgcat_rewrites_are_read_as_the_originals(tmp_path: Path, option: str) -> None:
    require_program("msgcat")
    for path in catalog_files():
        out = tmp_path / path.name
        subprocess.run(["msgcat", option, "-o", str(out), str(path)], check=True)
        ours = poread.parse(out.read_text(encoding="utf-8"))
        original = poread.parse(path.read_text(encoding="utf-8"))
        assert sorted(map(_strings, ours), key=repr) == sorted(map(_strings, original), key=repr), (
            path
        )


def _strings(entry: polib.POEntry) -> tuple:
    plural = tuple(sorted(entry.msgstr_plural.items()))
    return entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, plural, entry.obsolete


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_what_the_writer_writes_reads_back_the_same(po: polib.POFile) -> None:
    """Every character, control characters included: a U+0007 written as `\\a` used to come
    back as a backslash and an `a`, and its message turned fuzzy on every update."""
    again = poread.parse(format_catalog(po))
    kept = (entry for entry in po if not entry.obsolete or _translated(entry))
    assert sorted(map(_strings, again), key=repr) == sorted(map(_strings, kept), key=repr)
    assert again.metadata == po.metadata


def _translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr)


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
