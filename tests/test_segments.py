"""The segmenter (article body -> segments + skeleton) and the skeleton renderer.

The central property: rendering with a pseudo-translation gives back the source DOM, with
every translatable text and attribute changed and everything else left as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.htmltree import IMPLIED_ATTR
from pipeline.model import Article, Metadata
from pipeline.segments import apply_translations, split_article
from pipeline.sources import LINE_ATTR, _read_html, _read_markdown, body_tree
from tests.reference import parse_fragment, serialize

FRONT_MATTER = "---\ntitle: T\n---\n"
TRANSLATABLE_ATTRIBUTES = (
    "alt title aria-label placeholder aria-valuetext aria-roledescription aria-description".split()
)
BUTTONS = ("submit", "reset", "button")
UNTRANSLATABLE_TAGS = frozenset(("pre", "code", "kbd", "samp", "textarea", "script", "style"))
WHITE_SPACE = re.compile(r"[ \t\n\r\f]+")
LETTER = re.compile(r"[^\W\d_]")


# --- helpers ----------------------------------------------------------------------------


def html_article(body: str, translate: bool = True) -> Article:
    """An HTML body built in memory (no source lines)."""
    metadata = Metadata(title="T", translate=translate)
    return Article("x", Path("source/x.html"), metadata, body, "d")


def html_file_article(document: str) -> Article:
    """An HTML source read like a file in source/ (with source lines)."""
    metadata, _, tree = _read_html(document, Path("source/x.html"))
    return Article("x", Path("source/x.html"), metadata, serialize(tree), "d", tree)


def md_article(markdown: str) -> Article:
    """A Markdown source; `markdown` is what follows the front matter (which takes 3 lines)."""
    metadata, body, tree = _read_markdown(FRONT_MATTER + markdown, Path("source/x.md"))
    return Article("x", Path("source/x.md"), metadata, body, "d", tree)


def msgids(article: Article) -> list[str]:
    return [segment.text for segment in split_article(article).segments]


def render(article: Article, translations: dict[str, str] | None = None, source_tag=None):
    """Render with `translations` (msgid -> msgstr; anything else untranslated)."""
    table = translations or {}
    return apply_translations(split_article(article), lambda s: table.get(s.text), source_tag)


def render_html(article: Article, translations: dict[str, str] | None = None, source_tag=None):
    return render(article, translations, source_tag)[0]


def pseudo(msgid: str) -> str:
    """Every letter changed (ASCII to full width); placeholders hold no letters, so stay."""
    return "".join(
        chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else "Ｘ" if c.isalpha() else c
        for c in msgid
    )


def collapse(text: str | None) -> str:
    return WHITE_SPACE.sub(" ", text or "").strip(" ")


def collapse_lines(text: str) -> str:
    """A tooltip's line breaks are kept; other white space collapses."""
    return "\n".join(collapse(line) for line in text.split("\n")).strip("\n")


def has_letters(text: str | None) -> bool:
    return LETTER.search(text or "") is not None


def parse(body_html: str):
    """The body as a browser parses it (html5lib), without the readers' line attributes."""
    return _without_lines(parse_fragment(body_html))


def source_dom(body_html: str):
    """The tree the pipeline builds from `body_html`, as a page can carry it: serialized and
    parsed again by the reference parser (whether that tree is the browser's is for
    test_html5.py to say; here the question is whether rendering keeps it). The readers' line
    marks go before serializing, as the page has none: kept, they would make equal formatting
    elements unequal to the parser (its "Noah's Ark" clause compares attributes)."""
    return parse_fragment(serialize(_without_lines(body_tree(body_html))))


def _without_lines(body):
    """Without the readers' own attributes, which the page never shows."""
    for element in body.iter():
        if isinstance(element.tag, str):
            element.attrib.pop(LINE_ATTR, None)
            element.attrib.pop(IMPLIED_ATTR, None)
    return body


def elements(el) -> list:
    return [child for child in el if isinstance(child.tag, str)]


def text_slots(el) -> list[str]:
    """The text before, between and after an element's child elements (comments ignored)."""
    slots = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            slots.append(child.tail or "")
        else:
            slots[-1] += child.tail or ""
    return slots


def mode(el, inherited: bool, sealed: bool) -> bool:
    """HTML's translation mode (`translate` inherits; "yes" inside "no" turns it back on;
    `class="notranslate"` counts as "no"), never on inside `code`, `pre` and the like."""
    if sealed:
        return False
    translate = el.get("translate")
    if translate is not None and translate.strip().lower() in ("yes", ""):
        return True
    if translate is not None and translate.strip().lower() == "no":
        return False
    return inherited and "notranslate" not in el.get("class", "").split()


def translatable_attribute(el, name: str) -> bool:
    if name in TRANSLATABLE_ATTRIBUTES:
        return True
    tag = el.tag
    return (
        (name == "value" and tag == "input" and el.get("type", "").lower() in BUTTONS)
        or (name == "label" and tag in ("option", "optgroup", "track"))
        or (name == "abbr" and tag == "th")
        or (name == "alttext" and etree.QName(el).localname == "math")
    )


def assert_same_dom(
    source, output, change, inherited: bool = True, path: str = "", sealed: bool = False
) -> None:
    """Same elements, shape and attributes; `change` maps translatable text to its expected
    rendering (identity for msgstr = None), untranslatable text must be byte-identical."""
    where = f"{path}/{source.tag}"
    assert output.tag == source.tag, where
    attributes = mode(source, inherited, sealed)
    sealed = sealed or source.tag in UNTRANSLATABLE_TAGS
    context = attributes and not sealed
    assert set(output.attrib) == set(source.attrib), where
    for name, value in source.attrib.items():
        if attributes and translatable_attribute(source, name) and has_letters(value):
            shown = collapse_lines(value) if name == "title" else collapse(value)
            assert output.get(name) == change(shown), f"{where}@{name}"
        else:
            assert output.get(name) == value, f"{where}@{name}"
    for src, out in zip(text_slots(source), text_slots(output), strict=True):
        if context:
            assert collapse(out) == collapse(change(src)), f"text in {where}"
            if has_letters(src) and change("a") != "a":
                assert out != src, f"untranslated text {src!r} in {where}"
        else:
            assert out == src, f"untranslatable text in {where}"
    children = zip(elements(source), elements(output), strict=True)
    for index, (src_child, out_child) in enumerate(children):
        assert_same_dom(src_child, out_child, change, attributes, f"{where}[{index}]", sealed)


def tags(body) -> Counter:
    return Counter(el.tag for el in body.iter() if isinstance(el.tag, str))


# --- inputs for the round trip ----------------------------------------------------------

HTML_INPUTS = {
    "nested-inline": '<p>Visit <a href="https://x.org" class="ext">our <em>new</em> site</a>.</p>',
    "omitted-end-tags": "<ul><li>One<li>Two <b>bold</b></ul><p>a<p>b",
    "entities-nbsp": "<p>Fish&nbsp;&amp;&nbsp;chips &lt;b&gt; &copy; 2024 &mdash; caf&eacute;</p>",
    "inline-svg": (
        '<p>Logo <svg viewBox="0 0 10 10" aria-label="Company logo"><title>Our logo</title>'
        '<text x="1" y="5">Hi</text><circle r="4"></circle></svg> here.</p>'
        '<svg class="icon"><title>Standalone icon</title><path d="M0 0"></path></svg>'
    ),
    "table": (
        "<table><caption>Prices</caption><thead><tr><th>Item</th><th abbr='Cost'>Price</th>"
        "</tr></thead><tbody><tr><td>Tea <small>hot</small></td><td>3</td></tr></tbody>"
        "</table>"
    ),
    "nested-lists": (
        "<ul><li>Fruit<ul><li>Apple</li><li>Pear <i>ripe</i></li></ul></li>"
        "<li>Veg<ol><li>Leek</ol> tail</li></ul>"
    ),
    "loose-text-in-div": (
        '<div class="note">Loose text <b>here</b><p>A block</p>and a tail'
        "<section>Section text<aside>Aside</aside></section></div>"
    ),
    "literal-placeholder": "<p>Type &lt;1&gt; or <2/> then <b>bold</b> and <i>it</i>.</p>",
    "untranslatable-inline": (
        '<p>Use <span translate="no">BrandName <b>X</b></span>, <code>x &lt; y</code>, '
        '<kbd>Ctrl</kbd>, <samp>out</samp>, <em class="big notranslate">Keep</em> now.</p>'
        '<p translate="no">Untouched <b title="Tip">text</b></p>'
    ),
    "block-in-inline": (
        '<p>Go <a href="/x" title="Go there"><div>Block link</div></a> now</p>'
        '<a href="/y"><div>Card title</div><p>Card body</p></a>'
    ),
    "form": (
        '<form action="/s"><label for="n">Name</label> <input id="n" name="n" '
        'placeholder="Your name" aria-label="Full name"><select name="c">'
        '<option value="1">First choice</option><option value="2" selected>Second</option>'
        '</select><textarea name="t">Keep  this\n text</textarea>'
        '<button type="submit">Send it</button></form>'
    ),
    "comments-iframe": (
        "<!-- top comment --><p>Before <!-- inline comment --> after</p>"
        '<iframe src="https://example.org/map" title="City map" width="300"></iframe>'
        "<div><!-- only a comment --></div>"
    ),
    "figure": (
        '<figure><img src="a.png" alt="A red bicycle"><figcaption>My <b>bike</b>, 2019'
        "</figcaption></figure>"
    ),
    "blockquote": (
        '<blockquote cite="https://x.org"><p>Quoted <q>words</q></p>Someone said</blockquote>'
    ),
    "dl-headings": (
        '<h1>Main</h1><h2 id="s">Sub <small>heading</small></h2><h3>Third</h3>'
        '<dl><dt>Term</dt><dd>Definition <abbr title="for example">e.g.</abbr> here</dd></dl>'
    ),
    "code-blocks": (
        "<pre>\nline one\n  indented &lt;tag&gt;</pre><pre>\n\ntwo newlines</pre>"
        '<script>if (a < b) { x = "<p>"; }</script><style>p > b { color: red }</style>'
        '<div class="notranslate">Block <b>kept</b></div><p>After</p>'
    ),
    "pre-in-div": "<div>Text before <pre>code()</pre> text after</div>",
    "loose-body-text": "Loose body text <em>here</em><p>Para</p>tail text",
    "attributes-outside-text": (
        '<section title="Section tip" aria-label="Main"><img src="x.png" alt="Decorative cat">'
        '<hr title="Break"><img src="y.png" alt=""></section>'
    ),
    "custom-element": (
        "<p>Click <my-icon></my-icon> here</p><p>Half <meter value='0.5'></meter> full</p>"
    ),
    "void-unknown-to-libxml2": (
        '<p>super<wbr>cali <b>fragil</b></p><picture><source srcset="a.webp">'
        '<img src="a.jpg" alt="A dog"></picture><video controls><source src="v.mp4">'
        '<track src="c.vtt">Your browser cannot play this.</video>'
    ),
    "noscript-and-body-attributes": (
        '<noscript>Please enable <b>JavaScript</b></noscript><p dir="ltr" data-x="1" '
        'aria-label="Intro" style="color: red">Hi <span lang="fr">Bonjour</span></p>'
    ),
}

MARKDOWN_INPUTS = {
    "md-rich": (
        "# A heading\n\n"
        'Some *emphasis*, **strong** and a [link](https://x.org "Link title").\n'
        "An image: ![A small cat](cat.png) and `inline code`.\n\n"
        "- First item\n"
        "  - Nested *item*\n"
        "  - Another\n"
        "- Second item\n\n"
        "```python\nprint('<b>hi</b>')\n```\n\n"
        "| Name | Value |\n|------|-------|\n| Alpha | one |\n| Beta | two |\n\n"
        "> Quoted text\n"
    ),
    "md-mixed": (
        "## Steps\n\n"
        "1. Open the *file*\n2. Press <kbd>Ctrl</kbd>+<kbd>S</kbd>\n\n"
        "Line one  \nline two with a hard break &amp; an entity.\n\n"
        '<div class="box">Raw <b>HTML</b> block</div>\n\n'
        "    indented code\n"
    ),
}

CASES = {
    **{name: html_article(body) for name, body in HTML_INPUTS.items()},
    **{name: md_article(text) for name, text in MARKDOWN_INPUTS.items()},
}


# --- msgids: placeholders ----------------------------------------------------------------


def test_nested_inline_elements_become_nested_placeholders():
    article = html_article(HTML_INPUTS["nested-inline"])
    [segment] = split_article(article).segments
    assert segment.text == "Visit <1>our <2>new</2> site</1>."
    assert segment.kind == "p"
    assert segment.placeholders == ((1, '<a href="https://x.org" class="ext">'), (2, "<em>"))


def test_void_elements_become_self_closing_placeholders():
    article = html_article('<p>Line<br>next <img src="x.png"> and <wbr>end</p>')
    assert msgids(article) == ["Line<1/>next <2/> and <3/>end"]


def test_attributes_never_appear_in_msgids():
    article = html_article(
        '<p class="lead">See <a href="https://x.org/page" class="ext" id="l1">this</a> '
        '<img src="pic.png" class="photo" alt="Photo"> <span style="color: red">now</span></p>'
    )
    joined = "\n".join(msgids(article))
    for value in ("https://x.org", "ext", "lead", "l1", "pic.png", "photo", "color", "href"):
        assert value not in joined
    assert msgids(article)[0] == "See <1>this</1> <2/> <3>now</3>"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param('<p>A <img alt="A cat"> sat</p>', ("img alt", "A cat"), id="img-in-p"),
        pytest.param(
            '<p><abbr title="HyperText Markup">HTML</abbr> is fun</p>',
            ("abbr title", "HyperText Markup"),
            id="abbr-in-p",
        ),
        pytest.param(
            '<p>Go <a href="/" aria-label="Home page">home</a></p>',
            ("a aria-label", "Home page"),
            id="link-in-p",
        ),
        pytest.param(
            '<img src="x.png" alt="Standalone">', ("img alt", "Standalone"), id="img-alone"
        ),
        pytest.param(
            '<form><input placeholder="Search here"></form>',
            ("input placeholder", "Search here"),
            id="input-alone",
        ),
        pytest.param(
            '<section title="Tip"><p>Text</p></section>', ("section title", "Tip"), id="block-title"
        ),
        pytest.param(
            '<p title="Paragraph tip">Text</p>',
            ("p title", "Paragraph tip"),
            id="on-the-block-itself",
        ),
        pytest.param(
            '<p>Icon <svg aria-label="Logo mark"></svg></p>',
            ("svg aria-label", "Logo mark"),
            id="embedded-in-p",
        ),
    ],
)
def test_translatable_attributes_are_segments_of_their_own(body, expected):
    segments = split_article(html_article(body)).segments
    assert expected in [(s.kind, s.text) for s in segments]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            '<form><input type="submit" value="Send it"><input type="Reset" value="Start over">'
            '<input type="button" value="Preview"><input type="text" value="typed by a reader">'
            '<input value="no type: text"></form>',
            [("input value", "Send it"), ("input value", "Start over"), ("input value", "Preview")],
            id="input-buttons-only",
        ),
        pytest.param(
            '<select><optgroup label="Fruit"><option label="Apple" value="a">A</option>'
            "</optgroup></select>",
            [("optgroup label", "Fruit"), ("option label", "Apple"), ("option", "A")],
            id="option-labels",
        ),
        pytest.param(
            '<video src="v.webm"><track kind="captions" label="English captions"></video>',
            [("track label", "English captions")],
            id="track-label",
        ),
        pytest.param(
            '<textarea placeholder="Your message">typed text</textarea>',
            [("textarea placeholder", "Your message")],
            id="textarea-placeholder",
        ),
        pytest.param(
            '<table><tr><th abbr="Temp">Temperature</th><td abbr="not on td">1</td></tr></table>',
            [("th abbr", "Temp"), ("th", "Temperature")],
            id="th-abbr",
        ),
        pytest.param(
            '<div role="slider" aria-valuetext="Medium" aria-roledescription="level picker" '
            'aria-description="Pick a level"></div>',
            [
                ("div aria-valuetext", "Medium"),
                ("div aria-roledescription", "level picker"),
                ("div aria-description", "Pick a level"),
            ],
            id="aria",
        ),
        pytest.param(
            '<p>So <math alttext="x squared"><msup><mi>x</mi><mn>2</mn></msup></math></p>',
            [("p", "So <1/>"), ("math alttext", "x squared"), ("mi", "x")],
            id="math-alttext",
        ),
        pytest.param(
            '<p><code title="A command">ls -l</code> lists files</p>',
            [("p", "<1/> lists files"), ("code title", "A command")],
            id="code-title",
        ),
    ],
)
def test_visible_attributes_are_extracted(body, expected):
    assert [(s.kind, s.text) for s in split_article(html_article(body)).segments] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            '<p translate="no">ACME <span translate="yes">makes good tools</span> Inc.</p>',
            ["makes good tools"],
            id="block",
        ),
        pytest.param(
            '<p>Try <span translate="no">ACME <em translate="yes">Fast</em> Pro</span> today.</p>',
            ["Try <1/> today.", "Fast"],
            id="inline",
        ),
        pytest.param(
            '<div class="notranslate"><p>Brand</p><p translate>Translated line</p>'
            '<img alt="Logo" src="l.png"><img alt="A photo" translate="yes" src="p.png"></div>',
            ["Translated line", "A photo"],
            id="notranslate-class",
        ),
        pytest.param(
            '<div translate="no"><p translate="yes">Outer <span translate="no">Inner '
            '<b translate="yes">deepest</b></span> back</p></div>',
            ["Outer <1/> back", "deepest"],
            id="nested",
        ),
        pytest.param(
            '<pre>code <span translate="yes">still code</span></pre><p><code>x '
            '<b translate="yes">y</b></code> and <kbd><i translate="yes">k</i></kbd></p>'
            '<textarea translate="yes">typed</textarea>',
            ["<1/> and <2/>"],
            id="code-cannot",
        ),
    ],
)
def test_translate_yes_inside_translate_no_is_honoured(body, expected):
    article = html_article(body)
    assert msgids(article) == expected
    html = render_html(article, {m: pseudo(m) for m in expected})
    assert_same_dom(parse(body), parse(html), pseudo)


def test_attribute_segments_collapse_white_space_and_skip_values_without_letters():
    article = html_article('<img alt="A  red\n car"><img alt=""><img alt="2024"><hr title=" ">')
    assert msgids(article) == ["A red car"]


def test_untranslatable_elements_are_opaque_placeholders():
    article = html_article(HTML_INPUTS["untranslatable-inline"])
    [segment] = split_article(article).segments
    assert segment.text == "Use <1/>, <2/>, <3/>, <4/>, <5/> now."
    assert [tag for _, tag in segment.placeholders] == [
        '<span translate="no">',
        "<code>",
        "<kbd>",
        "<samp>",
        '<em class="big notranslate">',
    ]


def test_untranslatable_content_is_restored_from_the_source():
    article = html_article(HTML_INPUTS["untranslatable-inline"])
    html = render_html(
        article, {"Use <1/>, <2/>, <3/>, <4/>, <5/> now.": "现在<5/><4/><3/><2/><1/>用。"}
    )
    assert html.startswith(
        '<p>现在<em class="big notranslate">Keep</em><samp>out</samp><kbd>Ctrl</kbd>'
        '<code>x &lt; y</code><span translate="no">BrandName <b>X</b></span>用。</p>'
    )
    assert '<p translate="no">Untouched <b title="Tip">text</b></p>' in html


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<pre>Some code</pre>", id="pre"),
        pytest.param("<script>var greeting = 'Hello';</script>", id="script"),
        pytest.param("<style>body { font-family: serif }</style>", id="style"),
        pytest.param("<textarea>Default text</textarea>", id="textarea"),
        pytest.param('<div translate="no">Brand <b>Name</b></div>', id="translate-no"),
        pytest.param('<div translate="NO">Brand</div>', id="translate-no-uppercase"),
        pytest.param('<p class="a notranslate b">Brand</p>', id="notranslate"),
        pytest.param('<div translate="no"><img alt="Not this"></div>', id="attribute-inside"),
    ],
)
def test_untranslatable_blocks_give_no_segments_and_pass_through(body):
    article = html_article(body)
    assert msgids(article) == []
    assert render_html(article, source_tag="en") == body


def test_untranslatable_block_between_loose_text_is_not_swallowed_into_a_sentence():
    article = html_article('<div>Before <pre>code()</pre> after <div translate="no">X</div></div>')
    assert msgids(article) == ["Before", "after"]
    html = render_html(article, source_tag="en")
    assert html == (
        '<div><span lang="en">Before</span> <pre>code()</pre> '
        '<span lang="en">after</span> <div translate="no">X</div></div>'
    )


def test_article_marked_translate_false_has_no_segments():
    article = html_article('<p title="Tip">Hello <b>world</b></p>', translate=False)
    skeleton = split_article(article)
    assert skeleton.segments == [] and skeleton.metadata == []
    assert render_html(article) == '<p title="Tip">Hello <b>world</b></p>'


def test_metadata_segments_carry_their_field_as_context():
    text = FRONT_MATTER.replace("title: T", "title: The title\nsummary: A summary\ncaption: 2024")
    metadata, body, tree = _read_markdown(text + "Body.\n", Path("source/x.md"))
    skeleton = split_article(Article("x", Path("source/x.md"), metadata, body, "d", tree))
    assert [(s.text, s.context, s.line) for s in skeleton.metadata] == [
        ("The title", "title", 2),
        ("A summary", "summary", 3),
    ]


# --- msgids: text -------------------------------------------------------------------------


def test_white_space_collapses_but_no_break_space_survives():
    article = html_article("<p>  Many   spaces\n\tand&nbsp;&nbsp;nbsp \u00a0 </p>")
    assert msgids(article) == ["Many spaces and\u00a0\u00a0nbsp \u00a0"]


@pytest.mark.parametrize(
    ("body", "expected", "page"),
    [
        pytest.param(
            '<p style="white-space: pre-line">Line one\n   Line two <b>bold\nnext</b></p>',
            ["Line one\nLine two <1>bold\nnext</1>"],
            '<p style="white-space: pre-line">Line one\nLine two <b>bold\nnext</b></p>',
            id="pre-line",
        ),
        pytest.param(
            '<div style="color: red; WHITE-SPACE: Pre-Wrap"><p>a\nb</p>'
            '<p style="white-space: normal">c\nd</p></div><p>e\nf</p>',
            ["a\nb", "c d", "e f"],
            '<div style="color: red; WHITE-SPACE: Pre-Wrap"><p>a\nb</p>'
            '<p style="white-space: normal">c d</p></div><p>e f</p>',
            id="inherited-and-reset",
        ),
        pytest.param(
            '<p><abbr title="Line one\n   Line two  ">x</abbr> y\nz</p>',
            ["<1>x</1> y z", "Line one\nLine two"],
            '<p><abbr title="Line one\nLine two">x</abbr> y z</p>',
            id="title-attribute",
        ),
    ],
)
def test_line_breaks_a_reader_sees_are_kept(body, expected, page):
    article = html_article(body)
    assert msgids(article) == expected
    assert render_html(article) == page


def test_white_space_collapses_across_inline_elements():
    article = html_article("<p>Hello\n   <b>  big\n world </b>\n</p>")
    assert msgids(article) == ["Hello <1> big world </1>"]


def test_entities_are_decoded_in_msgids_and_escaped_again_on_output():
    article = html_article(HTML_INPUTS["entities-nbsp"])
    assert msgids(article) == ["Fish\u00a0&\u00a0chips <b> © 2024 — café"]
    assert render_html(article) == "<p>Fish\u00a0&amp;\u00a0chips &lt;b&gt; © 2024 — café</p>"


def test_literal_placeholder_text_is_skipped_by_numbering():
    article = html_article(HTML_INPUTS["literal-placeholder"])
    [segment] = split_article(article).segments
    assert segment.text == "Type <1> or <2/> then <3>bold</3> and <4>it</4>."
    assert [number for number, _ in segment.placeholders] == [3, 4]


def test_literal_placeholder_text_renders_escaped():
    article = html_article(HTML_INPUTS["literal-placeholder"])
    msgid = "Type <1> or <2/> then <3>bold</3> and <4>it</4>."
    html, _, rejections = render(article, {msgid: "<4>它</4>和<3>粗体</3>：输入 <1> 或 <2/>"})
    assert rejections == []
    assert html == "<p><i>它</i>和<b>粗体</b>：输入 &lt;1&gt; 或 &lt;2/&gt;</p>"
    assert "&lt;1&gt;" in render_html(article)


def test_literal_number_in_a_translation_stays_text():
    article = html_article("<p>Press &lt;1&gt; then <b>go</b></p>")
    html, _, rejections = render(article, {"Press <1> then <2>go</2>": "<1>按</1> <2>走</2>"})
    assert rejections == []
    assert html == "<p>&lt;1&gt;按&lt;/1&gt; <b>走</b></p>"


def test_repeated_text_gives_one_segment_per_occurrence():
    article = html_file_article(
        "<html><head><title>T</title></head><body>\n<p>Same text.</p>\n<p>Other</p>\n"
        "<p>Same text.</p>\n</body></html>"
    )
    segments = split_article(article).segments
    assert [(s.text, s.line) for s in segments] == [
        ("Same text.", 2),
        ("Other", 3),
        ("Same text.", 4),
    ]


def test_comments_between_blocks_are_kept():
    html = render_html(html_article(HTML_INPUTS["comments-iframe"]))
    assert html.startswith("<!-- top comment --><p>Before after</p>")
    assert "<div><!-- only a comment --></div>" in html


def test_no_segment_for_text_without_letters():
    assert msgids(html_article("<p>2024</p><p> — </p><td>3.5</td>")) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("<ul><li>One<li>Two</ul>", ["One", "Two"], id="li"),
        pytest.param("<p>a<p>b", ["a", "b"], id="p"),
        pytest.param("<dl><dt>Term<dd>Def</dl>", ["Term", "Def"], id="dt-dd"),
        pytest.param("<table><tr><th>H<td>C</table>", ["H", "C"], id="th-td"),
    ],
)
def test_omitted_end_tags_follow_html5(body, expected):
    assert msgids(html_article(body)) == expected


def test_kinds_name_the_block():
    article = html_article(HTML_INPUTS["table"] + HTML_INPUTS["dl-headings"])
    assert [(s.kind, s.text) for s in split_article(article).segments] == [
        ("caption", "Prices"),
        ("th", "Item"),
        ("th abbr", "Cost"),
        ("th", "Price"),
        ("td", "Tea <1>hot</1>"),
        ("h1", "Main"),
        ("h2", "Sub <1>heading</1>"),
        ("h3", "Third"),
        ("dt", "Term"),
        ("dd", "Definition <1>e.g.</1> here"),
        ("abbr title", "for example"),
    ]


def test_loose_text_next_to_blocks_gets_a_segment_per_run():
    article = html_article(HTML_INPUTS["loose-text-in-div"])
    assert [(s.kind, s.text) for s in split_article(article).segments] == [
        ("div", "Loose text <1>here</1>"),
        ("p", "A block"),
        ("div", "and a tail"),
        ("section", "Section text"),
        ("aside", "Aside"),
    ]


def test_embedded_objects_are_opaque_and_their_text_is_extracted():
    article = html_article(HTML_INPUTS["inline-svg"] + HTML_INPUTS["form"])
    assert [(s.kind, s.text) for s in split_article(article).segments] == [
        ("p", "Logo <1/> here."),
        ("svg aria-label", "Company logo"),
        ("title", "Our logo"),
        ("text", "Hi"),
        ("title", "Standalone icon"),
        ("form", "<1>Name</1> <2/><3/><4/><5>Send it</5>"),
        ("input placeholder", "Your name"),
        ("input aria-label", "Full name"),
        ("option", "First choice"),
        ("option", "Second"),
    ]


def test_link_around_a_block_is_a_block():
    """As the HTML Standard builds the tree: the <div> closes the <p>, the adoption agency
    gives it a copy of the open <a>, and `</p>` makes an empty paragraph."""
    article = html_article(HTML_INPUTS["block-in-inline"])
    assert [(s.kind, s.text) for s in split_article(article).segments] == [
        ("p", "Go <1></1>"),
        ("a title", "Go there"),
        ("div", "<1>Block link</1>"),
        ("a title", "Go there"),
        ("body", "now"),
        ("div", "Card title"),
        ("p", "Card body"),
    ]


# --- source lines ---------------------------------------------------------------------------


def test_markdown_lines_count_the_front_matter():
    article = md_article(MARKDOWN_INPUTS["md-rich"])
    lines = [(s.kind, s.text, s.line) for s in split_article(article).segments]
    assert lines == [
        ("h1", "A heading", 4),
        ("p", "Some <1>emphasis</1>, <2>strong</2> and a <3>link</3>. An image: <4/> and <5/>.", 6),
        ("a title", "Link title", 6),
        ("img alt", "A small cat", 6),
        ("li", "First item", 9),
        ("li", "Nested <1>item</1>", 10),
        ("li", "Another", 11),
        ("li", "Second item", 12),
        ("th", "Name", 18),
        ("th", "Value", 18),
        ("td", "Alpha", 20),
        ("td", "one", 20),
        ("td", "Beta", 21),
        ("td", "two", 21),
        ("p", "Quoted text", 23),
    ]


def test_markdown_raw_html_blocks_keep_their_lines():
    article = md_article(  # (the front matter takes lines 1-3)
        "Intro.\n"  # 4
        "\n"
        '<div class="box">\n'  # 6
        "<p>First</p>\n"  # 7
        "\n"
        "<p title='Tip'>Second\n"  # 9
        "<b>bold</b></p>\n"  # 10
        "</div>\n"
        "\n"
        "<script>var s = '<p>';</script>\n"  # 13
        "\n"
        "After *it*.\n"  # 15
    )
    assert [(s.text, s.line) for s in split_article(article).segments] == [
        ("Intro.", 4),
        ("First", 7),
        ("Tip", 9),
        ("Second <1>bold</1>", 9),
        ("After <1>it</1>.", 15),
    ]
    assert "pipeline" not in render_html(article)


def test_markdown_repeated_text_keeps_each_line():
    article = md_article("Same.\n\nOther.\n\nSame.\n")
    assert [(s.text, s.line) for s in split_article(article).segments] == [
        ("Same.", 4),
        ("Other.", 6),
        ("Same.", 8),
    ]


def test_html_lines_point_at_where_the_text_starts():
    article = html_file_article(
        "<!doctype html>\n<html><head><title>Page</title></head>\n<body>\n"  # lines 1-3
        "<h2>Heading</h2>\n"  # 4
        "<p>First line\nsecond line <a href='x' title='Link tip'>link</a>.</p>\n"  # 5-6
        "<div>\n  Loose text\n  <p>Block</p>\n  after\n</div>\n"  # 7-11
        "<ul><li>One\n<li>Two</ul>\n"  # 12-13
        "<img src='x.png' alt='Picture'>\n"  # 14
        "</body></html>\n"
    )
    lines = [(s.text, s.line) for s in split_article(article).segments]
    assert lines == [
        ("Heading", 4),
        ("First line second line <1>link</1>.", 5),
        ("Link tip", 6),
        ("Loose text", 8),
        ("Block", 9),
        ("after", 10),
        ("One", 12),
        ("Two", 13),
        ("Picture", 14),
    ]


def test_html_lines_follow_elements_the_parser_moves_or_copies():
    """Tree order and source order differ: a foster-parented <b> stands before its table,
    the adoption agency copies an open <a> into the next block. Each keeps its start tag's
    line."""
    article = html_file_article(
        "<!DOCTYPE html><title>T</title>\n"  # 1
        "<table><tr><td>Cell</td></tr>\n"  # 2
        "<b>Fostered words</b></table>\n"  # 3
        "<p><a href='/x' title='Tip one'>Start of link\n"  # 4
        "<div>Copied link text</div></a></p>\n"  # 5
    )
    assert [(s.text, s.line) for s in split_article(article).segments] == [
        ("<1>Fostered words</1>", 3),
        ("Cell", 2),
        ("<1>Start of link </1>", 4),
        ("Tip one", 4),
        ("<1>Copied link text</1>", 5),
        ("Tip one", 4),
    ]


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param("<!-- <p>not a tag</p> -->", id="comment"),
        pytest.param("<script>if (a <b) x = '<p>';</script>", id="script"),
        pytest.param("<textarea><p>typed</p></textarea>", id="textarea"),
        pytest.param("<svg><text><![CDATA[a <b>c</b>]]></text></svg>", id="cdata"),
        pytest.param("<style>p > b { x: '<i>' }</style>", id="style"),
        pytest.param('<p title="<b>">x</p>', id="attribute"),
        pytest.param('<p>x<?php echo "<b>"; ?></p>', id="bogus-comment"),
        pytest.param("<p>x</ <b>y</b></p>", id="bogus-end-tag"),
        pytest.param("<p>it<title><b>t</b></title></p>", id="title-in-body"),
        pytest.param("<p title=it's>x<b>y</b></p><script>s = '<i>'</script>", id="apostrophe"),
    ],
)
def test_line_marks_never_enter_text(markup):
    """Start tags get a line attribute before parsing; one inside text would show on the
    page."""
    article = html_file_article(f"<title>T</title>\n<p>Start.</p>{markup}")
    html = render_html(article)
    assert "pipeline" not in html
    assert html == render_html(html_article(f"<p>Start.</p>{markup}"))


def test_html_lines_past_65535():
    """lxml's own `sourceline` stops at 65535."""
    body = "".join(f"<p>Paragraph {n}.</p>\n" for n in range(70000))
    article = html_file_article(f"<title>T</title>\n{body}")
    segments = split_article(article).segments
    assert (segments[-1].text, segments[-1].line) == ("Paragraph 69999.", 70001)


# --- rendering ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_pseudo_translation_changes_all_text_and_keeps_the_dom(name):
    article = CASES[name]
    skeleton = split_article(article)
    html, fallbacks, rejections = apply_translations(skeleton, lambda s: pseudo(s.text))
    assert rejections == [] and not any(fallbacks)
    assert_same_dom(parse(article.body_html), parse(html), pseudo)


@pytest.mark.parametrize("name", CASES)
def test_english_page_gives_back_the_source_dom(name):
    article = CASES[name]
    html, fallbacks, rejections = apply_translations(split_article(article), lambda s: None)
    assert rejections == [] and not any(fallbacks)
    assert_same_dom(parse(article.body_html), parse(html), lambda text: text)


@pytest.mark.parametrize("name", CASES)
def test_english_page_is_stable(name):
    """Rendering the rendered page again changes nothing (no newline or space creeps in)."""
    first = render_html(CASES[name])
    assert render_html(html_article(first)) == first


def test_untranslated_block_keeps_its_source_markup():
    body = '<p class="lead">Visit <a href="https://x.org">our <em>new</em> site</a>.</p>'
    assert render_html(html_article(body)) == body


@pytest.mark.parametrize(
    "table",
    [
        "<table><tr><td>Cell</td></tr></table>",
        "<table><tbody><tr><td>Cell</td></tr></tbody></table>",
    ],
    ids=["implied", "written"],
)
def test_a_tbody_the_source_did_not_write_is_not_written(table):
    """A browser adds it again: the page's tree is the same, and its bytes are the source's."""
    article = html_file_article(f"<!DOCTYPE html><title>T</title>\n{table}\n</body></html>\n")
    html = render_html(article)
    assert html == f"{table}\n"
    assert [e.tag for e in parse(html).iter()] == [e.tag for e in parse(table).iter()]


def test_pre_and_textarea_keep_their_leading_newlines():
    """HTML drops one newline right after <pre> and <textarea>: a second one is content."""
    body = "<pre>\nx</pre><pre>\n\ny</pre><textarea>\n\nz</textarea>"
    html = render_html(html_article(body))
    assert html == "<pre>x</pre><pre>\n\ny</pre><textarea>\n\nz</textarea>"
    assert [e.text for e in parse(html)] == [e.text for e in parse(body)] == ["x", "\ny", "\nz"]


def test_white_space_around_a_run_stays_in_the_skeleton():
    body = "<p>Click <my-icon></my-icon> here</p>"
    assert render_html(html_article(body), {"Click": "点", "here": "这里"}) == (
        "<p>点 <my-icon></my-icon> 这里</p>"
    )


def test_reordered_placeholders_keep_their_elements_and_attributes():
    article = html_article(
        '<p>Read <a href="https://x.org" class="ext">the <strong>full</strong> report</a> by '
        '<cite title="Author">Smith</cite>.</p>'
    )
    msgid = "Read <1>the <2>full</2> report</1> by <3>Smith</3>."
    html, _, rejections = render(
        article, {msgid: "阅读<3>史密斯</3>的<1><2>完整</2>报告</1>。", "Author": "作者"}
    )
    assert rejections == []
    assert html == (
        '<p>阅读<cite title="作者">史密斯</cite>的<a href="https://x.org" class="ext">'
        "<strong>完整</strong>报告</a>。</p>"
    )
    p = parse(html)[0]
    assert [(el.tag, el.text) for el in p.iter("a", "strong", "cite")] == [
        ("cite", "史密斯"),
        ("a", None),
        ("strong", "完整"),
    ]
    assert p.find("a").get("href") == "https://x.org"


def test_reordered_siblings_in_chinese_word_order():
    article = html_article('<p>our <a href="/s">site</a> is <em>new</em></p>')
    html = render_html(article, {"our <1>site</1> is <2>new</2>": "<2>新</2>的<1>网站</1>"})
    assert html == '<p><em>新</em>的<a href="/s">网站</a></p>'


@pytest.mark.parametrize(
    "msgstr",
    [
        pytest.param("<script>alert(1)</script>", id="script"),
        pytest.param("<b>bold</b> <img src=x onerror=alert(1)>", id="tags"),
        pytest.param("</p><div>escaped</div><p>", id="close-the-block"),
        pytest.param("<!-- comment --> &amp; &lt; <![CDATA[x]]>", id="comment-entities"),
    ],
)
def test_markup_in_a_translation_is_text(msgstr):
    article = html_article("<p>Hello <b>world</b></p>")
    html, _, rejections = render(article, {"Hello <1>world</1>": msgstr + " <1>世界</1>"})
    assert rejections == []
    body = parse(html)
    assert tags(body) == tags(parse(article.body_html))
    assert "".join(body[0].itertext()) == msgstr + " 世界"
    assert "&lt;" in html and msgstr not in html


def test_script_in_a_translation_is_escaped():
    html = render_html(html_article("<p>Hello</p>"), {"Hello": "<script>alert(1)</script>"})
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_quotes_in_an_attribute_translation_cannot_open_an_attribute():
    article = html_article('<img src="x.png" alt="A cat">')
    html = render_html(article, {"A cat": 'x" onerror="alert(1)'})
    assert html == '<img src="x.png" alt="x&quot; onerror=&quot;alert(1)">'
    assert dict(parse(html)[0].attrib) == {"src": "x.png", "alt": 'x" onerror="alert(1)'}


BAD_PLACEHOLDERS = [
    pytest.param("访问<1>网站</1>。", "missing <2>", id="missing"),
    pytest.param("访问<1>我们的<2>新</2>网站</1><3/>。", "extra <3/>", id="extra"),
    pytest.param("访问<1>我们的<2>新</2>网站</1><2>新</2>。", "<2> is used twice", id="duplicated"),
    pytest.param("访问<1>我们的</1><2>新</2>网站。", "must stand inside <1>", id="moved-out"),
    pytest.param("访问<1>我们的<2>新</1>网站</2>。", "closes nothing open", id="crossed"),
    pytest.param("访问<1>我们的<2>新</2>网站。", "never closed", id="unclosed"),
    pytest.param("访问<1>我们的<2/>网站</1>。", "is written as <2/>", id="wrong-kind"),
]


@pytest.mark.parametrize(("msgstr", "reason"), BAD_PLACEHOLDERS)
def test_broken_placeholders_are_rejected_and_the_source_is_used(msgstr, reason):
    article = html_article('<p>Visit <a href="https://x.org">our <em>new</em> site</a>.</p>')
    msgid = "Visit <1>our <2>new</2> site</1>."
    html, fallbacks, rejections = render(article, {msgid: msgstr}, source_tag="en")
    assert html == '<p lang="en">Visit <a href="https://x.org">our <em>new</em> site</a>.</p>'
    assert fallbacks == [True]
    [rejection] = rejections
    assert (rejection.segment.text, rejection.msgstr) == (msgid, msgstr)
    assert reason in rejection.reason


def test_extra_placeholder_in_an_attribute_translation_is_rejected():
    article = html_article('<img alt="A cat">')
    html, fallbacks, rejections = render(article, {"A cat": "一只<1>猫</1>"}, source_tag="en")
    assert html == '<img alt="A cat">'
    assert fallbacks == [True] and "extra <1>" in rejections[0].reason


def test_rejected_loose_text_falls_back_inside_a_span():
    article = html_article("<div>Loose <b>text</b><p>Block</p></div>")
    html, fallbacks, rejections = render(
        article, {"Loose <1>text</1>": "松散文本", "Block": "块"}, source_tag="en"
    )
    assert html == '<div><span lang="en">Loose <b>text</b></span><p>块</p></div>'
    assert fallbacks == [True, False] and len(rejections) == 1


def test_untranslated_segments_are_marked_only_on_translated_pages():
    article = html_article("<div>Loose<p>Block</p></div><img alt='Cat'>")
    assert render_html(article) == '<div>Loose<p>Block</p></div><img alt="Cat">'
    html, fallbacks, _ = render(article, source_tag="en")
    assert html == '<div><span lang="en">Loose</span><p lang="en">Block</p></div><img alt="Cat">'
    assert fallbacks == [True, True, True]


def test_block_with_its_own_lang_keeps_it():
    html = render_html(html_article('<p lang="de">Hallo</p>'), {"Hallo": "你好"}, source_tag="en")
    assert html == '<p lang="de">你好</p>'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            '<p>See <svg viewBox="0 0 9 9"><text x="1">Sales <tspan>up</tspan></text></svg></p>',
            '<svg viewBox="0 0 9 9"><text x="1"><tspan lang="en">Sales</tspan> '
            '<tspan lang="en">up</tspan></text></svg>',
            id="svg-text",
        ),
        pytest.param(
            "<p>A <svg><text>Left</text><g></g><text>Right</text></svg></p>",
            '<svg><text lang="en">Left</text><g></g><text lang="en">Right</text></svg>',
            id="svg-two-texts",
        ),
        pytest.param(
            "<p>Chart <svg><title>Yearly sales</title></svg></p>",
            '<svg><title lang="en">Yearly sales</title></svg>',
            id="svg-title",
        ),
        pytest.param(
            "<p>So <math><mi>x</mi><mtext>is small</mtext></math></p>",
            '<math><mi lang="en">x</mi><mtext lang="en">is small</mtext></math>',
            id="mathml",
        ),
    ],
)
def test_fallbacks_inside_svg_and_mathml_use_their_own_elements(body, expected):
    """An HTML `<span>` would end the SVG (an HTML parser leaves the SVG at it): the chart's
    labels would spill out as page text."""
    html = render_html(html_article(body), {}, source_tag="en")
    assert expected in html
    assert "<span" not in html.split("<svg")[-1].split("<math")[-1]
    svg_or_math = parse(html)[0][0]
    assert etree.QName(svg_or_math).localname in ("svg", "math")
    assert "".join(svg_or_math.itertext()).strip() in "".join(parse(body)[0][0].itertext())


def test_fallbacks_follow_segment_order():
    article = html_article("<h2>One</h2><p>Two</p><p>Three</p>")
    _, fallbacks, _ = render(article, {"One": "一", "Three": "三"}, source_tag="en")
    assert fallbacks == [False, True, False]


# --- properties -------------------------------------------------------------------------------

NASTY = ("<", ">", "&", "&amp;", '"', "'", "<script>", "</p>", "<b>", "<!--", "]]>", "<p")
NASTY += ("&#0;", "<1", "/>", "\n", "\u00a0")
TOKEN_LIKE = st.one_of(
    st.integers(0, 6).map(lambda n: f"<{n}>"),
    st.integers(0, 6).map(lambda n: f"</{n}>"),
    st.integers(0, 6).map(lambda n: f"<{n}/>"),
    st.sampled_from(NASTY),
)
ANY_TEXT = st.text()
HTML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"))


def msgstrs(text) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(text, TOKEN_LIKE), max_size=8).map("".join)


def plain(text) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(text, st.sampled_from(NASTY)), max_size=4).map("".join)


def draw_msgstr(data, segment, text) -> str:
    """Either anything at all, or the msgid's placeholders with random text around them."""
    if data.draw(st.booleans()):
        return data.draw(msgstrs(text))
    numbers = {str(number) for number, _ in segment.placeholders}
    parts = re.split(r"(</?\d+/?>)", segment.text)
    return "".join(
        part if part.strip("</>") in numbers else data.draw(plain(text)) for part in parts
    )


PROPERTY_CASES = [
    "nested-inline",
    "literal-placeholder",
    "untranslatable-inline",
    "inline-svg",
    "form",
    "loose-text-in-div",
    "md-rich",
]
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize("name", PROPERTY_CASES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_msgstr_renders_without_raising(name, data):
    skeleton = split_article(CASES[name])
    table = {s.text: draw_msgstr(data, s, ANY_TEXT) for s in skeleton.segments}
    html, fallbacks, rejections = apply_translations(skeleton, lambda s: table[s.text], "en")
    assert isinstance(html, str)
    assert len(fallbacks) == len(skeleton.segments)
    assert all(r.msgstr == table[r.segment.text] for r in rejections)


@pytest.mark.parametrize("name", PROPERTY_CASES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_msgstr_adds_no_element(name, data):
    article = CASES[name]
    skeleton = split_article(article)
    table = {s.text: draw_msgstr(data, s, HTML_TEXT) for s in skeleton.segments}
    source = tags(parse(article.body_html))
    html, _, _ = apply_translations(skeleton, lambda s: table[s.text])
    assert tags(parse(html)) == source
    html, _, _ = apply_translations(skeleton, lambda s: table[s.text], "en")
    added = tags(parse(html)) - source
    assert set(added) <= {"span"} and tags(parse(html)) >= source
