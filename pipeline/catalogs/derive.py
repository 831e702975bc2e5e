"""A derived locale's Catalog (merged from its Template, no memory) + its base's translations
-> the derived Catalog: each message the conversion of its base's msgstr (or, for an article
written in the base's language, of its msgid), never overwriting a translator's edit.

What the pipeline wrote carries the flag `converted` and two translator comments (translator
comments survive every merge; `#.` is the template's, `#|` the previous msgid's):

    # converted from: <the base text it was converted from>
    # converted digest: <the first 12 hex digits of the msgstr's sha256>

The rule, for each live message, with `base` the base's text now (None: untranslated):
- Owned by the pipeline (flag `converted` present and the msgstr still the one the digest
  names), or empty: rewritten as the conversion of `base` (empty when `base` is None), fuzzy
  exactly when the base message is. So a changed conversion.csv, OpenCC configuration or
  base text re-derives it.
- Edited by hand (msgstr changed since it was written, or the flag removed): kept as it is.
  When `base` differs from its `converted from` text, it becomes fuzzy, `converted from`
  names the new base text and `previously converted from` the old one, for the translator
  to review. While its base is fuzzy, it is fuzzy too: it is never published before its base;
  `# fuzzy while its base is: <digest of its msgstr>` says so, and once the base is reviewed
  (its text unchanged) that fuzzy flag is removed again, unless the msgstr changed meanwhile.
- New (its msgid is not in the catalog yet) with a predecessor that was edited by hand (the
  message whose text changed into this one, as `Predecessors` finds it): the hand edit is
  carried over, fuzzy, with the previous msgid (`#|`), as a merge suggests a translation, and
  the comments as above. A conversion would otherwise replace it once the base is reviewed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

import polib

from pipeline.catalogs.entries import copy_entry, message_key
from pipeline.chinese_script import RULES_FILE, Converter, converter_for
from pipeline.config import Config, Derivation
from pipeline.model import MessageKey

CONVERTED = "converted"
_FROM = "converted from: "
_DIGEST = "converted digest: "
_PREVIOUS = "previously converted from: "
_WAITING = "fuzzy while its base is: "
_OURS = (_FROM, _DIGEST, _PREVIOUS, _WAITING)
_ESCAPED = re.compile(r"\\(.?)", re.DOTALL)


class BaseText(NamedTuple):
    """What a derived message is converted from."""

    texts: tuple[str, ...]
    """The base's msgstr, or its plural forms in order."""
    fuzzy: bool


def converter_of(config: Config, derivation: Derivation) -> Converter:
    """The derived locale's converter, with the rules in its `conversion.csv` as they are now."""
    rules = config.locales_dir / derivation.code / RULES_FILE
    return converter_for(derivation.convert, rules, derivation.quotes)


BaseLookup = Callable[[polib.POEntry], BaseText | None]
Predecessors = Callable[[polib.POEntry], polib.POEntry | None]
"""A new message -> the old derived message it replaces (its text changed), if any."""


def base_lookup(catalogs: Iterable[polib.POFile]) -> BaseLookup:
    """The base's translation of a message: the first catalog's that is translated and
    reviewed, else the first fuzzy one (ui: the project's ui.po, then the package's)."""
    reviewed: dict[MessageKey, BaseText] = {}
    unreviewed: dict[MessageKey, BaseText] = {}
    for po in catalogs:
        for entry in po:
            texts = _texts(entry)
            if entry.obsolete or not all(texts):
                continue
            fuzzy = "fuzzy" in entry.flags
            found = unreviewed if fuzzy else reviewed
            found.setdefault(message_key(entry), BaseText(texts, fuzzy))
    return lambda entry: reviewed.get(message_key(entry)) or unreviewed.get(message_key(entry))


def source_lookup(entry: polib.POEntry) -> BaseText:
    """An article written in the base's language: its msgids are the base text."""
    if entry.msgid_plural:
        forms = len(entry.msgstr_plural) or 1
        return BaseText(
            tuple(entry.msgid if n == 0 else entry.msgid_plural for n in range(forms)), False
        )
    return BaseText((entry.msgid,), False)


def derive_catalog(
    po: polib.POFile,
    base_of: BaseLookup,
    convert: Callable[[str], str],
    predecessor_of: Predecessors = lambda entry: None,
) -> polib.POFile:
    """`po` with every live message derived by the rule above; `po`'s own messages are never
    edited (a changed one is copied), so it can still be compared with the file as read."""
    for index, entry in enumerate(po):
        if not entry.obsolete:
            found = base_of(entry)
            earlier = predecessor_of(entry) if not any(_texts(entry)) else None
            if earlier is not None and _edited(earlier) and _same_shape(entry, earlier):
                po[index] = _carried(entry, earlier, found)
                continue
            new = _derive(entry, found, convert)
            if new is not entry:
                po[index] = new
    return po


def _derive(entry: polib.POEntry, base: BaseText | None, convert) -> polib.POEntry:
    comments = _our_comments(entry.tcomment)
    recorded = _unescape(comments[_FROM]) if _FROM in comments else None
    if not _edited(entry):
        converted = tuple(convert(text) for text in base.texts) if base else ()
        return _written(entry, base, converted)
    source = "\n".join(base.texts) if base else None
    if source == recorded:
        return _flagged(entry, base is not None and base.fuzzy)
    new = copy_entry(entry)
    new.tcomment = _to_review(entry, source)
    new.flags = _flags(entry.flags, True, CONVERTED in entry.flags)
    return new


def _edited(entry: polib.POEntry) -> bool:
    """Translated, and not (or no longer) what the pipeline wrote."""
    texts = _texts(entry)
    digest = _our_comments(entry.tcomment).get(_DIGEST)
    return any(texts) and not (CONVERTED in entry.flags and digest == _digest(texts))


def _same_shape(entry: polib.POEntry, earlier: polib.POEntry) -> bool:
    return bool(entry.msgid_plural) == bool(earlier.msgid_plural)


def _carried(entry: polib.POEntry, earlier: polib.POEntry, base: BaseText | None):
    """A new message given the hand edit of the one it replaces, fuzzy, for review."""
    new = copy_entry(entry)
    if entry.msgid_plural:
        new.msgstr_plural = dict(earlier.msgstr_plural)
    else:
        new.msgstr = earlier.msgstr
    new.tcomment = _to_review(earlier, "\n".join(base.texts) if base else None)
    new.flags = _flags(entry.flags, True, CONVERTED in earlier.flags)
    new.previous_msgid = earlier.msgid
    new.previous_msgctxt = earlier.msgctxt
    new.previous_msgid_plural = earlier.msgid_plural or None
    return new


def _to_review(edited: polib.POEntry, source: str | None) -> str:
    """The comments of a hand edit whose base text is now `source`: the text it was converted
    from becomes the previous one (when it differs), its digest stays (it is still a hand edit)."""
    comments = _our_comments(edited.tcomment)
    lines = _others(edited.tcomment)
    if source is not None:
        lines.append(_FROM + _escape(source))
    if _FROM in comments and _unescape(comments[_FROM]) != source:
        lines.append(_PREVIOUS + comments[_FROM])
    if _DIGEST in comments:
        lines.append(_DIGEST + comments[_DIGEST])
    return "\n".join(lines)


def _written(entry: polib.POEntry, base: BaseText | None, converted: tuple[str, ...]):
    """The message as the pipeline writes it; `entry` itself when that is what it says."""
    forms = range(max(len(entry.msgstr_plural), 1))
    plural = {n: converted[min(n, len(converted) - 1)] if converted else "" for n in forms}
    single = converted[0] if converted else ""
    written = tuple(plural.values()) if entry.msgid_plural else (single,)
    lines = _others(entry.tcomment)
    if base is not None:  # (the digest of what is written, as `_derive` computes it)
        lines += [_FROM + _escape("\n".join(base.texts)), _DIGEST + _digest(written)]
    flags = _flags(entry.flags, base is not None and base.fuzzy, base is not None)
    tcomment = "\n".join(lines)
    same = entry.msgstr_plural == plural if entry.msgid_plural else entry.msgstr == single
    if same and entry.flags == flags and (entry.tcomment or "") == tcomment:
        return entry
    new = copy_entry(entry)
    if entry.msgid_plural:
        new.msgstr_plural = plural
    else:
        new.msgstr = single
    new.flags = flags
    new.tcomment = tcomment
    new.previous_msgid = new.previous_msgctxt = new.previous_msgid_plural = None
    return new


def _flagged(entry: polib.POEntry, fuzzy: bool) -> polib.POEntry:
    """A hand edit whose base text did not change: kept, made fuzzy while its base is. The
    marker records the msgstr it was made fuzzy with: once the base is reviewed (its text
    still the one the edit was made from), that fuzzy flag is the pipeline's to remove, unless
    the translator edited the message meanwhile (then the review is theirs)."""
    waiting = _our_comments(entry.tcomment).get(_WAITING)
    if ("fuzzy" in entry.flags) if fuzzy else waiting is None:
        return entry
    new = copy_entry(entry)
    lines = [line for line in (entry.tcomment or "").split("\n") if not line.startswith(_WAITING)]
    if fuzzy:
        lines.append(_WAITING + _digest(_texts(entry)))
        new.flags = _flags(entry.flags, True, CONVERTED in entry.flags)
    elif waiting == _digest(_texts(entry)):
        new.flags = _flags(entry.flags, False, CONVERTED in entry.flags)
    new.tcomment = "\n".join(line for line in lines if line)
    return new


def _flags(flags: list[str], fuzzy: bool, converted: bool) -> list[str]:
    others = [flag for flag in flags if flag not in ("fuzzy", CONVERTED)]
    return ["fuzzy"] * fuzzy + [CONVERTED] * converted + others


def _texts(entry: polib.POEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)) or ("",)
    return (entry.msgstr,)


def _digest(texts: tuple[str, ...]) -> str:
    return hashlib.sha256("\0".join(texts).encode()).hexdigest()[:12]


def _our_comments(tcomment: str | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (tcomment or "").split("\n"):
        for prefix in _OURS:
            if line.startswith(prefix):
                found.setdefault(prefix, line[len(prefix) :])
    return found


def _others(tcomment: str | None) -> list[str]:
    """The translator comment's lines the pipeline did not write."""
    if not tcomment:
        return []
    return [line for line in tcomment.split("\n") if not line.startswith(_OURS)]


def _escape(text: str) -> str:
    """One comment line however many lines the text has."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), text)
