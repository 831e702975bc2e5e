"""caching.keys: an article's key changes exactly when something its pages depend on does."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.caching.digests import Digests
from pipeline.caching.keys import Keys, fingerprint, input_files, was_published
from pipeline.config import load_config
from tests.conftest import FIXTURES


def project(tmp_path: Path, name: str = "site"):
    root = tmp_path / name
    shutil.copytree(FIXTURES / "small", root)
    return load_config(root)


def key_of(config, needs_memory=(), published="") -> str:
    keys = Keys(config, fingerprint(config, True, {}, config.locales), config.locales, Digests())
    return keys.unit(config.source_dir / "hello.md", needs_memory, published)


def test_input_files_are_the_source_its_template_and_its_catalogs(tmp_path):
    config = project(tmp_path)
    found = [
        p.relative_to(config.root).as_posix()
        for p in input_files(config, config.locales, config.source_dir / "hello.md")
    ]
    assert found == [
        "source/hello.md",
        "locales/templates/hello.pot",
        "locales/zh_CN/LC_MESSAGES/hello.po",
    ]


def test_a_derived_locale_adds_its_base_catalog_and_its_rules(tmp_path):
    config = project(tmp_path)
    pyproject = config.root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('locales = ["zh_CN"]', 'locales = ["zh_CN", "zh_TW"]')
        + '[tool.pipeline.locale.zh_TW]\nderive_from = "zh_CN"\nconvert = "s2tw"\n'
    )
    config = load_config(config.root)
    zh_tw = config.locale("zh_TW")
    found = [
        p.relative_to(config.root).as_posix()
        for p in input_files(config, [zh_tw], config.source_dir / "hello.md")  # --locale zh_TW
    ]
    assert found == [
        "source/hello.md",
        "locales/templates/hello.pot",
        "locales/zh_TW/LC_MESSAGES/hello.po",
        "locales/zh_CN/LC_MESSAGES/hello.po",
        "locales/zh_TW/conversion.csv",
    ]
    first = key_of(config)
    (config.root / "locales/zh_TW").mkdir(parents=True)
    (config.root / "locales/zh_TW/conversion.csv").write_text("phrase,written\n余华,余華\n")
    assert key_of(config) != first


def test_the_key_follows_the_article_and_its_catalog(tmp_path):
    config = project(tmp_path)
    first = key_of(config)
    assert key_of(config) == first  # deterministic
    catalog = config.catalog_dir(config.locales[0]) / "hello.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n')
    assert key_of(config) != first


def test_another_catalog_matters_only_to_an_article_that_drew_on_the_memory(tmp_path):
    config = project(tmp_path)
    plain, hungry = key_of(config), key_of(config, ("zh_CN",))
    other = config.catalog_dir(config.locales[0]) / "page.po"
    other.parent.mkdir(parents=True)
    other.write_text('msgid ""\nmsgstr ""\n')
    assert key_of(config) == plain
    assert key_of(config, ("zh_CN",)) != hungry


def test_where_it_was_published_is_part_of_the_key(tmp_path):
    config = project(tmp_path)
    published = was_published({"zh_CN": frozenset({"hello"})}, "hello")
    assert published == "zh_CN" and was_published({"zh_CN": frozenset()}, "hello") == ""
    assert key_of(config, (), published) != key_of(config)


def test_the_same_site_elsewhere_has_the_same_fingerprint_and_a_config_change_another(tmp_path):
    one, two = project(tmp_path, "one"), project(tmp_path, "two")
    print_one = fingerprint(one, True, {}, one.locales)
    assert fingerprint(two, True, {}, two.locales) == print_one
    assert fingerprint(one, False, {}, one.locales) != print_one  # --no-update
    assert fingerprint(one, True, {"zh_CN": {"Home": "首页"}}, one.locales) != print_one
    toml = two.root / "pyproject.toml"
    toml.write_text(toml.read_text().replace("min_completeness = 50", "min_completeness = 60"))
    changed = load_config(two.root)
    assert fingerprint(changed, True, {}, changed.locales) != print_one
