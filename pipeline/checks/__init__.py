"""Catalog -> Findings: every check over every live message, reported with file and msgid line.

Errors mark translations the build must not use (it falls back to the source); warnings are
for the translator. A translator comment `check: ignore ID: reason` silences one warning on
one message; the reason is required, so the next reader knows why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import polib

from pipeline.catalogs.entries import message_key
from pipeline.checks.glossary import compile_terms, read_glossary
from pipeline.checks.rules import RULES, Message, Term
from pipeline.locales import plural_forms
from pipeline.model import Finding
from pipeline.placeholders import TOKEN

__all__ = ["CHECKS", "check_catalog", "check_errors", "msgid_line", "opt_outs", "read_glossary"]

CHECKS: dict[str, tuple[str, str]] = {
    "placeholder": ("error", "placeholders missing, extra, duplicated or nested unlike the msgid"),
    "markup": ("error", "HTML markup in the translation; it would be shown as text"),
    "plural-forms": ("error", "the Plural-Forms header differs from CLDR's for the language"),
    "number": (
        "warning",
        "numbers differ, either direction (110,000 = 11万 = 十一万, 1.2 million = 120万,"
        " March 18, 2024 = 2024年3月18日, 60% = 百分之六十 are alike)",
    ),
    "url": ("warning", "a URL of the msgid is missing or different in the translation"),
    "email": ("warning", "an e-mail address of the msgid is missing or different"),
    "untranslated": ("warning", "no translation yet"),
    "fuzzy": ("warning", "marked fuzzy: the translation needs review"),
    "same-as-source": ("warning", "the translation is a copy of the msgid (Chinese too)"),
    "punctuation": (
        "warning",
        "Chinese: ASCII , ; : ( ) ? ! . next to Chinese text, or no final 。;"
        " English: full-width ，。：；（）！？、「」《》",
    ),
    "whitespace": (
        "warning",
        "leading/trailing space or line breaks unlike the msgid; doubled spaces",
    ),
    "brackets": ("warning", 'unbalanced brackets or quotes: “” （） 《》 () [] ""'),
    "glossary": ("warning", "a glossary term not translated as the glossary says"),
    "opt-out": ("warning", "a `check: ignore` comment without a reason, or naming no such warning"),
}
"""Check id -> (severity, what it finds); the ids are stable: opt-outs and CI filters name them."""

_PLACEHOLDER_COMMENT = re.compile(r"^<(\d+)> = ", re.MULTILINE)
_OPT_OUT = re.compile(r"check\s*:\s*ignore\s+([\w-]+(?:\s*,\s*[\w-]+)*)\s*(?::(.*))?", re.I)


ERRORS = frozenset(check_id for check_id, (severity, _) in CHECKS.items() if severity == "error")


def check_catalog(
    po: polib.POFile,
    path: str,
    locale_code: str,
    glossary: dict[str, str] | None = None,
    only: frozenset[str] | None = None,
    source_code: str = "en",
) -> list[Finding]:
    """All findings of one catalog, sorted by (path, line, id); `line` is the msgid's line.

    `source_code` is the msgids' language (the article's), `locale_code` the msgstrs': the
    number, punctuation and glossary checks read each side in its own language. `only` limits
    the run to some checks: the build needs just the errors, and fast.
    """
    wanted = only if only is not None else frozenset(CHECKS)
    findings = list(_check_header(po, path, locale_code)) if "plural-forms" in wanted else []
    declared = _declares_placeholders(po)
    terms = compile_terms(glossary or {}) if "glossary" in wanted else ()
    live = [entry for entry in po if not entry.obsolete]
    lines = _Lines(po.wrapwidth, live)
    rules = tuple((check_id, check) for check_id, check in RULES.items() if check_id in wanted)
    for entry in live:
        ignored, problems = _read_opt_outs(entry) if entry.tcomment else ({}, [])
        found = [("opt-out", problem) for problem in problems]
        found += _check_entry(entry, declared, (source_code, locale_code), terms, rules)
        for check_id, text in found:
            if check_id not in ignored and check_id in wanted:
                findings.append(_finding(check_id, path, lines[id(entry)], entry, text))
    return sorted(findings, key=lambda f: (f.path, f.line, f.id, f.message))


def check_errors(
    po: polib.POFile, path: str, locale_code: str
) -> tuple[list[Finding], frozenset[tuple[str | None, str]]]:
    """The error findings, and the (msgctxt or None, msgid) of every message they refuse: the
    build, `status` and `compile` must agree on which translations are not used."""
    findings = check_catalog(po, path, locale_code, only=ERRORS)
    return findings, frozenset(message_key(f) for f in findings)


class _Lines(dict):
    """msgid lines, worked out only for messages that have a finding (it is not cheap)."""

    def __init__(self, wrapwidth: int, entries: list[polib.POEntry]):
        super().__init__()
        self.wrapwidth = wrapwidth
        self.entries = {id(entry): entry for entry in entries}

    def __missing__(self, key: int) -> int:
        self[key] = msgid_line(self.entries[key], self.wrapwidth)
        return self[key]


def opt_outs(po: polib.POFile) -> list[tuple[polib.POEntry, str, str]]:
    """(message, check id, reason) for every `check: ignore` comment that takes effect."""
    return [
        (entry, check_id, reason)
        for entry in po
        if not entry.obsolete
        for check_id, reason in _read_opt_outs(entry)[0].items()
    ]


def msgid_line(entry: polib.POEntry, wrapwidth: int = 79) -> int:
    """polib's `linenum` is the entry's first line (a comment, usually): count on to `msgid`.

    Comment lines are counted as read; `#:`, `#|` and msgctxt lines as polib would wrap them,
    which is what gettext tools and this pipeline write. 0 for a message built in memory.
    """
    if not entry.linenum:
        return 0
    comments = sum(len(text.split("\n")) for text in (entry.tcomment, entry.comment) if text)
    bare = polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        occurrences=entry.occurrences,
        flags=entry.flags,
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
    )
    rendered = bare.__unicode__(wrapwidth).split("\n")
    return entry.linenum + comments + next(i for i, s in enumerate(rendered) if s[:6] == "msgid ")


def _check_header(po: polib.POFile, path: str, locale_code: str) -> Iterator[Finding]:
    """Wrong plural rules break every plural message at run time, so they are an error."""
    found = po.metadata.get("Plural-Forms")
    expected = plural_forms(locale_code)
    if found is None and not any(entry.msgid_plural for entry in po):
        return
    if found is None or _normal(found) != _normal(expected):
        text = f"Plural-Forms is {found!r}; {locale_code} needs {expected!r}"
        yield Finding("plural-forms", "error", path, 1, "", text)


def _normal(value: str) -> str:
    return re.sub(r"\s+", "", value).rstrip(";")


def _declares_placeholders(po: polib.POFile) -> bool:
    """This pipeline lists each message's placeholders (`#. <1> = <a href=…>`); others don't."""
    if po.metadata.get("X-Generator", "").startswith("pipeline"):
        return True
    return any(_PLACEHOLDER_COMMENT.search(entry.comment or "") for entry in po)


def _placeholder_numbers(entry: polib.POEntry, declared: bool) -> frozenset[int]:
    if declared:
        return frozenset(int(n) for n in _PLACEHOLDER_COMMENT.findall(entry.comment or ""))
    sources = (entry.msgid, entry.msgid_plural or "")
    return frozenset(int(match[2]) for text in sources for match in TOKEN.finditer(text))


def _check_entry(
    entry: polib.POEntry,
    declared: bool,
    direction: tuple[str, str],
    terms: tuple[Term, ...],
    rules: tuple[tuple[str, Callable[[Message], Iterator[str]]], ...],
) -> Iterator[tuple[str, str]]:
    if "fuzzy" in entry.flags:
        yield "fuzzy", "marked fuzzy: review the translation, then remove the flag"
    pairs = _translations(entry)
    if not any(msgstr for _, msgstr in pairs):
        yield "untranslated", "no translation yet"
        return
    numbers = _placeholder_numbers(entry, declared)
    for msgid, msgstr in pairs:
        if msgstr:
            message = Message(
                msgid, msgstr, entry.msgctxt, numbers, direction[1], terms, direction[0]
            )
            for check_id, check in rules:
                for text in check(message):
                    yield check_id, text


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: plural form 0 translates msgid, the others msgid_plural."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [
        (entry.msgid if index == 0 else entry.msgid_plural, msgstr)
        for index, msgstr in sorted(entry.msgstr_plural.items())
    ]


def _read_opt_outs(entry: polib.POEntry) -> tuple[dict[str, str], list[str]]:
    """({check id: reason} in effect, problems with the comments that are not)."""
    ignored: dict[str, str] = {}
    problems: list[str] = []
    for line in (entry.tcomment or "").split("\n"):
        if not re.match(r"\s*check\s*:", line, re.IGNORECASE):
            continue
        match = _OPT_OUT.match(line.strip())
        if not match:
            problems.append(f"cannot read {line.strip()!r}; write 'check: ignore ID: reason'")
            continue
        reason = (match[2] or "").strip()
        for check_id in re.split(r"\s*,\s*", match[1]):
            problem = _opt_out_problem(check_id, reason)
            if problem:
                problems.append(problem)
            else:
                ignored[check_id] = reason
    return ignored, problems


def _opt_out_problem(check_id: str, reason: str) -> str | None:
    if check_id not in CHECKS or check_id == "opt-out":
        return f"'check: ignore {check_id}' names no check; known: {_warning_ids()}"
    if CHECKS[check_id][0] == "error":
        return f"'{check_id}' is an error and cannot be ignored: the build never uses it"
    if not reason:
        return f"'check: ignore {check_id}' needs a reason: 'check: ignore {check_id}: why'"
    return None


def _finding(check_id: str, path: str, line: int, entry: polib.POEntry, text: str) -> Finding:
    severity = CHECKS[check_id][0]
    return Finding(check_id, severity, path, line, entry.msgid, text, entry.msgctxt)


def _warning_ids() -> str:
    return ", ".join(i for i, (severity, _) in CHECKS.items() if severity == "warning")
