"""`pipeline align` end to end, on the fixture project `align`: three articles (two English
first, one Chinese first) and existing translations that differ from them in structure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import opencc
import polib
import pytest

from tests.conftest import REPO, pseudo, require_program

CATALOG = "locales/zh_CN/LC_MESSAGES/{}.po"


@pytest.fixture
def site(project, monkeypatch):
    """A copy of the fixture project, as the current folder (paths are given from there)."""

    def make():
        root = project("align")
        monkeypatch.chdir(root)
        return root

    return make


def catalog(root, slug, locale="zh_CN"):
    return polib.pofile(str(root / f"locales/{locale}/LC_MESSAGES/{slug}.po"))


def truth(root, slug, locale="zh_CN"):
    return json.loads((root / f"truth/{slug}.{locale}.json").read_text("utf-8"))


def bare(text):
    import re

    return re.sub(r"</?\d+/?>|\s", "", text)


def test_full_page_fills_every_body_segment_structurally(site, run):
    root = site()
    result = run(
        root, "align", "clinic-hours", "translations/clinic-hours-page.html", "--locale", "zh_CN"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "clinic-hours (zh_CN) from translations/clinic-hours-page.html (html):\n"
        "  aligned: 12 of 13 messages (structural 12)\n"
        "  fuzzy: 12, translated: 0\n"
        "  already translated, kept: 0\n"
        "  left empty: 1\n"
        "  blocks of the translation that matched nothing: 0\n"
        "wrote locales/zh_CN/LC_MESSAGES/clinic-hours.po\n"
    )
    po = catalog(root, "clinic-hours")
    right = truth(root, "clinic-hours")
    for entry in po:
        if entry.msgctxt == "summary":  # (the page has no description)
            assert entry.msgstr == ""
            continue
        assert bare(entry.msgstr) == bare(right[entry.msgid])
        assert entry.fuzzy
        assert entry.tcomment.startswith(
            "aligned from translations/clinic-hours-page.html (structural, confidence "
        )
    link = po.find(
        "Evening appointments can be booked through the hospital's <1>online booking "
        "service</1> or by calling the front desk."
    )
    assert link.msgstr == "夜间门诊可通过医院的<1>网上预约服务</1>或致电服务台预约。"
    text = (root / CATALOG.format("clinic-hours")).read_text("utf-8")
    for chrome in ("首页", "相关新闻", "版权所有", "dataLayer", "搜索"):
        assert chrome not in text


def test_alt_texts_captions_and_cells_match_structurally(site, run):
    root = site()
    args = ("outpatient-figures", "translations/outpatient-figures-page.html", "--locale", "zh_CN")
    result = run(root, "align", *args)
    assert "  aligned: 11 of 11 messages (structural 10, metadata 1)\n" in result.stdout
    po = catalog(root, "outpatient-figures")
    assert po.find("Bar chart of monthly outpatient visits in 2024").msgstr == (
        "2024年每月门诊人次柱状图"
    )
    assert po.find("Visits by department").msgstr == "各科室就诊人次"
    assert po.find("Visits").msgstr == "就诊人次"  # (the cells 31万, 24万 are no blocks)
    summary = po.find("The outpatient department recorded 1.2 million visits in 2024.")
    assert summary.msgstr == "2024年门诊部接诊120万人次。"  # from <meta name="description">
    assert "(metadata, confidence" in summary.tcomment
    paragraph = po.find(
        "The figures come from the hospital's <1>annual report</1>, published in <2>January</2>."
    )
    assert paragraph.msgstr == "以上数据来自医院一月份发布的<1>年度报告</1>。<2></2>"


def test_catalog_passes_msgfmt(site, run):
    msgfmt = require_program("msgfmt")
    root = site()
    run(root, "align", "results-app", "translations/results-app-added.html", "--locale", "zh_CN")
    path = root / CATALOG.format("results-app")
    checked = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert checked.returncode == 0, checked.stderr


def test_report_prints_unmatched_blocks_in_full(site, run):
    root = site()
    args = ("align", "results-app", "translations/results-app-added.html", "--locale", "zh_CN")
    result = run(root, *args, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "results-app (zh_CN) from translations/results-app-added.html (html):\n"
        "  aligned: 10 of 10 messages (1-1 10)\n"
        "  fuzzy: 10, translated: 0\n"
        "  already translated, kept: 0\n"
        "  left empty: 0\n"
        "  blocks of the translation that matched nothing: 2\n"
        "    [2] div: 发布时间：2025年5月20日\n"
        "    [5] p: 该应用目前提供中文和英文两种界面，今后还将增加无障碍阅读模式。\n"
        "dry run: locales/zh_CN/LC_MESSAGES/results-app.po not written\n"
    )
    assert not (root / "locales").exists()  # a dry run writes nothing at all
    assert not (root / ".pipeline" / "cache").exists()


def test_json_report(site, run):
    root = site()
    args = ("align", "results-app", "translations/results-app-added.html", "--locale", "zh_CN")
    result = run(root, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "article": "results-app",
        "locale": "zh_CN",
        "catalog": "locales/zh_CN/LC_MESSAGES/results-app.po",
        "translation": "translations/results-app-added.html",
        "form": "html",
        "messages": 10,
        "aligned": 10,
        "by_method": {"structural": 0, "1-1": 10, "2-1": 0, "1-2": 0, "metadata": 0},
        "fuzzy": 10,
        "translated": 0,
        "kept": 0,
        "empty": 0,
        "unmatched": [
            {"index": 2, "kind": "div", "text": "发布时间：2025年5月20日"},
            {
                "index": 5,
                "kind": "p",
                "text": "该应用目前提供中文和英文两种界面，今后还将增加无障碍阅读模式。",
            },
        ],
        "dry_run": False,
        "written": True,
    }
    assert list(json.loads(result.stdout)) == [  # stable key order
        "article", "locale", "catalog", "translation", "form", "messages", "aligned",
        "by_method", "fuzzy", "translated", "kept", "empty", "unmatched", "dry_run", "written",
    ]  # fmt: skip


def test_a_dropped_paragraph_shifts_nothing_else(site, run):
    root = site()
    result = run(
        root, "align", "results-app", "translations/results-app-dropped.md", "--locale", "zh_CN"
    )
    assert result.exit_code == 0, result.output
    dropped = "A paper copy of any result is still available on request, free of charge."
    po = catalog(root, "results-app")
    right = truth(root, "results-app")
    assert po.find(dropped).msgstr == ""
    for msgid, expected in right.items():
        if msgid != dropped:
            assert bare(po.find(msgid).msgstr) == bare(expected), msgid
    assert "left empty: 1\n" in result.stdout


def test_a_paragraph_split_in_two_is_joined_without_a_space_in_chinese(site, run):
    root = site()
    result = run(
        root, "align", "clinic-hours", "translations/clinic-hours-split.html", "--locale", "zh_CN"
    )
    assert "(1-1 11, 1-2 1)" in result.stdout
    entry = catalog(root, "clinic-hours").find(
        "The hospital has hired 35 nurses and 12 doctors to cover the new shifts. Each evening "
        "shift lasts four hours, and staff rotate every two weeks."
    )
    assert entry.msgstr == (
        "医院新招聘了35名护士和12名医生承担新增班次。"  # (no space where two blocks joined)
        "每个夜班持续四小时，医护人员每两周轮换一次。"
    )
    assert "(1-2, confidence" in entry.tcomment


def test_two_merged_paragraphs_are_cut_at_the_sentence_end(site, run):
    root = site()
    result = run(
        root, "align", "clinic-hours", "translations/clinic-hours-merged.md", "--locale", "zh_CN"
    )
    assert "(1-1 10, 2-1 2)" in result.stdout
    po = catalog(root, "clinic-hours")
    first = po.find(
        "Riverside Hospital will keep its outpatient clinics open until 9 pm on weekdays from "
        "April 1, the hospital announced on Monday."
    )
    second = po.find(
        "The change follows a survey of 2,400 patients, more than 60 percent of whom said they "
        "could not come during working hours."
    )
    assert first.msgstr == "江滨医院周一宣布，自4月1日起，工作日门诊将开放至晚上9点。"
    assert second.msgstr == (
        "此次调整源于一项针对2400名患者的调查，其中超过百分之六十的受访者表示无法在工作时间就诊。"
    )


def test_chinese_first_article_from_english_plain_text(site, run):
    root = site()
    result = run(
        root, "align", "source/volunteers.md", "translations/volunteers.txt", "--locale", "en"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("volunteers (en) from translations/volunteers.txt (text):\n")
    po = catalog(root, "volunteers", "en")
    assert po.metadata["Language"] == "en"
    right = truth(root, "volunteers", "en")
    for msgid, expected in right.items():
        assert bare(po.find(msgid).msgstr) == bare(expected), msgid
    # plain text has no link: the placeholder waits, empty, at the end, for the translator
    assert po.find("报名请访问<1>志愿者报名页面</1>，或致电医院社会工作部。").msgstr == (
        "To sign up, visit the volunteer sign-up page or call the hospital's Social Work "
        "Department.<1></1>"
    )


def test_chinese_first_article_from_english_page(site, run):
    root = site()
    result = run(root, "align", "volunteers", "translations/volunteers-page.html", "--locale", "en")
    assert result.exit_code == 0, result.output
    po = catalog(root, "volunteers", "en")
    assert po.find("报名请访问<1>志愿者报名页面</1>，或致电医院社会工作部。").msgstr == (
        "To sign up, visit the <1>volunteer sign-up page</1> or call the hospital's Social Work "
        "Department."
    )
    assert po.find("2019年起，服务队在周末走进社区，为居民测量血压，讲解安全用药知识。").msgstr == (
        "Since 2019, the team has spent weekends in local neighbourhoods, measuring residents' "
        "blood pressure and explaining how to take medicines safely."
    )
    assert po.find("江滨医院志愿者服务队成立十周年", msgctxt="title").msgstr == (
        "Riverside Hospital's volunteer team turns ten"
    )


def test_nothing_a_person_made_is_overwritten(site, run):
    root = site()
    assert run(root, "init", "zh_CN").exit_code == 0
    path = root / CATALOG.format("clinic-hours")
    po = polib.pofile(str(path))
    done = po.find("Staffing")
    done.msgstr = pseudo("Staffing")
    old = po.find("Pediatrics")
    old.msgstr, old.flags = "小儿科旧译", ["fuzzy"]
    old.tcomment = "ask the editor"
    po.save(str(path))
    result = run(
        root, "align", "clinic-hours", "translations/clinic-hours-page.html", "--locale", "zh_CN"
    )
    assert result.exit_code == 0, result.output
    assert "  aligned: 11 of 13 messages (structural 11)\n" in result.stdout
    assert "  already translated, kept: 1\n" in result.stdout
    po = polib.pofile(str(path))
    assert po.find("Staffing").msgstr == pseudo("Staffing")
    assert not po.find("Staffing").fuzzy
    refilled = po.find("Pediatrics")
    assert refilled.msgstr == "儿科" and refilled.fuzzy
    lines = refilled.tcomment.split("\n")
    assert lines[:2] == ["ask the editor", "before alignment: 小儿科旧译"]
    assert lines[2].startswith("aligned from translations/clinic-hours-page.html (structural")


def test_a_second_run_changes_nothing(site, run):
    root = site()
    translation = "translations/clinic-hours-split.html"
    run(root, "align", "clinic-hours", translation, "--locale", "zh_CN")
    first = (root / CATALOG.format("clinic-hours")).read_bytes()
    result = run(root, "align", "clinic-hours.md", translation, "--locale", "zh_CN")  # (by name)
    assert result.stdout.endswith("locales/zh_CN/LC_MESSAGES/clinic-hours.po unchanged\n")
    assert (root / CATALOG.format("clinic-hours")).read_bytes() == first


def test_confident_writes_sure_structural_matches_as_translated(site, run):
    root = site()
    args = ("align", "volunteers", "translations/volunteers-page.html", "--locale", "en")
    result = run(root, *args, "--confident")
    assert result.exit_code == 0, result.output
    po = catalog(root, "volunteers", "en")
    assert all(e.fuzzy for e in po if e.msgstr)  # no structural match here: all stay fuzzy

    result = run(
        root, "align", "clinic-hours", "translations/clinic-hours-page.html", "--locale", "zh_CN",
        "--confident",
    )  # fmt: skip
    po = catalog(root, "clinic-hours")
    translated = [e for e in po if e.msgstr and not e.fuzzy]
    assert f"translated: {len(translated)}\n" in result.stdout
    assert translated
    for entry in translated:
        confidence = float(entry.tcomment.rsplit("confidence ", 1)[1].rstrip(")"))
        assert confidence >= 0.75 and "(structural" in entry.tcomment
    assert [e for e in po if e.fuzzy]  # the less sure ones are left for review


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ("no-such-article", "translations/clinic-hours-page.html", "--locale", "zh_CN"),
            "error: no-such-article: no such article in source/ (articles: clinic-hours, "
            "outpatient-figures, results-app, volunteers)",
        ),
        (
            ("clinic-hours", "translations/missing.html", "--locale", "zh_CN"),
            "error: translations/missing.html: cannot read the translation: No such file or "
            "directory",
        ),
        (
            ("volunteers", "translations/volunteers.txt", "--locale", "zh_CN"),
            "error: source/volunteers.md: is written in zh_CN: locale zh_CN is not a target of "
            "this article",
        ),
        (
            ("clinic-hours", "translations/latin1.html", "--locale", "zh_CN"),
            "error: translations/latin1.html:2: not UTF-8 (byte 16: b'\\xe9'); re-save the file "
            "as UTF-8",
        ),
        (
            ("clinic-hours", "translations/clinic-hours-hant.html", "--locale", "zh_CN"),
            "error: translations/clinic-hours-hant.html: written in Traditional Chinese: not a "
            "translation into zh_CN (zh-Hans)",
        ),
        (
            ("clinic-hours", "translations/empty.html", "--locale", "zh_CN"),
            "error: translations/empty.html: the translation has no text to align",
        ),
        (
            ("clinic-hours", "translations/clinic-hours-page.html", "--locale", "fr"),
            "error: pyproject.toml: locale 'fr' is not configured (configured: en, zh_CN); add "
            'it to tool.pipeline.locales, e.g. locales = ["zh_CN", "fr"]',
        ),
        (
            ("clinic-hours", "translations/volunteers.txt", "--locale", "zh_CN"),
            "error: translations/volunteers.txt: hardly any Chinese: not a translation into zh_CN",
        ),
        (
            ("volunteers", "source/volunteers.md", "--locale", "en"),
            "error: source/volunteers.md: mostly Chinese: not a translation into en",
        ),
    ],
    ids=[
        "unknown-article",
        "unreadable",
        "not-a-target",
        "bad-encoding",
        "traditional",
        "no-text",
        "locale",
        "not-chinese",
        "not-english",
    ],
)
def test_input_errors_exit_2_and_write_nothing(site, run, args, error):
    root = site()
    simplified = (root / "translations/clinic-hours-page.html").read_text("utf-8")
    traditional = opencc.OpenCC("s2t").convert(simplified)
    (root / "translations/clinic-hours-hant.html").write_text(traditional, "utf-8")
    (root / "translations/latin1.html").write_bytes(b"<p>ok</p>\n<p>caf\xe9</p>\n")
    (root / "translations/empty.html").write_text("<nav><a href='/'>首页</a></nav>", "utf-8")
    result = run(root, "align", *args)
    assert result.exit_code == 2
    assert result.stderr == error + "\n"
    assert result.stdout == ""
    assert not (root / "locales").exists()


DERIVED = """
locales = ["zh_CN", "zh_TW"]

[tool.pipeline.locale.zh_TW]
derive_from = "zh_CN"
convert = "s2twp"
"""


def files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)], ids=["write", "dry-run"])
def test_a_derived_locale_is_refused(site, run, dry_run):
    """A derived catalog is remade from its base's by every update: aligned text there,
    fuzzy and not `converted`, would pass for a translator's edit forever."""
    root = site()
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text("utf-8")
    pyproject.write_text(text.replace('locales = ["zh_CN"]\n', DERIVED), "utf-8")
    assert run(root, "update").exit_code == 0
    before = files(root / "locales")
    assert Path("zh_TW/LC_MESSAGES/clinic-hours.po") in before
    page = "translations/clinic-hours-page.html"
    for code in ("zh_TW", "zh-TW"):
        result = run(root, "align", "clinic-hours", page, "--locale", code, *dry_run)
        assert result.exit_code == 2
        assert result.stderr == (
            "error: pyproject.toml: zh_TW is derived from zh_CN (converted by OpenCC); align "
            "into zh_CN instead\n"
        )
        assert result.stdout == ""
        assert files(root / "locales") == before


EMPHASIS_ARTICLE = """---
title: Training for visiting doctors
date: 2025-06-02
---

Doctors from **more than 20 countries and regions** have trained at the hospital since 2010.

Training is *free of charge*, and the hospital pays for **housing** as well.

Applications close on *June 30* each year.
"""

EMPHASIS_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>进修医生培训</title></head>
<body><main>
<h1>进修医生培训</h1>
<p>自2010年以来，来自<b>20多个国家和地区</b>的医生在本院接受过培训。</p>
<p>培训<i>完全免费</i>，医院还承担<b>住宿</b>费用。</p>
<p>每年报名截止日期为<i>6月30日</i>。</p>
</main></body></html>
"""


def test_bold_and_italic_fill_the_sources_strong_and_em(site, run):
    """An old page's <b> and <i> become the placeholders of Markdown's ** and *: the msgstr
    keeps the segment's numbers, so the built page has <strong> and <em>."""
    root = site()
    (root / "source/training.md").write_text(EMPHASIS_ARTICLE, "utf-8")
    (root / "translations/training.html").write_text(EMPHASIS_PAGE, "utf-8")
    args = ("align", "training", "translations/training.html", "--locale", "zh_CN")
    result = run(root, *args, "--confident")
    assert result.exit_code == 0, result.output
    assert "  aligned: 4 of 4 messages (structural 4)\n" in result.stdout
    assert "  fuzzy: 0, translated: 4\n" in result.stdout  # (all markup placed)
    po = catalog(root, "training")
    assert {e.msgid: e.msgstr for e in po} == {
        "Training for visiting doctors": "进修医生培训",
        "Doctors from <1>more than 20 countries and regions</1> have trained at the hospital "
        "since 2010.": "自2010年以来，来自<1>20多个国家和地区</1>的医生在本院接受过培训。",
        "Training is <1>free of charge</1>, and the hospital pays for <2>housing</2> as well.": (
            "培训<1>完全免费</1>，医院还承担<2>住宿</2>费用。"
        ),
        "Applications close on <1>June 30</1> each year.": "每年报名截止日期为<1>6月30日</1>。",
    }
    assert run(root, "build", "-q").exit_code == 0
    page = next(root.glob("output/zh*/training.html")).read_text("utf-8")
    assert "来自<strong>20多个国家和地区</strong>的医生" in page
    assert "培训<em>完全免费</em>，医院还承担<strong>住宿</strong>费用。" in page
    assert "截止日期为<em>6月30日</em>。" in page
    assert "<b>" not in page and "<i>" not in page


def test_the_lock_is_taken(site, run):
    from pipeline.lock import project_lock

    root = site()
    with project_lock(root / ".pipeline"):
        result = run(
            root,
            "align",
            "clinic-hours",
            "translations/clinic-hours-page.html",
            "--locale",
            "zh_CN",
        )
    assert result.exit_code == 2
    assert not (root / "locales").exists()


def test_accuracy_on_the_fixture_pairs():
    """The measure bench/align_eval.py reports, on the hand-written pairs: at least 95 %
    of what is filled is right, and most of what the translations have is filled."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import align_eval
    finally:
        sys.path.remove(str(REPO / "bench"))
    total = align_eval.Score()
    for pair in align_eval.fixture_pairs():
        total.add(align_eval.evaluate(pair, show_wrong=False))
    assert total.right / total.filled >= 0.95
    assert total.covered / total.expected >= 0.9


def test_bundled_chinese_first_article_from_its_built_english_page(tmp_path, run):
    """The bundled about page (written in Chinese) built in English, then aligned back into
    an emptied catalog: every message gets the translation it was built from."""
    import shutil

    root = tmp_path / "bundled"
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "pyproject.toml", root)
    assert run(root, "build", "-q").exit_code == 0
    page = tmp_path / "about-en.html"
    shutil.copy(root / "output/en/about.html", page)
    catalog_path = root / "locales/en/LC_MESSAGES/about.po"
    live = [e for e in polib.pofile(str(catalog_path)) if not e.obsolete]
    built = {(e.msgctxt, e.msgid): e.msgstr for e in live}
    catalog_path.unlink()

    result = run(root, "align", "about", str(page), "--locale", "en")
    assert result.exit_code == 0, result.output
    body = len(built) - 1  # (the summary, from the page's description)
    assert f"  aligned: {body + 1} of {body + 1} messages (structural {body}, metadata 1)\n" in (
        result.stdout
    )
    aligned = polib.pofile(str(catalog_path))
    assert {(e.msgctxt, e.msgid): e.msgstr for e in aligned} == built
    assert all(e.fuzzy for e in aligned)


def test_confident_leaves_a_match_fuzzy_whose_markup_could_not_be_placed(site, run):
    root = site()
    args = ("volunteers", "translations/volunteers.txt", "--locale", "en", "--confident")
    result = run(root, "align", *args)
    assert "  aligned: 9 of 9 messages (structural 9)\n" in result.stdout
    po = catalog(root, "volunteers", "en")
    link = po.find("报名请访问<1>志愿者报名页面</1>，或致电医院社会工作部。")
    assert link.msgstr.endswith("<1></1>") and link.fuzzy  # plain text has no link to place
    assert [e for e in po if e.msgstr and not e.fuzzy]  # (the sure ones are translated)


def test_the_report_accounts_for_every_message(tmp_path, run):
    """On a complete catalog nothing is aligned and every message is counted as kept, even
    one no block of the page matched (the caption from front matter)."""
    import shutil

    root = tmp_path / "bundled"
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "pyproject.toml", root)
    assert run(root, "build", "-q").exit_code == 0
    slug = "cqhcwc-reproductive-medicine-center"
    args = (slug, f"output/zh-hans/{slug}.html", "--locale", "zh_CN", "--dry-run")
    report = json.loads(run(root, "align", *args, "--format", "json").stdout)
    po = polib.pofile(str(root / f"locales/zh_CN/LC_MESSAGES/{slug}.po"))
    assert report["messages"] == len([e for e in po if not e.obsolete])
    assert (report["aligned"], report["kept"], report["empty"]) == (0, report["messages"], 0)
