"""The reference HTML parser of the tests: html5lib, which implements the HTML Standard's
parsing algorithm in pure Python (too slow for the pipeline, independent of Lexbor)."""

from __future__ import annotations

import re

import html5lib
from lxml import etree

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""What lxml cannot hold (html5lib's lxml tree builder fails on it): left out."""


def parse_fragment(html: str) -> etree._Element:
    """`html` parsed as the content of a `<body>`, as a `<body>` lxml element. HTML elements
    have plain names; SVG and MathML ones their namespace (`{http://www.w3.org/2000/svg}g`)."""
    nodes = html5lib.parseFragment(
        _NOT_XML.sub("", html), container="body", treebuilder="lxml", namespaceHTMLElements=False
    )
    return _follow_the_standard(_body(nodes))


def parse_document_body(html: str) -> etree._Element:
    """The `<body>` a browser builds from a whole document."""
    document = html5lib.parse(
        _NOT_XML.sub("", html), treebuilder="lxml", namespaceHTMLElements=False
    )
    return _follow_the_standard(document.getroot().find("body"))


def _follow_the_standard(body: etree._Element) -> etree._Element:
    """Where html5lib 1.1 (2020) lags the HTML Standard: in a table cell or caption it keeps
    the newline right after `<pre>`, `<listing>` and `<textarea>`, which the standard drops
    wherever the element stands."""
    for element in body.iter("pre", "listing", "textarea"):
        in_table = any(a.tag in ("td", "th", "caption") for a in element.iterancestors())
        if in_table and element.text and element.text.startswith("\n"):
            element.text = element.text[1:] or None
    return body


def _body(nodes: list) -> etree._Element:
    body = etree.Element("body")
    for node in nodes:
        if isinstance(node, str):
            if len(body):
                body[-1].tail = (body[-1].tail or "") + node
            else:
                body.text = (body.text or "") + node
        else:
            body.append(node)
    return body


VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont bgsound "
    "frame keygen".split()
)
RAW = frozenset("style script xmp iframe noembed noframes plaintext".split())
NEWLINE_DROPPED = frozenset(("pre", "textarea", "listing"))
TEXT_ONLY = RAW | {"textarea", "title"}
XLINK = "{http://www.w3.org/1999/xlink}"
XML = "{http://www.w3.org/XML/1998/namespace}"


def serialize(element: etree._Element, foreign: bool = False) -> str:
    """The HTML Standard's serialization of an element's children (innerHTML). `foreign`:
    the element is an SVG or MathML one, for trees whose elements have plain names (the
    pipeline's)."""
    out: list[str] = []
    html = not foreign and "}" not in element.tag
    integration = element.tag.rpartition("}")[2] in INTEGRATION_POINTS
    if html and element.tag in NEWLINE_DROPPED and (element.text or "").startswith("\n"):
        out.append("\n")  # parsing drops one newline there (HTML 4's rule, kept by browsers)
    raw = html and element.tag in RAW
    if html and element.tag in TEXT_ONLY:  # only its text can be written (see `page_dom`)
        text = (element.text or "") + "".join(c.tail or "" for c in element)
        return "".join(out) + (text if raw else _escape(text))
    if element.text:
        out.append(element.text if raw else _escape(element.text))
    for child in element:
        if child.tag is etree.Comment:
            out.append(f"<!--{child.text or ''}-->")
        elif isinstance(child.tag, str):
            name = child.tag.rpartition("}")[2]
            attrs = "".join(
                f' {_attribute_name(k)}="{_escape(v, attribute=True)}"' for k, v in child.items()
            )
            out.append(f"<{name}{attrs}>")
            inside = name in ("svg", "math") or (foreign and not integration)
            if name not in VOID or "}" in child.tag or inside:
                out.append(serialize(child, inside) + f"</{name}>")
        if child.tail:
            out.append(child.tail if raw else _escape(child.tail))
    return "".join(out)


INTEGRATION_POINTS = frozenset("foreignObject desc title mi mo mn ms mtext annotation-xml".split())


def _attribute_name(name: str) -> str:
    return name.replace(XLINK, "xlink:").replace(XML, "xml:").rpartition("}")[2]


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("\xa0", "&nbsp;")
    if attribute:
        return text.replace('"', "&quot;")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def page_dom(html: str) -> etree._Element:
    """The body a page can carry for `html`: a browser's tree for it, serialized and parsed
    again. Some trees have no serialization (a `<form>` the adoption agency put inside
    another); the page holds what parsing the serialization gives. An element the adoption
    agency put inside a `<textarea>` (or another element whose content is text) cannot be
    written there: the page keeps the text a browser shows, the child text content."""
    return parse_fragment(serialize(parse_fragment(html)))
