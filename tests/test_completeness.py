"""One answer to "how translated is it": `status` (text and JSON), the build's summary line,
the manifest, the publish decision and `compile` agree on the same catalogs."""

from __future__ import annotations

import gettext
import json
import re

import polib
import pytest

from pipeline.catalogs.stats import count_words, locale_percent, progress

TRANSLATIONS = {
    "Hello world": "你好，世界",
    "A first article.": "第一篇文章。",
    "A red dot": "一个红点",
    "Example": "示例",
    "Details": "详情",
    # <2>…</2> is missing: a placeholder error
    "Visit <1>our <2>new</2> site</1>.": "访问<1>我们的新网站</1>。",
    # raw markup: a markup error
    "Two items with <1/>": "二楼设有<b>药房</b>和餐厅<1/>。",
    # fuzzy, below
    "One item": "一项",
}
"""hello.po: 5 translated, 2 rejected by a check error, 1 fuzzy, 1 untranslated ("Repeated
line."); page.po: nothing translated."""


def fill(root, publish_fuzzy: bool, min_completeness: int) -> None:
    config = root / "pyproject.toml"
    text = config.read_text().replace("min_completeness = 50", "")
    config.write_text(
        text + f"min_completeness = {min_completeness}\n"
        f"publish_fuzzy = {str(publish_fuzzy).lower()}\n"
    )
    path = root / "locales/zh_CN/LC_MESSAGES/hello.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = TRANSLATIONS.get(entry.msgid, "")
        if entry.msgid == "One item":
            entry.flags.append("fuzzy")
    po.save(str(path))


@pytest.fixture
def catalogs(project, run):
    root = project()
    assert run(root, "init", "zh_CN").exit_code == 0
    return root


TABLE = """\
article  locale  transl fuzzy   rej  untr  words   done
-------------------------------------------------------
hello    zh_CN        5     1     2     1     21  {hello}
page     zh_CN        0     0     0     8     26   0.0%
-------------------------------------------------------
total    zh_CN        5     1     2     9     47  {total}"""


@pytest.mark.parametrize(
    "publish_fuzzy, hello, total, published",
    [
        # 5 of 9 messages; 10 of 47 words (hello's 21, page's 26)
        (False, "55.5%", "21.2%", False),
        # and the fuzzy "One item": 6 of 9 messages, 12 of 47 words
        (True, "66.6%", "25.5%", True),
    ],
    ids=["fuzzy-withheld", "fuzzy-published"],
)
def test_status_json_summary_and_publication_agree(
    catalogs, run, publish_fuzzy, hello, total, published
):
    root = catalogs
    fill(root, publish_fuzzy, min_completeness=56)

    status = run(root, "status")
    assert status.exit_code == 0, status.output
    lines = status.stdout.splitlines()
    assert "\n".join(lines[:-1]) == TABLE.format(hello=hello, total=total)
    assert lines[-1].startswith("ui.po    zh_CN ")  # listed apart, after the total

    rows = json.loads(run(root, "status", "--format", "json").stdout)
    assert [(r["article"], r["percent"]) for r in rows["articles"]] == [
        ("hello", float(hello[:-1])),
        ("page", 0.0),
    ]
    assert {k: rows["articles"][0][k] for k in ("translated", "fuzzy", "rejected")} == {
        "translated": 5,
        "fuzzy": 1,
        "rejected": 2,
    }
    (locale,) = rows["locales"]
    assert (locale["locale"], locale["words"], locale["percent"]) == (
        "zh_CN",
        47,
        float(total[:-1]),
    )
    assert [r["article"] for r in rows["ui"]] == ["ui"]

    for attempt in ("cold", "cached"):
        build = run(root, "build")
        assert build.exit_code == 0, build.output
        summary = build.stdout.splitlines()[-1]
        assert re.fullmatch(
            rf"built 2 articles \({2 if attempt == 'cold' else 0} rebuilt\) x 2 languages "
            rf"\(zh_CN {re.escape(total)}\) in \d+\.\d\ds: .*",
            summary,
        ), summary
        withheld = [line for line in build.stderr.splitlines() if "not published" in line]
        expected = [] if published else [f"warning: hello not published in zh_CN: {hello} "]
        expected.append("warning: page not published in zh_CN: 0.0% ")
        assert [line.partition("translated")[0] for line in withheld] == expected
    assert withheld[-1].endswith("translated (min_completeness = 56)")
    assert (root / "output/zh-hans/hello.html").exists() == published
    if not published:  # nothing published in zh_CN: no bundle at all
        assert not (root / "output/zh-hans").exists()
        return
    manifest = json.loads((root / "output/zh-hans/manifest.json").read_text())
    assert manifest["articles"]["hello"] == {
        "completeness": float(hello[:-1]),
        "published": published,
    }


def test_build_names_each_rejected_translation_once(catalogs, run):
    fill(catalogs, publish_fuzzy=False, min_completeness=50)
    build = run(catalogs, "build")
    assert build.exit_code == 0
    rejected = [line for line in build.stderr.splitlines() if "translation not used" in line]
    assert [re.sub(r"\.po:\d+:", ".po:N:", line) for line in rejected] == [
        "warning: locales/zh_CN/LC_MESSAGES/hello.po:N: placeholder: missing <2>…</2>; "
        "translation not used, the source text is shown",
        "warning: locales/zh_CN/LC_MESSAGES/hello.po:N: markup: <b>, </b> looks like HTML "
        "markup and would be shown as text; use the placeholders; translation not used, the "
        "source text is shown",
    ]


def test_compile_leaves_out_what_the_build_rejects(catalogs, run):
    fill(catalogs, publish_fuzzy=False, min_completeness=50)
    result = run(catalogs, "compile")
    assert result.exit_code == 0
    assert result.stdout == (
        "3 .mo files written; 2 translations left out that the build would reject "
        "(see 'pipeline check')\n"
    )
    mo = catalogs / "locales/zh_CN/LC_MESSAGES/hello.mo"
    found = gettext.GNUTranslations(mo.open("rb"))
    assert found.gettext("Details") == "详情"
    assert found.pgettext("title", "Hello world") == "你好，世界"
    for msgid in ("Two items with <1/>", "Visit <1>our <2>new</2> site</1>.", "One item"):
        assert found.gettext(msgid) == msgid  # rejected, or fuzzy: not in the .mo
    assert "二楼".encode() not in mo.read_bytes()
    again = run(catalogs, "compile")
    assert again.stdout.startswith("0 .mo files written; 2 translations left out")


def test_compile_leaves_out_ui_strings_whose_directives_differ(catalogs, run):
    path = catalogs / "locales/zh_CN/LC_MESSAGES/ui.po"
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid="%(count)s articles", msgstr="共 100% 篇"))
    po.save(str(path))
    result = run(catalogs, "compile")
    assert result.stdout.splitlines() == [
        "3 .mo files written; 1 translation left out that the build would reject "
        "(see 'pipeline check')"
    ]
    found = gettext.GNUTranslations((path.with_suffix(".mo")).open("rb"))
    assert found.gettext("%(count)s articles") == "%(count)s articles"


def entry(msgid: str, msgstr: str = "", fuzzy: bool = False, **kw) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [], **kw)


def test_progress_puts_every_message_in_one_column():
    po = polib.POFile()
    po.extend(
        [
            entry("One two three", "一二三"),
            entry("Four five", "四五", fuzzy=True),
            entry("Six", "六"),  # a check error refuses it
            entry("Seven"),
            entry("Gone", "走了", obsolete=True),
            entry("Other", "别的"),  # not in the template: not counted
        ]
    )
    po.append(polib.POEntry(msgid="Title", msgctxt="title", msgstr="标题"))
    keys = [(None, "One two three"), (None, "Four five"), (None, "Six"), (None, "Seven")]
    keys += [(None, "Gone"), ("title", "Title"), (None, "Missing")]
    strict = progress(po, keys, publish_fuzzy=False, rejected={(None, "Six")})
    assert (strict.translated, strict.fuzzy, strict.rejected, strict.untranslated) == (2, 1, 1, 3)
    assert (strict.accepted, strict.words, strict.accepted_words) == (2, 10, 4)
    assert strict.percent == 28.5  # 2 of 7, rounded down
    lenient = progress(po, keys, publish_fuzzy=True, rejected={(None, "Six")})
    assert (lenient.accepted, lenient.fuzzy, lenient.accepted_words) == (3, 1, 6)
    assert lenient.percent == 42.8
    assert progress(None, keys, publish_fuzzy=True).percent == 0.0
    assert progress(po, [], publish_fuzzy=False).percent == 100.0


def test_locale_percent_weighs_articles_by_source_words():
    po = polib.POFile()
    po.extend([entry("A long sentence of seven words here", "一句长话"), entry("Short")])
    long_done = progress(po, [(None, "A long sentence of seven words here")], False)
    short_open = progress(po, [(None, "Short")], False)
    assert (long_done.percent, short_open.percent) == (100.0, 0.0)
    assert locale_percent([long_done, short_open]) == 87.5  # 7 of 8 words
    assert locale_percent([]) == 100.0


def test_a_deleted_article_leaves_status_and_the_summary(catalogs, run):
    fill(catalogs, publish_fuzzy=False, min_completeness=50)
    assert run(catalogs, "build").exit_code == 0
    (catalogs / "source/page.html").unlink()  # its template and catalog stay
    summary = run(catalogs, "build").stdout.splitlines()[-1]
    assert "built 1 article (0 rebuilt) x 2 languages (zh_CN 47.6%)" in summary  # 10 of 21
    status = run(catalogs, "status").stdout.splitlines()
    firsts = [line.split()[0] if line else "" for line in status[2:]]
    assert firsts == ["hello", "-" * 55, "total", "ui.po", "", "orphaned", "page"]
    assert status[4].endswith(" 21  47.6%")  # the total leaves the orphaned catalog out


@pytest.mark.parametrize(
    "text, words",
    [
        ("Visit <1>our <2>new</2> site</1>.", 4),
        ("don’t e.g. U.S.A. x-ray 3.5 it's", 6),
        ("a<1>b x'<2/>y", 4),
        ("<12> 1_000 __ </3>", 2),
        ("</11/> is not a placeholder", 5),
        ("重庆医科大学 2023年", 8),
        ("综合性儿童医院 opened in 2024.", 10),
        ("ひらがなとカタカナ", 9),
        ("한국어 문장", 5),
        ("<1>医院</1>的<2/>网站", 5),
    ],
    ids=["placeholders", "joined", "glued", "underscores", "not-placeholder", "han-digits"]
    + ["han-latin", "kana", "hangul", "han-placeholders"],
)
def test_count_words(text, words):
    assert count_words(text) == words


def test_status_counts_each_han_character_as_a_word(tmp_path, run):
    """A Chinese-first site: each Han character is a word, in the table and in its JSON."""
    (tmp_path / "source").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nsite_title = "站点"\nsource_language = "zh_CN"\nlocales = ["en"]\n'
    )
    article = "---\ntitle: 关于本站\n---\n\n本站发布中文和英文文章。\n\n共有 2 种语言。\n"
    (tmp_path / "source/about.md").write_text(article, encoding="utf-8")
    assert run(tmp_path, "update").exit_code == 0
    rows = json.loads(run(tmp_path, "status", "--format", "json").stdout)
    # 关于本站 4, 本站发布中文和英文文章 11, 共有 2 种语言 2 + 1 + 3
    assert [(r["article"], r["words"]) for r in rows["articles"]] == [("about", 21)]
    assert rows["locales"][0]["words"] == 21
    table = run(tmp_path, "status").stdout.splitlines()
    assert table[2].split()[:7] == ["about", "en", "0", "0", "0", "3", "21"]
    catalog = tmp_path / "locales/en/LC_MESSAGES/about.po"
    po = polib.pofile(str(catalog))
    po.find("关于本站", msgctxt="title").msgstr = "About this site"
    po.save(str(catalog))
    summary = run(tmp_path, "build").stdout.splitlines()[-1]
    assert "x 2 languages (en 19.0%)" in summary  # 4 of 21 words; 1 of 5 as runs
