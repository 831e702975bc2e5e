"""Write polib catalogs in exactly the layout GNU gettext 0.21 (msgcat, msgmerge) produces.

polib's own writer wraps with textwrap at 78 columns and never breaks between CJK characters,
so every catalog saved through it is reflowed by the next msgmerge/msgcat run, which makes
noisy diffs. This module mirrors write-po.c instead: the 79-column page width, libunistring's
line breaking (UAX #14 pair rules, East Asian wide characters counting 2 columns), GNU's
escapes, its flag normalisation and its layout of obsolete entries.
"""

from __future__ import annotations

import re
import unicodedata

import polib

PAGE_WIDTH = 79
_UNLIMITED = 1 << 30

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_ESCAPES |= {"\\": "\\", '"': '"'}

# UAX #14 classes of the characters that the category-based fallback in _lb_class gets wrong.
_CLASS_CHARS = {
    "SP": " ",
    "BK": "\x85\u2028\u2029",
    "ZW": "\u200b",
    "WJ": "\u2060\ufeff",
    "GL": "\xa0\u034f\u2007\u2011\u202f",
    "QU": "\"'",
    "PR": "$+\\±№−∓",
    "PO": "%¢°‰‱′″‴‵‶‷₧₶₻₾⃀℃℉﹪％￠",
    "OP": "([{¡¿⸘",
    "CP": ")]",
    "CL": "}、。︑︒﹐﹒，．｡､",
    "EX": "!?⸮︕︖﹖﹗！？",
    "IS": ",.:;⁄︐︓︔",
    "NS": "‼‽⁇⁈⁉・：；･﹔﹕〜゠ー々〻〼ヽヾゝゞｰﾞﾟ゛゜"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶｧｨｩｪｫｬｭｮｯ",
    "IN": "․‥…⋯︙",
    "HY": "-",
    "BA": "\t|\xad\u3000‐‒–‧⁖⁘⁙⁚⁛⁝⁞",
    "B2": "—⸺⸻",
    "BB": "´",
    "SY": "/",
    "AL": "―⸚",
}
_CLASS_OF = {char: cls for cls, chars in _CLASS_CHARS.items() for char in chars}
_MARKS = frozenset(["Mn", "Mc", "Me", "Cf", "Cc"])
_CATEGORY_CLASS = {"Ps": "OP", "Pe": "CL", "Pi": "QU", "Pf": "QU", "Pd": "BA", "Nd": "NU"}
_CATEGORY_CLASS |= {"Sc": "PR", "Zs": "BA"}
_WIDE_CATEGORY_CLASS = {"Ps": "OW", "Pe": "CL", "Sc": "PR"}  # OW: wide OP, exempt from LB30

# libunistring's pair table as rules: pairs that never break, and pairs that only break
# when spaces separate them ("glued"); every other pair may break directly.
_NEVER_BEFORE = frozenset(["CL", "CP", "EX", "IS", "SY", "WJ"])
_NEVER_PAIRS = frozenset([("QU", "OP"), ("QU", "OW"), ("CL", "NS"), ("B2", "B2")])
_GLUE_AFTER = frozenset(["QU", "GL", "WJ", "BB"])
_GLUE_BEFORE = frozenset(["QU", "BA", "HY", "NS", "IN"])
_GLUE_PAIRS = frozenset(
    tuple(pair.split())
    for pair in [
        *("AL AL", "AL NU", "NU AL", "NU NU", "AL OP", "NU OP", "CP AL", "CP NU", "AL PR"),
        *("AL PO", "NU PR", "NU PO", "CL PR", "CL PO", "CP PR", "CP PO", "PR AL", "PR NU"),
        *("PR ID", "PR OP", "PR OW", "PO AL", "PO NU", "PO OP", "PO OW", "ID PO", "HY NU"),
        *("IS NU", "SY NU"),
    ]
)

# GNU's format_language[] order (gettext 0.21): format flags are printed in this order.
_FORMATS = [
    *("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript"),
    *("scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal"),
    *("smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace"),
    *("php", "gcc-internal", "gfc-internal", "ycp"),
]
_FORMAT_FLAG = re.compile(r"(no-|possible-)?(.+)-format")
_RANGE_FLAG = re.compile(r"range:\s*(\d+)\s*\.\.\s*(\d+)")
_DIRECTIVES = {  # group "key": positional (c) or named (python) argument reference
    "c": re.compile(
        r"%(?P<key>\d+\$)?[-+ #0'I]*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d*))?"
        r"(?:hh|ll|[hlLqjzZt])?(?P<conv>[diouxXeEfFgGaAcCsSpnm%])"
    ),
    "python": re.compile(
        r"%(?P<key>\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
        r"(?P<conv>[diouxXeEfFgGcrsa%])"
    ),
}


def _lb_class(char: str) -> str:
    """Approximate libunistring's line-break property, which Python's unicodedata lacks."""
    if cls := _CLASS_OF.get(char):
        return cls
    category = unicodedata.category(char)
    if category in _MARKS:
        return "CM"
    if unicodedata.east_asian_width(char) in "WFH":
        return _WIDE_CATEGORY_CLASS.get(category, "ID")
    return _CATEGORY_CLASS.get(category, "AL")


def _width(char: str) -> int:
    """Columns as libunistring's uc_width counts them in a UTF-8 (non-CJK) locale."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0  # u8_width_linebreaks ignores control characters
    if unicodedata.category(char) in ("Mn", "Me", "Cf") or "\u1160" <= char <= "\u11ff":
        return 0  # combining marks, format characters and medial Hangul jamo
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


_CLASSES: dict[str, str] = {}
_WIDTHS: dict[str, int] = {}
_BREAKS: dict[tuple[str, str, bool], bool] = {}


def _class_of(char: str) -> str:
    """`_lb_class`, memoized: catalogs repeat the same few hundred characters."""
    cls = _CLASSES.get(char)
    if cls is None:
        cls = _CLASSES[char] = _lb_class(char)
    return cls


def _width_of(char: str) -> int:
    width = _WIDTHS.get(char)
    if width is None:
        width = _WIDTHS[char] = _width(char)
    return width


def _may_break_cached(before: str, after: str, after_spaces: bool) -> bool:
    key = (before, after, after_spaces)
    found = _BREAKS.get(key)
    if found is None:
        found = _BREAKS[key] = _may_break(before, after, after_spaces)
    return found


def _may_break(before: str, after: str, after_spaces: bool) -> bool:
    """One lookup in libunistring's pair table: last non-space class, then the next class."""
    if before in ("BK", "ZW"):
        return before == "ZW"
    if after in _NEVER_BEFORE or before in ("OP", "OW") or (before, after) in _NEVER_PAIRS:
        return False
    glued = before in _GLUE_AFTER or after in _GLUE_BEFORE or (before, after) in _GLUE_PAIRS
    if after == "GL" and before not in ("BA", "HY"):
        glued = True
    return after_spaces or not glued


def _break_kinds(chars: list[str]) -> list[int]:
    """Per char: 0 no break before it, 1 break allowed before it, 2 it is a hard line break."""
    kinds = [0] * len(chars)
    last, spaces = "BK", False
    classes, breaks = _CLASSES, _BREAKS  # hot loop: plain dict lookups, no calls
    for i, char in enumerate(chars):
        cls = classes.get(char) or _class_of(char)
        if cls == "SP":
            spaces = True
        elif cls == "BK":
            kinds[i], last, spaces = 2, "BK", False
        elif cls == "ZW":
            last, spaces = "ZW", False
        elif cls != "CM" or last in ("BK", "ZW") or spaces:
            if cls == "CM":  # a mark without a base acts as a letter (LB10)
                kinds[i], cls = int(last == "ZW" or (spaces and last != "BK")), "AL"
            else:
                found = breaks.get((last, cls, spaces))
                if found is None:
                    found = _may_break_cached(last, cls, spaces)
                kinds[i] = int(found)
            last, spaces = cls, False
        if i and kinds[i] == 1 and chars[i - 1] == "\u200d":
            kinds[i] = 0  # nothing breaks right after a zero-width joiner (LB8a)
    return kinds


def _fit(chars: list[str], kinds: list[int], width: int, column: int) -> list[int]:
    """Greedy fill as u8_width_linebreaks does it; returns the indices that start a new line."""
    cuts: list[int] = []
    last, piece = None, 0
    widths = _WIDTHS
    for i, char in enumerate(chars):
        if kinds[i]:
            if last is not None and column + piece > width:
                cuts.append(last)
                column = 0
            if kinds[i] == 2:
                last, column, piece = None, 0, 0
                continue
            last, column, piece = i, column + piece, 0
        found = widths.get(char)
        piece += _width_of(char) if found is None else found
    if last is not None and column + piece > width:
        cuts.append(last)
    return cuts


def _protected(value: str, language: str | None) -> set[int]:
    """Indices inside format directives, where GNU forbids a break (their start stays open).

    Like GNU's parsers, stop at the first invalid directive, including one that mixes keyed
    (named or positional) and plain arguments.
    """
    pattern = _DIRECTIVES.get(language or "")
    inside: set[int] = set()
    keyed: set[bool] = set()
    pos = value.find("%") if pattern else -1
    while pos >= 0 and pattern and (match := pattern.match(value, pos)):
        if match["conv"] != "%":
            keyed.add(match["key"] is not None)
        if len(keyed) > 1:
            break
        inside.update(range(pos + 1, match.end()))
        pos = value.find("%", match.end())
    return inside


_ESCAPE_TABLE = str.maketrans({char: "\\" + code for char, code in _ESCAPES.items()})


def _escape(portion: str, offset: int, protected: set[int]) -> tuple[list[str], list[int]]:
    """Escape one newline-terminated portion; escapes and directives are never split."""
    chars: list[str] = []
    glued: list[bool] = []
    for i, char in enumerate(portion):
        inside = offset + i in protected
        if char in _ESCAPES:
            chars += ["\\", _ESCAPES[char]]
            glued += [inside, True]
        else:
            chars.append(char)
            glued.append(inside)
    if portion.endswith("\n"):
        glued[-2] = True  # a trailing \n stays on the line of the text it ends
    kinds = [0 if glue else kind for glue, kind in zip(glued, _break_kinds(chars), strict=True)]
    return chars, kinds


def _wrap(prefix: str, keyword: str, value: str, language: str | None, wrap: bool) -> list[str]:
    """Lay out one keyword and its string the way write-po.c's wrap() does."""
    width = (PAGE_WIDTH if wrap else _UNLIMITED) - 2 - len(prefix)
    if "\n" not in value[:-1]:
        escaped = value.translate(_ESCAPE_TABLE)
        if (
            len(keyword)
            + 1
            + (
                len(escaped)
                if escaped.isascii() and escaped.isprintable()
                else sum(map(_width_of, escaped))
            )
            <= width
        ):
            return [f'{prefix}{keyword} "{escaped}"']  # fits: no break to look for
    protected = _protected(value, language)
    portions = re.findall(r"[^\n]*\n|[^\n]+", value) or [""]
    lines: list[str] = []
    first, offset = True, 0
    for number, portion in enumerate(portions):
        chars, kinds = _escape(portion, offset, protected)
        offset += len(portion)
        column = len(keyword) + 1 if first else 0
        cuts = _fit(chars, kinds, width, column)
        if first and chars and (number + 1 < len(portions) or column > width or cuts):
            lines.append(f'{prefix}{keyword} ""')
            first, cuts = False, _fit(chars, kinds, width, 0)
        bounds = [0, *cuts, len(chars)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            lead = f"{prefix}{keyword} " if first else prefix
            lines.append(f'{lead}"{"".join(chars[start:end])}"')
            first = False
    return lines


_Flags = tuple[bool, dict[str, bool], str | None, bool, list[str]]


def _parse_flags(flags: list[str]) -> _Flags:
    """Resolve flags as GNU's reader does: the last of conflicting flags wins, bad ranges drop."""
    fuzzy, formats, range_flag, no_wrap, others = False, {}, None, False, []
    for flag in (flag.strip() for flag in flags):
        fmt, rng = _FORMAT_FLAG.fullmatch(flag), _RANGE_FLAG.fullmatch(flag)
        if flag == "fuzzy":
            fuzzy = True
        elif fmt and fmt[2] in _FORMATS:
            formats[fmt[2]] = fmt[1] != "no-"
        elif flag in ("wrap", "no-wrap"):
            no_wrap = flag == "no-wrap"
        elif rng:
            low, high = int(rng[1]), int(rng[2])
            range_flag = f"range: {low}..{high}" if low < high else range_flag
        elif flag and flag not in others:
            others.append(flag)  # GNU drops unknown flags; keeping them beats losing data
    return fuzzy, formats, range_flag, no_wrap, others


def _flag_lines(flags: _Flags, translated: bool, obsolete: bool) -> list[str]:
    """GNU's ``#,`` line: fuzzy, formats in GNU order, range, no-wrap (obsolete: no range)."""
    fuzzy, formats, range_flag, no_wrap, others = flags
    out = ["fuzzy"] if fuzzy and (translated or obsolete) else []
    out += [f"{'' if formats[x] else 'no-'}{x}-format" for x in _FORMATS if x in formats]
    out += [range_flag] if range_flag and not obsolete else []
    out += ["no-wrap"] if no_wrap else []
    return [f"#, {', '.join(out + others)}"] if out or others else []


def _comment_lines(entry: polib.POEntry | polib.MOEntry) -> list[str]:
    """Translator comments, extracted comments and references; GNU never prefixes them."""
    lines = [f"# {line}" if line else "#" for line in _split(entry.tcomment)]
    lines += [f"#. {line}" if line else "#." for line in _split(entry.comment)]
    refs = []
    for path, line in dict.fromkeys((path, str(line or "")) for path, line in entry.occurrences):
        while path.startswith("./"):
            path = path[2:]
        refs.append(f"{path}:{line}" if line else path)
    current = "#:"
    for ref in refs:  # GNU counts bytes here, and a line may reach PAGE_WIDTH exactly
        if len(current) > 2 and len(current.encode()) + 1 + len(ref.encode()) > PAGE_WIDTH:
            lines.append(current)
            current = "#:"
        current += f" {ref}"
    return lines + ([current] if refs else [])


def _split(text: str | None) -> list[str]:
    return text.split("\n") if text else []


def _msgstrs(entry: polib.POEntry | polib.MOEntry) -> list[tuple[str, str]]:
    if not entry.msgid_plural:
        return [("msgstr", entry.msgstr or "")]
    plural = entry.msgstr_plural or {0: "", 1: ""}
    return [(f"msgstr[{index}]", plural[index]) for index in sorted(plural, key=int)]


def format_entry(entry: polib.POEntry | polib.MOEntry, obsolete: bool = False) -> str:
    """Render one entry as newline-terminated lines, byte-identical to msgcat's output.

    An entry whose ``obsolete`` attribute is set is written obsolete even without the argument,
    so that a caller cannot resurrect it by accident.
    """
    obsolete = obsolete or bool(entry.obsolete)
    msgstrs = _msgstrs(entry)
    flags = _parse_flags(entry.flags)
    language = next((lang for lang in _FORMATS if flags[1].get(lang)), None)
    lines = _comment_lines(entry) + _flag_lines(flags, bool(msgstrs[0][1]), obsolete)
    fields: list[tuple[str, str, str | None]] = []
    if not obsolete:  # polib cannot read #~| lines back, so obsolete entries drop them
        for keyword in ("msgctxt", "msgid", "msgid_plural"):
            fields.append(("#| ", keyword, getattr(entry, f"previous_{keyword}")))
    prefix = "#~ " if obsolete else ""
    fields += [(prefix, "msgctxt", entry.msgctxt), (prefix, "msgid", entry.msgid)]
    fields += [(prefix, "msgid_plural", entry.msgid_plural or None)]
    fields += [(prefix, keyword, value) for keyword, value in msgstrs]
    for line_prefix, keyword, value in fields:
        if value is not None:
            lines += _wrap(line_prefix, keyword, value, language, wrap=not flags[3])
    return "\n".join(lines) + "\n"


def format_catalog(po: polib.POFile) -> str:
    """Render a whole catalog: header, active entries, then obsolete ones, as msgcat orders them.

    An empty header comment is written as ``#`` because polib reads "no header comment" and
    "one empty comment line" alike and its own writer (which made our catalogs) emits ``#``.
    Obsolete entries without a translation are dropped, as GNU drops them.
    """
    fuzzy = po.metadata_is_fuzzy
    header = polib.POEntry(
        msgid="",
        msgstr="".join(f"{key}: {value}\n" for key, value in po.metadata.items()),
        tcomment=po.header or "",
        flags=list(fuzzy) if isinstance(fuzzy, list) else ["fuzzy"] if fuzzy else [],
    )
    blocks = [("" if po.header else "#\n") + format_entry(header)]
    blocks += [format_entry(entry) for entry in po if not entry.obsolete]
    obsolete = [entry for entry in po if entry.obsolete and _msgstrs(entry)[0][1]]
    blocks += [format_entry(entry, obsolete=True) for entry in obsolete]
    return "\n".join(blocks)
