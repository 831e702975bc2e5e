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
    over = run(translated, "check", "--only", "untranslated", "--max-warnings", "0")
    assert over.exit_code == 1
    assert over.output.splitlines()[-1] == "error: 1 warnings, more than --max-warnings 0"
    assert run(translated, "check", "--only", "untranslated", "--max-warnings", "1").exit_code == 0
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


def test_check_reads_the_chinese_glossary_reversed_for_a_chinese_first_site(tmp_path, run):
    """source_language zh_CN, locales [en]: msgids are Chinese, the glossary is the team's one
    English -> Chinese list, read backwards; numbers and punctuation read each side's language."""
    (tmp_path / "source").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nsite_title = "站点"\nsource_language = "zh_CN"\nlocales = ["en"]\n'
    )
    article = "---\ntitle: 关于本站\n---\n\n重庆医科大学于2024年3月18日接待120万人次。\n"
    (tmp_path / "source/about.md").write_text(article, encoding="utf-8")
    (tmp_path / "locales/zh_CN").mkdir(parents=True)
    (tmp_path / "locales/zh_CN/glossary.csv").write_text("CQMU,重庆医科大学\n", encoding="utf-8")
    assert run(tmp_path, "update").exit_code == 0
    path = tmp_path / "locales/en/LC_MESSAGES/about.po"
    po = polib.pofile(str(path))
    po.find("关于本站").msgstr = "关于本站"
    po.find(
        "重庆医科大学于2024年3月18日接待120万人次。"
    ).msgstr = "On March 18, 2024, Chongqing Medical University received 1.2 million visits。"
    po.save(str(path))
    result = run(tmp_path, "check", "--format", "json")
    findings = [f for f in json.loads(result.stdout) if f["file"].endswith("about.po")]
    found = sorted((f["id"], f["msgid"][:4], f["message"]) for f in findings)
    assert found == [
        ("glossary", "重庆医科", "'重庆医科大学' should be translated as 'CQMU' (glossary)"),
        ("punctuation", "重庆医科", "full-width '。' in English text; use '.'"),
        ("same-as-source", "关于本站", "the translation is the same as the source"),
    ]


def test_each_catalog_of_the_source_language_folder_is_checked_from_its_own_language(tmp_path, run):
    """English-first, locales [ja, zh_CN]: the English catalogs of a Japanese-first and a
    Chinese-first article lie side by side in locales/en; each is read from its own article's
    language (the Chinese one with the Chinese glossary reversed), not from the first locale."""
    (tmp_path / "source").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nsite_title = "Site"\nlocales = ["ja", "zh_CN"]\n'
    )
    zh = "---\ntitle: 关于本站\nlang: zh-CN\n---\n\n重庆医科大学接待了来访者。\n"
    ja = "---\ntitle: お知らせ\nlang: ja\n---\n\n重庆医科大学の来訪者。\n"
    (tmp_path / "source/about.md").write_text(zh, encoding="utf-8")
    (tmp_path / "source/news.md").write_text(ja, encoding="utf-8")
    (tmp_path / "locales/zh_CN").mkdir(parents=True)
    (tmp_path / "locales/zh_CN/glossary.csv").write_text("CQMU,重庆医科大学\n", encoding="utf-8")
    assert run(tmp_path, "update").exit_code == 0
    for slug, english in (("about", "The university received visitors."), ("news", "Visitors.")):
        path = tmp_path / f"locales/en/LC_MESSAGES/{slug}.po"
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = english if entry.msgctxt is None else "Title"
        po.save(str(path))
    result = run(tmp_path, "check", "--only", "glossary", "--format", "json")
    found = [(f["file"], f["message"]) for f in json.loads(result.stdout)]
    assert found == [
        (
            "locales/en/LC_MESSAGES/about.po",
            "'重庆医科大学' should be translated as 'CQMU' (glossary)",
        )
    ]  # (news.po, from Japanese, has no glossary: the Chinese one is not read for it)


def test_a_configured_glossary_serves_the_reverse_direction_too(tmp_path, run):
    """`glossary = "terms/{locale}.csv"`: for Chinese -> English, terms/en.csv if it exists,
    else terms/zh_CN.csv reversed; neither is an error naming the target's file."""
    (tmp_path / "source").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nsite_title = "站点"\nsource_language = "zh_CN"\nlocales = ["en"]\n'
        'glossary = "terms/{locale}.csv"\n'
    )
    (tmp_path / "source/about.md").write_text(
        "---\ntitle: 关于本站\n---\n\n重庆医科大学位于重庆。\n", encoding="utf-8"
    )
    assert run(tmp_path, "update").exit_code == 0
    path = tmp_path / "locales/en/LC_MESSAGES/about.po"
    po = polib.pofile(str(path))
    po.find("重庆医科大学位于重庆。").msgstr = "Chongqing Medical University is in Chongqing."
    po.save(str(path))

    missing = run(tmp_path, "check")
    assert missing.exit_code == 2
    assert missing.stderr == "error: pyproject.toml: glossary terms/en.csv does not exist\n"

    (tmp_path / "terms").mkdir()
    (tmp_path / "terms/zh_CN.csv").write_text("CQMU,重庆医科大学\n", encoding="utf-8")
    findings = json.loads(run(tmp_path, "check", "--format", "json").stdout)
    assert [f["message"] for f in findings if f["id"] == "glossary"] == [
        "'重庆医科大学' should be translated as 'CQMU' (glossary)"
    ]


def test_help_lists_every_check_id(run, tmp_path):
    from pipeline.checks import CHECKS

    shown = run(tmp_path, "check", "--help").output
    listed = shown.split("Check ids (for --only and --ignore):")[1].split("Options:")[0]
    assert [word.strip(",") for word in listed.split()] == list(CHECKS)
