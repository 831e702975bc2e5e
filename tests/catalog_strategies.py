"""Hypothesis strategies for catalogs: messages of every kind the writer must handle."""

from __future__ import annotations

import polib
from hypothesis import strategies as st

TEXT = st.text(
    alphabet=st.sampled_from(
        list('ab "\\\n\tx%{}<>:,#~|中文，。') + ["\u2028", "\a", "\b", "\f", "\v", "\r", "\x01"]
    ),
    max_size=30,
).map(lambda text: text.strip("\n"))  # msgfmt refuses a msgstr whose edges differ in this
WORD = st.text(alphabet="abc.-_/:", min_size=1, max_size=8)


@st.composite
def messages(draw) -> polib.POEntry:
    plural = draw(st.booleans())
    entry = polib.POEntry(
        msgid=draw(TEXT.filter(bool)),
        msgctxt=draw(st.none() | TEXT),
        tcomment=draw(st.sampled_from(["", "note", "two\nlines", "from memory: x.po"])),
        comment=draw(st.sampled_from(["", "extracted", "a\nb"])),
        occurrences=draw(st.lists(st.tuples(WORD, st.sampled_from(["", "1", "42"])), max_size=3)),
        flags=draw(st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]), max_size=2)),
        obsolete=draw(st.booleans()),
    )
    if plural:
        entry.msgid_plural = draw(TEXT.filter(bool))
        entry.msgstr_plural = {i: draw(TEXT) for i in range(draw(st.integers(1, 3)))}
    else:
        entry.msgstr = draw(TEXT)
    if "fuzzy" in entry.flags and not entry.obsolete:
        entry.previous_msgid = draw(st.none() | TEXT)
        if entry.previous_msgid is not None:  # (gettext has no previous context alone)
            entry.previous_msgctxt = draw(st.none() | TEXT)
    return entry


@st.composite
def catalogs(draw) -> polib.POFile:
    """Valid catalogs: one definition per (msgctxt, msgid), live or obsolete."""
    po = polib.POFile(wrapwidth=draw(st.sampled_from([79, 20, 0])))
    po.header = draw(st.sampled_from(["", "Title\nCopyright", "one"]))
    po.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    seen = set()
    for entry in draw(st.lists(messages(), max_size=8)):
        key = (entry.msgctxt, entry.msgid)
        if key not in seen:
            seen.add(key)
            po.append(entry)
    return po
