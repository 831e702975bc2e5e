"""Screenshot of both language versions of an article side by side, for the README.

    .venv/bin/python docs/screenshot.py [ARTICLE] [--out docs/screenshot.png]

Builds a temporary copy of the bundled project, serves it on loopback, and has Debian's
Chromium (headless, driven by Playwright) shoot a page holding the two versions in frames.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from click.testing import CliRunner
from playwright.sync_api import sync_playwright

from pipeline.cli import cli

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the browser tests' Chromium flags, shared
from tests.conftest import CHROMIUM_FLAGS as FLAGS  # noqa: E402

FRAMES = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pipeline</title>
<style>body{{margin:0;display:flex;gap:16px;background:#e9edf1;padding:16px}}
iframe{{width:620px;height:1000px;border:0;background:#fff;box-shadow:0 1px 4px #0003}}
</style></head><body><iframe src="en/{slug}.html"></iframe>
<iframe src="zh-hans/{slug}.html"></iframe></body></html>"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", default="cqhcwc-reproductive-medicine-center")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        for name in ("source", "locales"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "pyproject.toml", root)
        result = CliRunner().invoke(cli, ["--project", str(root), "build"])
        assert result.exit_code == 0, result.output
        (root / "output" / "compare.html").write_text(FRAMES.format(slug=args.article))
        handler = functools.partial(
            http.server.SimpleHTTPRequestHandler, directory=str(root / "output")
        )
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            shoot(f"http://127.0.0.1:{server.server_address[1]}/compare.html", args.out)
        finally:
            server.shutdown()
    print(f"wrote {args.out}")


def shoot(url: str, out: Path) -> None:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1288, "height": 1032})
        page.goto(url, wait_until="networkidle")
        page.screenshot(path=str(out))
        browser.close()


if __name__ == "__main__":
    main()
