"""The aligner's parts: main content, blocks, anchors, inline markup, cuts and joins."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.align.anchors import anchors_of, evidence
from pipeline.align.blocks import Block, blocks_of, kind_class
from pipeline.align.dp import Unit, align, length_fit, text_length
from pipeline.align.extract import main_content, markdown_html, text_html
from pipeline.align.inline import place
from pipeline.align.match import Side, cut_points, join, match_blocks
from pipeline.checks.glossary import compile_terms
from pipeline.placeholders import compare, structure, tokenize

CHROME = """<!DOCTYPE html><html><head><title>t</title><script>var x = "<p>no</p>";</script>
<meta name="description" content="  一篇   报道  "></head><body>
<header><a href="/">网站</a><nav><a href="/a">栏目</a></nav></header>
<div class="sidebar"><a href="/1">链接一</a><a href="/2">链接二</a></div>
{main}
<footer>版权所有</footer><form><input placeholder="搜索"></form>
<script>track()</script></body></html>"""


def texts(html: str) -> list[str]:
    return [b.plain for b in blocks_of(html, Path("t.html"))]


def test_main_element_is_the_content_and_chrome_is_dropped():
    html, form, description = main_content(
        CHROME.format(main="<main><h1>标题</h1><p>正文<b>一</b>。</p><aside>相关</aside></main>")
    )
    assert (texts(html), form, description) == (["标题", "正文一。"], "html", "一篇 报道")


def test_article_header_with_the_title_is_kept():
    page = CHROME.format(
        main="<article><header><h1>标题</h1></header><p>正文。</p><footer>作者</footer></article>"
    )
    assert texts(main_content(page)[0]) == ["标题", "正文。"]


def test_without_main_the_densest_block_is_the_content():
    page = CHROME.format(
        main='<div id="page"><div class="content"><h1>标题</h1><p>很长的第一段正文。</p>'
        "<p>很长的第二段正文，还有更多内容。</p></div></div>"
    )
    assert texts(main_content(page)[0]) == [
        "标题",
        "很长的第一段正文。",
        "很长的第二段正文，还有更多内容。",
    ]


def test_a_layout_table_is_looked_into():
    page = """<body><table><tr><td><a href="/">首页</a><br><a href="/n">新闻</a></td>
    <td><div class="TRS_Editor"><h1>标题</h1><p>　　第一段正文讲述了医院的发展历程。</p>
    <p>　　第二段正文介绍了医院的科室设置与专家团队。</p></div>
    <div id="share"><a href="#">分享到微信</a></div></td></tr></table>
    <div class="foot">版权所有</div></body>"""
    assert texts(main_content(page)[0]) == [
        "标题",
        "第一段正文讲述了医院的发展历程。",
        "第二段正文介绍了医院的科室设置与专家团队。",
    ]


def test_two_line_breaks_end_a_paragraph():
    html, _, _ = main_content(
        "<main><div>　　第一段。<br><br>\n　　第二段。<br>续行。</div></main>"
    )
    assert texts(html) == ["第一段。", "第二段。续行。"]  # (a single <br> stays, as <1/>)


def test_a_page_is_parsed_as_a_browser_parses_it():
    # <p> closes at <div>, the table's cells are found, the script's "<p>" is no paragraph
    html, _, _ = main_content("<main><p>一<div>二</div><table><tr><td>三</table></main>")
    assert texts(html) == ["一", "二", "三"]


def test_markdown_front_matter_is_ignored():
    html = markdown_html("---\ntitle: 别的标题\nlang: zh\n---\n\n# 标题\n\n正文。\n")
    assert texts(html) == ["标题", "正文。"]
    assert [b.kind for b in blocks_of(html, Path("t.md"))] == ["h1", "p"]


def test_plain_text_first_paragraph_is_the_title():
    text = "标题\n\n第一段\n正文。\n\n小标题\n\nA *second* one.\n\nA list:\n"
    html = text_html(text, Path("t.txt"))
    assert [(b.kind, b.plain) for b in blocks_of(html, Path("t.txt"))] == [
        ("h1", "标题"),
        ("p", "第一段正文。"),
        ("h2", "小标题"),  # one short line without a closing mark
        ("p", "A *second* one."),
        ("p", "A list:"),
    ]


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("about 110,000 visits", "约11万人次"),
        ("12,000 downloads", "下载1.2万次"),
        ("more than 2,000 volunteers", "两千多名志愿者"),
        ("since 1997", "自1997年以来"),
        ("see https://example.org/a", "见https://example.org/a"),
        ("runs on Android", "支持Android系统"),
    ],
)
def test_anchors_shared_across_languages(english, chinese):
    shared, missing = evidence(
        anchors_of(english, {}, False, (), False), anchors_of(chinese, {}, True, (), True)
    )
    assert shared > 0 and missing == 0


def test_anchors_that_differ_count_against():
    shared, missing = evidence(
        anchors_of("35 nurses", {}, False, (), False), anchors_of("12名医生", {}, True, (), True)
    )
    assert (shared, missing) == (0, 2)


def test_glossary_terms_are_anchors():
    terms = compile_terms({"National Health Commission": "国家卫生健康委员会"})
    english = anchors_of("approved by the National Health Commission", {}, False, terms, False)
    chinese = anchors_of("经国家卫生健康委员会批准", {}, True, terms, True)
    assert evidence(english, chinese) == (1, 0)


def test_lengths_count_han_characters_as_several_latin_ones():
    assert text_length("医院") == 7.0
    assert text_length("a <1>b</1> c") == 3.0
    assert length_fit(100, 100) == 1.0
    assert length_fit(100, 300) < 0.01


def _units(kinds_and_lengths):
    from pipeline.align.anchors import Anchors

    empty = Anchors(frozenset(), frozenset(), frozenset())
    return [Unit(kind, length, empty) for kind, length in kinds_and_lengths]


def test_dp_skips_a_dropped_unit_and_keeps_the_rest_in_place():
    sources = _units([("heading", 20), ("paragraph", 200), ("paragraph", 90), ("paragraph", 300)])
    targets = _units([("heading", 22), ("paragraph", 190), ("paragraph", 310)])

    def cost(i, a, j, b):
        from pipeline.align.dp import pair_cost

        return pair_cost(sources[i : i + a], targets[j : j + b])

    moves = align(len(sources), len(targets), cost)
    assert moves == [(0, 1, 0, 1), (1, 1, 1, 1), (2, 1, 2, 0), (3, 1, 2, 1)]  # (i, n, j, m)


LINK = '<a href="https://example.org/x">'


@pytest.mark.parametrize(
    ("msgid", "source_tags", "text", "tags", "expected", "certain"),
    [
        (  # a link found by its href, wherever the translation puts it
            "See <1>the list</1> of <2>new</2> clinics.",
            {1: LINK, 2: "<em>"},
            "<1>新</1>门诊见<2>列表</2>。",
            {1: "<em>", 2: LINK},
            "<2>新</2>门诊见<1>列表</1>。",
            True,
        ),
        (  # code by its content
            "Type <1/> or <2/>.",
            {1: "<code>help</code>", 2: "<code>stop</code>"},
            "输入<1/>或<2/>。",
            {1: "<code>stop</code>", 2: "<code>help</code>"},
            "输入<2/>或<1/>。",
            True,
        ),
        (  # emphasis by position among its kind
            "<1>One</1> and <2>two</2>",
            {1: "<b>", 2: "<b>"},
            "<1>一</1>和<2>二</2>",
            {1: "<b>", 2: "<b>"},
            "<1>一</1>和<2>二</2>",
            True,
        ),
        (  # <b> is <strong> and <i> is <em>, each placed among its own kind
            "Doctors from <1>more than 20 countries and regions</1> trained here <2>free of "
            "charge</2>.",
            {1: "<strong>", 2: "<em>"},
            "来自<1>20多个国家和地区</1>的医生在此<2>免费</2>进修。",
            {1: "<b>", 2: "<i>"},
            "来自<1>20多个国家和地区</1>的医生在此<2>免费</2>进修。",
            True,
        ),
        (  # the translation's order, not its numbers, decides: <i> first here
            "<1>Free</1> training for doctors from <2>20 countries</2>.",
            {1: "<em>", 2: "<strong>"},
            "为来自<1>20个国家</1>的医生<2>免费</2>培训。",
            {1: "<b>", 2: "<i>"},
            "为来自<2>20个国家</2>的医生<1>免费</1>培训。",
            True,
        ),
        (  # struck-out text, however the page wrote it
            "<1>Closed</1> Open on Sundays.",
            {1: "<s>"},
            "<1>停诊</1>周日开诊。",
            {1: "<del>"},
            "<1>停诊</1>周日开诊。",
            True,
        ),
        (  # nothing to match: empty pairs at the end, nested as in the source
            "Visit <1>our <2>new</2> site</1>.",
            {1: LINK, 2: "<em>"},
            "访问我们的新网站。",
            {},
            "访问我们的新网站。<1><2></2></1>",
            False,
        ),
        (  # nested otherwise in the translation: the inner one goes inside, at its end
            "Visit <1>our <2>new</2> site</1>.",
            {1: LINK, 2: "<em>"},
            "<2>新</2><1>网站</1>。",
            {1: LINK, 2: "<em>"},
            "新<1>网站<2></2></1>。",
            False,
        ),
        (  # a Chinese paragraph's indent is no text
            "Plain.",
            {},
            "\u3000\u3000正文。",
            {},
            "正文。",
            True,
        ),
        (  # a void placeholder the translation lacks
            "A line<1/>break",
            {1: "<br>"},
            "换行",
            {},
            "换行<1/>",
            False,
        ),
    ],
    ids=[
        "href",
        "code",
        "position",
        "b-strong-i-em",
        "b-i-by-kind",
        "del-s",
        "unmatched",
        "nesting",
        "indent",
        "void",
    ],
)
def test_inline_markup_becomes_the_segments_placeholders(
    msgid, source_tags, text, tags, expected, certain
):
    placed = place(msgid, source_tags, text, tags)
    assert placed == (expected, certain)
    compare(structure(tokenize(msgid, source_tags.keys())), placed.text, msgid)


def test_cut_points_are_sentence_ends_outside_markup():
    block = Block(0, "p", "第一句。<1>第二句。里面</1>第三句。Next. One", {1: "<em>"})
    assert cut_points(block) == [4, 21, 26]


def test_joined_blocks_renumber_and_space_by_language():
    first = Block(0, "p", "一<1>二</1>。", {1: "<b>"})
    second = Block(1, "p", "三<1>四</1>。", {1: LINK})
    joined = join(first, second)
    assert (joined.text, joined.tags) == ("一<1>二</1>。三<2>四</2>。", {1: "<b>", 2: LINK})
    english = join(Block(0, "p", "One.", {}), Block(1, "p", "Two.", {}))
    assert english.text == "One. Two."
    assert join(Block(0, "p", "支持", {}), Block(1, "p", "Android系统。", {})).text == (
        "支持 Android系统。"
    )


def test_different_heading_levels_still_match_structurally():
    assert kind_class("h2") == kind_class("h3") == kind_class("title") == "heading"
    sources = [
        Block(0, "title", "Title", {}),
        Block(1, "h2", "Part", {}),
        Block(2, "p", "Some text here.", {}),
    ]
    blocks = [
        Block(0, "h1", "标题", {}),
        Block(1, "h4", "部分", {}),
        Block(2, "p", "这里有些文字。", {}),
    ]
    english, chinese = Side(False, (), False), Side(True, (), True)
    matches = match_blocks(sources, blocks, english, chinese)
    assert [(m.sources, m.blocks, m.method) for m in matches] == [
        ((0,), (0,), "structural"),
        ((1,), (1,), "structural"),
        ((2,), (2,), "structural"),
    ]


def test_a_long_article_aligns_in_a_band_around_the_diagonal():
    english = [
        Block(i, "p", f"Part {i} counts {i * 37 + 5} patients. It has two sentences.", {})
        for i in range(300)
    ]
    chinese = [
        Block(i, "p", f"第{i}部分统计了{i * 37 + 5}名患者。共有两句话。", {})
        for i in range(300)
        if i % 50 != 7  # six paragraphs dropped
    ]
    matches = match_blocks(english, chinese, Side(False, (), False), Side(True, (), True))
    assert [(m.sources[0], m.parts[0].text) for m in matches] == [
        (i, f"第{i}部分统计了{i * 37 + 5}名患者。共有两句话。") for i in range(300) if i % 50 != 7
    ]


_WORDS = st.sampled_from(["医院", "门诊", "Riverside", "2024年", "。", "，", "新"])


def _inline(depth: int) -> st.SearchStrategy[str]:
    """Inline HTML of a paragraph: text, links (two targets), emphasis, code, line breaks."""
    leaf = st.one_of(
        _WORDS,
        st.sampled_from(["<br>", "<code>help</code>", "<code>stop</code>", '<img src="a.png">']),
    )
    if depth == 0:
        return leaf
    inner = st.lists(_inline(depth - 1), min_size=1, max_size=3).map("".join)
    wrapped = st.tuples(
        st.sampled_from(['<a href="x">', '<a href="y">', "<em>", "<b>"]), inner
    ).map(lambda pair: f"{pair[0]}{pair[1]}</{pair[0][1:].split()[0].rstrip('>')}>")
    return st.one_of(leaf, wrapped)


_PARAGRAPH = st.lists(_inline(2), min_size=1, max_size=5).map(lambda items: "新" + "".join(items))


@settings(max_examples=300, deadline=None)
@given(source=_PARAGRAPH, translation=_PARAGRAPH)
def test_a_placed_translation_always_passes_the_placeholder_check(source, translation):
    (ours,) = blocks_of(f"<p>{source}</p>", Path("s.html"))
    (theirs,) = blocks_of(f"<p>{translation}</p>", Path("t.html"))
    placed = place(ours.text, ours.tags, theirs.text, theirs.tags)
    compare(structure(tokenize(ours.text, ours.tags.keys())), placed.text, ours.text)
    assert _bare(placed.text, ours.tags) == _bare(theirs.text, theirs.tags)  # no text lost
    if placed.certain:
        assert len(ours.tags) == len(theirs.tags)


def _bare(text: str, tags: dict[int, str]) -> str:
    return "".join(t.value for t in tokenize(text, tags.keys()) if t.kind == "text")


def test_a_cut_may_follow_the_placeholders_a_sentence_end_closes():
    block = Block(0, "p", "<1>第一句。</1>第二句。<2>Third.</2> Fourth.", {1: "<em>", 2: "<b>"})
    assert cut_points(block) == [11, 15, 28]
