"""Shared fixtures: tiny projects copied into tmp_path, a CLI runner, pseudo-translation."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Debian's Chromium, headless and quiet: the browser tests and docs/screenshot.py."""
_TOKEN = re.compile(r"(</?\d+/?>)")


def pseudo(text: str) -> str:
    """Every ASCII letter outside placeholders to its full-width form: nothing stays equal."""
    parts = _TOKEN.split(text)
    return "".join(
        part
        if _TOKEN.fullmatch(part)
        else "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalpha() else ch for ch in part)
        for part in parts
    )


def pseudo_translate(folder: Path) -> int:
    """Fill every catalog in `folder` with pseudo-translations; returns messages filled."""
    count = 0
    for path in sorted(folder.glob("*.po")):
        po = polib.pofile(str(path))
        for entry in po:
            if not entry.obsolete:
                entry.msgstr = pseudo(entry.msgid)
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
                count += 1
        po.save(str(path))
    return count


def require_program(name: str) -> str:
    """The path of an outside program; skip without it, except under CI=true, where it fails."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is required under CI=true but is not installed")
    pytest.skip(f"{name} is not installed")


@pytest.fixture
def project(tmp_path):
    def make(name: str = "small") -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return make


@pytest.fixture
def translated(project, run):
    """The small project with every catalog pseudo-translated, built once."""
    root = project()
    assert run(root, "init", "zh_CN").exit_code == 0
    pseudo_translate(root / "locales/zh_CN/LC_MESSAGES")
    assert run(root, "build").exit_code == 0
    return root


@pytest.fixture
def run():
    """Invoke the CLI in a project: run(root, "build") -> click Result (stderr separate)."""
    runner = CliRunner()

    def invoke(root: Path, *args: str):
        return runner.invoke(cli, ["--project", str(root), *args], catch_exceptions=False)

    return invoke


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from what the pipeline builds now (then review the diff).",
    )


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    """True only with `pytest --regen-golden`: golden files are never rewritten otherwise."""
    return bool(request.config.getoption("--regen-golden"))
