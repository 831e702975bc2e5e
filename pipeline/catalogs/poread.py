"""Catalog text -> polib.POFile, fast, for the well-formed files nearly every tool writes.

Why: polib's line-by-line state machine costs about 5 us a line, which made reading catalogs
the largest cost of a build and of a merge. This reader walks the same lines with a plain
loop and builds the very objects polib would (same attributes, same quirks: stripped lines,
`#~|` skipped, line numbers, header and metadata parsing). Whatever it does not recognise
(a syntax error, an odd layout, a keyword it does not know) makes it return None, and the
caller parses with polib, which then also reports the error. tests/test_poread.py checks it
against polib, object for object.
"""

from __future__ import annotations

import codecs
import gc
import re

import polib

_UNESCAPED_QUOTE = re.compile(r'([^\\]|^)"')
_CHARSET = re.compile(r'"?Content-Type:.+? charset=([\w_\-:\.]+)')  # polib's pattern
_add = list.append  # POFile.append: polib's own adds only a duplicate check, off by default

# What the entry being read has seen so far.
_PREFIX, _CONTEXT, _MSGID, _PLURAL, _MSGSTR, _PLURAL_MSGSTR = range(6)
_OPENING = (_PREFIX, _MSGSTR, _PLURAL_MSGSTR)  # where a comment line may stand


class _Bail(Exception):
    """Not the common shape: let polib read (and judge) the file."""


def parse(text: str) -> polib.POFile | None:
    """Parse like `polib.pofile(text, wrapwidth=79)`; None when polib must do it."""
    if "\r" in text:
        return None
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new objects, no cycles: the collector only costs time
    try:
        return _Reader().read(text)
    except _Bail:
        return None
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


def _unquote(token: str, check: bool = True) -> str:
    inner = token[1:-1]
    if '"' in inner and check and _UNESCAPED_QUOTE.search(inner):
        raise _Bail  # polib reports "unescaped double quote found"
    return polib.unescape(inner) if "\\" in inner else inner


class _Reader:
    def __init__(self) -> None:
        self.po = polib.POFile(wrapwidth=79)
        self.entry = new_entry(0)
        self.phase = _PREFIX
        self.field: str | None = None  # the attribute a continuation line extends
        self.plural_index = 0
        self.in_header = True  # leading "# " comments are the file's header
        self.ends_in_comment = False

    def read(self, text: str) -> polib.POFile:
        self.po.encoding = _encoding(text)
        # Lines end at "\n" only, as in GNU gettext (polib also splits at U+2028 and the like).
        for number, line in enumerate(text.split("\n"), 1):
            line = line.strip()
            if not line:
                continue
            # The commonest lines, inline; the rest (and every odd case) in self.line().
            first = line[0]
            field = self.field
            if first == '"' and field is not None and field != "msgstr_plural":
                piece = line[1:-1]
                if '"' in piece or "\\" in piece:
                    piece = _unquote(line)
                self.entry.__dict__[field] += piece  # (an entry's attributes live there)
                self.ends_in_comment = False
            elif first == "#" and line[1:3] in (". ", ": ") and self.phase in _OPENING:
                if self.phase != _PREFIX:
                    _add(self.po, self.entry)
                    self.entry = new_entry(number)
                    self.phase = _PREFIX
                self.in_header, self.ends_in_comment, self.field = False, True, None
                entry = self.entry
                if line[1] == ".":
                    entry.comment = _joined(entry.comment, line[3:])
                else:
                    entry.occurrences += [_occurrence(word) for word in line[3:].split()]
            elif line[:7] == 'msgid "' and self.phase in (_PREFIX, _CONTEXT):
                self.in_header = self.ends_in_comment = False
                entry = self.entry
                entry.obsolete = 0
                entry.msgid = _unquote(line[6:])
                self.phase, self.field = _MSGID, "msgid"
            elif line[:8] == 'msgstr "' and self.phase == _MSGID:
                self.entry.msgstr = _unquote(line[7:])
                self.phase, self.field = _MSGSTR, "msgstr"
            else:
                self.line(number, line)
        if self.phase >= _MSGSTR and not self.ends_in_comment:
            _add(self.po, self.entry)  # (polib drops a message followed by a lone comment)
        elif self.phase not in (_PREFIX, _MSGSTR, _PLURAL_MSGSTR):
            raise _Bail  # an unfinished message at the end
        self.metadata()
        return self.po

    def line(self, number: int, line: str) -> None:
        obsolete = 0
        if line[0] == "#" and line[1:2] == "~":
            if line.startswith("#~|"):
                if line[3:4] in ("", " ", "\t"):
                    self.ends_in_comment = True
                    return  # polib drops previous msgids of obsolete messages
                raise _Bail
            if line[2:3] not in (" ", "\t"):
                raise _Bail
            line = line[3:].strip()
            obsolete = 1
        first = line[0]
        self.ends_in_comment = first == "#"
        if first == '"':
            self.continue_field(_unquote(line))
        elif first == "#":
            self.comment(number, line)
        else:
            self.keyword(number, line, obsolete)

    def continue_field(self, text: str) -> None:
        field = self.field
        if field is None:
            raise _Bail
        entry = self.entry
        if field == "msgstr_plural":
            entry.msgstr_plural[self.plural_index] += text
        else:
            setattr(entry, field, getattr(entry, field) + text)

    def begin(self, number: int, allowed: tuple[int, ...]) -> None:
        """A line that may only open a message: close the previous one first."""
        if self.phase >= _MSGSTR:
            _add(self.po, self.entry)
            self.entry = new_entry(number)
            self.phase = _PREFIX
        elif self.phase not in allowed:
            raise _Bail

    def comment(self, number: int, line: str) -> None:
        kind = line[1:2]
        if kind in ("", " ", "\t", "#"):
            if self.in_header:
                self.po.header = _joined(self.po.header, line[2:])
                return
            self.begin(number, (_PREFIX,))
            text = line.lstrip("#")
            text = text[1:] if text[:1] == " " else text
            self.entry.tcomment = _joined(self.entry.tcomment, text)
            self.field = None
            return
        if kind not in (".", ":", ",", "|") or line[2:3] not in ("", " ", "\t"):
            raise _Bail
        rest = line[3:]
        if not rest:
            if kind == "|":
                raise _Bail
            return  # an empty "#." / "#:" / "#," line is skipped
        self.in_header = False
        self.begin(number, (_PREFIX,))
        if kind == "|":
            self.previous(line[2:].lstrip())
            return
        self.field = None
        entry = self.entry
        if kind == ".":
            entry.comment = _joined(entry.comment, rest)
        elif kind == ":":
            entry.occurrences.extend(_occurrence(word) for word in rest.split())
        else:
            entry.flags += [flag.strip() for flag in rest.split(",")]

    def previous(self, line: str) -> None:
        if line[:1] == '"':
            if self.field not in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
                raise _Bail
            self.continue_field(_unquote(line, check=False))
            return
        keyword, _, rest = line.partition(" ")
        field = _PREVIOUS.get(keyword)
        rest = rest.lstrip()
        if field is None or not rest:
            raise _Bail
        setattr(self.entry, field, _unquote(rest, check=False))
        self.field = field

    def keyword(self, number: int, line: str, obsolete: int) -> None:
        self.in_header = False
        keyword, _, rest = line.partition(" ")
        rest = rest.lstrip()
        if keyword.startswith("msgstr[") and rest:
            self.plural_msgstr(line)
            return
        if not rest:
            raise _Bail
        entry = self.entry
        if keyword == "msgid":
            self.begin(number, (_PREFIX, _CONTEXT))
            entry = self.entry
            entry.obsolete = obsolete
            entry.msgid = _unquote(rest)
            self.phase, self.field = _MSGID, "msgid"
        elif keyword == "msgstr":
            if self.phase not in (_MSGID, _PLURAL):
                raise _Bail
            entry.msgstr = _unquote(rest)
            self.phase, self.field = _MSGSTR, "msgstr"
        elif keyword == "msgctxt":
            self.begin(number, (_PREFIX,))
            self.entry.msgctxt = _unquote(rest)
            self.phase, self.field = _CONTEXT, "msgctxt"
        elif keyword == "msgid_plural":
            if self.phase != _MSGID:
                raise _Bail
            entry.msgid_plural = _unquote(rest)
            self.phase, self.field = _PLURAL, "msgid_plural"
        else:
            raise _Bail

    def plural_msgstr(self, line: str) -> None:
        quote = line.find('"')
        if self.phase not in (_MSGID, _PLURAL, _PLURAL_MSGSTR) or line[8:9] != "]" or quote < 0:
            raise _Bail
        index = int(line[7]) if line[7].isdigit() else None
        if index is None:
            raise _Bail
        self.entry.msgstr_plural[index] = _unquote(line[quote:], check=False)
        self.plural_index = index
        self.phase, self.field = _PLURAL_MSGSTR, "msgstr_plural"

    def metadata(self) -> None:
        """The msgid "" message becomes the header fields, as polib reads them."""
        po = self.po
        heads = [entry for entry in po if entry.msgid == "" and not entry.obsolete]
        if not heads:
            return
        head = heads[0]
        if len(heads) > 1 or head is not po[0] or head.msgctxt is not None:
            raise _Bail
        del po[0]
        po.metadata_is_fuzzy = head.flags
        key = None
        for line in head.msgstr.splitlines():
            name, colon, value = line.partition(":")
            if colon:
                key = name
                po.metadata[key] = value.strip()
            elif key is not None:
                po.metadata[key] += "\n" + line.strip()


_PREVIOUS = {
    "msgctxt": "previous_msgctxt",
    "msgid": "previous_msgid",
    "msgid_plural": "previous_msgid_plural",
}


def _joined(text: str, line: str) -> str:
    return f"{text}\n{line}" if text else line


def _occurrence(word: str) -> tuple[str, str]:
    where, colon, line = word.rpartition(":")
    if not colon:
        return (word, "")
    return (where, line) if line.isdigit() else (word, "")


_BLANK = {
    "msgid": "",
    "msgstr": "",
    "msgid_plural": "",
    "msgstr_plural": None,
    "msgctxt": None,
    "obsolete": False,
    "encoding": "utf-8",
    "comment": "",
    "tcomment": "",
    "occurrences": None,
    "flags": None,
    "previous_msgctxt": None,
    "previous_msgid": None,
    "previous_msgid_plural": None,
    "linenum": None,
}
"""A new message's attributes, in the order polib's __init__ sets them (the mutable ones are
made fresh for each message)."""


def new_entry(linenum: int | None = None, **fields) -> polib.POEntry:
    """A message exactly as `polib.POEntry(linenum=..., **fields)` makes it, at a third of the
    cost of its __init__ (a build makes one per message of every catalog it reads)."""
    entry = polib.POEntry.__new__(polib.POEntry)
    attributes = _BLANK.copy()
    attributes["msgstr_plural"] = {}
    attributes["occurrences"] = []
    attributes["flags"] = []
    attributes["linenum"] = linenum
    if fields:
        attributes.update(fields)
    entry.__dict__ = attributes
    return entry
