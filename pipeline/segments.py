"""Article <-> Segments: compile an article's body into segments plus a skeleton, and fill it.

The body is walked once. Block-level text becomes one segment per run of inline content,
inline elements become numbered placeholders, translatable attributes become segments of
their own. What is left is a skeleton: literal HTML with a hole per segment. Rendering a
language is then a string join with escaped translations, never a second parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from pipeline.htmltree import IMPLIED_ATTR
from pipeline.links import article_target
from pipeline.model import TRANSLATABLE_FIELDS, Article, Segment
from pipeline.placeholders import Token, judge, structure, tokenize
from pipeline.sources import LINE_ATTR, body_tree, collapse, line_of

PAIRED = frozenset(
    "a abbr b bdi bdo big cite data del dfn em font i ins label button mark nobr "
    "output q ruby rb rp rt s small span strong sub sup time tt u var".split()
)
VOID = frozenset("br wbr img input".split())
EMBEDDED = frozenset("svg math iframe video audio canvas object select picture embed".split())
UNTRANSLATABLE = frozenset("pre code kbd samp textarea script style xmp noembed noframes".split())
PHRASING = PAIRED | VOID | EMBEDDED | UNTRANSLATABLE - {"pre"}
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
RAW_TEXT = frozenset("script style xmp iframe noembed noframes".split())
"""Elements whose content HTML reads as raw text: written back as read, never extracted
(but in SVG and MathML, where a `<script>` or `<style>` holds ordinary text)."""
ESCAPABLE_RAW_TEXT = frozenset(("textarea",))
INTEGRATION_POINTS = frozenset("foreignObject desc title mi mo mn ms mtext annotation-xml".split())
"""SVG and MathML elements whose content HTML parses as HTML again."""
SVG_TEXT = frozenset(("text", "tspan", "textPath"))
TEXT_INTEGRATION_POINTS = INTEGRATION_POINTS - {"foreignObject", "annotation-xml"}
"""SVG and MathML elements meant to hold text: HTML parses a `<span>` in them, but it is
not theirs (an HTML `<title>` holds no elements either)."""
TRANSLATABLE_ATTRIBUTES = frozenset(
    "alt title aria-label placeholder aria-valuetext aria-roledescription aria-description".split()
)
"""Attributes a reader sees or hears, on any element."""
_SOMETIMES = {
    "value": ("input",),
    "label": ("option", "optgroup", "track"),
    "abbr": ("th",),
    "alttext": ("math",),
}
"""Attributes shown only on some elements: a button's `value`, an option's `label`..."""
_BUTTON_TYPES = frozenset(("submit", "reset", "button"))


def _shown(el, name: str) -> bool:
    if el.tag not in _SOMETIMES[name]:
        return False
    return name != "value" or (el.get("type") or "").strip().lower() in _BUTTON_TYPES


_WHITE_SPACE = " \t\n\r\f"
_LETTER = re.compile(r"[^\W\d_]")
_LITERAL = re.compile(r"</?(\d+)/?>")


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;")


def has_letters(text: str) -> bool:
    return _LETTER.search(text) is not None


# --- the skeleton ------------------------------------------------------------------------


@dataclass(slots=True)
class Tag:
    """What a placeholder stands for: its start tag (or whole element) and its end tag."""

    start: list
    end: str = ""


@dataclass(slots=True)
class TextHole:
    """Where a text segment goes; `wrap`: the element a fallback's `lang` goes on when it
    needs one of its own (`span`; `tspan` in SVG text), or "" for none."""

    index: int
    tags: dict[int, Tag]
    wrap: str = "span"


@dataclass(slots=True)
class AttrHole:
    index: int


@dataclass(frozen=True, slots=True)
class LinkHole:
    """An `<a href>` naming another article's source file (`other.md#part`): which page it
    points to depends on the bundle (`pipeline.render.links`)."""

    slug: str
    rest: str
    """The query and fragment, kept as written."""
    written: str
    """The href as the source has it, for a link to no article."""
    line: int


@dataclass(slots=True)
class LangSlot:
    """In a block's start tag: becomes ` lang="en"` when the block's only segment fell back."""

    index: int | None = None


@dataclass(slots=True)
class Skeleton:
    """An article compiled once: body parts with holes, and every segment in document order."""

    parts: list
    segments: list[Segment]
    shapes: list[dict[int, tuple[str, int]]]
    """Per segment: placeholder number -> (kind, enclosing number), to validate translations."""
    tokens: list[list[Token]]
    """Per segment: its own text as tokens, for a page (or a fallback) in the source language."""
    metadata: list[Segment] = field(default_factory=list)


DEEP_STACK = 512 * 1024 * 1024
DEEP_RECURSION = 400_000


def split_article(article: Article) -> Skeleton:
    """Compile an article into its skeleton: body segments, holes, and metadata segments.

    The walk is recursive. A document nested deeper than Python's default recursion limit
    (real exports have thousands of levels) is compiled again in a thread with a large stack.
    """
    try:
        return _split(article)
    except RecursionError:
        return _in_deep_thread(_split, article)


def _in_deep_thread(function, *args):
    import sys
    import threading

    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            outcome["error"] = exc

    old_stack, old_limit = threading.stack_size(), sys.getrecursionlimit()
    threading.stack_size(DEEP_STACK)
    sys.setrecursionlimit(DEEP_RECURSION)
    try:
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _split(article: Article) -> Skeleton:
    compiler = _Compiler()
    body = article.tree if article.tree is not None else body_tree(article.body_html)
    compiler.children(body, compiler.parts, None, translatable=article.metadata.translate)
    skeleton = Skeleton(_join(compiler.parts), compiler.segments, compiler.shapes, compiler.tokens)
    skeleton.metadata = metadata_segments(article)
    return skeleton


def metadata_segments(article: Article) -> list[Segment]:
    meta = article.metadata
    if not meta.translate:
        return []
    segments = []
    for name in TRANSLATABLE_FIELDS:
        value = getattr(meta, name)
        if value and has_letters(value):
            segments.append(Segment(value, name, meta.lines.get(name, 1), context=name))
    return segments


def segments_of(skeleton: Skeleton) -> list[Segment]:
    """Everything to extract, in document order: metadata first, then the body."""
    return [*skeleton.metadata, *skeleton.segments]


class _Compiler:
    def __init__(self) -> None:
        self.parts: list = []
        self.segments: list[Segment] = []
        self.shapes: list[dict[int, tuple[str, int]]] = []
        self.tokens: list[list[Token]] = []
        self.keep_lines = False
        """Inside an element whose inline CSS keeps line breaks (`white-space: pre-line`)."""
        self.sealed = 0
        """Inside `code`, `pre` and the like: no `translate="yes"` makes their content
        translatable."""
        self.foreign = False
        """Inside SVG or MathML (but not at an HTML integration point such as
        `<foreignObject>`), where HTML's `<span>` would end the SVG."""

    def new_segment(self, segment: Segment | None) -> int:
        """A segment's slot; a text run fills in its segment, shape and tokens later."""
        self.segments.append(segment)  # type: ignore[arg-type]
        self.shapes.append({})
        self.tokens.append([Token("text", segment.text)] if segment is not None else [])
        return len(self.segments) - 1

    # Block level: an element and its children, runs of inline content becoming segments.

    def element(self, el, out: list, translatable: bool) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            out.append(_serialize_special(el))
            return
        translatable = _translate(el, translatable) if not self.sealed else False
        if tag == "tbody" and el.get(IMPLIED_ATTR) is not None:
            self.children(el, out, None, translatable)
            return
        slot = self.start_tag(el, out, translatable)
        if tag in VOID_ELEMENTS and not self.foreign:
            return
        keep_lines = self.keep_lines
        style = el.get("style")
        if style is not None and "white-space" in style.lower():
            self.keep_lines = _keeps_lines(style, keep_lines)
        if tag in UNTRANSLATABLE:  # its attributes may be translated, its content never
            self.sealed += 1
            self.content(el, out, slot, False)
            self.sealed -= 1
        else:
            self.content(el, out, slot, translatable)
        self.keep_lines = keep_lines
        out.append(f"</{tag}>")

    def content(self, el, out: list, slot: LangSlot | None, translatable: bool) -> None:
        tag = el.tag
        foreign = self.foreign
        if tag == "svg" or tag == "math":
            self.foreign = True
        elif foreign and tag in INTEGRATION_POINTS:
            self.foreign = False
        if foreign:
            self.children(el, out, slot, translatable)
        elif tag in RAW_TEXT:
            out.append(el.text or "")
        elif tag in ESCAPABLE_RAW_TEXT:
            out.append(_leading_newline(el) + escape_text(el.text or ""))
        else:
            if tag == "pre":
                out.append(_leading_newline(el))
            self.children(el, out, slot, translatable)
        self.foreign = foreign

    def start_tag(self, el, out: list, translatable: bool) -> LangSlot | None:
        tag = el.tag
        text = "<" + tag  # the literal text since the last hole, appended as one part
        for name, value in el.items():
            if name == LINE_ATTR:
                continue
            if (
                translatable
                and (name in TRANSLATABLE_ATTRIBUTES or name in _SOMETIMES and _shown(el, name))
                and has_letters(value)
            ):
                shown = collapse_lines(value) if name == "title" else collapse(value)
                index = self.new_segment(Segment(shown, f"{tag} {name}", line_of(el)))
                out.extend((f'{text} {name}="', AttrHole(index)))
                text = '"'
            elif name == "href" and tag == "a" and (target := article_target(value)):
                out.extend((f'{text} href="', LinkHole(*target, value, _line_up(el))))
                text = '"'
            else:
                text += f' {name}="{escape_attribute(value)}"'
        slot = None
        if translatable and el.get("lang") is None and tag not in VOID_ELEMENTS:
            slot = LangSlot()
            out.extend((text, slot))
            text = ""
        out.append(text + ">")
        return slot

    def children(self, el, out: list, slot: LangSlot | None, translatable: bool) -> None:
        text = el.text
        items: list = [text] if text else []
        for child in el:
            items.append(child)
            tail = child.tail
            if tail:
                items.append(tail)
        runs = _runs(items) if translatable else [(False, items)]
        texts = {id(run): _text_of(run) for inline, run in runs if inline}
        text_runs = [run for inline, run in runs if inline and has_letters(texts[id(run)])]
        chosen = {id(run) for run in text_runs}
        only = len(text_runs) == 1 and all(
            run is text_runs[0] or (inline and not _run_has_visible(run, texts[id(run)]))
            for inline, run in runs
        )
        before = el  # the element a run's leading text follows: the parent, then a block
        for _, run in runs:
            if id(run) in chosen:
                line = _first_line(run, before)
                index = self.run(run, texts[id(run)], el, line, out, not (only and slot))
                if only and slot is not None:
                    slot.index = index
            else:
                for item in run:
                    if isinstance(item, str):
                        out.append(escape_text(item))
                    else:
                        self.element(item, out, translatable)
            if run:  # an empty element has one empty run
                before = run[-1]

    # Inline level: one run becomes one segment and one hole.

    def run(self, run: list, texts: str, parent, line: int, out: list, wrap: bool) -> int:
        """`texts`: the run's text, without markup (a literal `<N>` there is not a
        placeholder, so placeholders take other numbers)."""
        index = self.new_segment(None)
        literal = {int(n) for n in _LITERAL.findall(texts)} if "<" in texts else set()
        numbers = _numbers(literal)
        tags: dict[int, Tag] = {}
        comments: list[tuple[int, str]] = []
        pieces: list[str] = []
        self.inline(run, pieces, tags, comments, numbers)
        raw = "".join(pieces)
        text = collapse_lines(raw) if self.keep_lines else collapse(raw)
        tokens = tokenize(text, tags.keys())
        line = line or line_of(parent)
        self.segments[index] = Segment(text, parent.tag, line, placeholders=tuple(comments))
        self.shapes[index] = structure(tokens)
        self.tokens[index] = tokens
        # The white space around the text stays in the skeleton: next to an element that is
        # not inline (a custom element, <meter>) it still separates words.
        lead, trail = len(raw) - len(raw.lstrip(_WHITE_SPACE)), len(raw.rstrip(_WHITE_SPACE))
        out.extend((raw[:lead], TextHole(index, tags, self.wrapper(parent, wrap)), raw[trail:]))
        return index

    def wrapper(self, parent, wrap: bool) -> str:
        if not wrap:
            return ""
        if self.foreign:
            return "tspan" if parent.tag in SVG_TEXT else ""  # (no element for lang elsewhere)
        return "" if parent.tag in TEXT_INTEGRATION_POINTS else "span"

    def inline(self, run, pieces: list[str], tags: dict, comments: list, numbers) -> None:
        for item in run:
            if isinstance(item, str):
                pieces.append(item)
                continue
            if not isinstance(item.tag, str):
                continue  # comments inside a sentence are dropped
            number = next(numbers)
            start: list = []
            comments.append((number, _start_tag_text(item)))
            if _opaque(item):
                self.element(item, start, True)  # (its own attributes, or an SVG's text)
                tags[number] = Tag(start)
                pieces.append(f"<{number}/>")
            elif item.tag in VOID:
                self.start_tag(item, start, True)
                tags[number] = Tag(_drop_slots(start))
                pieces.append(f"<{number}/>")
            else:
                self.start_tag(item, start, True)
                tags[number] = Tag(_drop_slots(start), f"</{item.tag}>")
                pieces.append(f"<{number}>")
                children = [item.text] if item.text else []
                for child in item:
                    children.append(child)
                    if child.tail:
                        children.append(child.tail)
                self.inline(children, pieces, tags, comments, numbers)
                pieces.append(f"</{number}>")


_WHITE_SPACE_CSS = re.compile(r"white-space\s*:\s*([a-z-]+)", re.I)


def _keeps_lines(style: str, inherited: bool) -> bool:
    """Whether `white-space` in an inline style keeps line breaks (the last one wins)."""
    found = _WHITE_SPACE_CSS.findall(style)
    if not found:
        return inherited
    return found[-1].lower() in ("pre", "pre-wrap", "pre-line", "break-spaces")


def collapse_lines(text: str) -> str:
    """White space collapsed but line breaks kept, as a reader sees text under
    `white-space: pre-line` or in a `title` tooltip."""
    if "\n" not in text:
        return collapse(text)
    return "\n".join(collapse(line) for line in text.split("\n")).strip("\n")


def _numbers(literal: set[int]):
    number = 0
    while True:
        number += 1
        if number not in literal:
            yield number


def _mode(el) -> bool | None:
    """The translation mode the element sets itself, if any: `translate="yes"` or `"no"`
    (the HTML Standard's attribute, which wins), or `class="notranslate"`."""
    translate = el.get("translate")
    if translate is not None:
        translate = translate.strip().lower()
        if translate == "no":
            return False
        if translate in ("yes", ""):
            return True
    classes = el.get("class")
    if classes is not None and "notranslate" in classes.split():
        return False
    return None


def _translatable(el) -> bool:
    """Whether the element itself does not turn translation off (a descendant may turn it
    back on, see `_translate`)."""
    return el.tag not in UNTRANSLATABLE and _mode(el) is not False


def _translate(el, inherited: bool) -> bool:
    """The HTML Standard's translation mode: the element's own, else its parent's. For
    `code`, `pre` and the like, the mode of their attributes: their content never is."""
    mode = _mode(el)
    return inherited if mode is None else mode


def _opaque(el) -> bool:
    return el.tag in EMBEDDED or not _translatable(el)


def _inline(el) -> bool:
    """Phrasing content whose whole subtree is phrasing (an <a> around a <div> is a block)."""
    if not isinstance(el.tag, str):
        return True
    if el.tag not in PHRASING:
        return False  # a <pre> or <div translate="no"> is still a block
    if _opaque(el) or el.tag in VOID:
        return True
    return all(_inline(child) for child in el)


def _runs(items: list) -> list[tuple[bool, list]]:
    runs: list[tuple[bool, list]] = []
    for item in items:
        inline = isinstance(item, str) or _inline(item)
        if runs and runs[-1][0] == inline and inline:
            runs[-1][1].append(item)
        else:
            runs.append((inline, [item]))
    return runs


def _text_of(run: list) -> str:
    """The run's text as a reader sees it: text and tails, not inside opaque elements."""
    found: list[str] = []
    _collect_texts(run, found)
    return "".join(found)


def _collect_texts(run, found: list[str]) -> None:
    for item in run:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item.tag, str) and not _opaque(item):
            text = item.text
            if text:
                found.append(text)
            for child in item:
                _collect_texts((child,), found)
                tail = child.tail
                if tail:
                    found.append(tail)


def _run_has_visible(run: list, text: str) -> bool:
    return any(not isinstance(i, str) and isinstance(i.tag, str) for i in run) or bool(
        text.strip(" \t\n\r\f")
    )


def _first_line(run: list, before) -> int:
    """The line a run starts on: its first element's (or the element it follows, if later),
    or for leading text the line of the element the text follows (its parent, or the block
    it is the tail of) plus the newlines before the first word (a lower bound when that
    block spans several lines)."""
    newlines = 0
    for item in run:
        if not isinstance(item, str):  # (a copy the adoption agency made has the line of
            return max(line_of(item), line_of(before))  # the original, before its parent)
        stripped = item.lstrip(_WHITE_SPACE)
        newlines += item.count("\n", 0, len(item) - len(stripped))
        if stripped:
            break
    return line_of(before) + newlines if line_of(before) else 0


def _line_up(el) -> int:
    """The line of an element, or of the nearest ancestor that has one (Markdown's inline
    elements carry none)."""
    while el is not None:
        line = line_of(el)
        if line:
            return line
        el = el.getparent()
    return 0


def links_of(skeleton: Skeleton) -> list[LinkHole]:
    """Every link to another article's source, in document order."""
    found: list[LinkHole] = []
    _collect_links(skeleton.parts, found)
    return found


def _collect_links(parts: list, found: list[LinkHole]) -> None:
    for part in parts:
        if type(part) is LinkHole:
            found.append(part)
        elif type(part) is TextHole:
            for tag in part.tags.values():
                _collect_links(tag.start, found)


def _drop_slots(parts: list) -> list:
    return [part for part in parts if not isinstance(part, LangSlot)]


def _start_tag_text(el) -> str:
    attrs = "".join(f' {k}="{escape_attribute(v)}"' for k, v in el.attrib.items() if k != LINE_ATTR)
    return f"<{el.tag}{attrs}>"


def _leading_newline(el) -> str:
    """HTML drops a newline right after <pre> and <textarea>: text that starts with another
    needs one written before it."""
    return "\n" if (el.text or "").startswith("\n") else ""


def _serialize_special(node) -> str:
    if node.tag is etree.Comment:
        return f"<!--{node.text or ''}-->"
    if node.tag is etree.ProcessingInstruction:
        return f"<?{node.target} {node.text or ''}>"
    return ""


def _join(parts: list) -> list:
    """Merge adjacent literal strings so rendering joins as few pieces as possible."""
    joined: list = []
    text = ""
    for part in parts:
        if type(part) is str:
            text += part
            continue
        if text:
            joined.append(text)
            text = ""
        joined.append(part)
        if type(part) is TextHole:
            for tag in part.tags.values():
                tag.start = _join(tag.start)
    if text:
        joined.append(text)
    return joined


# --- rendering -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rejection:
    """A translation the renderer refused: it fell back to the source text."""

    segment: Segment
    msgstr: str
    reason: str


@dataclass(slots=True)
class _Choice:
    tokens: list[Token]
    text: str
    fallback: bool


def apply_translations(
    skeleton: Skeleton,
    translate: Callable[[Segment], str | None],
    source_tag: str | None = None,
    link: Callable[[LinkHole], str] | None = None,
) -> tuple[str, list[bool], list[Rejection]]:
    """Fill the skeleton: the body HTML, which segments fell back, and refused translations.

    `translate` returns the msgstr to use, or None for "use the source". With `source_tag`
    set (a translated page), a fallback carries `lang=source_tag` so readers know. `link`
    gives the href of a link to another article (None: as written).
    """
    choices: list[_Choice] = []
    rejections: list[Rejection] = []
    for segment, shape, tokens in zip(
        skeleton.segments, skeleton.shapes, skeleton.tokens, strict=True
    ):
        msgstr = translate(segment)
        if msgstr is not None:
            accepted, problems = judge(segment.text, frozenset(shape), msgstr)
            if accepted is not None:
                choices.append(_Choice(accepted, msgstr, False))
                continue
            rejections.append(Rejection(segment, msgstr, problems[0]))
        choices.append(_Choice(tokens, segment.text, source_tag is not None))
    out: list[str] = []
    _fill(skeleton.parts, choices, source_tag, out, link or _as_written)
    return "".join(out), [c.fallback for c in choices], rejections


def _as_written(hole: LinkHole) -> str:
    return hole.written


def _fill(
    parts: list,
    choices: list[_Choice],
    source_tag: str | None,
    out: list[str],
    link: Callable[[LinkHole], str],
) -> None:
    for part in parts:
        if type(part) is str:
            out.append(part)
        elif type(part) is TextHole:
            choice = choices[part.index]
            wrap = part.wrap if choice.fallback else ""
            if wrap:
                out.append(f'<{wrap} lang="{source_tag}">')
            for token in choice.tokens:
                kind = token.kind
                if kind == "text":
                    out.append(escape_text(token.value))
                elif kind == "close":
                    out.append(part.tags[int(token.value)].end)
                else:
                    _fill(part.tags[int(token.value)].start, choices, source_tag, out, link)
            if wrap:
                out.append(f"</{wrap}>")
        elif type(part) is AttrHole:
            out.append(escape_attribute(choices[part.index].text))
        elif type(part) is LangSlot and part.index is not None and choices[part.index].fallback:
            out.append(f' lang="{source_tag}"')
        elif type(part) is LinkHole:
            out.append(escape_attribute(link(part)))
