"""`[tool.pipeline]` -> Config: defaults, overrides, and every bad config reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config, load_config
from pipeline.errors import ConfigError

BAD_CONFIGS = sorted((Path(__file__).parent / "fixtures" / "bad-configs").glob("*.toml"))


def write(root: Path, text: str) -> Path:
    root.mkdir(exist_ok=True)
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("path", BAD_CONFIGS, ids=lambda p: p.stem)
def test_bad_config_is_reported_whole_and_exits_2(tmp_path, run, path):
    """Each file's `# error:` lines are what `pipeline build` must print, in that order."""
    text = path.read_text(encoding="utf-8")
    expected = [line[2:] for line in text.splitlines() if line.startswith("# error: ")]
    root = write(tmp_path / "site", text)
    result = run(root, "build")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == expected
    assert sorted(p.name for p in root.iterdir()) == ["pyproject.toml"]  # nothing written


def test_the_bad_config_glob_is_not_empty():
    assert len(BAD_CONFIGS) >= 8


def test_defaults_serve_a_project_without_a_table(tmp_path):
    root = write(tmp_path / "plain", '[project]\nname = "plain-site"\n')
    config = load_config(root)
    assert config.site_name == "plain-site"
    assert config.source_language.code == "en"
    assert [loc.code for loc in config.locales] == ["zh_CN"]
    assert (config.min_completeness, config.below_threshold) == (80, "keep-published")
    assert config.root == root.resolve()


def test_locale_overrides_and_base_url_slash(tmp_path):
    root = write(
        tmp_path / "site",
        '[tool.pipeline]\nlocales = ["zh_CN", "fr_FR"]\nbase_url = "https://x.org"\n'
        '[tool.pipeline.locale.zh_CN]\ntag = "zh-Hans-CN"\npath = "cn"\n',
    )
    config = load_config(root)
    zh, fr = config.locales
    assert (zh.code, zh.tag, zh.path) == ("zh_CN", "zh-Hans-CN", "cn")
    assert (fr.tag, fr.path) == ("fr", "fr")
    assert config.base_url == "https://x.org/"


def test_locale_lookup_accepts_the_tag_spelling_and_refuses_others(tmp_path):
    config = load_config(write(tmp_path / "site", '[tool.pipeline]\nlocales = ["zh_CN"]\n'))
    assert config.locale("zh-CN") is config.locales[0]
    refused = r"locale 'fr' is not configured \(configured: en, zh_CN\)"
    with pytest.raises(ConfigError, match=refused):
        config.locale("fr")


def test_compendium_paths_are_resolved_inside_the_project(tmp_path):
    root = write(tmp_path / "site", '[tool.pipeline]\ncompendium = ["memory/old.po"]\n')
    (root / "memory").mkdir()
    (root / "memory/old.po").write_text("")
    assert load_config(root).compendium == ((root / "memory/old.po").resolve(),)


def test_config_is_frozen(tmp_path):
    config = load_config(write(tmp_path / "site", "[tool.pipeline]\n"))
    with pytest.raises(AttributeError):
        config.site_title = "Other"  # type: ignore[misc]
    assert isinstance(config, Config)


def labels(config: Config) -> list[str]:
    from pipeline.locales import label_of

    return [label_of(loc) for loc in config.languages]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('locales = ["zh_CN"]', ["English", "中文"]),
        ('locales = ["zh_CN", "zh_TW"]', ["English", "简体中文", "繁體中文"]),
        ('locales = ["zh_TW"]', ["English", "中文"]),
        (
            'source_language = "en_US"\nlocales = ["en_GB", "zh_CN"]\n'
            '[tool.pipeline.locale.en_GB]\npath = "en-gb"\ntag = "en-GB"',
            ["American English", "British English", "中文"],
        ),
        (
            'locales = ["zh_CN", "zh_TW"]\n[tool.pipeline.locale.zh_TW]\nlabel = "正體中文"',
            ["English", "简体中文", "正體中文"],
        ),
        (
            'locales = ["zh_CN"]\n[tool.pipeline.locale.en]\nlabel = "English (UK)"',
            ["English (UK)", "中文"],
        ),
    ],
    ids=[
        "alone",
        "two-scripts",
        "traditional-alone",
        "two-regions",
        "configured",
        "source-configured",
    ],
)
def test_labels_tell_apart_languages_the_site_has_twice(tmp_path, table, expected):
    config = load_config(write(tmp_path / "site", f"[tool.pipeline]\n{table}\n"))
    assert labels(config) == expected


def test_a_label_does_not_change_which_locale_it_is(tmp_path):
    text = '[tool.pipeline]\nlocales = ["zh_TW"]\n[tool.pipeline.locale.zh_TW]\nlabel = "臺灣"\n'
    config = load_config(write(tmp_path / "site", text))
    assert config.locale("zh_TW").label == "臺灣"
    from pipeline.locales import make_locale

    assert config.locale("zh_TW") == make_locale("zh_TW")
