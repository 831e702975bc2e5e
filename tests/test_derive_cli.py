"""A derived locale end to end, through the CLI: `update`, `init` and `build` keep zh_TW's
catalogs the conversion of zh_CN's, hand edits survive a change of the base, conversion.csv
re-derives through the build cache, and the zh-Hant pages are the converted text."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import require_program

PYPROJECT = """[tool.pipeline]
site_title = "Clinic"
locales = ["zh_CN", "zh_TW"]
min_completeness = 50

[tool.pipeline.locale.zh_TW]
derive_from = "zh_CN"
convert = "s2twp"
quotes = "corner"
"""
NEWS = """---
title: Yu Hua's hair clinic
---

The clinic checks hair growth.

Dr Yu Hua leads the *team*.
"""
ABOUT = """---
title: 关于头发
lang: zh-CN
---

我们复查头发。
"""
TRANSLATIONS = {
    "Yu Hua's hair clinic": "余华头发门诊",
    "The clinic checks hair growth.": "门诊复查头发生长。",
    "Dr Yu Hua leads the <1>team</1>.": "余华医生带领“<1>团队</1>”。",
}
LEADS = "Dr Yu Hua leads the <1>team</1>."


@pytest.fixture
def site(tmp_path: Path, run) -> Path:
    """A site with an English and a Chinese-first article, zh_CN translated, zh_TW derived."""
    root = tmp_path / "site"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "source/news.md").write_text(NEWS, encoding="utf-8")
    (root / "source/about.md").write_text(ABOUT, encoding="utf-8")
    assert run(root, "init", "zh_CN").exit_code == 0
    edit(root / "locales/zh_CN/LC_MESSAGES/news.po", TRANSLATIONS)
    return root


def edit(path: Path, msgstrs: dict[str, str], drop_flag: str = "") -> None:
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in msgstrs:
            entry.msgstr = msgstrs[entry.msgid]
            entry.flags = [flag for flag in entry.flags if flag not in ("fuzzy", drop_flag)]
    po.save(str(path))


def message(root: Path, msgid: str, slug: str = "news") -> polib.POEntry:
    po = polib.pofile(str(root / f"locales/zh_TW/LC_MESSAGES/{slug}.po"))
    return next(e for e in po if e.msgid == msgid and not e.obsolete)


def zh_tw(root: Path) -> dict[str, str]:
    po = polib.pofile(str(root / "locales/zh_TW/LC_MESSAGES/news.po"))
    return {e.msgid: e.msgstr for e in po if not e.obsolete}


def test_update_derives_every_catalog_of_the_locale(site, run):
    result = run(site, "update")
    assert result.exit_code == 0
    assert result.stdout == (
        "wrote locales/en/LC_MESSAGES/about.po\n"
        "wrote locales/en/LC_MESSAGES/ui.po\n"
        "wrote locales/zh_TW/LC_MESSAGES/about.po\n"
        "wrote locales/zh_TW/LC_MESSAGES/news.po\n"
        "wrote locales/zh_TW/LC_MESSAGES/ui.po\n"
    )
    assert zh_tw(site) == {
        "Yu Hua's hair clinic": "餘華頭髮門診",
        "The clinic checks hair growth.": "門診複查頭髮生長。",
        LEADS: "餘華醫生帶領「<1>團隊</1>」。",
    }
    leads = message(site, LEADS)
    assert leads.flags == ["converted"]
    assert leads.tcomment.split("\n")[0] == "converted from: 余华医生带领“<1>团队</1>”。"
    about = message(site, "我们复查头发。", "about")  # Chinese-first: its msgids converted
    assert (about.msgstr, about.flags) == ("我們複查頭髮。", ["converted"])
    ui = polib.pofile(str(site / "locales/zh_TW/LC_MESSAGES/ui.po"))
    assert ui.find("Home").msgstr == "首頁"  # from the package's zh_CN ui.po
    assert run(site, "update").stdout == "catalogs are up to date\n"
    assert run(site, "update", "--check").exit_code == 0


def test_init_derives_a_new_locale_from_its_base(site, run):
    result = run(site, "init", "zh_TW")
    assert result.exit_code == 0
    assert message(site, "The clinic checks hair growth.").msgstr == "門診複查頭髮生長。"


def test_derived_catalogs_pass_msgfmt_c(site, run):
    msgfmt = require_program("msgfmt")
    assert run(site, "update").exit_code == 0
    for path in sorted((site / "locales/zh_TW/LC_MESSAGES").glob("*.po")):
        check = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True)
        assert check.returncode == 0, check.stderr.decode()


def test_a_hand_edit_survives_a_change_of_its_base(site, run):
    assert run(site, "update").exit_code == 0
    derived = site / "locales/zh_TW/LC_MESSAGES/news.po"
    edit(derived, {LEADS: "余華醫生帶領「<1>團隊</1>」。"})  # the surname fixed by hand
    assert run(site, "update").stdout == "catalogs are up to date\n"
    assert message(site, LEADS).msgstr == "余華醫生帶領「<1>團隊</1>」。"

    base = site / "locales/zh_CN/LC_MESSAGES/news.po"
    edit(
        base,
        {LEADS: "余华主任带领“<1>团队</1>”。", "The clinic checks hair growth.": "门诊复查发育。"},
    )
    result = run(site, "build")
    assert result.exit_code == 0, result.output
    leads = message(site, LEADS)
    assert leads.msgstr == "余華醫生帶領「<1>團隊</1>」。"  # kept, for the translator to review
    assert leads.flags == ["fuzzy", "converted"]
    assert leads.tcomment.split("\n")[:2] == [
        "converted from: 余华主任带领“<1>团队</1>”。",
        "previously converted from: 余华医生带领“<1>团队</1>”。",
    ]
    assert message(site, "The clinic checks hair growth.").msgstr == "門診複查發育。"  # followed
    page = (site / "output/zh-hant/news.html").read_text(encoding="utf-8")
    assert "門診複查發育。" in page
    assert '<p lang="en">Dr Yu Hua leads the <em>team</em>.</p>' in page  # fuzzy: not shown


def test_a_removed_flag_marks_a_hand_edit(site, run):
    assert run(site, "update").exit_code == 0
    derived = site / "locales/zh_TW/LC_MESSAGES/news.po"
    edit(derived, {"The clinic checks hair growth.": "門診複查頭髮生長。"}, drop_flag="converted")
    edit(site / "locales/zh_CN/LC_MESSAGES/news.po", {"The clinic checks hair growth.": "门诊"})
    assert run(site, "update").exit_code == 0
    kept = message(site, "The clinic checks hair growth.")
    assert (kept.msgstr, kept.flags) == ("門診複查頭髮生長。", ["fuzzy"])


def test_conversion_rules_rederive_through_the_build_cache(site, run):
    assert run(site, "build").exit_code == 0
    page = site / "output/zh-hant/news.html"
    assert "<h1>餘華頭髮門診</h1>" in page.read_text(encoding="utf-8")
    rules = site / "locales/zh_TW/conversion.csv"
    rules.write_text("phrase,written\n余华,余華\n", encoding="utf-8")
    result = run(site, "build")
    assert result.exit_code == 0
    assert "<h1>余華頭髮門診</h1>" in page.read_text(encoding="utf-8")
    assert zh_tw(site)[LEADS] == "余華醫生帶領「<1>團隊</1>」。"
    assert run(site, "build").stdout.count("(0 rebuilt)") == 1  # and then nothing to do


def test_a_bad_rule_is_an_input_error(site, run):
    rules = site / "locales/zh_TW/conversion.csv"
    rules.parent.mkdir(parents=True)
    rules.write_text("phrase,written\n余华,余華\n余华\n", encoding="utf-8")
    for command in ("update", "build"):
        result = run(site, command)
        assert result.exit_code == 2
        assert result.stderr == (
            "error: locales/zh_TW/conversion.csv:3: "
            "expected 2 non-empty cells (phrase,written), found ['余华']\n"
        )
    assert not (site / "locales/zh_TW/LC_MESSAGES").exists()  # nothing written


@pytest.mark.parametrize(
    "data, error",
    [
        (
            "发布,發布\n".encode(),
            "1: expected the header line phrase,written first, found ['发布', '發布']; "
            "add it as the first line",
        ),
        (
            b"phrase,written\n\xff,x\n",
            "2: not UTF-8 (byte 15: b'\\xff'); re-save the file as UTF-8",
        ),
    ],
    ids=["no-header", "not-utf8"],
)
def test_a_bad_rules_file_names_its_line(site, run, data, error):
    rules = site / "locales/zh_TW/conversion.csv"
    rules.parent.mkdir(parents=True)
    rules.write_bytes(data)
    result = run(site, "update")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: locales/zh_TW/conversion.csv:{error}\n"
    assert not (site / "locales/zh_TW/LC_MESSAGES").exists()  # nothing written


def test_status_counts_the_derived_locale_as_translated_as_its_base(site, run):
    assert run(site, "update").exit_code == 0
    edit(site / "locales/zh_CN/LC_MESSAGES/news.po", {LEADS: ""})
    assert run(site, "update").exit_code == 0
    rows = json.loads(run(site, "status", "--format", "json").stdout)
    done = {(r["article"], r["locale"]): r["translated"] for r in rows["articles"]}
    assert done[("news", "zh_TW")] == done[("news", "zh_CN")] == 2
    assert done[("about", "zh_TW")] == 2


def test_check_uses_the_glossary_converted(site, run):
    (site / "locales/zh_CN").mkdir(exist_ok=True)
    (site / "locales/zh_CN/glossary.csv").write_text("hair,头发\n", encoding="utf-8")
    assert run(site, "update").exit_code == 0
    edit(site / "locales/zh_TW/LC_MESSAGES/news.po", {"The clinic checks hair growth.": "門診"})
    result = run(site, "check", "--format", "json")
    glossary = [f for f in json.loads(result.stdout) if f["id"] == "glossary"]
    assert [(f["file"], f["message"]) for f in glossary] == [
        ("locales/zh_TW/LC_MESSAGES/news.po", "'hair' should be translated as '頭髮' (glossary)")
    ]


def test_building_the_derived_locale_alone_reads_its_base(site, run):
    assert run(site, "build").exit_code == 0
    edit(site / "locales/zh_CN/LC_MESSAGES/news.po", {"The clinic checks hair growth.": "复诊"})
    result = run(site, "build", "--locale", "zh_TW")
    assert result.exit_code == 0
    assert result.stdout.startswith("wrote locales/zh_TW/LC_MESSAGES/news.po\n")
    assert message(site, "The clinic checks hair growth.").msgstr == "複診"
    assert "<p>複診</p>" in (site / "output/zh-hant/news.html").read_text(encoding="utf-8")


def test_a_chinese_first_article_is_checked_as_chinese_in_the_derived_locale(site, run):
    """Its zh_TW msgids are Chinese: 11万 = 11萬, and a text that converts to itself is no
    forgotten translation."""
    about = ABOUT + "\n目的\n\n我们有11万名病人。\n"
    (site / "source/about.md").write_text(about, encoding="utf-8")
    assert run(site, "update").exit_code == 0
    assert message(site, "目的", "about").msgstr == "目的"
    result = run(site, "check", "--locale", "zh_TW", "--format", "json")
    assert [f for f in json.loads(result.stdout) if f["file"].endswith("about.po")] == []


def test_a_hand_edit_follows_its_message_when_the_source_text_changes(site, run):
    """The English sentence is reworded: zh_CN's merge pairs the new msgid with the old one
    (fuzzy), and zh_TW's hand edit is carried to the new message, fuzzy, never replaced by a
    conversion that would be published once zh_CN is reviewed."""
    assert run(site, "update").exit_code == 0
    edit(site / "locales/zh_TW/LC_MESSAGES/news.po", {LEADS: "余華醫生帶領「<1>團隊</1>」。"})
    reworded = "Dr Yu Hua leads the *whole team*."
    news = site / "source/news.md"
    news.write_text(NEWS.replace("Dr Yu Hua leads the *team*.", reworded), encoding="utf-8")
    assert run(site, "update").exit_code == 0
    new = "Dr Yu Hua leads the <1>whole team</1>."
    carried = message(site, new)
    assert carried.msgstr == "余華醫生帶領「<1>團隊</1>」。"
    assert carried.flags == ["fuzzy", "converted"]
    assert carried.previous_msgid == LEADS
    assert carried.tcomment.split("\n")[0] == "converted from: 余华医生带领“<1>团队</1>”。"
    assert run(site, "update").stdout == "catalogs are up to date\n"

    # zh_CN's translator reviews the new sentence: the hand edit waits for zh_TW's review
    edit(site / "locales/zh_CN/LC_MESSAGES/news.po", {new: "余华医生带领“<1>整个团队</1>”。"})
    assert run(site, "build").exit_code == 0
    waiting = message(site, new)
    assert waiting.msgstr == "余華醫生帶領「<1>團隊</1>」。"
    assert waiting.flags == ["fuzzy", "converted"]
    assert waiting.tcomment.split("\n")[:2] == [
        "converted from: 余华医生带领“<1>整个团队</1>”。",
        "previously converted from: 余华医生带领“<1>团队</1>”。",
    ]
    page = (site / "output/zh-hant/news.html").read_text(encoding="utf-8")
    assert "餘華醫生" not in page  # the machine conversion is never published
    assert '<p lang="en">Dr Yu Hua leads the <em>whole team</em>.</p>' in page


def test_a_hand_edit_of_a_chinese_first_article_follows_its_reworded_sentence(site, run):
    assert run(site, "update").exit_code == 0
    edit(site / "locales/zh_TW/LC_MESSAGES/about.po", {"我们复查头发。": "我們覆查頭髮。"})
    about = site / "source/about.md"
    about.write_text(ABOUT.replace("我们复查头发。", "我们每年复查头发。"), encoding="utf-8")
    assert run(site, "update").exit_code == 0
    carried = message(site, "我们每年复查头发。", "about")
    assert (carried.msgstr, carried.flags) == ("我們覆查頭髮。", ["fuzzy", "converted"])
    assert carried.previous_msgid == "我们复查头发。"
    assert carried.tcomment.split("\n")[:2] == [
        "converted from: 我们每年复查头发。",
        "previously converted from: 我们复查头发。",
    ]
    assert run(site, "update").stdout == "catalogs are up to date\n"


def test_a_hand_edit_is_published_again_once_its_base_is_reviewed(site, run):
    assert run(site, "update").exit_code == 0
    fixed = "余華醫生帶領「<1>團隊</1>」。"
    edit(site / "locales/zh_TW/LC_MESSAGES/news.po", {LEADS: fixed})
    base = site / "locales/zh_CN/LC_MESSAGES/news.po"
    po = polib.pofile(str(base))
    po.find(LEADS).flags.append("fuzzy")  # zh_CN's translator doubts the sentence
    po.save(str(base))
    assert run(site, "build").exit_code == 0
    assert message(site, LEADS).flags == ["fuzzy", "converted"]
    page = site / "output/zh-hant/news.html"
    assert fixed.replace("<1>", "<em>").replace("</1>", "</em>") not in page.read_text("utf-8")

    edit(base, {LEADS: TRANSLATIONS[LEADS]})  # reviewed, the text kept
    assert run(site, "build").exit_code == 0
    assert message(site, LEADS).flags == ["converted"]
    assert "<p>余華醫生帶領「<em>團隊</em>」。</p>" in page.read_text("utf-8")


def test_a_chinese_first_site_converts_its_title(tmp_path, run):
    """The site title is written in the source language, as a Chinese-first article is: the
    derived ui.po converts it (the layouts' English strings still come from zh_CN's ui.po)."""
    root = tmp_path / "site"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.pipeline]\nsite_title = "关于"\nsource_language = "zh_CN"\nlocales = ["zh_TW"]\n'
        '[tool.pipeline.locale.zh_TW]\nderive_from = "zh_CN"\nconvert = "s2twp"\n',
        encoding="utf-8",
    )
    (root / "source/about.md").write_text(ABOUT, encoding="utf-8")
    assert run(root, "build").exit_code == 0
    page = (root / "output/zh-hant/about.html").read_text(encoding="utf-8")
    assert '<a class="site-title" href="index.html">關於</a>' in page
    title = message(root, "关于", "ui")
    assert (title.msgstr, title.flags) == ("關於", ["converted"])
    assert message(root, "Home", "ui").msgstr == "首頁"
    assert run(root, "update").stdout == "catalogs are up to date\n"
