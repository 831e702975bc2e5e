"""Bad input: one-line error naming the file, exit code 2, nothing written or lost."""

from __future__ import annotations

from pathlib import Path

import pytest


def snapshot(root: Path) -> dict:
    """Bytes and mtimes of everything in output/ and locales/."""
    files = [*(root / "output").rglob("*"), *(root / "locales").rglob("*")]
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files if p.is_file()}


def break_slug(root):
    (root / "source/Bad Name.md").write_text("---\ntitle: x\n---\nText\n")
    return "source/Bad Name.md", "not a valid slug"


def unknown_field(root):
    path = root / "source/hello.md"
    path.write_text(path.read_text().replace("summary:", "sumary:"))
    return "source/hello.md:4", "unknown front-matter field 'sumary'"


def latin1(root):
    (root / "source/latin.md").write_bytes("---\ntitle: Café\n---\n\nCafé\n".encode("latin-1"))
    return "source/latin.md:2", "not UTF-8 (byte 14"


def po_syntax(root):
    path = root / "locales/zh_CN/LC_MESSAGES/hello.po"
    lines = path.read_text().splitlines()
    lines.insert(25, 'msgid "unterminated')
    path.write_text("\n".join(lines) + "\n")
    # msgfmt names line 27, having read the line end; the quote is missing on line 26.
    return "locales/zh_CN/LC_MESSAGES/hello.po:26:", "end-of-line within string"


def po_wrong_language(root):
    path = root / "locales/zh_CN/LC_MESSAGES/page.po"
    path.write_text(path.read_text().replace('"Language: zh_CN\\n"', '"Language: fr\\n"'))
    return "locales/zh_CN/LC_MESSAGES/page.po:", "header says Language: fr"


def bad_yaml(root):
    (root / "source/yaml.md").write_text("---\ntitle: [unclosed\n---\n\nText\n")
    return "source/yaml.md:", "front matter is not valid YAML"


def bad_config(root):
    path = root / "pyproject.toml"
    path.write_text(path.read_text() + 'min_completness = 3\nbelow_threshold = "drop"\n')
    return "pyproject.toml:8", "tool.pipeline.min_completness: unknown key"


@pytest.mark.parametrize(
    "breaker",
    [break_slug, unknown_field, latin1, po_syntax, po_wrong_language, bad_yaml, bad_config],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize("command", ["build", "update"])
def test_bad_input_fails_cleanly(project, run, breaker, command):
    root = project()
    assert run(root, "build").exit_code == 0
    where, what = breaker(root)
    before = snapshot(root)
    result = run(root, command)
    assert result.exit_code == 2, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("error: ") and where in first and what in first, first
    assert "Traceback" not in result.output
    if breaker is bad_config:  # every problem is reported, not just the first
        assert "pyproject.toml:9: tool.pipeline.below_threshold: must be one of" in result.output
    assert snapshot(root) == before


def test_two_sources_with_one_slug(project, run):
    root = project()
    (root / "source/hello.html").write_text("<title>Dup</title><p>x</p>")
    result = run(root, "build")
    assert result.exit_code == 2
    assert "slug 'hello' is also used by" in result.output


def test_reserved_slug(project, run):
    root = project()
    (root / "source/index.md").write_text("---\ntitle: x\n---\n")
    result = run(root, "extract")
    assert result.exit_code == 2 and "reserved" in result.output


def test_missing_title(project, run):
    root = project()
    (root / "source/notitle.md").write_text("---\ndate: 2020-01-01\n---\n\nBody\n")
    result = run(root, "build")
    assert result.exit_code == 2
    assert "source/notitle.md:1: front matter needs a 'title:'" in result.output


def test_lock_held_refuses_second_command(project, run):
    from pipeline.lock import project_lock

    root = project()
    with project_lock(root / ".pipeline"):
        result = run(root, "build")
    assert result.exit_code == 2
    assert "another pipeline command is running" in result.output
    assert run(root, "build").exit_code == 0  # released
