"""Catalog text -> polib.POFile, read exactly as GNU msgfmt reads it, or a `PoSyntaxError`.

Why: polib and Babel accept files that msgfmt refuses, and read some strings differently (a
string without its closing quote loses its last character; `\\a` and `\\101` stay literal), so
a translator's slip in a text editor silently changed published text. msgfmt is the reference:
this reader follows its lexer (tokens, not lines: a keyword and its string may stand on
different lines, `#~` and `#|` are prefixes that mark the tokens after them on the line) and its
grammar (a comment may not stand inside a message; plural forms are numbered from 0; a message
may not be defined twice), and names the line msgfmt names. What it accepts becomes the very
objects polib builds, our in-memory form. tests/test_msgfmt_oracle.py holds it to msgfmt.

Deliberate differences from msgfmt, all on the side of losing nothing: a byte order mark is
accepted (the caller drops it); a NUL character, raw or escaped, and escapes that spell invalid
UTF-8 are refused (msgfmt cuts the string there or writes the raw bytes); a message both live
and obsolete is accepted (DESIGN.md: the live one stays, the merge keeps the obsolete one's
translation in a comment); a `domain` line is refused (one catalog is one domain here).

Speed: nearly every line of a catalog is one of a few shapes (a keyword and a plain string, a
plain string, a comment); those are recognised with string operations, and only other lines
are tokenised with the full regular expression. Both paths feed the same parser. On those
lines a message also ends and the next begins inline, and the check for newlines runs only
when an escape made one: reading costs 1.02× the instructions of the lenient reader this one
replaced (`bench/read.py --instructions`).
"""

from __future__ import annotations

import codecs
import gc
import re

import polib

from pipeline.catalogs.entries import new_entry

_WHITE = " \t\r\f\v"  # msgfmt's white space; str.strip() would take more (U+001C, U+2028, ...)
_CHARSET = re.compile(r'"?Content-Type:.+? charset=([\w_\-:\.]+)')  # polib's pattern
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_TOKEN = re.compile(
    r"""(?P<white>[ \t\r\f\v]+)
    |"(?P<string>(?:[^"\\]|\\.)*)"
    |(?P<open>")
    |(?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
    |(?P<number>[0-9]+)
    |(?P<bracket>[\[\]])
    |(?P<hash>\#)
    |(?P<junk>.)""",
    re.VERBOSE,
)
_ESCAPE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9a-fA-F]+)|(.|$))")
_LETTERS = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
_KEYWORDS = ("msgid", "msgstr", "msgctxt", "msgid_plural")

# Where the parser stands: between messages, after a keyword that a string must follow, or in
# the strings of a part of the message. The parts of a message, in msgfmt's grammar:
#   [#| [msgctxt S+] msgid S+ [msgid_plural S+]] [msgctxt S+] msgid S+
#   (msgstr S+ | [msgid_plural S+] (msgstr[N] S+)+)
_TOP, _WAIT, _STRINGS = range(3)
_FIELDS = {
    "prev_ctxt": "previous_msgctxt",
    "prev_id": "previous_msgid",
    "prev_plural": "previous_msgid_plural",
    "ctxt": "msgctxt",
    "id": "msgid",
    "plural": "msgid_plural",
    "str": "msgstr",
}
_PREVIOUS_PARTS = ("prev_ctxt", "prev_id", "prev_plural")
_ENDS = ("str", "form")  # the parts a message may end with


class PoSyntaxError(ValueError):
    """A catalog msgfmt would refuse: `line` is where msgfmt says so (1-based)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def parse(text: str) -> polib.POFile:
    """Read a catalog's text (already decoded; without a BOM) as msgfmt reads it."""
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise PoSyntaxError(line, "a NUL character cannot be stored in a catalog")
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new objects, no cycles: the collector only costs time
    try:
        return _Parser(text).read()
    finally:
        if collecting:
            gc.enable()


def _encoding(text: str) -> str:
    """What `polib.detect_encoding(text)` answers for a catalog's text. Not that function
    itself: it first asks the file system whether the whole text is a file name, one
    system call of a 10 KB path for every catalog a build reads."""
    match = _CHARSET.search(text)
    if match:
        try:
            codecs.lookup(match.group(1).strip())
            return match.group(1).strip()
        except LookupError:
            pass
    return polib.default_encoding


def unescape(body: str, line: int) -> str:
    """A string's text between its quotes, with msgfmt's escapes: the C letters, octal
    (at most 3 digits) and hex (any number of digits; the last byte counts), as bytes."""
    if "\\" not in body:
        return body
    if "\\\\" not in body and body.count("\\") == body.count("\\n"):
        return body.replace("\\n", "\n")  # the header's lines, and most others with escapes
    raw = False
    pieces: list[bytes] = []
    position = 0
    for match in _ESCAPE.finditer(body):
        letter, octal, hexa, other = match.groups()
        pieces.append(body[position : match.start()].encode("utf-8"))
        position = match.end()
        if letter:
            pieces.append(_LETTERS[letter].encode("ascii"))
            continue
        if other is not None:
            raise PoSyntaxError(line, "invalid control sequence")
        raw = True
        value = int(octal, 8) if octal else int(hexa, 16)
        pieces.append(bytes((value & 0xFF,)))
    pieces.append(body[position:].encode("utf-8"))
    data = b"".join(pieces)
    if raw and b"\0" in data:
        raise PoSyntaxError(line, "a NUL character (an escape worth 0) cannot be stored")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise PoSyntaxError(line, "escape sequences that do not spell valid UTF-8") from None


class _Parser:
    """One pass over the lines, feeding msgfmt's tokens to its grammar."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.po = polib.POFile(wrapwidth=79)
        self.state = _TOP
        self.part = ""  # which part of the message the strings extend (a key of _FIELDS)
        self.entry = _NO_MESSAGE  # (until the first keyword; never written to)
        self.form = 0  # the plural form being read
        self.forms = 0  # how many plural forms the message has so far
        self.last_line = 0  # the line the file ends in, unless it ends with a line end
        self.obsolete = False  # the message's `#~` mark: every token of it must agree
        self.has_plural = False
        self.intro = 0  # the line of msgid, which msgfmt names for a whole message
        self.msgstr_line = 0  # which msgfmt names for a translation's faults
        self.fault: tuple[int, str] | None = None  # what msgfmt says once the message ends
        self.lines: list[tuple[int, int]] = []  # each message's intro and msgstr lines
        self.pending: polib.POEntry | None = None  # made by comments before a message
        self.fast: str | None = None  # the field a plain continuation line extends, if any
        self.in_header = True  # leading "# " comments are the file's header, as polib has it
        self.newlines = False  # whether a message but the header has a newline or a plural

    def read(self) -> polib.POFile:
        self.po.encoding = _encoding(self.text)
        text, joins = _join_continued_lines(self.text)
        lines = text.split("\n")
        self.last_line = -1 if self.text.endswith("\n") else self.text.count("\n") + 1
        number = 0
        po, lines_of = self.po, self.lines
        for number, line in zip(_numbers(len(lines), joins), lines, strict=True):
            stripped = line.strip()
            # (the same object when nothing was stripped; else only msgfmt's white space goes)
            line = stripped if stripped is line else line.strip(_WHITE)
            if not line:
                continue
            # The commonest lines, inline; each does exactly what `line` would do with it.
            # `fast` names the field a live message's plain strings extend: "msgid" or
            # "msgstr" mean the message is in its msgid or (singular) msgstr, not obsolete.
            first = line[0]
            if first == '"':  # a continuation of a live message's string
                field = self.fast
                if field is not None and line[-1] == '"' != line:
                    inner = line[1:-1]
                    if '"' not in inner:
                        if "\\" not in inner:
                            self.entry.__dict__[field] += inner
                            continue
                        if line[-2] != "\\":  # (else the last quote may be escaped)
                            inner = unescape(inner, number)
                            if "\n" in inner and (field != "msgstr" or self.entry.msgid):
                                self.newlines = True  # (not for the header's lines)
                            self.entry.__dict__[field] += inner
                            continue
            elif first == "#":  # a reference, an extracted or a translator comment
                kind = line[1:2]
                if kind in (":", ".", " "):
                    entry = self.pending  # (when set, no message is open: the next is near)
                    if entry is None:
                        if self.fast == "msgstr":  # the message ends here, as in `complete`
                            list.append(po, self.entry)
                            lines_of.append((self.intro, self.msgstr_line))
                            self.state, self.part, self.fast = _TOP, "", None
                        elif self.state != _TOP or self.in_header:
                            self.line(line, number)
                            continue
                        entry = self.pending = new_entry(number)
                    if kind == ":":
                        entry.occurrences += [_occurrence(word) for word in line[2:].split()]
                    elif kind == ".":
                        note = line[3:] if line[2:3] == " " else line[2:]
                        if note:
                            entry.comment = f"{entry.comment}\n{note}" if entry.comment else note
                    else:
                        _apply_comment(entry, line[1:])
                    continue
            elif first == "m":
                if line[:8] == 'msgstr "':
                    inner = line[8:-1]  # (the commonest keyword line: msgstr after msgid)
                    if (
                        self.fast == "msgid"
                        and line[-1] == '"'
                        and len(line) > 8
                        and '"' not in inner
                        and "\\" not in inner
                    ):
                        self.msgstr_line = number
                        self.entry.msgstr = inner
                        self.part, self.fast = "str", "msgstr"
                        continue
                elif line[:7] == 'msgid "':
                    inner = line[7:-1]  # (msgid opening a live message)
                    if line[-1] == '"' and len(line) > 7 and '"' not in inner and "\\" not in inner:
                        fast = self.fast
                        if fast == "msgctxt":  # the message goes on
                            self.entry.msgid = inner
                            self.intro = number
                            self.part, self.fast = "id", "msgid"
                            continue
                        if fast == "msgstr":  # the previous message ends
                            list.append(po, self.entry)
                            lines_of.append((self.intro, self.msgstr_line))
                        elif self.state != _TOP:
                            self.line(line, number)
                            continue
                        # A live message begins, as in `start` (whatever ended before left
                        # no plural and no `#~` behind).
                        entry = self.pending
                        if entry is None:
                            entry = new_entry(number)
                        else:
                            self.pending = None
                        entry.obsolete = 0
                        entry.msgid = inner
                        self.entry, self.intro, self.in_header = entry, number, False
                        self.state, self.part, self.fast = _STRINGS, "id", "msgid"
                        continue
                elif self.plain(line, number):
                    continue
            self.line(line, number)
        self.end(number)
        self.judge()
        self.metadata()
        return self.po

    def plain(self, line: str, number: int) -> bool:
        """`msgctxt "…"` opening a live message, as `line` would read it; False for anything
        else (the loop in `read` takes msgid and msgstr lines)."""
        if line[:9] != 'msgctxt "' or line[-1] != '"' or len(line) == 9:
            return False
        inner = line[9:-1]
        if '"' in inner or "\\" in inner:
            return False
        if self.fast == "msgstr":
            self.complete(number)
        elif self.state != _TOP:
            return False
        self.start(number, False)
        self.entry.msgctxt = inner
        self.state, self.part, self.fast = _STRINGS, "ctxt", "msgctxt"
        return True

    # --- the lexer -----------------------------------------------------------------------

    def line(self, line: str, number: int, obsolete: bool = False) -> None:
        """The common shapes by string tests; any other line token by token."""
        if not line:
            return
        first = line[0]
        if first == '"':  # a continuation: the commonest line of all
            inner = line[1:-1]
            if line[-1] == '"' and len(line) > 1 and '"' not in inner and "\\" not in inner:
                self.string(inner, number, obsolete, False)
                return
        elif first == "#":
            second = line[1:2]
            if second == "~" and line[2:3] != "|":
                self.line(line[2:].lstrip(_WHITE), number, True)
                return
            if second not in ("~", "|"):
                self.comment(line[1:], number)
                return
        elif first == "m":
            keyword, space, rest = line.partition(" ")
            if space and keyword in _KEYWORDS:
                match = _STRING.fullmatch(rest)
                if match:
                    self.keyword(keyword, number, obsolete, False)
                    self.string(unescape(match.group(1), number), number, obsolete, False)
                    return
        self.tokens(line, number, obsolete)

    def tokens(self, line: str, number: int, obsolete: bool) -> None:
        """Any line, as msgfmt's lexer reads it: `#~` and `#|` mark the tokens after them."""
        previous = False
        position = 0
        while position < len(line):
            match = _TOKEN.match(line, position)
            assert match is not None  # the last alternative takes any character
            kind = match.lastgroup
            position = match.end()
            if kind == "white":
                continue
            if kind == "string":
                value = unescape(match.group("string"), number)
                self.string(value, number, obsolete, previous)
            elif kind == "name":
                glued = match.start() > 0 and line[match.start() - 1] == '"'
                self.name(match.group(), number, obsolete, previous, glued)
            elif kind == "hash":
                mark = line[position : position + 1]
                if mark == "~":
                    obsolete = True
                    position += 1
                    mark = line[position : position + 1]
                    if mark == "|":
                        previous = True
                        position += 1
                elif mark == "|":
                    previous = True
                    position += 1
                else:
                    self.comment(line[position:], number)
                    return
            elif kind == "open":
                end = "file" if number == self.last_line else "line"
                raise PoSyntaxError(number, f"end-of-{end} within string")
            elif match.group() == "[" and self.state == _WAIT and self.part == "msgstr":
                index = _INDEX.match(line, position)
                if index is None:
                    self.junk(number)
                assert index is not None
                self.plural_form(int(index.group(1)), number)
                position = index.end()
            else:
                self.junk(number)

    def name(
        self, name: str, number: int, obsolete: bool, previous: bool, glued: bool = False
    ) -> None:
        if name in _KEYWORDS and (not previous or name != "msgstr"):
            self.keyword(name, number, obsolete, previous)
        elif name == "domain" and not previous:
            raise PoSyntaxError(number, "'domain' lines are not supported: one domain per file")
        else:
            hint = '; a quote inside a string is written \\"' if glued else ""
            raise PoSyntaxError(number, f'keyword "{name}" unknown{hint}')

    # --- the grammar ---------------------------------------------------------------------

    def keyword(self, name: str, number: int, obsolete: bool, previous: bool) -> None:
        """A keyword either opens a message or goes on with the one being read."""
        part = _PART_OF[previous, name]
        if self.state != _WAIT and self.part in _ENDS and part in _OPENERS:
            self.complete(number)
        if self.state == _TOP:
            if part not in _OPENERS:
                self.junk(number)
            self.start(number, obsolete)
        elif self.state == _WAIT or part not in _FOLLOWERS.get(self.part, ()):
            self.junk(number)
        elif obsolete != self.obsolete:
            raise PoSyntaxError(number, "inconsistent use of #~")
        if part == "id":
            self.intro = number
        elif part == "msgstr" and self.part != "form":
            self.msgstr_line = number
        self.state, self.part, self.fast = _WAIT, part, None
        if part == "plural":
            self.has_plural = self.newlines = True  # (msgid_plural: see `judge`)
        elif part == "msgstr":
            return  # a string or `[N]` decides which
        field = _FIELDS[part]
        self.entry.__dict__[field] = ""

    def plural_form(self, index: int, number: int) -> None:
        """msgfmt checks the index of each form but the first against its place at once, and
        the first (or the missing msgid_plural) only when the message is complete."""
        forms = self.entry.msgstr_plural
        place, self.forms = self.forms, self.forms + 1
        if place and index != place:
            raise PoSyntaxError(number, "plural form has wrong index")
        if not place and not self.has_plural:
            self.fault = (self.intro, "missing 'msgid_plural' section")
        elif not place and index != 0:
            self.fault = (number, "first plural form has nonzero index")
        forms[index] = ""
        self.form = index
        self.part = "form"

    def string(self, value: str, number: int, obsolete: bool, previous: bool) -> None:
        part = self.part
        if self.state == _TOP or previous != (part in _PREVIOUS_PARTS):
            self.junk(number)
        if obsolete != self.obsolete:
            raise PoSyntaxError(number, "inconsistent use of #~")
        if self.state == _WAIT:
            if part == "msgstr":
                if self.has_plural or self.entry.msgstr_plural:
                    self.junk(number)
                part = self.part = "str"
            self.state = _STRINGS
            if part in _FIELDS and not previous and not obsolete:
                self.fast = _FIELDS[part]
        if "\n" in value:
            self.newlines = True
        if part == "form":
            self.entry.msgstr_plural[self.form] += value
        else:
            self.entry.__dict__[_FIELDS[part]] += value

    def comment(self, text: str, number: int) -> None:
        if self.state != _TOP:
            if self.state == _WAIT or self.part not in _ENDS:
                self.junk(number + 1)  # msgfmt has read the comment's line end: the next line
            self.complete(number)
        if self.in_header and text[:1] in ("", " ", "\t", "#"):
            self.po.header = _joined(self.po.header, text[1:])
            return
        self.in_header = False
        if self.pending is None:
            self.pending = new_entry(number)
        _apply_comment(self.pending, text)

    def junk(self, number: int) -> None:
        """A token the grammar has no place for: msgfmt first closes what it can."""
        if self.state == _STRINGS:
            if self.part == "id":
                raise PoSyntaxError(self.intro, "missing 'msgstr' section")
            if self.part == "plural":
                raise PoSyntaxError(self.intro, "missing 'msgstr[]' section")
            if self.part in _ENDS:
                self.complete(number)
        raise PoSyntaxError(number, "syntax error")

    def start(self, number: int, obsolete: bool) -> None:
        """The first token of a message."""
        self.in_header = False
        self.obsolete = obsolete
        self.has_plural = False
        self.forms = 0
        entry = self.entry = self.pending or new_entry(number)
        self.pending = None
        entry.obsolete = 1 if obsolete else 0  # (polib reads 0 or 1, not a bool)

    def complete(self, number: int) -> None:
        """The message ends where the next token begins. (msgfmt judges it as a whole then;
        `judge` does the same once the file has parsed, at less cost per message.)"""
        if self.fault:
            raise PoSyntaxError(*self.fault)
        list.append(self.po, self.entry)  # POFile.append only adds a duplicate check, off
        self.lines.append((self.intro, self.msgstr_line))
        self.state, self.part, self.fast = _TOP, "", None
        self.obsolete = self.has_plural = False  # (so a message may begin without `start`)
        self.forms = 0

    def judge(self) -> None:
        """What msgfmt checks of whole messages: no message defined twice (but one may be live
        and obsolete, as DESIGN.md allows), and a translation begins and ends with a newline
        where its msgid does (msgfmt leaves fuzzy and untranslated ones out, unchecked). Only
        a string with an escape can hold a newline: the reading noted whether any did."""
        po = self.po
        if len({(entry.msgctxt, entry.msgid, entry.obsolete) for entry in po}) < len(po):
            self.twice()
        if not self.newlines:
            return
        for entry, (_, msgstr_line) in zip(po, self.lines, strict=True):
            if not entry.obsolete and "fuzzy" not in entry.flags:
                fault = _newline_fault(entry, msgstr_line)
                if fault:
                    raise fault

    def twice(self) -> None:
        """The first message defined a second time, named as msgfmt names it."""
        first: dict[tuple, int] = {}
        for entry, (line, _) in zip(self.po, self.lines, strict=True):
            key = (entry.msgctxt, entry.msgid, entry.obsolete)
            if key in first:
                reason = f"duplicate message definition (first defined at line {first[key]})"
                raise PoSyntaxError(line, reason)
            first[key] = line

    def end(self, number: int) -> None:
        if self.state == _STRINGS and self.part in _ENDS:
            self.complete(number)
        elif self.state != _TOP:
            self.junk(number)

    def metadata(self) -> None:
        """The msgid "" message becomes the header fields, as polib reads them."""
        po = self.po
        heads = (e for e in po if e.msgid == "" and e.msgctxt is None and not e.obsolete)
        head = next(heads, None)
        if head is None:
            return
        po.remove(head)
        po.metadata_is_fuzzy = head.flags
        if head.tcomment:
            po.header = _joined(po.header, head.tcomment)
        key = None
        for line in head.msgstr.splitlines():
            name, colon, value = line.partition(":")
            if colon:
                key = name
                po.metadata[key] = value.strip()
            elif key is not None:
                po.metadata[key] += "\n" + line.strip()


_NO_MESSAGE = polib.POEntry()
_INDEX = re.compile(r"[ \t\r\f\v]*([0-9]+)[ \t\r\f\v]*\]")
_PART_OF = {
    (False, "msgctxt"): "ctxt",
    (False, "msgid"): "id",
    (False, "msgid_plural"): "plural",
    (False, "msgstr"): "msgstr",
    (True, "msgctxt"): "prev_ctxt",
    (True, "msgid"): "prev_id",
    (True, "msgid_plural"): "prev_plural",
}
_OPENERS = ("prev_ctxt", "prev_id", "ctxt", "id")
_FOLLOWERS = {  # part -> the parts whose keyword may follow its strings
    "prev_ctxt": ("prev_id",),
    "prev_id": ("prev_plural", "ctxt", "id"),
    "prev_plural": ("ctxt", "id"),
    "ctxt": ("id",),
    "id": ("plural", "msgstr"),
    "plural": ("msgstr",),
    "form": ("msgstr",),
}


def _numbers(count: int, joins: list[int]) -> range | list[int]:
    """Each line's number in the file, for `count` lines of the joined text."""
    if not joins:
        return range(1, count + 1)
    return [n + sum(1 for join in joins if join < n) for n in range(1, count + 1)]


def _join_continued_lines(text: str) -> tuple[str, list[int]]:
    """msgfmt joins a line that ends in a backslash to the next one, anywhere in the file.
    Returns the joined text and, for each join, the joined line's number in it."""
    if "\\\n" not in text:
        return text, []
    joins = []
    pieces = text.split("\\\n")
    line = 1
    for piece in pieces[:-1]:
        line += piece.count("\n")
        joins.append(line)
    return "".join(pieces), joins


def _newline_fault(entry: polib.POEntry, line: int) -> PoSyntaxError | None:
    """msgfmt refuses a translation that begins or ends with a newline where its msgid does
    not, or the reverse (it leaves out, unchecked, fuzzy and untranslated messages)."""
    if entry.msgid == "":
        return None  # the header (msgfmt skips any empty msgid, with a context too)
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        names = [f"msgstr[{index}]" for index in range(len(forms))]
    else:
        forms, names = [entry.msgstr], ["msgstr"]
    if not forms[0]:
        return None
    for word, test in (("begin", _begins), ("end", _ends)):
        expected = test(entry.msgid)
        if entry.msgid_plural and test(entry.msgid_plural) != expected:
            reason = f"'msgid' and 'msgid_plural' entries do not both {word} with '\\n'"
            return PoSyntaxError(line, reason)  # (msgfmt names msgstr's line for both)
        for name, form in zip(names, forms, strict=True):
            if test(form) != expected:
                reason = f"'msgid' and '{name}' entries do not both {word} with '\\n'"
                return PoSyntaxError(line, reason)
    return None


def _begins(text: str) -> bool:
    return text[:1] == "\n"


def _ends(text: str) -> bool:
    return text[-1:] == "\n"


def _apply_comment(entry: polib.POEntry, text: str) -> None:
    """A comment line's text after '#', as gettext sorts it into the message."""
    kind = text[:1]
    if kind in (".", ":", ",") and not text[1:].strip(_WHITE):
        return  # an empty "#." / "#:" / "#," line says nothing
    if kind == ".":
        text = text[1:]
        entry.comment = _joined(entry.comment, text[1:] if text[:1] == " " else text)
    elif kind == ":":
        entry.occurrences.extend(_occurrence(word) for word in text[1:].split())
    elif kind in (",", "!"):
        entry.flags.extend(flag for flag in re.split(r"[,\s]+", text[1:]) if flag)
    else:
        text = text.lstrip("#")
        entry.tcomment = _joined(entry.tcomment, text[1:] if text[:1] == " " else text)


def _joined(text: str, line: str) -> str:
    return f"{text}\n{line}" if text else line


def _occurrence(word: str) -> tuple[str, str]:
    where, colon, line = word.rpartition(":")
    if not colon:
        return (word, "")
    return (where, line) if line.isdigit() else (word, "")
