"""Catalogs translators can trust: nothing lost over any edit sequence, valid for GNU gettext,
never rewritten without a change (whatever tool last wrapped them), readable as .mo."""

from __future__ import annotations

import gettext
import subprocess

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from pipeline.catalogs.memory import Memory
from pipeline.catalogs.merge import merge_catalog
from pipeline.catalogs.poformat import format_catalog
from tests.conftest import pseudo, pseudo_translate, require_program

WORDS = [
    "hospital",
    "center",
    "medical",
    "research",
    "students",
    "patients",
    "children",
    "award",
    "national",
    "program",
    "clinical",
    "training",
    "experts",
    "Chongqing",
    "university",
    "foundation",
]


def sentence(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14))
    return " ".join(words).capitalize() + "."


@st.composite
def edit_sequences(draw):
    paragraphs = [sentence(draw) for _ in range(draw(st.integers(2, 8)))]
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["char", "replace", "delete", "insert", "move", "none"]))
        steps.append((kind, draw(st.integers(0, 100)), sentence(draw)))
    return paragraphs, steps


def apply(paragraphs: list[str], kind: str, n: int, new: str):
    """One editor's change; returns the paragraphs and, for a one-character edit, the msgid
    before and after it."""
    items = list(paragraphs)
    i = n % len(items) if items else 0
    if kind == "char" and items and len(items[i]) >= 8:
        old = items[i]
        items[i] = old[:-1] + ("!" if old[-1] != "!" else "?")
        return items, (old, items[i])
    if kind == "replace" and items:
        items[i] = new
    elif kind == "delete" and len(items) > 1:
        items.pop(i)
    elif kind == "insert":
        items.insert(i, new)
    elif kind == "move" and len(items) > 1:
        items.insert(0, items.pop(i))
    return items, None


def template(paragraphs: list[str]) -> polib.POFile:
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for line, text in enumerate(paragraphs, 1):
        if pot.find(text) is None:
            pot.append(polib.POEntry(msgid=text, occurrences=[("source/a.md", str(line))]))
    return pot


def translate_all(po: polib.POFile, written: set[str], round_: int) -> None:
    """The translator: fills every empty message and reviews every fuzzy one."""
    for entry in po:
        if not entry.obsolete and (not entry.msgstr or "fuzzy" in entry.flags):
            entry.msgstr = f"{pseudo(entry.msgid)} r{round_}"
            entry.flags = []
            entry.previous_msgid = None
            written.add(entry.msgstr)


def update(pot: polib.POFile, po: polib.POFile) -> polib.POFile:
    header = {
        "Language": "zh_CN",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return merge_catalog(pot, po, Memory.from_catalogs([]), 60, header)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_sequences())
def test_no_translation_is_ever_lost(sequence):
    paragraphs, steps = sequence
    written: set[str] = set()
    po = update(template(paragraphs), polib.POFile())
    translate_all(po, written, 0)
    for round_, (kind, n, new) in enumerate(steps, 1):
        before = {e.msgid: e.msgstr for e in po if not e.obsolete}
        known = {e.msgid for e in po}  # obsolete ones too: a text that returns is revived
        paragraphs, edited = apply(paragraphs, kind, n, new)
        po = update(template(paragraphs), po)
        entries = {e.msgid: e for e in po if not e.obsolete}
        kept = {e.msgstr for e in po} | {e.tcomment for e in po if e.tcomment}
        assert written <= kept, written - kept
        for msgid in set(before) & set(entries):  # unchanged: same translation, not fuzzy
            assert entries[msgid].msgstr == before[msgid]
            assert "fuzzy" not in entries[msgid].flags
        if edited is not None and edited[0] not in paragraphs and edited[1] not in known:
            old_msgid, new_msgid = edited  # one character changed: fuzzy, with the right #|
            entry = entries[new_msgid]
            assert "fuzzy" in entry.flags
            # the edited text, or another text exactly as close (ties go to document order)
            assert fuzz.ratio(new_msgid, entry.previous_msgid) >= fuzz.ratio(new_msgid, old_msgid)
        text = format_catalog(po)
        assert format_catalog(update(template(paragraphs), po)) == text  # second update: same
        translate_all(po, written, round_)


def test_merged_catalog_with_fuzzy_and_obsolete_passes_msgfmt(tmp_path):
    msgfmt = require_program("msgfmt")
    po = update(
        template(["First paragraph here.", "Second paragraph is long enough."]), polib.POFile()
    )
    translate_all(po, set(), 0)
    po = update(template(["First paragraph here!", "A new one."]), po)
    assert any("fuzzy" in e.flags for e in po) and any(e.obsolete for e in po)
    path = tmp_path / "a.po"
    path.write_text(format_catalog(po))
    done = subprocess.run(
        [msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_project_catalogs_pass_msgfmt_check_header(project, run):
    msgfmt = require_program("msgfmt")
    root = project()
    assert run(root, "init", "zh_CN").exit_code == 0
    pseudo_translate(root / "locales/zh_CN/LC_MESSAGES")
    source = root / "source/hello.md"
    source.write_text(source.read_text().replace("One item", "One single item"))
    assert run(root, "update").exit_code == 0
    for path in sorted((root / "locales/zh_CN/LC_MESSAGES").glob("*.po")):
        done = subprocess.run(
            [msgfmt, "-c", "--check-header", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0 and done.stderr == "", (path, done.stderr)


def test_msgcat_no_wrap_rewrite_is_not_churned_and_keeps_translations(project, run):
    msgcat = require_program("msgcat")
    root = project()
    assert run(root, "init", "zh_CN").exit_code == 0
    folder = root / "locales/zh_CN/LC_MESSAGES"
    pseudo_translate(folder)
    assert run(root, "update").exit_code == 0
    path = folder / "hello.po"
    subprocess.run([msgcat, "--no-wrap", "-o", str(path), str(path)], check=True)
    rewrapped = path.read_bytes()
    result = run(root, "update")
    assert result.exit_code == 0 and "catalogs are up to date" in result.output
    assert path.read_bytes() == rewrapped
    assert run(root, "build").exit_code == 0
    page = (root / "output/zh-hans/hello.html").read_text()
    assert pseudo("Visit") in page


def test_writer_reproduces_the_files_it_wrote(project, run):
    root = project()
    assert run(root, "init", "zh_CN").exit_code == 0
    for path in sorted((root / "locales").rglob("*.po*")):
        text = path.read_text()
        assert format_catalog(polib.pofile(text)) == text, path


def test_compiled_mo_is_read_by_python_gettext(project, run):
    root = project()
    assert run(root, "init", "zh_CN").exit_code == 0
    pseudo_translate(root / "locales/zh_CN/LC_MESSAGES")
    result = run(root, "compile")
    assert result.exit_code == 0 and "3 .mo files written" in result.output
    found = gettext.translation("hello", localedir=str(root / "locales"), languages=["zh_CN"])
    assert found.gettext("One item") == pseudo("One item")
    assert found.pgettext("title", "Hello world") == pseudo("Hello world")
    assert run(root, "compile").output.startswith("0 .mo files written")  # unchanged: kept
