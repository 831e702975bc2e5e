"""Merge rules: keep, revive, memory, fuzzy with #|, obsolete; nothing is ever lost."""

from __future__ import annotations

import polib

from pipeline.catalogs.memory import Memory
from pipeline.catalogs.merge import merge_catalog

PARA = "The center has trained more than 2,000 medical workers nationwide."


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Language": "zh_CN"}
    po.extend(entries)
    return po


def template(*msgids: str) -> polib.POFile:
    return catalog(
        *(
            polib.POEntry(msgid=m, occurrences=[("source/a.md", str(i))])
            for i, m in enumerate(msgids, 1)
        )
    )


def merge(pot, po, memory=None, purge=False):
    return merge_catalog(pot, po, memory or Memory.from_catalogs([]), 60, {}, purge)


def by_msgid(po):
    return {e.msgid: e for e in po}


def test_unchanged_msgid_keeps_translation_flags_and_comments():
    old = catalog(
        polib.POEntry(
            msgid="Hello",
            msgstr="你好",
            tcomment="checked",
            flags=["no-wrap"],
            occurrences=[("old.md", "9")],
        )
    )
    new = merge(template("Hello"), old)
    entry = by_msgid(new)["Hello"]
    assert (entry.msgstr, entry.tcomment, entry.flags) == ("你好", "checked", ["no-wrap"])
    assert entry.occurrences == [("source/a.md", "1")]  # references come from the template


def test_removed_msgid_becomes_obsolete_not_dropped():
    old = catalog(
        polib.POEntry(msgid="Gone", msgstr="已删除"), polib.POEntry(msgid="Kept", msgstr="保留")
    )
    new = merge(template("Kept"), old)
    gone = by_msgid(new)["Gone"]
    assert gone.obsolete and gone.msgstr == "已删除"
    assert [e.msgid for e in new] == ["Kept", "Gone"]  # obsolete last
    assert "Gone" not in by_msgid(merge(template("Kept"), old, purge=True))


def test_obsolete_entry_is_revived_not_fuzzy():
    old = catalog(polib.POEntry(msgid="Back again", msgstr="又回来了", obsolete=True))
    entry = by_msgid(merge(template("Back again"), old))["Back again"]
    assert not entry.obsolete and entry.msgstr == "又回来了" and "fuzzy" not in entry.flags


def test_edited_msgid_becomes_fuzzy_with_previous():
    old = catalog(polib.POEntry(msgid=PARA, msgstr="该中心已为全国2000余名医务人员提供培训。"))
    edited = PARA.replace("2,000", "3,000")
    new = merge(template(edited), old)
    entry = by_msgid(new)[edited]
    assert entry.flags == ["fuzzy"] and entry.previous_msgid == PARA
    assert entry.msgstr.startswith("该中心")
    assert by_msgid(new)[PARA].obsolete  # the old text is kept too


def test_junk_pairs_without_shared_four_characters_do_not_match():
    old = catalog(polib.POEntry(msgid="Order", msgstr="订单"))
    entry = by_msgid(merge(template("Other"), old))["Other"]
    assert entry.msgstr == "" and "fuzzy" not in entry.flags


def test_exact_match_from_memory_is_translated_with_origin():
    memory = Memory.from_catalogs(
        [
            (
                "zh_CN/other.po",
                catalog(
                    polib.POEntry(msgid="Shared sentence.", msgstr="共用的句子。"),
                    polib.POEntry(msgid="Fuzzy one.", msgstr="模糊。", flags=["fuzzy"]),
                ),
            )
        ]
    )
    new = merge(template("Shared sentence.", "Fuzzy one."), catalog(), memory)
    shared = by_msgid(new)["Shared sentence."]
    assert shared.msgstr == "共用的句子。" and "fuzzy" not in shared.flags
    assert "zh_CN/other.po" in shared.tcomment
    assert by_msgid(new)["Fuzzy one."].msgstr == ""  # fuzzy memory is not trusted as exact


def test_fuzzy_suggestion_from_memory_names_its_catalog_and_previous_msgid():
    other = "Visit the Second Affiliated Hospital."
    memory = Memory.from_catalogs(
        [("zh_CN/second.po", catalog(polib.POEntry(msgid=other, msgstr="参观附属第二医院。")))]
    )
    wanted = "Visit the First Affiliated Hospital."
    entry = by_msgid(merge(template(wanted), catalog(), memory))[wanted]
    assert entry.flags == ["fuzzy"] and entry.msgstr == "参观附属第二医院。"
    assert entry.previous_msgid == other
    assert entry.tcomment == (
        "fuzzy suggestion from translation memory: zh_CN/second.po, translating: " + other
    )


def test_fuzzy_suggestion_from_the_same_catalog_says_so():
    old = catalog(polib.POEntry(msgid=PARA, msgstr="该中心已为全国2000余名医务人员提供培训。"))
    edited = PARA.replace("2,000", "3,000")
    entry = by_msgid(merge(template(edited), old))[edited]
    assert entry.tcomment == f"fuzzy suggestion from this catalog, translating: {PARA}"


def test_entries_the_pipeline_did_not_create_are_kept():
    plural = polib.POEntry(msgid="%d file", msgid_plural="%d files", msgstr_plural={0: "%d 个文件"})
    context = polib.POEntry(msgid="Hello", msgctxt="menu", msgstr="您好")
    new = merge(template("Hello"), catalog(plural, context))
    kept = [(e.msgid, e.msgctxt, e.obsolete) for e in new]
    assert ("%d file", None, True) in kept and ("Hello", "menu", True) in kept
    assert next(e for e in new if e.msgid_plural).msgstr_plural == {0: "%d 个文件"}


def test_same_msgid_live_and_obsolete_keeps_the_obsolete_translation_in_a_comment():
    old = catalog(
        polib.POEntry(msgid="Twice", msgstr="新"),
        polib.POEntry(msgid="Twice", msgstr="旧", obsolete=True),
    )
    new = merge(template("Twice"), old)
    assert [e.obsolete for e in new if e.msgid == "Twice"] == [False]
    assert "旧" in by_msgid(new)["Twice"].tcomment


def test_new_messages_follow_document_order():
    old = catalog(
        polib.POEntry(msgid="First", msgstr="一"), polib.POEntry(msgid="Last", msgstr="三")
    )
    new = merge(template("First", "Middle", "Last"), old)
    assert [e.msgid for e in new] == ["First", "Middle", "Last"]


def test_merge_leaves_the_old_catalog_untouched():
    old = catalog(
        polib.POEntry(msgid="Hello", msgstr="你好", occurrences=[("old.md", "9")]),
        polib.POEntry(msgid="Gone", msgstr="走了"),
    )
    before = [(e.msgid, e.msgstr, e.occurrences, e.obsolete, e.flags) for e in old]
    merge(template("Hello"), old)
    assert [(e.msgid, e.msgstr, e.occurrences, e.obsolete, e.flags) for e in old] == before


def test_empty_message_is_filled_from_memory_later():
    memory = Memory.from_catalogs(
        [("zh_CN/b.po", catalog(polib.POEntry(msgid="Shared.", msgstr="共享。")))]
    )
    old = catalog(polib.POEntry(msgid="Shared."))
    entry = by_msgid(merge(template("Shared."), old, memory))["Shared."]
    assert entry.msgstr == "共享。" and "zh_CN/b.po" in entry.tcomment


def test_similarity_ties_go_to_more_shared_four_grams_as_in_msgmerge():
    old = catalog(
        polib.POEntry(msgid="Reset all surveys", msgstr="重置所有调查"),
        polib.POEntry(msgid="Reset all records", msgstr="重置所有记录"),
    )
    entry = by_msgid(merge(template("Reset all rules"), old))["Reset all rules"]
    # both are 81.25 similar; "records" shares one more 4-gram ("l re") with "rules"
    assert entry.previous_msgid == "Reset all records"


def test_shared_four_grams_are_counted_by_position_as_in_msgmerge():
    # "e on" occurs twice in the new text: msgmerge counts it twice, so the first wins.
    old = catalog(
        polib.POEntry(
            msgid="The study will take place in Shanghai on Thursday, September 24.", msgstr="甲"
        ),
        polib.POEntry(
            msgid="The exhibition will take place online on Thursday, September 10.", msgstr="乙"
        ),
    )
    new = "The study will take place online on Thursday, September 8."
    entry = by_msgid(merge(template(new), old))[new]
    assert (
        entry.previous_msgid == "The exhibition will take place online on Thursday, September 10."
    )


def test_a_tie_group_larger_than_the_first_cut_is_searched_whole():
    base = "Please select the destination folder for the exported reports"
    # 54 texts one character off (all equally similar), each breaking four of base's 4-grams
    variants = [base[:i] + ("#" if base[i] != "#" else "%") + base[i + 1 :] for i in range(4, 58)]
    variants.append(base[:-1] + "x")  # as similar, but breaks only one 4-gram: msgmerge's pick
    old = catalog(*(polib.POEntry(msgid=v, msgstr=f"译文{i}") for i, v in enumerate(variants)))
    entry = by_msgid(merge(template(base), old))[base]
    assert entry.previous_msgid == base[:-1] + "x"


def test_fuzzy_match_keeps_the_previous_context_as_msgmerge_writes_it():
    from pipeline.catalogs.poformat import format_catalog

    old = catalog(polib.POEntry(msgctxt="title", msgid="Annual report 2023", msgstr="2023年年报"))
    new = merge(template("Annual report 2024"), old)
    entry = by_msgid(new)["Annual report 2024"]
    assert entry.fuzzy and entry.msgstr == "2023年年报"
    assert (entry.previous_msgctxt, entry.previous_msgid) == ("title", "Annual report 2023")
    assert '#| msgctxt "title"\n#| msgid "Annual report 2023"\n' in format_catalog(new)


def test_equal_candidates_go_to_the_one_without_another_context():
    old = catalog(
        polib.POEntry(msgctxt="caption", msgid="Opening hours: 8 to 17", msgstr="说明"),
        polib.POEntry(msgid="Opening hours: 8 to 18", msgstr="正文"),
    )
    new = merge(template("Opening hours: 8 to 19"), old)
    entry = by_msgid(new)["Opening hours: 8 to 19"]
    assert (entry.msgstr, entry.previous_msgctxt) == ("正文", None)


def test_a_merge_that_changes_nothing_is_seen_as_unchanged_and_any_change_is_not():
    """`same_catalog` answers at once when the merge shared every message; it must still
    agree with the full comparison of what the catalogs say."""
    from pipeline.catalogs.pofile import same_catalog, signature

    old = catalog(
        polib.POEntry(msgid="Hello", msgstr="你好", occurrences=[("source/a.md", "1")]),
        polib.POEntry(msgid="Bye", msgstr="再见", occurrences=[("source/a.md", "2")]),
    )
    pot = catalog(*(polib.POEntry(msgid=e.msgid, occurrences=e.occurrences) for e in old))
    steady = merge(pot, old)
    assert all(a is b for a, b in zip(old, steady, strict=True))
    assert same_catalog(old, steady)
    renamed = merge_catalog(pot, old, Memory.from_catalogs([]), 60, {"Language": "zh_TW"})
    assert all(a is b for a, b in zip(old, renamed, strict=True))  # shared, header differs
    assert not same_catalog(old, renamed)
    assert same_catalog(old, merge(template("Bye", "Hello"), old)) == (
        signature(old) == signature(merge(template("Bye", "Hello"), old))
    )
    assert not same_catalog(old, merge(template("Hello"), old))  # "Bye" became obsolete
