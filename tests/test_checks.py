"""Checks: each check's good and bad cases, opt-outs, glossaries, lines, the bundled catalogs."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline.checks import CHECKS, check_catalog, opt_outs, read_glossary
from pipeline.checks.rules import RULES
from pipeline.errors import CatalogError
from pipeline.model import Finding
from pipeline.placeholders import TOKEN

REPO = Path(__file__).parent.parent
BUNDLED = REPO / "locales" / "zh_CN" / "LC_MESSAGES"
HEADER = {
    "Language": "zh_CN",
    "Content-Type": "text/plain; charset=UTF-8",
    "Plural-Forms": "nplurals=1; plural=0;",
    "X-Generator": "pipeline 0.1.0",
}


def message(
    msgid: str,
    msgstr: str,
    *,
    msgctxt: str | None = None,
    tcomment: str = "",
    flags: tuple[str, ...] = (),
    declare: bool = True,
    numbers: tuple[int, ...] | None = None,
) -> polib.POEntry:
    """A message as the pipeline writes it: kind and placeholders (default: every `<N>` of the
    msgid) as extracted comments."""
    if numbers is None:
        numbers = tuple(dict.fromkeys(int(match[2]) for match in TOKEN.finditer(msgid)))
    comment = ["p"] + [f"<{n}> = <b>" for n in numbers] if declare else []
    return polib.POEntry(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=msgctxt,
        comment="\n".join(comment),
        tcomment=tcomment,
        flags=list(flags),
        occurrences=[("source/a.md", "3")],
    )


def catalog(*entries: polib.POEntry, header: dict[str, str] | None = None) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = dict(HEADER if header is None else header)
    for entry in entries:
        po.append(entry)
    return po


def check(msgid: str, msgstr: str, locale: str = "zh_CN", glossary=None, **kw) -> list[Finding]:
    return check_catalog(catalog(message(msgid, msgstr, **kw)), "a.po", locale, glossary)


def ids(findings: list[Finding]) -> list[str]:
    return [finding.id for finding in findings]


def only(findings: list[Finding], check_id: str) -> list[Finding]:
    return [finding for finding in findings if finding.id == check_id]


# --- registry -------------------------------------------------------------------------------


def test_every_check_has_a_severity_and_description():
    assert set(RULES) <= set(CHECKS)
    assert {"plural-forms", "untranslated", "fuzzy", "opt-out"} <= set(CHECKS)
    for severity, description in CHECKS.values():
        assert severity in ("error", "warning")
        assert description and "\n" not in description


# --- placeholder ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("Posted by <1>Li Ming</1> on <2>Monday</2>.", "<2>周一</2>由<1>李明</1>发布。"),
        ("Our <1>site</1> is <2>new</2>.", "<1>网站</1>是<2>新</2>的。"),
        ("Line<1/>break", "换行<1/>示例"),
        ("See <1>the <2>full</2> list</1>.", "参见<1><2>完整</2>列表</1>。"),
        ("No placeholders here.", "这里没有占位符。"),
    ],
    ids=["reordered", "same-order", "void", "nested", "none"],
)
def test_placeholder_fine(msgid, msgstr):
    assert check(msgid, msgstr) == []


@pytest.mark.parametrize(
    "msgid, msgstr, says",
    [
        ("Our <1>site</1> is <2>new</2>.", "<1>网站</1>是新的。", "missing <2>"),
        ("Our <1>site</1>.", "<1>网站</1><3>新</3>。", "extra <3>"),
        ("Our <1>site</1>.", "<1>网站</1><1>网站</1>。", "used twice"),
        ("<1>a <2>b</2></1>", "<1>甲<2>乙</1></2>", "closes nothing"),
        ("<1>a</1> <2>b</2>", "<1>甲<2>乙</2></1>", "outside other placeholders"),
        ("Line<1/>break", "换行<1>示例</1>", "is written as"),
        ("Our <1>site</1>.", "<1>网站。", "never closed"),
    ],
    ids=["missing", "extra", "duplicated", "crossed", "mis-nested", "void-as-paired", "unclosed"],
)
def test_placeholder_error(msgid, msgstr, says):
    findings = only(check(msgid, msgstr), "placeholder")
    assert [f.severity for f in findings] == ["error"]
    assert says in findings[0].message


def test_placeholders_without_declaring_comments_are_every_numbered_tag():
    po = catalog(message("Our <1>site</1>.", "网站。", declare=False), header={"Language": "zh_CN"})
    assert ids(check_catalog(po, "a.po", "zh_CN")) == ["placeholder"]


def test_undeclared_number_is_literal_text():
    assert check("Press <5> to go on.", "按<5>继续。", numbers=()) == []


# --- markup ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "msgstr",
    [
        "<script>alert(1)</script>新网站。",
        "这是<b>新</b>网站。",
        "新网站。</p>",
        '访问<a href="https://x.org">网站</a>。',
        "新<br/>网站。",
        "新网站<!-- 待定 -->。",
    ],
    ids=["script", "bold", "close-p", "link", "br", "comment"],
)
def test_markup_error(msgstr):
    findings = only(check("Our new site.", msgstr), "markup")
    assert [f.severity for f in findings] == ["error"]


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("A&nbsp;site.", "一个&nbsp;网站。"),
        ("If a < b then b > a.", "如果 a < b，则 b > a。"),
        ("Our <1>site</1>.", "我们的<1>网站</1>。"),
        ("Use the <b> tag.", "使用<b>标签。"),
    ],
    ids=["entity", "comparison", "placeholder", "literal-in-msgid"],
)
def test_markup_fine(msgid, msgstr):
    assert only(check(msgid, msgstr), "markup") == []


# --- plural-forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, bad",
    [
        ("nplurals=1; plural=0;", False),
        ("nplurals=1; plural=0", False),
        (" nplurals = 1 ;  plural = 0 ; ", False),
        ("nplurals=2; plural=(n != 1);", True),
        (None, False),
    ],
    ids=["same", "no-final-semicolon", "spaces", "english-rules", "absent"],
)
def test_plural_forms(value, bad):
    header = {k: v for k, v in HEADER.items() if k != "Plural-Forms"}
    if value is not None:
        header["Plural-Forms"] = value
    findings = check_catalog(catalog(message("Home", "首页"), header=header), "a.po", "zh_CN")
    assert ids(findings) == (["plural-forms"] if bad else [])
    if bad:
        assert (findings[0].severity, findings[0].line) == ("error", 1)


def test_missing_plural_forms_matters_with_plural_messages():
    entry = polib.POEntry(msgid="%d file", msgid_plural="%d files", msgstr_plural={0: "%d 个文件"})
    header = {k: v for k, v in HEADER.items() if k != "Plural-Forms"}
    assert ids(check_catalog(catalog(entry, header=header), "a.po", "zh_CN")) == ["plural-forms"]


# --- number ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("More than 110,000 pregnancies.", "辅助生殖助孕11万余例。"),
        ("More than 110,000 pregnancies.", "辅助生殖助孕110000例。"),
        ("More than 110,000 pregnancies.", "辅助生殖助孕十一万例。"),
        ("More than 60,000 babies.", "6万余名婴儿。"),
        ("Visits of over 1.9 million.", "门诊量190万余人次。"),
        ("It has 2,365 staff.", "现有职工2365人。"),
        ("Since 1997.", "自1997年以来。"),
        ("A total of 30 hospitals.", "共有三十家医院。"),
        ("Stable at over 60 percent.", "稳定在60%以上。"),
        ("It ranked seventh.", "位列第七。"),
        ("One of the two hospitals.", "两家医院之一。"),
        ("In the last five years.", "近5年来。"),
        ("From 2017 to 2021.", "2017年至2021年。"),
        ("About 400-500 students.", "约400至500名学生。"),
        ("On Dec 22 last year.", "去年12月22日。"),
        ("In the 1990s.", "20世纪90年代。"),
        ("The 11th Five-year Plan.", "“十一五”规划。"),
        ("Twenty-five projects.", "25个项目。"),
        ("Three hundred beds.", "三百张床位。"),
        ("A seven-year program.", "七年制项目。"),
        ("A 3A hospital.", "三级甲等医院。"),
        ("The first center.", "首家中心。"),
        ("See <1>the 2 lists</1>.", "参见<1>两份列表</1>。"),
        ("New COVID-19 cases.", "新冠肺炎新增病例。"),
    ],
    ids=[
        "11万",
        "110000",
        "十一万",
        "6万余",
        "190万",
        "2365",
        "1997年",
        "三十",
        "60%",
        "第七",
        "两",
        "five-as-digit",
        "year-range",
        "400至500",
        "month",
        "decade",
        "十一五",
        "compound-word",
        "三百",
        "七年制",
        "3A",
        "first-is-optional",
        "placeholder-digits-ignored",
        "digits-in-a-name",
    ],
)
def test_number_fine(msgid, msgstr):
    assert only(check(msgid, msgstr), "number") == []


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("More than 110,000 pregnancies.", "輔助生殖助孕11萬餘例。"),
        ("Visits of over 1.9 million.", "門診量190萬餘人次。"),
        ("A budget of 300 million.", "預算3億元。"),
        ("One of the two hospitals.", "兩家醫院之一。"),
        ("At 3.5 percent.", "為百分之三點五。"),
    ],
    ids=["11萬", "190萬", "3億", "兩", "百分之三點五"],
)
def test_number_reads_traditional_chinese(msgid, msgstr):
    """A derived zh_TW catalog is checked as its base is: 萬 is 万, 兩 is 两."""
    assert only(check(msgid, msgstr, "zh_TW"), "number") == []


@pytest.mark.parametrize(
    "msgid, msgstr, says",
    [
        ("More than 110,000 pregnancies.", "辅助生殖助孕1万余例。", "110,000 is missing; 1万"),
        ("Since 1997.", "自1998年以来。", "1997 is missing; 1998 is not in the source"),
        ("30 hospitals and 16 centers.", "30家医院和多个中心。", "16 is missing"),
        ("Many hospitals.", "20家医院。", "20 is not in the source"),
        ("Two hospitals.", "医院。", "Two is missing"),
        ("Visits of over 1.9 million.", "门诊量19万余人次。", "1.9 million is missing"),
        ("The 30 hospitals, 30 in all.", "这30家医院。", "30 is missing"),
    ],
    ids=["110,000-as-1万", "wrong-year", "dropped", "added", "dropped-word", "scale", "count"],
)
def test_number_warning(msgid, msgstr, says):
    findings = only(check(msgid, msgstr), "number")
    assert [f.severity for f in findings] == ["warning"]
    assert says in findings[0].message


# --- url, email -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "check_id, msgid, msgstr, bad",
    [
        ("url", "See https://x.org/a.", "见 https://x.org/a。", False),
        ("url", "See https://x.org/a (new).", "见https://x.org/a（新）。", False),
        ("url", "See https://x.org/a.", "见网站。", True),
        ("url", "See https://x.org/a.", "见 https://x.org/b。", True),
        ("url", "See www.x.org.", "见 www.x.org。", False),
        ("email", "Write to info@x.org.", "请写信至info@x.org。", False),
        ("email", "Write to info@x.org.", "请写信至Info@X.org。", False),
        ("email", "Write to info@x.org.", "请写信至info@y.org。", True),
        ("email", "Write to info@x.org.", "请写信给我们。", True),
    ],
    ids=["url", "url-paren", "url-missing", "url-other", "www", "email", "email-case"]
    + ["email-other", "email-missing"],
)
def test_url_and_email(check_id, msgid, msgstr, bad):
    assert len(only(check(msgid, msgstr), check_id)) == (1 if bad else 0)


# --- untranslated, fuzzy, same-as-source ----------------------------------------------------


def test_untranslated_skips_other_checks_and_obsolete_messages():
    gone = message("Old <1>text</1>", "")
    gone.obsolete = True
    po = catalog(message("Our <1>site</1> is new.", ""), gone)
    assert ids(check_catalog(po, "a.po", "zh_CN")) == ["untranslated"]


def test_fuzzy_is_reported_and_still_checked():
    findings = check("Our <1>site</1>.", "网站。", flags=("fuzzy",))
    assert sorted(ids(findings)) == ["fuzzy", "placeholder"]


@pytest.mark.parametrize(
    "msgid, bad",
    [
        ("Read more about the hospital", True),
        ("Medical Services Department Overview", True),
        ("CQMU", False),
        ("Huang Guoning", False),
        ("COVID-19", False),
        ("2021", False),
        ("<1>CQHCWC</1>", False),
    ],
    ids=["prose", "title-case-phrase", "acronym", "name", "code", "digits", "in-placeholder"],
)
def test_same_as_source(msgid, bad):
    assert ids(check(msgid, msgid)) == (["same-as-source"] if bad else [])


# --- punctuation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "msgstr, says",
    [
        ("医院,中心。", "','"),
        ("医院;中心。", "';'"),
        ("地址:重庆。", "':'"),
        ("医院(重庆)。", "'('"),
        ("真的吗?", "'?'"),
        ("太好了!", "'!'"),
        ("这是医院.", "ASCII '.'"),
        ("这是医院", "add '。'"),
        ("这是医院：", "add '。'"),
    ],
    ids=["comma", "semicolon", "colon", "paren", "question", "exclamation", "stop", "no-stop"]
    + ["colon-at-end"],
)
def test_punctuation_warning(msgstr, says):
    findings = only(check("This is a hospital.", msgstr), "punctuation")
    assert findings and says in findings[0].message


@pytest.mark.parametrize(
    "msgid, msgstr, locale, msgctxt",
    [
        ("This is a hospital.", "这是医院。", "zh_CN", None),
        ("Rates of 1.9 and 2.5.", "比率为1.9和2.5。", "zh_CN", None),
        ("See https://x.org/?a=1.", "见https://x.org/?a=1。", "zh_CN", None),
        ("He said: “Go.”", "他说：“走。”", "zh_CN", None),
        ("He is a Ph.D.", "他是博士", "zh_CN", None),
        ("Wait for it.", "等一下……", "zh_CN", None),
        ("A new center opens.", "新中心开业", "zh_CN", "title"),
        ("Our <1>new site</1>.", "我们的<1>新网站。</1>", "zh_CN", None),
        ("In English, really.", "医院,中心", "fr", None),
        ("Medical workers [Photo/CQHCWC]", "医务人员（图片来源：重庆）", "zh_CN", None),
    ],
    ids=["fine", "decimals", "url", "quote", "abbreviation", "ellipsis", "title"]
    + ["closing-placeholder", "not-chinese", "no-source-stop"],
)
def test_punctuation_fine(msgid, msgstr, locale, msgctxt):
    assert only(check(msgid, msgstr, locale, msgctxt=msgctxt), "punctuation") == []


# --- whitespace -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "msgid, msgstr, says",
    [
        (" Hospital", "医院", "starts with ' '"),
        ("Hospital", "医院 ", "ends with ''"),
        ("Hospital\n", "医院", "ends with '\\n'"),
        ("One\nTwo", "一二", "1 line breaks"),
        ("A CQMU site", "A  CQMU 网站", "doubled space"),
    ],
    ids=["leading", "trailing", "final-newline", "inner-newline", "doubled"],
)
def test_whitespace_warning(msgid, msgstr, says):
    findings = only(check(msgid, msgstr), "whitespace")
    assert findings and says in findings[0].message


@pytest.mark.parametrize(
    "msgid, msgstr",
    [(" Hospital\n", " 医院\n"), ("One\nTwo", "一\n二"), ("A  B", "A  B 网站")],
    ids=["same-ends", "same-breaks", "doubled-in-source"],
)
def test_whitespace_fine(msgid, msgstr):
    assert only(check(msgid, msgstr), "whitespace") == []


# --- brackets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "msgstr, bad",
    [
        ("“试管婴儿”。", False),
        ("“试管婴儿。", True),
        ("医院（重庆。", True),
        ("重庆）医院。", True),
        ("《儿科学。", True),
        ("见[图。", True),
        ('"试管婴儿"。', False),
        ('"试管婴儿。', True),
        ("《中华儿科杂志》及（重庆）。", False),
    ],
    ids=["quotes", "open-quote", "open-paren", "close-first", "book", "square", "ascii-even"]
    + ["ascii-odd", "mixed-fine"],
)
def test_brackets(msgstr, bad):
    assert len(only(check("The test-tube baby.", msgstr), "brackets")) == (1 if bad else 0)


def test_brackets_unbalanced_like_the_source_is_fine():
    msgid = "“The quote goes on in the next paragraph."
    assert only(check(msgid, "“引语在下一段继续。"), "brackets") == []


# --- glossary -------------------------------------------------------------------------------

GLOSSARY = {
    "CQMU": "重庆医科大学",
    "Health Commission": "卫生健康委员会",
    "National Health Commission": "国家卫健委",
}


@pytest.mark.parametrize(
    "msgid, msgstr, bad",
    [
        ("CQMU is in Chongqing.", "重庆医科大学位于重庆。", False),
        ("CQMU is in Chongqing.", "重医位于重庆。", True),
        ("cqmu is in Chongqing.", "重医位于重庆。", True),
        ("CQMUX is a code.", "CQMUX是代码。", False),
        ("The National Health Commission.", "国家卫健委。", False),
        ("The Health Commission.", "卫健委。", True),
    ],
    ids=["kept", "other", "case-insensitive", "word-bounded", "longest-wins", "short-term"],
)
def test_glossary(msgid, msgstr, bad):
    assert len(only(check(msgid, msgstr, glossary=GLOSSARY), "glossary")) == (1 if bad else 0)


@pytest.mark.parametrize(
    "name, text",
    [
        ("g.csv", "source,target\nCQMU,重庆医科大学\n"),
        ("g.csv", "\ufeff# our terms\nCQMU,重庆医科大学\n\n"),
        ("g.csv", '"CQMU" , "重庆医科大学"\nCQMU,重庆医科大学\n'),
        ("g.po", 'msgid "CQMU"\nmsgstr "重庆医科大学"\n\nmsgid "X"\nmsgstr ""\n'),
        ("g.po", '\ufeffmsgid "CQMU"\r\nmsgstr "重庆医科"\r\n"大学"\r\n'),
    ],
    ids=["csv-header", "csv-bom-comment", "csv-repeat", "po", "po-bom-crlf"],
)
def test_read_glossary(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert read_glossary(path) == {"CQMU": "重庆医科大学"}


@pytest.mark.parametrize(
    "name, text, line",
    [
        ("g.csv", "source,target\nCQMU,重庆医科大学\nCQHCWC\n", 3),
        ("g.csv", "CQMU,重庆医科大学,extra\n", 1),
        ("g.csv", "CQMU,\n", 1),
        ("g.csv", "CQMU,重庆医科大学\ncqmu,重医\n", 2),
        ("g.po", 'msgid "CQMU"\nmsgstr "x"\nnonsense\n', 3),
        (
            "g.po",
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=GBK\\n"\n\n'
            'msgid "CQMU"\nmsgstr "x"\n',
            3,
        ),
        ("g.txt", "CQMU,重庆医科大学\n", None),
    ],
    ids=["one-cell", "three-cells", "empty-target", "conflict", "po-syntax", "po-gbk", "suffix"],
)
def test_read_glossary_bad(tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_glossary(path)
    assert (raised.value.path, raised.value.line) == (path, line)


# --- opt-outs -------------------------------------------------------------------------------


def test_opt_out_with_reason_suppresses():
    entry = message("110,000 babies.", "十万婴儿。", tcomment="check: ignore number: house style")
    po = catalog(entry)
    assert check_catalog(po, "a.po", "zh_CN") == []
    assert opt_outs(po) == [(entry, "number", "house style")]


@pytest.mark.parametrize(
    "tcomment, says",
    [
        ("check: ignore number", "needs a reason"),
        ("check: ignore number:   ", "needs a reason"),
        ("check: ignore numbers: typo", "names no check"),
        ("check: ignroe number: typo", "cannot read"),
    ],
    ids=["no-reason", "blank-reason", "unknown-id", "unreadable"],
)
def test_opt_out_without_reason_does_not_suppress(tcomment, says):
    findings = check("110,000 babies.", "十万婴儿。", tcomment=tcomment)
    assert sorted(ids(findings)) == ["number", "opt-out"]
    assert says in only(findings, "opt-out")[0].message
    assert opt_outs(catalog(message("a", "b", tcomment=tcomment))) == []


def test_opt_out_cannot_silence_an_error():
    findings = check("Our <1>site</1>.", "网站。", tcomment="check: ignore placeholder: later")
    assert sorted(ids(findings)) == ["opt-out", "placeholder"]


def test_opt_out_of_several_checks_at_once():
    tcomment = "translator: Li\ncheck: ignore number, punctuation: quoted verbatim"
    assert check("110,000 babies.", "十万婴儿", tcomment=tcomment) == []


# --- lines and order ------------------------------------------------------------------------


def test_findings_point_at_the_msgid_line_and_are_sorted(tmp_path):
    first = message("Our <1>site</1>.", "网站", tcomment="a translator\ncomment")
    second = message("Many hospitals.", "20家医院,", msgctxt="summary", flags=("fuzzy",))
    second.previous_msgid = "Many old hospitals."
    second.occurrences = [(f"source/a-rather-long-article-name-{n}.md", "12") for n in range(4)]
    path = tmp_path / "a.po"
    catalog(first, second, message("Home", "")).save(str(path))
    findings = check_catalog(polib.pofile(str(path)), "a.po", "zh_CN")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert {lines[f.line - 1].split(" ")[0] for f in findings} == {"msgid"}
    assert findings == sorted(findings, key=lambda f: (f.path, f.line, f.id))
    assert [(f.id, f.msgid) for f in findings][:3] == [
        ("placeholder", first.msgid),
        ("punctuation", first.msgid),
        ("fuzzy", second.msgid),
    ]


def test_messages_built_in_memory_have_line_zero():
    assert [f.line for f in check("Our <1>site</1>.", "网站。")] == [0]


# --- bundled catalogs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["cqhcwc-reproductive-medicine-center.po", "cqmu-childrens-hospital.po"]
)
def test_bundled_catalogs_are_clean(name):
    path = BUNDLED / name
    po = polib.pofile(str(path))
    assert len([e for e in po if e.msgstr]) > 5
    assert check_catalog(po, str(path), "zh_CN") == []


@pytest.mark.parametrize(
    "msgstr",
    ["见<1>这里</2>。", "见<3/><1>这里</1>。", "见<1>这里</1><12/>。"],
    ids=["wrong-closing-tag", "extra-void", "extra-two-digits"],
)
def test_number_does_not_read_a_wrong_placeholder_as_a_number(msgstr):
    findings = check("See <1>here</1>.", msgstr)
    assert only(findings, "number") == []
    assert only(findings, "placeholder") != []  # the placeholder check reports it, once


def test_number_still_reads_a_literal_tag_of_the_msgid():
    findings = only(check("Type <5> to go.", "输入<5>以继续。", numbers=()), "number")
    assert findings == []
    findings = only(check("Type <5> to go.", "输入<6>以继续。", numbers=()), "number")
    assert [f.severity for f in findings] == ["warning"]


# --- Chinese -> English ---------------------------------------------------------------------

EN_HEADER = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}


def check_zh_en(msgid: str, msgstr: str, glossary=None) -> list[Finding]:
    """A catalog of a Chinese-first article for English: msgids Chinese, msgstrs English."""
    po = catalog(message(msgid, msgstr), header=EN_HEADER)
    return check_catalog(po, "a.po", "en", glossary, source_code="zh_CN")


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("2024年3月18日，接待120万人次。", "On March 18, 2024, it received 1.2 million visits."),
        ("2024年3月18日开幕。", "It opened on 18 March 2024."),
        ("辅助生殖助孕十一万例。", "110,000 pregnancies."),
        ("辅助生殖助孕11万例。", "110,000 pregnancies."),
        ("共有三家医院。", "There are 3 hospitals."),
        ("共有三家医院。", "There are three hospitals."),
        ("稳定在百分之六十以上。", "Stable at over 60 percent."),
        ("稳定在百分之六十以上。", "Stable at over 60%."),
        ("增长百分之三点五。", "Up 3.5%."),
        ("自1997年以来。", "Since 1997."),
        ("三级甲等医院。", "A top-level hospital."),
    ],
    ids=["issue", "day-month-year", "十一万", "11万", "三-as-3", "三-as-three"]
    + ["百分之-percent", "百分之-%", "百分之三点五", "1997年", "numeral-in-a-word"],
)
def test_number_fine_from_chinese(msgid, msgstr):
    assert only(check_zh_en(msgid, msgstr), "number") == []


@pytest.mark.parametrize(
    "msgid, msgstr, says",
    [
        ("2024年3月18日开幕。", "It opened on March 19, 2024.", "18 is missing; 19 is not"),
        ("2024年3月18日开幕。", "It opened on April 18, 2024.", "3 is missing"),
        ("接待120万人次。", "It received 1.3 million visits.", "120万 is missing; 1.3 million"),
        ("辅助生殖助孕十一万例。", "120,000 pregnancies.", "120,000 is not in the source"),
        ("共有三家医院。", "There are 4 hospitals.", "4 is not in the source"),
        ("稳定在百分之六十以上。", "Stable at over 70%.", "百分之六十 is missing; 70 is not"),
        ("共有16个中心。", "There are many centers.", "16 is missing"),
    ],
    ids=["day", "month", "万", "十一万", "三", "百分之", "dropped"],
)
def test_number_warning_from_chinese(msgid, msgstr, says):
    findings = only(check_zh_en(msgid, msgstr), "number")
    assert [f.severity for f in findings] == ["warning"]
    assert says in findings[0].message


@pytest.mark.parametrize(
    "msgid, msgstr, says",
    [
        ("On March 18, 2024.", "2024年3月19日。", "18 is missing; 19 is not in the source"),
        ("Up 60 percent.", "增长百分之七十。", "60 is missing; 百分之七十 is not in the source"),
        ("About 1.2 million visits.", "约130万人次。", "1.2 million is missing; 130万"),
    ],
    ids=["date", "百分之", "万"],
)
def test_number_warning_from_english(msgid, msgstr, says):
    findings = only(check(msgid, msgstr), "number")
    assert [f.severity for f in findings] == ["warning"]
    assert says in findings[0].message


@pytest.mark.parametrize(
    "msgstr, says",
    [
        ("The hospital, founded in 1997, grew.", None),
        ("The “new” hospital (founded in 1997).", None),
        ("The hospital，founded in 1997，grew.", "full-width '，' in English text; use ','"),
        ("The hospital grew。", "full-width '。' in English text; use '.'"),
        ("The hospital（1997）.", "full-width '（' in English text; use '('"),
        ("Beds、staff and wards.", "full-width '、' in English text; use ','"),
        ("The 「new」 hospital.", "full-width '「' in English text; use '“'"),
        ("The paper 《Health》.", "full-width '《' in English text; use italics or '“'"),
    ],
    ids=["ascii", "english-quotes", "comma", "stop", "paren", "enumeration"]
    + ["corner-quote", "book-title"],
)
def test_punctuation_in_english(msgstr, says):
    findings = only(check_zh_en("医院于1997年成立，不断发展。", msgstr), "punctuation")
    assert [f.message for f in findings][:1] == ([says] if says else [])


def test_punctuation_in_english_names_every_mark_once():
    findings = only(
        check_zh_en("为什么？因为：发展；很快！", "Why？Because：it grew；fast！"), "punctuation"
    )
    assert [f.message.split(" in ")[0] for f in findings] == [  # sorted by message
        "full-width '！'",
        "full-width '：'",
        "full-width '；'",
        "full-width '？'",
    ]


def test_ascii_punctuation_in_chinese_still_warns_from_english():
    findings = only(check("The hospital, founded in 1997.", "医院,成立于1997年。"), "punctuation")
    assert [f.message for f in findings] == ["ASCII ',' next to Chinese text; use '，'"]


@pytest.mark.parametrize(
    "msgid, bad",
    [("医院于1997年成立。", True), ("重庆医科大学", True), ("2024", False), ("CQMU", False)],
    ids=["sentence", "name-in-han", "digits", "acronym"],
)
def test_same_as_source_from_chinese(msgid, bad):
    findings = only(check_zh_en(msgid, msgid), "same-as-source")
    assert len(findings) == (1 if bad else 0)


def test_glossary_read_reversed_serves_chinese_to_english(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text(
        "source,target\nCQMU,重庆医科大学\nNHC,国家卫生健康委员会\n"
        "National Health Commission,国家卫生健康委员会\n",
        encoding="utf-8",
    )
    reversed_terms = read_glossary(path, reverse=True)
    assert reversed_terms == {"重庆医科大学": "CQMU", "国家卫生健康委员会": "NHC"}
    kept = "CQMU was founded in 1956; the NHC said so."
    msgid = "重庆医科大学成立于1956年，由国家卫生健康委员会确认。"
    assert only(check_zh_en(msgid, kept, reversed_terms), "glossary") == []
    other = "Chongqing Medical University was founded in 1956; the NHC said so."
    findings = only(check_zh_en(msgid, other, reversed_terms), "glossary")
    assert [f.message for f in findings] == [
        "'重庆医科大学' should be translated as 'CQMU' (glossary)"
    ]
    assert read_glossary(path) == {
        "CQMU": "重庆医科大学",
        "NHC": "国家卫生健康委员会",
        "National Health Commission": "国家卫生健康委员会",
    }


@pytest.mark.parametrize(
    "msgstr, says",
    [("輔助生殖助孕十一万例。", None), ("輔助生殖助孕120,000例。", "120,000 is not in the source")],
    ids=["same", "differs"],
)
def test_number_from_chinese_to_chinese(msgstr, says):
    """A Traditional catalog of a Chinese-first article reads both sides as Chinese."""
    po = catalog(message("辅助生殖助孕11万例。", msgstr), header={"Language": "zh_TW"})
    findings = only(check_catalog(po, "a.po", "zh_TW", source_code="zh_CN"), "number")
    assert [says in f.message for f in findings] == ([True] if says else [])
