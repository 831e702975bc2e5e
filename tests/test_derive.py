"""catalogs.derive through update_catalogs: a derived locale's catalog is the conversion of
its base's, and a translator's edit in it is never overwritten."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.catalogs.derive import _escape, _unescape
from pipeline.catalogs.memory import Memory
from pipeline.catalogs.pofile import Loaded
from pipeline.catalogs.update import update_catalogs
from pipeline.config import Config, Derivation, load_config
from pipeline.model import Locale

NOW = "2024-01-01 00:00+0000"
CONFIG = """[tool.pipeline]
locales = ["zh_CN", "zh_TW"]
[tool.pipeline.locale.zh_TW]
derive_from = "zh_CN"
convert = "s2twp"
quotes = "corner"
"""


@pytest.fixture
def config(tmp_path: Path) -> Config:
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    return load_config(tmp_path)


def template(*msgids: str | tuple[str, str]) -> polib.POFile:
    pot = polib.POFile(wrapwidth=79)
    for n, msgid in enumerate(msgids, 1):
        entry = polib.POEntry(msgid=msgid, msgstr="", occurrences=[("source/a.md", str(n))])
        if isinstance(msgid, tuple):
            entry = polib.POEntry(msgid=msgid[0], msgid_plural=msgid[1], msgstr_plural={0: ""})
        pot.append(entry)
    return pot


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    po.extend(entries)
    return po


def update(config: Config, pot, base: polib.POFile | None, derived=None, own=""):
    """zh_CN's and zh_TW's catalogs once updated, the memories asked for."""
    asked: list[str] = []
    old = {"zh_CN": base, "zh_TW": derived}

    def read_old(locale: Locale):
        po = old[locale.code]
        return Loaded(config.catalog_dir(locale) / "a.po", po, "digest") if po else None

    def memory_of(locale: Locale) -> Memory:
        asked.append(locale.code)
        return Memory(list)

    targets = [loc for loc in config.locales if loc.code != own]
    updated = update_catalogs(config, "a", pot, targets, NOW, read_old, memory_of, own=own)
    return updated.catalogs, asked


def entry(po: polib.POFile, msgid: str) -> polib.POEntry:
    return next(e for e in po if e.msgid == msgid and not e.obsolete)


def test_config_keeps_the_derivation(config):
    assert config.derivations == (Derivation("zh_TW", "zh_CN", "s2twp", "corner"),)
    assert config.derivation("zh_TW") is config.derivations[0]
    assert config.derivation("zh_CN") is None


def test_each_message_is_the_conversion_of_its_base(config):
    base = catalog(
        polib.POEntry(msgid="Hair", msgstr="头发“干枯”"),
        polib.POEntry(msgid="Released", msgstr="后来发布", flags=["fuzzy"]),
        polib.POEntry(msgid="Empty", msgstr=""),
        polib.POEntry(msgid="One file", msgid_plural="%d files", msgstr_plural={0: "%d 个文件"}),
    )
    pot = template("Hair", "Released", "Empty", ("One file", "%d files"))
    plural = polib.POEntry(msgid="One file", msgid_plural="%d files", msgstr_plural={0: ""})
    catalogs, asked = update(config, pot, base, catalog(plural))  # (merge keeps plurals)
    po = catalogs["zh_TW"].po
    hair = entry(po, "Hair")
    assert hair.msgstr == "頭髮「乾枯」"
    assert hair.flags == ["converted"]
    assert hair.tcomment.split("\n")[0] == "converted from: 头发“干枯”"
    released = entry(po, "Released")
    assert (released.msgstr, released.flags) == ("後來釋出", ["fuzzy", "converted"])
    empty = entry(po, "Empty")
    assert (empty.msgstr, empty.flags, empty.tcomment) == ("", [], "")
    assert entry(po, "One file").msgstr_plural == {0: "%d 個檔案"}
    assert asked == ["zh_CN"]  # the derived locale never draws on a memory


def test_an_article_written_in_the_base_language_converts_its_msgids(config):
    catalogs, _ = update(config, template("头发<1>复查</1>"), None, own="zh_CN")
    assert list(catalogs) == ["zh_TW"]
    message = entry(catalogs["zh_TW"].po, "头发<1>复查</1>")
    assert (message.msgstr, message.flags) == ("頭髮<1>複查</1>", ["converted"])


def derived_from(config, base_text: str):
    """The zh_TW catalog the pipeline writes from a base translating "Hair" as `base_text`."""
    base = catalog(polib.POEntry(msgid="Hair", msgstr=base_text))
    catalogs, _ = update(config, template("Hair"), base)
    return catalogs["zh_TW"].po


def test_a_converted_message_follows_its_base(config):
    first = derived_from(config, "头发")
    base = catalog(polib.POEntry(msgid="Hair", msgstr="发型"))
    catalogs, _ = update(config, template("Hair"), base, first)
    hair = entry(catalogs["zh_TW"].po, "Hair")
    assert (hair.msgstr, hair.flags) == ("髮型", ["converted"])
    assert "converted from: 发型" in hair.tcomment and "previously" not in hair.tcomment


def test_nothing_changed_nothing_written(config):
    first = derived_from(config, "头发")
    base = catalog(polib.POEntry(msgid="Hair", msgstr="头发"))
    catalogs, _ = update(config, template("Hair"), base, first)
    assert not catalogs["zh_TW"].changed()


@pytest.mark.parametrize("how", ["msgstr", "flag"])
def test_a_hand_edit_is_kept_and_turns_fuzzy_when_its_base_changes(config, how):
    edited = derived_from(config, "一家具备资质")
    hair = entry(edited, "Hair")
    if how == "msgstr":
        hair.msgstr = "一家具備資質"  # OpenCC wrote 一傢俱備資質
    else:
        hair.flags = []
    kept = hair.msgstr
    same = catalog(polib.POEntry(msgid="Hair", msgstr="一家具备资质"))
    catalogs, _ = update(config, template("Hair"), same, edited)
    assert entry(catalogs["zh_TW"].po, "Hair").msgstr == kept
    assert not catalogs["zh_TW"].changed()

    changed = catalog(polib.POEntry(msgid="Hair", msgstr="唯一一家具备资质"))
    catalogs, _ = update(config, template("Hair"), changed, edited)
    hair = entry(catalogs["zh_TW"].po, "Hair")
    assert hair.msgstr == kept
    assert hair.flags[0] == "fuzzy"
    assert hair.tcomment.split("\n")[:2] == [
        "converted from: 唯一一家具备资质",
        "previously converted from: 一家具备资质",
    ]
    # the translator reviews it (fuzzy removed): it stays as reviewed
    hair.flags.remove("fuzzy")
    again, _ = update(config, template("Hair"), changed, catalogs["zh_TW"].po)
    assert entry(again["zh_TW"].po, "Hair").msgstr == kept
    assert "fuzzy" not in entry(again["zh_TW"].po, "Hair").flags


def test_a_hand_edit_is_fuzzy_while_its_base_is(config):
    edited = derived_from(config, "头发")
    entry(edited, "Hair").msgstr = "頭髮！"
    base = catalog(polib.POEntry(msgid="Hair", msgstr="头发", flags=["fuzzy"]))
    catalogs, _ = update(config, template("Hair"), base, edited)
    hair = entry(catalogs["zh_TW"].po, "Hair")
    assert (hair.msgstr, hair.flags) == ("頭髮！", ["fuzzy", "converted"])
    assert hair.tcomment.split("\n")[-1].startswith("fuzzy while its base is: ")
    assert not update(config, template("Hair"), base, catalogs["zh_TW"].po)[0]["zh_TW"].changed()

    # the base reviewed, its text unchanged: nothing for zh_TW's translator to review
    reviewed = catalog(polib.POEntry(msgid="Hair", msgstr="头发"))
    again, _ = update(config, template("Hair"), reviewed, catalogs["zh_TW"].po)
    hair = entry(again["zh_TW"].po, "Hair")
    assert (hair.msgstr, hair.flags) == ("頭髮！", ["converted"])
    assert hair.tcomment == entry(edited, "Hair").tcomment


def test_a_hand_edit_touched_while_its_base_is_fuzzy_stays_fuzzy(config):
    edited = derived_from(config, "头发")
    entry(edited, "Hair").msgstr = "頭髮！"
    base = catalog(polib.POEntry(msgid="Hair", msgstr="头发", flags=["fuzzy"]))
    catalogs, _ = update(config, template("Hair"), base, edited)
    entry(catalogs["zh_TW"].po, "Hair").msgstr = "頭髮？"  # edited again, left fuzzy
    reviewed = catalog(polib.POEntry(msgid="Hair", msgstr="头发"))
    again, _ = update(config, template("Hair"), reviewed, catalogs["zh_TW"].po)
    hair = entry(again["zh_TW"].po, "Hair")
    assert (hair.msgstr, hair.flags) == ("頭髮？", ["fuzzy", "converted"])
    assert "fuzzy while" not in hair.tcomment


def test_a_hand_edit_fuzzy_for_its_own_reason_stays_fuzzy(config):
    """The translator's own fuzzy flag is theirs: a base reviewed does not clear it."""
    edited = derived_from(config, "头发")
    hair = entry(edited, "Hair")
    hair.msgstr = "頭髮！"
    hair.flags.insert(0, "fuzzy")
    reviewed = catalog(polib.POEntry(msgid="Hair", msgstr="头发"))
    again, _ = update(config, template("Hair"), reviewed, edited)
    assert entry(again["zh_TW"].po, "Hair").flags == ["fuzzy", "converted"]
    assert not again["zh_TW"].changed()


def test_a_base_gone_untranslated_empties_a_converted_message(config):
    first = derived_from(config, "头发")
    base = catalog(polib.POEntry(msgid="Hair", msgstr=""))
    catalogs, _ = update(config, template("Hair"), base, first)
    hair = entry(catalogs["zh_TW"].po, "Hair")
    assert (hair.msgstr, hair.flags, hair.tcomment) == ("", [], "")


def test_no_suggestion_by_similar_text_and_obsolete_with_the_base(config):
    first = derived_from(config, "头发很干")
    base = catalog(polib.POEntry(msgid="Hair is dry", msgstr=""))
    catalogs, _ = update(config, template("Hair is dry"), base, first)
    po = catalogs["zh_TW"].po
    new = entry(po, "Hair is dry")
    assert (new.msgstr, new.flags) == ("", [])  # "Hair" was close, but nothing is suggested
    assert [e.msgid for e in po if e.obsolete] == ["Hair"]


def test_a_changed_rule_rederives_converted_messages(config):
    first = derived_from(config, "余华的小说")
    assert entry(first, "Hair").msgstr == "餘華的小說"
    rules = config.locales_dir / "zh_TW" / "conversion.csv"
    rules.parent.mkdir(parents=True)
    rules.write_text("phrase,written\n余华,余華\n", encoding="utf-8")
    base = catalog(polib.POEntry(msgid="Hair", msgstr="余华的小说"))
    catalogs, _ = update(config, template("Hair"), base, first)
    hair = entry(catalogs["zh_TW"].po, "Hair")
    assert (hair.msgstr, hair.flags) == ("余華的小說", ["converted"])


@given(st.text())
def test_a_converted_from_comment_holds_any_text_on_one_line(text):
    line = _escape(text)
    assert "\n" not in line
    assert _unescape(line) == text


def test_a_plural_with_more_forms_than_its_base_stays_the_pipeline_s(config):
    """A derived plural keeps its own number of forms; it is still recognised as converted."""
    base = catalog(
        polib.POEntry(msgid="a file", msgid_plural="%d files", msgstr_plural={0: "%d 个文件"})
    )
    derived = catalog(
        polib.POEntry(msgid="a file", msgid_plural="%d files", msgstr_plural={0: "", 1: ""})
    )
    pot = template(("a file", "%d files"))
    first, _ = update(config, pot, base, derived)
    assert entry(first["zh_TW"].po, "a file").msgstr_plural == {0: "%d 個檔案", 1: "%d 個檔案"}
    base[0].msgstr_plural = {0: "%d 份文件"}
    again, _ = update(config, pot, base, first["zh_TW"].po)
    followed = entry(again["zh_TW"].po, "a file")
    assert followed.msgstr_plural == {0: "%d 份檔案", 1: "%d 份檔案"}
    assert followed.flags == ["converted"]


def test_a_reworded_message_the_pipeline_owns_is_converted_afresh(config):
    """Only a hand edit moves to the new msgid: a conversion is simply made again."""
    first, _ = update(config, template("我们复查头发。"), None, own="zh_CN")
    catalogs, _ = update(config, template("我们每年复查头发。"), None, first["zh_TW"].po, "zh_CN")
    new = entry(catalogs["zh_TW"].po, "我们每年复查头发。")
    assert (new.msgstr, new.flags) == ("我們每年複查頭髮。", ["converted"])
    assert new.previous_msgid is None


def test_a_hand_edit_moves_only_to_a_similar_new_message(config):
    first, _ = update(config, template("我们复查头发。"), None, own="zh_CN")
    entry(first["zh_TW"].po, "我们复查头发。").msgstr = "我們覆查頭髮。"
    catalogs, _ = update(config, template("门诊地址"), None, first["zh_TW"].po, "zh_CN")
    new = entry(catalogs["zh_TW"].po, "门诊地址")
    assert (new.msgstr, new.flags) == ("門診地址", ["converted"])
    assert [e.msgstr for e in catalogs["zh_TW"].po if e.obsolete] == ["我們覆查頭髮。"]
