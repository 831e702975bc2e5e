"""The bundled project built from a clean checkout gives exactly the output tree kept in
tests/golden/bundled/ (library versions masked in manifest.json, so upgrading a dependency
does not break it), and leaves its catalogs as committed.

Regenerate after an intended change of output with `pytest tests/test_golden.py
--regen-golden`, then review `git diff tests/golden`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import REPO

GOLDEN = Path(__file__).parent / "golden" / "bundled"
MASK = "<masked: see tests/test_golden.py>"


def masked(name: str, data: bytes) -> bytes:
    """manifest.json with every library version replaced: the rest must match byte for byte."""
    if not name.endswith("manifest.json"):
        return data
    document = json.loads(data)
    document["versions"] = {library: MASK for library in document["versions"]}
    document["inputs_sha256"] = MASK  # (a digest over the versions too)
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def bundled_project(tmp_path: Path) -> Path:
    root = tmp_path / "bundled"
    root.mkdir()
    # The project's own table only: the package's dependencies are no input of its pages.
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(text[text.index("[tool.pipeline]") :], encoding="utf-8")
    for folder in ("source", "locales"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def test_bundled_project_builds_the_golden_tree(tmp_path, run, regen_golden):
    root = bundled_project(tmp_path)
    catalogs = files_under(root / "locales")
    result = run(root, "build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    built = {name: masked(name, data) for name, data in files_under(root / "output").items()}
    if regen_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in built.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    expected = files_under(GOLDEN)
    assert expected, "no golden tree: run pytest tests/test_golden.py --regen-golden"
    assert sorted(built) == sorted(expected)
    for name, data in built.items():
        assert data == expected[name], f"{name} differs from tests/golden/bundled/{name}"
    assert files_under(root / "locales") == catalogs  # no catalog rewritten


def test_the_mask_hides_versions_and_the_digest_over_them_only():
    document = {
        "versions": {"babel": "2.14.0"},
        "inputs_sha256": "ab12",
        "generator": "pipeline 0.1.0",
        "files": {},
    }
    data = (json.dumps(document, indent=1, sort_keys=True) + "\n").encode()
    out = json.loads(masked("en/manifest.json", data))
    expected = {**document, "versions": {"babel": MASK}, "inputs_sha256": MASK}
    assert out == expected
    assert masked("en/index.html", b"2.14.0") == b"2.14.0"
