"""What real projects throw at the pipeline: a clear one-line error (exit 2) or a documented
recovery, and never a traceback, a lost translation or a half-written output."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import lxml.html
import polib
import pytest

from tests.conftest import pseudo_translate
from tests.test_bad_input import snapshot


def fails_cleanly(result, where: str, what: str) -> None:
    assert result.exit_code == 2, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("error: ") and where in first and what in first, first
    assert "Traceback" not in result.output


# --- sources -----------------------------------------------------------------------------

SOURCE_ERRORS = {
    "empty": ("empty.md", b"", "source/empty.md:1", "no front matter"),
    "not-yaml": ("yaml.md", b"---\ntitle: [x\n---\n", "source/yaml.md", "not valid YAML"),
    "not-a-mapping": (
        "list.md",
        b"---\n- a\n- b\n---\nText\n",
        "source/list.md:2",
        "must be a mapping",
    ),
    "no-title": (
        "notitle.md",
        b"---\ndate: 2020-01-01\n---\n",
        "source/notitle.md",
        "needs a 'title:'",
    ),
    "unknown-field": (
        "typo.md",
        b"---\ntitle: T\nauthr: me\n---\n",
        "source/typo.md:3",
        "unknown front-matter field 'authr'",
    ),
    "binary": ("blob.html", b"\x00\x01\x02PNG\x00", "source/blob.html", "binary"),
    "latin-1": (
        "latin.md",
        "---\ntitle: Café\n---\n".encode("latin-1"),
        "source/latin.md:2",
        "not UTF-8 (byte 14",
    ),
    "gbk": (
        "gbk.md",
        "---\ntitle: 中文\n---\n".encode("gbk"),
        "source/gbk.md:2",
        "not UTF-8 (byte 11",
    ),
    "bad-date": ("date.md", b"---\ntitle: T\ndate: someday\n---\n", "source/date.md:3", "ISO date"),
}


@pytest.mark.parametrize("case", SOURCE_ERRORS, ids=str)
def test_bad_sources_are_refused(translated, run, case):
    name, data, where, what = SOURCE_ERRORS[case]
    (translated / "source" / name).write_bytes(data)
    before = snapshot(translated)
    fails_cleanly(run(translated, "build"), where, what)
    assert snapshot(translated) == before


@pytest.mark.parametrize(
    "name", ["Café.md", "two words.md", "Upper.md", "a..b.md", "-x.md", "index.md", "sitemap.html"]
)
def test_bad_slugs_are_refused(translated, run, name):
    (translated / "source" / name).write_text("---\ntitle: T\n---\n")
    result = run(translated, "build")
    fails_cleanly(result, f"source/{name}", "slug")


def test_bom_and_crlf_are_accepted(translated, run):
    data = "\ufeff---\r\ntitle: With BOM\r\n---\r\n\r\nLine one\r\nwraps.\r\n".encode()
    (translated / "source/bom.md").write_bytes(data)
    assert run(translated, "build").exit_code == 0
    pot = polib.pofile(str(translated / "locales/templates/bom.pot"))
    assert [e.msgid for e in pot] == ["With BOM", "Line one wraps."]
    assert [e.occurrences for e in pot][1] == [("source/bom.md", "5")]


def test_unclosed_tags_and_stray_end_tags_round_trip(translated, run):
    (translated / "source/messy.html").write_text(
        "<title>Messy</title><p>One</p></p><ul><li>A<li>B</ul><b>open <i>more<p>Next"
    )
    assert run(translated, "build").exit_code == 0
    pseudo_translate(translated / "locales/zh_CN/LC_MESSAGES")
    assert run(translated, "build").exit_code == 0
    en = lxml.html.fromstring((translated / "output/en/messy.html").read_bytes())
    zh = lxml.html.fromstring((translated / "output/zh-hans/messy.html").read_bytes())
    body = ".//div[@class='article-body']"
    assert [e.tag for e in en.find(body).iter()] == [e.tag for e in zh.find(body).iter()]
    assert [li.text for li in en.findall(body + "//li")] == ["A", "B"]
    assert [li.text for li in zh.findall(body + "//li")] == ["Ａ", "Ｂ"]


def test_very_long_article_keeps_line_numbers_past_65535(translated, run):
    body = "".join(f"Paragraph {n} of a long article.\n\n" for n in range(40000))
    (translated / "source/long.md").write_text(f"---\ntitle: Long\n---\n\n{body}")
    assert run(translated, "build").exit_code == 0
    pot = polib.pofile(str(translated / "locales/templates/long.pot"))
    last = pot.find("Paragraph 39999 of a long article.")
    assert last.occurrences == [("source/long.md", str(5 + 2 * 39999))]


@pytest.mark.parametrize("depth", [1500, 3000])
def test_deep_nesting_is_handled(translated, run, depth):
    """A browser builds any depth (libxml2 stopped at 2048 and dropped the rest)."""
    html = "<title>Deep</title>" + "<div>" * depth + "Deep <b>text</b>" + "</div>" * depth
    (translated / "source/deep.html").write_text(html)
    assert run(translated, "build").exit_code == 0
    assert polib.pofile(str(translated / "locales/templates/deep.pot")).find("Deep <1>text</1>")


def test_symlink_out_of_the_project_is_refused(translated, run, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\n")
    (translated / "source/leak.md").symlink_to(secret)
    fails_cleanly(run(translated, "build"), "source/leak.md", "outside source/")


@pytest.mark.parametrize(
    "key, value", [("compendium", '["../x.po"]'), ("glossary", '"/etc/passwd"')]
)
def test_config_paths_outside_the_project_are_refused(translated, run, tmp_path, key, value):
    (tmp_path / "x.po").write_text('msgid ""\nmsgstr ""\n')
    config = translated / "pyproject.toml"
    config.write_text(config.read_text() + f"{key} = {value}\n")
    result = run(translated, "build")
    assert result.exit_code == 2
    assert f"tool.pipeline.{key}" in result.output and "outside the project" in result.output


# --- catalogs ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["update", "check", "build", "status", "compile"])
def test_a_message_defined_twice_is_reported_never_repaired(translated, run, command):
    """msgfmt refuses such a file; which translation should win is the translator's call."""
    path = translated / "locales/zh_CN/LC_MESSAGES/hello.po"
    text = path.read_text()
    first = text.split("\n").index('msgid "One item"') + 1
    broken = text + '\nmsgid "One item"\nmsgstr "另一个译文"\n'
    path.write_text(broken)
    second = broken.count("\n") - 1
    before = {p: p.read_bytes() for p in (translated / "output").rglob("*") if p.is_file()}
    result = run(translated, command)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {path.relative_to(translated)}:{second}: "
        f"duplicate message definition (first defined at line {first})"
    ]
    assert path.read_text() == broken
    after = {p: p.read_bytes() for p in (translated / "output").rglob("*") if p.is_file()}
    assert after == before


def test_catalog_without_header_is_completed(translated, run, tmp_path):
    path = translated / "locales/zh_CN/LC_MESSAGES/page.po"
    po = polib.pofile(str(path))
    po.metadata = {}
    path.write_text("\n".join(str(e) for e in po) + "\n")
    assert run(translated, "update").exit_code == 0
    fixed = polib.pofile(str(path))
    assert fixed.metadata["Language"] == "zh_CN"
    assert fixed.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert fixed.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert fixed.find("First paragraph").msgstr  # translations kept


def test_gbk_msgstr_under_utf8_header_is_refused(translated, run):
    path = translated / "locales/zh_CN/LC_MESSAGES/page.po"
    data = path.read_bytes().replace("Ｆｉｒｓｔ".encode(), "第一段".encode("gbk"))
    path.write_bytes(data)
    fails_cleanly(run(translated, "build"), "locales/zh_CN/LC_MESSAGES/page.po:", "not UTF-8")


def test_crlf_catalog_is_read_and_not_churned(translated, run):
    path = translated / "locales/zh_CN/LC_MESSAGES/page.po"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    crlf = path.read_bytes()
    result = run(translated, "build")
    assert result.exit_code == 0
    assert path.read_bytes() == crlf  # nothing changed in it: not rewritten
    assert "Ｆｉｒｓｔ" in (translated / "output/zh-hans/page.html").read_text()


def test_catalog_edited_during_update_is_not_overwritten(translated, run, monkeypatch):
    path = translated / "locales/zh_CN/LC_MESSAGES/hello.po"
    source = translated / "source/hello.md"
    source.write_text(source.read_text().replace("One item", "One changed item"))
    import pipeline.fileio as fileio

    real_fsync = fileio.os.fsync

    def translator_saves_meanwhile(fd):
        real_fsync(fd)
        if path.read_text().find("EDITED BY HAND") < 0:
            path.write_text(path.read_text() + "\n# EDITED BY HAND\n")

    monkeypatch.setattr(fileio.os, "fsync", translator_saves_meanwhile)
    result = run(translated, "update")
    assert result.exit_code == 2
    assert "changed by someone else" in result.output and "hello.po" in result.output
    assert "EDITED BY HAND" in path.read_text()


def test_unwritable_catalog_is_refused_with_exit_2(translated, run, monkeypatch):
    source = translated / "source/hello.md"
    source.write_text(source.read_text().replace("One item", "One changed item"))
    real_replace = os.replace

    def denied(src, dst, *args, **kwargs):
        if str(dst).endswith(".po"):
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr("pipeline.fileio.os.replace", denied)
    before = (translated / "locales/zh_CN/LC_MESSAGES/hello.po").read_bytes()
    fails_cleanly(run(translated, "update"), "hello.po", "Permission denied")
    assert (translated / "locales/zh_CN/LC_MESSAGES/hello.po").read_bytes() == before
    assert not list((translated / "locales/zh_CN/LC_MESSAGES").glob(".*.tmp"))


def test_catalogs_of_an_unconfigured_locale_are_reported(translated, run):
    folder = translated / "locales/fr/LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "hello.po").write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n')
    result = run(translated, "build")
    assert result.exit_code == 0
    assert "locales/fr: catalogs of a locale that is not configured" in result.output


# --- build faults --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        PermissionError(errno.EACCES, "Permission denied"),
    ],
    ids=["disk-full", "permission"],
)
def test_output_write_failure_keeps_previous_bundle(translated, run, monkeypatch, error):
    before = snapshot(translated)
    source = translated / "source/hello.md"
    source.write_text(source.read_text().replace("Repeated line.", "New line."))

    def failing(self, data):
        raise error

    monkeypatch.setattr(Path, "write_bytes", failing)
    result = run(translated, "build", "--no-update")
    assert result.exit_code == 2
    assert "previous one is intact" in result.output and error.strerror in result.output
    after = snapshot(translated)
    assert {k: v for k, v in after.items() if "output" in k.parts} == {
        k: v for k, v in before.items() if "output" in k.parts
    }
    monkeypatch.undo()
    assert run(translated, "build").exit_code == 0  # lock released, staging cleaned


def test_interrupt_mid_build_exits_130_and_keeps_bundle(translated, run, monkeypatch):
    from pipeline.render import layouts as render

    before = snapshot(translated)
    source = translated / "source/hello.md"
    source.write_text(source.read_text().replace("Repeated line.", "New line."))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(render.Layouts, "render", interrupted)
    result = run(translated, "build")
    assert result.exit_code == 130
    after = snapshot(translated)
    assert {k: v for k, v in after.items() if "output" in k.parts} == {
        k: v for k, v in before.items() if "output" in k.parts
    }
    monkeypatch.undo()
    assert run(translated, "build").exit_code == 0


def test_layout_syntax_error_names_the_layout_and_line(translated, run):
    layouts = translated / "layouts"
    layouts.mkdir()
    (layouts / "article.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n'
    )
    fails_cleanly(run(translated, "build"), "article.html:3", "layout syntax error")


# --- security ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "msgstr",
    [
        '<img src=x onerror="alert(1)">',
        '<1>点击</1><a href="javascript:alert(1)">这里</a>',
        "{{ config }} {% include 'base.html' %}",
        "</div></article><script>alert(1)</script>",
    ],
)
def test_injection_through_translations_is_inert(translated, run, msgstr):
    path = translated / "locales/zh_CN/LC_MESSAGES/hello.po"
    po = polib.pofile(str(path))
    po.find("Visit <1>our <2>new</2> site</1>.").msgstr = msgstr
    po.find("Details").msgstr = msgstr.replace("<1>", "").replace("</1>", "")
    po.save(str(path))
    assert run(translated, "build").exit_code == 0
    page = (translated / "output/zh-hans/hello.html").read_text()
    doc = lxml.html.fromstring(page)
    assert not doc.findall(".//script") and "javascript:" not in page.split("article-body")[1]
    assert not [e for e in doc.iter() if any(a.startswith("on") for a in e.attrib)]
    if "{{" in msgstr:  # shown as the text it is, never evaluated by Jinja2
        assert "<h2>{{ config }} {% include 'base.html' %}</h2>" in page
    findings = run(translated, "check", "--only", "markup", "--only", "placeholder")
    assert findings.exit_code == 1 or "{{" in msgstr


def test_template_syntax_in_ui_translation_is_text(translated, run):
    path = translated / "locales/zh_CN/LC_MESSAGES/ui.po"
    po = polib.pofile(str(path))
    po.find("Home").msgstr = "{{ 7*7 }} 100%"
    po.save(str(path))
    assert run(translated, "build").exit_code == 0
    page = (translated / "output/zh-hans/hello.html").read_text()
    assert "49" not in page and "100%" not in page  # % would crash Jinja2: not used
    assert ">首页<" in page or ">Home<" in page


def test_source_listing_skips_hidden_files_and_links_to_folders(tmp_path):
    """What source/ holds: top-level articles, media anywhere, nothing hidden, and a link to
    a folder (inside or out) is not followed; a link to a file inside is an ordinary file."""
    from pipeline.sources import scan_sources

    source = tmp_path / "source"
    (source / "img" / "deep").mkdir(parents=True)
    (source / ".drafts").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.png").write_bytes(b"png")
    for name in ("b.md", "a.html", "img/p.png", "img/deep/q.jpg", "img/note.md", "notes.txt"):
        (source / name).write_text("x")
    (source / ".drafts" / "c.md").write_text("x")
    (source / ".hidden.md").write_text("x")
    (source / "linked").symlink_to(outside, target_is_directory=True)
    (source / "alias.md").symlink_to(source / "b.md")
    tree = scan_sources(source)
    names = lambda paths: [p.relative_to(source).as_posix() for p in paths]  # noqa: E731
    assert names(tree.articles) == ["a.html", "alias.md", "b.md"]
    assert names(tree.media) == ["img/deep/q.jpg", "img/p.png"]
    assert names(tree.ignored) == ["img/note.md", "notes.txt"]
