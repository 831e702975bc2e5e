"""Numbered placeholders: tokenizing, nesting structure, and validating translations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.placeholders import PlaceholderError, Token, compare, structure, tokenize

MSGID = "Visit <1>our <2>new</2> site</1> <3/>."
SHAPE = structure(tokenize(MSGID, {1, 2, 3}))


def kinds(tokens: list[Token]) -> list[tuple[str, str]]:
    return [(token.kind, token.value) for token in tokens]


def test_tokenize_splits_text_and_placeholders():
    assert kinds(tokenize(MSGID, {1, 2, 3})) == [
        ("text", "Visit "),
        ("open", "1"),
        ("text", "our "),
        ("open", "2"),
        ("text", "new"),
        ("close", "2"),
        ("text", " site"),
        ("close", "1"),
        ("text", " "),
        ("void", "3"),
        ("text", "."),
    ]


def test_unknown_numbers_and_odd_forms_stay_text():
    assert kinds(tokenize("a <4> </5> <6/> </1/> <x> <1 > b", {1})) == [
        ("text", "a <4> </5> <6/> </1/> <x> <1 > b")
    ]


def test_structure_records_kind_and_enclosing_placeholder():
    assert SHAPE == {1: ("paired", 0), 2: ("paired", 1), 3: ("void", 0)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("</1>", "closes nothing", id="stray-close"),
        pytest.param("<1><2></1></2>", "closes nothing", id="crossed"),
        pytest.param("<1>", "never closed", id="unclosed"),
        pytest.param("<1/><1/>", "used twice", id="twice"),
    ],
)
def test_structure_refuses_bad_nesting(text, message):
    with pytest.raises(PlaceholderError, match=message):
        structure(tokenize(text, {1, 2}))


def test_compare_accepts_reordered_text_with_the_same_structure():
    tokens = compare(SHAPE, "<3/>访问<1><2>新</2>网站</1>。", MSGID)
    assert kinds(tokens)[0] == ("void", "3")


@pytest.mark.parametrize(
    ("msgstr", "message"),
    [
        pytest.param("<1>网站</1><3/>", "missing <2>…</2>", id="missing"),
        pytest.param("<1><2>新</2>网站</1><3/><4/>", "extra <4/>", id="extra"),
        pytest.param("<1><2>新</2>网站</1><3/><2>x</2>", "used twice", id="duplicated"),
        pytest.param("<1>网站</1><2>新</2><3/>", "must stand inside <1>", id="moved-out"),
        pytest.param("<1><2>新</2>网站<3/></1>", "outside other placeholders", id="moved-in"),
        pytest.param("<1><2/>网站</1><3/>", "is written as <2/>", id="paired-as-void"),
        pytest.param("<1><2>新</2>网站</1><3>x</3>", "is written as <3>…</3>", id="void-as-paired"),
    ],
)
def test_compare_refuses_a_different_structure(msgstr, message):
    with pytest.raises(PlaceholderError, match=message):
        compare(SHAPE, msgstr, MSGID)


def test_literal_numbers_of_the_msgid_are_not_extra():
    msgid = "Type <1> to start <2>now</2>"
    shape = structure(tokenize(msgid, {2}))
    tokens = compare(shape, "现在<2>输入</2> <1> </1>", msgid)
    assert ("text", " <1> </1>") in kinds(tokens)


def test_without_msgid_unknown_numbers_are_text():
    assert kinds(compare({}, "a <7/> b")) == [("text", "a <7/> b")]


PIECES = st.one_of(
    st.text(), st.sampled_from(["<1>", "</1>", "<2>", "</2>", "<3/>", "<4>", "<", "&", "/>"])
)


def join(tokens: list[Token]) -> str:
    forms = {"text": "{}", "open": "<{}>", "close": "</{}>", "void": "<{}/>"}
    return "".join(forms[token.kind].format(token.value) for token in tokens)


@given(st.lists(PIECES, max_size=10).map("".join))
def test_compare_raises_only_placeholder_errors_and_loses_nothing(msgstr):
    try:
        tokens = compare(SHAPE, msgstr, MSGID)
    except PlaceholderError:
        return
    assert join(tokens) == msgstr
    assert structure(tokens) == SHAPE


@given(st.lists(PIECES, max_size=10).map("".join))
def test_judge_accepts_what_compare_accepts_and_refuses_with_its_first_reason(msgstr):
    """The memoized verdict the checks and the renderer share says what `compare` says."""
    from pipeline.placeholders import judge

    tokens, problems = judge(MSGID, frozenset(SHAPE), msgstr)
    try:
        expected = compare(SHAPE, msgstr, MSGID)
    except PlaceholderError as exc:
        assert tokens is None
        assert problems[0] == str(exc)
        return
    assert (tokens, problems) == (expected, ())


def test_judge_reports_a_msgid_with_bad_placeholders_and_every_problem():
    from pipeline.placeholders import judge

    assert judge("<1>open", frozenset({1}), "x")[1] == (
        "the msgid itself has bad placeholders (<1> is never closed); regenerate the template",
    )
    tokens, problems = judge(MSGID, frozenset(SHAPE), "<9/> 访问<1>新网站</1>")
    assert tokens is None
    assert problems == ("extra <9/>, not in the source", "missing <2>…</2>, <3/>")
