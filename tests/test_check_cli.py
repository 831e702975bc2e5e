"""`pipeline check` and how the build treats translations with errors."""

from __future__ import annotations

import json

import lxml.html
import polib

from tests.test_bad_input import snapshot


def edit(root, slug: str, msgid: str, msgstr: str, comment: str = "") -> None:
    path = root / f"locales/zh_CN/LC_MESSAGES/{slug}.po"
    po = polib.pofile(str(path))
    entry = po.find(msgid)
    entry.msgstr = msgstr
    entry.tcomment = comment
    po.save(str(path))


def test_clean_catalogs_pass(translated, run):
    result = run(translated, "check", "--ignore", "punctuation")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_script_msgstr_is_an_error_and_falls_back_in_the_build(translated, run):
    edit(translated, "hello", "One item", "<script>alert(1)</script>")
    result = run(translated, "check", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    markup = [f for f in findings if f["id"] == "markup"]
    assert len(markup) == 1
    assert set(markup[0]) == {"id", "severity", "file", "line", "msgid", "msgctxt", "message"}
    assert markup[0]["file"] == "locales/zh_CN/LC_MESSAGES/hello.po"
    assert markup[0]["severity"] == "error" and markup[0]["msgid"] == "One item"
    lines = (translated / markup[0]["file"]).read_text().splitlines()
    assert lines[markup[0]["line"] - 1] == 'msgid "One item"'

    build = run(translated, "build")
    assert build.exit_code == 0
    assert "hello.po" in build.output and "markup" in build.output
    page = (translated / "output/zh-hans/hello.html").read_text()
    assert "alert(1)" not in page
    item = lxml.html.fromstring(page).find(".//div[@class='article-body']//li")
    assert item.get("lang") == "en" and item.text == "One item"


def test_strict_build_fails_and_writes_nothing(translated, run):
    edit(translated, "hello", "Details", "<1>broken")
    before = snapshot(translated)
    result = run(translated, "build", "--strict")
    assert result.exit_code == 1
    assert "--strict" in result.output and "nothing was written" in result.output
    assert snapshot(translated) == before


def test_max_warnings_and_filters(translated, run):
    edit(translated, "hello", "One item", "")
    assert run(translated, "check", "--only", "untranslated").exit_code == 0
    assert run(translated, "check", "--only", "untranslated", "--max-warnings", "0").exit_code == 1
    result = run(translated, "check", "--only", "untranslated", "--format", "json")
    assert [f["id"] for f in json.loads(result.stdout)] == ["untranslated"]
    bad = run(translated, "check", "--only", "nonsense")
    assert bad.exit_code == 2 and "unknown check" in bad.output


def test_opt_outs_are_counted_and_need_a_reason(translated, run):
    edit(
        translated,
        "page",
        "Second paragraph with <1/> inside.",
        "Ｓｅｃｏｎｄ <1/> ｓｅｃｏｎｄ.",
        "check: ignore punctuation: house style",
    )
    result = run(translated, "check", "--only", "punctuation")
    assert "1 warnings silenced" in result.output
    edit(
        translated,
        "page",
        "Second paragraph with <1/> inside.",
        "Ｓｅｃｏｎｄ <1/> ｓｅｃｏｎｄ.",
        "check: ignore punctuation",
    )
    result = run(translated, "check", "--format", "json")
    assert "opt-out" in {f["id"] for f in json.loads(result.stdout)}
