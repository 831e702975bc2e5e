"""The catalog reader against GNU msgfmt, the reference, on catalogs hypothesis breaks.

Valid catalogs are written by our writer and then mutated the way hands and editors break
them (a quote deleted or added, a keyword changed, a line duplicated or dropped, a printable
character inserted). For each, msgfmt decides: the reader refuses exactly the files msgfmt
refuses, naming a line msgfmt names, and from the files msgfmt accepts it reads every string
msgfmt compiles, live and fuzzy messages (`msgfmt --use-fuzzy`) and obsolete ones (after
`msgattrib --only-obsolete --clear-obsolete`). The .mo files are read with a few lines of
struct unpacking rather than Python's gettext, which decodes with the charset a mutated header
may have lost: the bytes msgfmt wrote are the oracle.

The reader's three deliberate differences are recognised from msgfmt's own answer: a live
message also defined obsolete (msgfmt names both lines, one of them `#~`), and escapes worth
NUL or spelling invalid UTF-8 (msgfmt accepts them). PIPELINE_ORACLE_EXAMPLES sets how many
catalogs to try (default 300).
"""

from __future__ import annotations

import os
import random
import re
import struct
import subprocess
from pathlib import Path

import pytest
from catalog_strategies import catalogs
from conftest import require_program
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs import poread
from pipeline.catalogs.poformat import format_catalog

EXAMPLES = int(os.environ.get("PIPELINE_ORACLE_EXAMPLES", "300"))
KEYWORDS = ["msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr[0]", "msgstr[1]", "msgstrr"]
KEYWORD = re.compile(r"msgid_plural|msgid|msgstr\[\d+\]|msgstr|msgctxt")
DEVIATIONS = ("NUL", "UTF-8")


def read_mo(data: bytes) -> dict[bytes, bytes]:
    """A .mo file's messages, key (context EOT msgid [NUL plural]) to value."""
    magic, _, count, keys_at, values_at = struct.unpack("<IIIII", data[:20])
    assert magic == 0x950412DE
    messages = {}
    for index in range(count):
        key_len, key_at = struct.unpack("<II", data[keys_at + 8 * index : keys_at + 8 * index + 8])
        value = values_at + 8 * index
        value_len, value_at = struct.unpack("<II", data[value : value + 8])
        messages[data[key_at : key_at + key_len]] = data[value_at : value_at + value_len]
    return messages


class Verdict:
    """What msgfmt says of a file: accepted or not, the lines it names, what it compiled.

    Acceptance is plain msgfmt's (which leaves fuzzy messages out, unchecked); the strings
    are those of `msgfmt --use-fuzzy`, or of plain msgfmt's .mo where --use-fuzzy refuses a
    fuzzy translation (`with_fuzzy` is then False)."""

    def __init__(self, path: Path, *pre: list[str]) -> None:
        target = path
        for command in pre:
            target = path.with_suffix(".step.po")
            subprocess.run([*command, "-o", str(target), str(path)], check=True)
        plain, fuzzy = path.with_suffix(".mo"), path.with_suffix(".fuzzy.mo")
        done = _run("msgfmt", "-o", str(plain), str(target))
        self.accepted = done.returncode == 0
        self.errors = done.stderr
        named = re.findall(rf"^{re.escape(str(target))}:(\d+):(.*)$", done.stderr, re.M)
        self.lines = {int(line) for line, what in named if "warning:" not in what}
        self.with_fuzzy = (
            _run("msgfmt", "--use-fuzzy", "-o", str(fuzzy), str(target)).returncode == 0
        )
        self.messages = {}
        if self.accepted:
            mo = fuzzy if self.with_fuzzy else plain
            self.messages = read_mo(mo.read_bytes()) if mo.exists() else {}  # (none: no file)
            self.messages.pop(b"", None)  # the header: the reader makes it metadata


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True)


def compiled(po, obsolete: bool, with_fuzzy: bool = True) -> dict[bytes, bytes]:
    """What msgfmt would write for these messages, by its rules: no header, nothing whose
    (first) translation is empty, fuzzy ones only `with_fuzzy`."""
    messages = {}
    for entry in po:
        if bool(entry.obsolete) != obsolete or (not with_fuzzy and "fuzzy" in entry.flags):
            continue
        forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        value = "\0".join(forms) if entry.msgid_plural else entry.msgstr
        if not (forms[0] if entry.msgid_plural else value):
            continue
        key = entry.msgid + ("\0" + entry.msgid_plural if entry.msgid_plural else "")
        if entry.msgctxt is not None:
            key = entry.msgctxt + "\x04" + key
        messages[key.encode()] = value.encode()
    return messages


def live_and_obsolete_twice(verdict: Verdict, text: str) -> bool:
    """msgfmt's complaint is only a live message defined again obsolete (or the reverse)."""
    lines = text.split("\n")
    named = re.findall(r":(\d+): duplicate message definition.*\n.*:(\d+): \.\.\.", verdict.errors)
    others = verdict.errors.count("error") > verdict.errors.count("fatal error")
    if not named or others or "syntax error" in verdict.errors:
        return False
    for second, first in named:
        marks = {lines[int(n) - 1].lstrip().startswith("#~") for n in (first, second)}
        if marks != {True, False}:
            return False
    return True


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        lines = text.split("\n")
        how = rng.randrange(6)
        if how == 0 and '"' in text:
            at = rng.choice([m.start() for m in re.finditer('"', text)])
            text = text[:at] + text[at + 1 :]
        elif how == 1:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + '"' + text[at:]
        elif how == 2 and KEYWORD.search(text):
            found = rng.choice(list(KEYWORD.finditer(text)))
            text = text[: found.start()] + rng.choice(KEYWORDS) + text[found.end() :]
        elif how == 3:
            at = rng.randrange(len(lines))
            text = "\n".join(lines[:at] + [lines[at]] + lines[at:])
        elif how == 4:
            at = rng.randrange(len(lines))
            text = "\n".join(lines[:at] + lines[at + 1 :])
        else:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + chr(rng.randint(0x20, 0x7E)) + text[at:]
    return text


def judge(text: str, folder: Path) -> None:
    """The rule of the issue, with msgfmt as the oracle."""
    path = folder / "case.po"
    path.write_bytes(text.encode("utf-8"))
    verdict = Verdict(path)
    try:
        po = poread.parse(text)
    except poread.PoSyntaxError as refused:
        if verdict.accepted:  # only for what msgfmt writes without complaint but loses
            assert any(word in refused.reason for word in DEVIATIONS), (refused, text)
            assert re.search(r"\\[0-7x]", text), (refused, text)
            return
        # msgfmt counts the line end a string runs into as read: it names the next line.
        if any(word in refused.reason for word in DEVIATIONS):
            return  # refused for what msgfmt lets through, before what it refuses
        late = 1 if refused.reason == "end-of-line within string" else 0
        # Within lines joined by a backslash-newline, the reader names the first of them.
        joined = text.count("\\\n")
        near = {refused.line + late + shift for shift in range(joined + 1)}
        assert near & verdict.lines, (refused, verdict.errors, text)
        return
    if not verdict.accepted:
        assert live_and_obsolete_twice(verdict, text), (verdict.errors, text)
        return
    assert compiled(po, False, verdict.with_fuzzy) == verdict.messages
    # msgattrib (unlike msgfmt) drops what is not ASCII from a catalog that names no charset.
    utf8 = "charset=UTF-8" in po.metadata.get("Content-Type", "")
    if utf8 and any(entry.obsolete for entry in po):
        old = Verdict(path, ["msgattrib", "--only-obsolete", "--clear-obsolete"])
        if old.accepted:  # (msgfmt checks them now as live messages; the reader did not)
            assert compiled(po, True, old.with_fuzzy) == old.messages


@pytest.fixture(scope="module")
def gettext_tools() -> None:
    require_program("msgfmt")
    require_program("msgattrib")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(catalogs(), st.randoms(use_true_random=False))
def test_broken_catalogs_are_judged_as_msgfmt_judges_them(
    gettext_tools, tmp_path: Path, po, rng: random.Random
) -> None:
    judge(mutate(format_catalog(po), rng), tmp_path)


@settings(
    max_examples=EXAMPLES // 3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(catalogs())
def test_what_the_writer_writes_msgfmt_and_the_reader_read_alike(
    gettext_tools, tmp_path: Path, po
) -> None:
    text = format_catalog(po)
    judge(text, tmp_path)
    assert poread.parse(text) is not None
