"""HTML text -> the lxml tree a browser builds from it, each element carrying its source line.

Parsing follows the HTML Standard (Lexbor, through selectolax): libxml2's HTML parser, which
lxml has, builds other trees (it drops text after `</body>`, honours `<span/>`, loses bold
after misnested formatting), and the page must publish what the reader of the source sees.
The segmenter walks lxml trees, so a plain walk copies Lexbor's tree into one.

Lexbor reports no source lines. Before parsing, every start tag the tokenizer will see gets a
`data-pipeline-line` attribute naming its line (`annotate_lines`); the attribute travels with
the element wherever tree construction moves or clones it (foster parenting, the adoption
agency), so lines stay right where document order and source order differ.
"""

from __future__ import annotations

import re
from contextlib import suppress

from lxml import etree
from selectolax.lexbor import LexborHTMLParser

LINE_ATTR = "data-pipeline-line"
IMPLIED_ATTR = "data-pipeline-implied"
"""On a `<tbody>` the source does not write (the parser adds it to a table's rows): the
page need not write it either, a browser adds it again."""

_START_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment (a tag in it is text)
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"  # CDATA (SVG, MathML)
    r"|<(?:[!?]|/[^a-zA-Z>])[^>]*>?"  # a doctype, a bogus comment (`<?php "<b>" ?>`)
    r"|<([a-zA-Z][^\t\n\f />]*)"  # a start tag: its name, and its attributes (a `<` in a
    r"[^>\"'=]*(?:=[\t\n\f ]*(?:\"[^\"]*\"?|'[^']*'?)?[^>\"'=]*)*>?"  # quoted value is text)
    r"|</([a-zA-Z][^\t\n\f />]*)",  # an end tag's name
    re.S,
)
"""What to look at for start tags (and the names of end tags, for `_FORMATTING`)."""
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
"""The HTML Standard's formatting elements: the parser compares their attributes."""
_RAW_TEXT = frozenset("script style xmp iframe noembed noframes textarea title plaintext".split())
"""Start tags after which the tokenizer reads text up to the matching end tag (or, after
`<plaintext>`, to the end)."""
_END_OF_RAW = {name: re.compile(rf"</{name}[\t\n\f />]", re.I) for name in _RAW_TEXT}


def annotate_lines(text: str, first_line: int = 1, formatting: bool = True) -> str:
    """`text` with ` data-pipeline-line="N"` after the name of every start tag, N its line.

    A start tag inside a comment, CDATA or raw text (`script`, `textarea`, ...) is text, not a
    tag, and is left alone; after `<plaintext>` everything is text.

    The parser keeps at most three equal formatting elements (`b`, `i`, `a`, ...) open at once
    ("Noah's Ark"), comparing their attributes, so marks of different lines would change the
    tree. Where three of one name may be open together, those elements get no mark (they take
    the line of the element before them, as elements the parser makes up do). `formatting`
    False: never mark them (for a piece of a larger document, which may be crowded as a whole).
    """
    if not formatting:
        return _annotate(text, first_line, mark_formatting=False)[0]
    annotated, crowded = _annotate(text, first_line, mark_formatting=True)
    return _annotate(text, first_line, mark_formatting=False)[0] if crowded else annotated


def _annotate(text: str, first_line: int, mark_formatting: bool) -> tuple[str, bool]:
    """The annotated text, and whether three formatting elements of one name may be open at
    once (counting start tags against end tags: more often than the parser's list holds)."""
    out: list[str] = []
    done = 0  # text[:done] is in `out`
    line = first_line
    position = 0
    open_by_name: dict[str, int] = {}
    crowded = False
    search = _START_TAG.search
    while (match := search(text, position)) is not None:
        position = match.end()
        name, closing = match.group(1, 2)
        if closing is not None:
            lower = closing.lower()
            if lower in _FORMATTING and open_by_name.get(lower):
                open_by_name[lower] -= 1
            continue
        if name is None:
            continue
        lower = name.lower()
        if lower in _FORMATTING:
            count = open_by_name[lower] = open_by_name.get(lower, 0) + 1
            crowded = crowded or count >= 3
            if not mark_formatting:
                continue
        at = match.start() + 1 + len(name)
        line += text.count("\n", done, at)
        out.append(text[done:at])
        out.append(f' {LINE_ATTR}="{line}"')
        done = at
        if lower in _RAW_TEXT:
            if lower == "plaintext":
                break
            end = _END_OF_RAW[lower].search(text, position)
            position = end.start() if end else len(text)
    out.append(text[done:])
    return "".join(out), crowded


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """lxml holds no control characters: a form feed (HTML white space) becomes a space, and
    the others, which a browser shows as nothing, are dropped."""
    if _NOT_XML.search(text) is None:
        return text
    return _NOT_XML.sub(lambda m: " " if m.group() == "\x0c" else "", text)


def parse_document(text: str) -> tuple[LexborHTMLParser, etree._Element]:
    """Parse a whole document, as a browser does; the lexbor document (for the head) and the
    body as an lxml `<body>` element whose elements carry their line in LINE_ATTR (an element
    the parser made up, the line of the one before it; `<body>` itself, 0).

    Always in no-quirks mode, as if the source began with `<!DOCTYPE html>`: the page it
    becomes does, and a browser must build the same tree from the page as from the source
    (in quirks mode a `<table>` stays inside an open `<p>`; on the page it would not)."""
    document = _parse_document(text)
    body = etree.Element("body", {LINE_ATTR: "0"})
    if document.body is not None:
        _copy_nodes(document.body.first_child, body, every_tag_has_a_line=True)
    _unnest_forms(body)
    return document, body


def _parse_document(text: str) -> LexborHTMLParser:
    return LexborHTMLParser("<!DOCTYPE html>" + annotate_lines(xml_safe(text)))


def root_attributes(text: str) -> dict:
    """The `<html>` element's attributes (with its line in LINE_ATTR), as a browser reads
    them, without building the body's tree."""
    root = _parse_document(text).root
    return dict(root.attributes) if root is not None else {}


def parse_body(html: str) -> etree._Element:
    """Parse HTML as the content of a page's `<body>` (a Markdown rendering), as a browser
    does, lines as `parse_document` gives them. (A document rather than a fragment: a
    top-level comment of a Lexbor fragment serializes with its siblings; the two parse alike
    after `<body>`.)"""
    document = LexborHTMLParser("<!DOCTYPE html><body>" + xml_safe(html))
    body = etree.Element("body", {LINE_ATTR: "0"})
    if document.body is not None:
        _copy_nodes(document.body.first_child, body)
    _unnest_forms(body)
    return body


def _unnest_forms(body: etree._Element) -> None:
    """Tree construction can leave a `<form>` inside another (`<p><b></p><form>...</form>
    <form>` puts the second inside the first through the `<b>` it reopens), which no HTML
    can say: parsing the page drops the inner start tag. Drop it here, so that the tree the
    pipeline works on is the one the page gives."""
    for form in list(body.iter("form")):
        if next(form.iterancestors("form"), None) is None:
            continue
        parent = form.getparent()
        position = parent.index(form)
        if form.text:
            _append_text(parent, position, form.text)
        children = list(form)
        for offset, child in enumerate(children):
            parent.insert(position + offset, child)
        tail = form.tail
        parent.remove(form)
        if tail:
            _append_text(parent, position + len(children), tail)


def _append_text(parent: etree._Element, position: int, text: str) -> None:
    """Text after `parent`'s child at `position - 1` (or at its start)."""
    if position == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[position - 1]
        before.tail = (before.tail or "") + text


def _copy_nodes(first, target: etree._Element, every_tag_has_a_line: bool = False) -> None:
    """Copy the node `first` and its siblings after it under `target`, depth first without
    recursion: real exports nest thousands of levels deep. `every_tag_has_a_line`: each start
    tag of the source was annotated, so an element without a line is one the parser made."""
    stack = [(first, target, None)]
    line = "0"  # an element the parser made up takes the line of the one before it
    while stack:
        node, parent, last = stack.pop()
        while node is not None:
            tag = node.tag
            if tag == "-text":
                text = node.text_content
                if last is None:
                    parent.text = (parent.text or "") + text
                else:
                    last.tail = (last.tail or "") + text
            elif tag == "-comment":
                last = etree.Comment()
                last.text = _comment_text(node)  # (the constructor refuses "--", HTML does not)
                parent.append(last)
            elif tag is not None and tag[0] != "-":
                if tag == "plaintext":  # (it would swallow the page after the article)
                    tag = "pre"
                attributes = node.attributes
                own = attributes.get(LINE_ATTR)
                if own is None:
                    if tag == "tbody" and every_tag_has_a_line and not attributes:
                        attributes[IMPLIED_ATTR] = ""
                    attributes[LINE_ATTR] = line
                else:
                    line = own
                element = _element(parent, tag, attributes)
                children = node.first_child
                if tag in _TEXT_ONLY and children is not None and _holds_elements(node):
                    element.text = _child_text(node)
                    children = None
                elif tag == "template":
                    fragments = node.template_fragments()
                    children = fragments[0].first_child if fragments else None
                if children is not None:
                    stack.append((node.next, parent, element))
                    node, parent, last = children, element, None
                    continue
                last = element
            node = node.next


_TEXT_ONLY = _RAW_TEXT - {"plaintext"}
"""Elements whose content the tokenizer reads as text: they hold one text node, but tree
construction may put an element there (`<b></p><textarea>` reopens the `<b>` inside), which
no serialization could give back. A browser shows their child text content: their own
text nodes, not the element's."""


def _holds_elements(node) -> bool:
    """Whether an element that holds text only in HTML holds an element (and is in HTML: an
    SVG `<style>` or `<title>` may hold elements)."""
    child = node.first_child
    while child is not None and child.tag in ("-text", "-comment"):
        child = child.next
    if child is None:
        return False
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.tag in ("svg", "math"):
            return False
        if ancestor.tag in ("foreignObject", "body"):
            return True
        ancestor = ancestor.parent
    return True


def _child_text(node) -> str:
    texts = []
    child = node.first_child
    while child is not None:
        if child.tag == "-text":
            texts.append(child.text_content)
        child = child.next
    return "".join(texts)


def _comment_text(node) -> str:
    """As written: `comment_content` strips white space."""
    html = node.html or "<!---->"
    return html[4:-3]


def _element(parent: etree._Element, tag: str, attributes: dict) -> etree._Element:
    try:
        return etree.SubElement(parent, tag, attributes)
    except TypeError:  # an attribute without a value (`<input disabled>`)
        return _element(parent, tag, {k: v or "" for k, v in attributes.items()})
    except ValueError:  # a name HTML allows and XML does not (`@click`, `xlink:href`)
        return _lenient_element(parent, tag, attributes)


_LENIENT = etree.HTMLParser(no_network=True, default_doctype=False)


def _lenient_element(parent: etree._Element, tag: str, attributes: dict) -> etree._Element:
    """An element with a name lxml's API refuses. libxml2's HTML parser creates such
    attributes as they are, so they are parsed through it (lowercased, as HTML has them);
    the others are set after them, keeping their case (`viewBox`)."""
    odd = "".join(
        f' {name}="{_escape(value)}"' for name, value in attributes.items() if not _valid(name)
    )
    document = etree.fromstring(f"<html><body><span{odd}></span></body></html>", _LENIENT)
    element = document.find("body")[0]
    with suppress(ValueError):  # a tag name XML refuses too: rare enough to publish a <span>
        element.tag = tag
    for name, value in attributes.items():
        if _valid(name):
            element.set(name, value or "")
    parent.append(element)
    return element


_PROBE = etree.Element("p")


def _valid(name: str) -> bool:
    try:
        _PROBE.set(name, "")
    except ValueError:
        return False
    del _PROBE.attrib[name]
    return True


def _escape(value: str | None) -> str:
    return (value or "").replace("&", "&amp;").replace('"', "&quot;")
