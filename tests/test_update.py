"""catalogs.update: the one way every command updates an article's (or ui's) catalogs, and
the one writer."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline.catalogs.memory import Memory, Remembered
from pipeline.catalogs.pofile import read_catalog
from pipeline.catalogs.update import Plan, update_catalogs, write_catalogs, write_plans
from pipeline.config import load_config
from pipeline.errors import WriteError

NOW = "2024-01-01 00:00+0000"


@pytest.fixture
def config(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.pipeline]\nlocales = ["zh_CN", "fr_FR"]\n')
    return load_config(tmp_path)


def extracted(*msgids: str) -> polib.POFile:
    pot = polib.POFile(wrapwidth=79)
    for n, msgid in enumerate(msgids, 1):
        pot.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[("source/a.md", str(n))]))
    return pot


def no_memory(locale):
    return Memory(list)


def test_a_new_article_gets_a_template_and_a_catalog_per_locale(config):
    asked = []
    updated = update_catalogs(
        config,
        "a",
        extracted("Hello", "Bye"),
        config.locales,
        NOW,
        lambda locale: None,
        lambda locale: asked.append(locale.code) or no_memory(locale),
    )
    assert updated.template is not None and updated.template.old is None
    assert sorted(updated.catalogs) == ["fr_FR", "zh_CN"]
    assert [w.path.relative_to(config.root).as_posix() for w in updated.writes()] == [
        "locales/templates/a.pot",
        "locales/zh_CN/LC_MESSAGES/a.po",
        "locales/fr_FR/LC_MESSAGES/a.po",
    ]
    assert asked == ["zh_CN", "fr_FR"]  # each locale's memory, once
    assert all(w.expected == "" for w in updated.writes())  # new files


def test_the_memory_fills_a_new_message_exactly(config):
    memory = Memory(lambda: [Remembered("Hello", "你好", "zh_CN/other.po")])
    updated = update_catalogs(
        config,
        "a",
        extracted("Hello"),
        config.locales[:1],
        NOW,
        lambda loc: None,
        lambda loc: memory,
    )
    plan = updated.catalogs["zh_CN"]
    assert plan is not None and [(e.msgid, e.msgstr) for e in plan.po] == [("Hello", "你好")]


def test_written_catalogs_are_read_back_and_then_unchanged(config):
    def update():
        return update_catalogs(
            config,
            "a",
            extracted("Hello"),
            config.locales,
            NOW,
            lambda loc: read_catalog_if_any(config.catalog_dir(loc) / "a.po"),
            no_memory,
        )

    written = write_catalogs(update().writes())
    assert len(written) == 3 and all(p.is_file() for p in written)
    again = update()
    assert again.writes() == []  # nothing changed: nothing is rewritten
    assert all(plan is not None and plan.old is not None for plan in again.catalogs.values())


def read_catalog_if_any(path: Path):
    return read_catalog(path) if path.exists() else None


def test_without_a_template_the_catalogs_are_left_as_read(config):
    path = config.catalog_dir(config.locales[0]) / "a.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\nmsgid "Hi"\nmsgstr "嗨"\n')
    old = read_catalog(path)
    updated = update_catalogs(
        config,
        "a",
        None,
        config.locales,
        NOW,
        lambda loc: old if loc.code == "zh_CN" else None,
        lambda loc: pytest.fail("no merge, no memory"),
    )
    assert updated.template is None and updated.catalogs["fr_FR"] is None
    plan = updated.catalogs["zh_CN"]
    assert plan is not None and plan.po is old.po and updated.writes() == []


def test_the_writer_refuses_a_file_edited_since_it_was_read(config):
    path = config.catalog_dir(config.locales[0]) / "a.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n')
    old = read_catalog(path)
    path.write_text(path.read_text() + '\nmsgid "Edited"\nmsgstr "改"\n')  # a translator saves
    plan = Plan(path, extracted("Hello"), old)
    with pytest.raises(WriteError, match="changed by someone else"):
        write_plans([plan])
    assert "Edited" in path.read_text()
