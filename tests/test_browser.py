"""A real browser on `pipeline serve`: Debian's Chromium, driven headless by Playwright.

Runs on a temporary copy of the bundled project; the screenshot lands in that copy's output/
(its path is printed) so a person can look at it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import CHROMIUM_FLAGS as FLAGS
from tests.conftest import REPO, require_program

ARTICLE = "cqhcwc-reproductive-medicine-center"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copy(REPO / "pyproject.toml", root)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--project", str(root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/en/index.html")
        yield root, f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=15)
        assert server.returncode == 0, output  # Ctrl-C stops cleanly
        assert "stopped" in output


@pytest.fixture
def browser():
    chromium = require_program("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("playwright is required under CI=true")
        pytest.skip("playwright is not installed")
    with sync_playwright() as driver:
        # Playwright starts every launch with a fresh, empty --user-data-dir of its own.
        launched = driver.chromium.launch(executable_path=chromium, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def test_switcher_leads_to_the_chinese_article(site, browser):
    root, base = site
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(f"{base}/en/{ARTICLE}.html")
    assert page.locator("h1").inner_text() == (
        "CQHCWC approved to build city-level assisted reproductive medicine center"
    )
    page.click("nav.languages a[hreflang='zh-Hans']")
    page.wait_for_url(f"**/zh-hans/{ARTICLE}.html")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "重庆市妇幼保健院获批建设市级辅助生殖医学中心"
    assert "2023年1月6日" in page.locator("p.meta").inner_text()
    shot = root / "output" / "browser-zh-hans.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_page_reloads_after_an_edit(site, browser):
    root, base = site
    page = browser.new_page()
    page.goto(f"{base}/en/{ARTICLE}.html")
    source = root / "source" / f"{ARTICLE}.md"
    source.write_text(
        source.read_text().replace("title: CQHCWC approved", "title: CQHCWC officially approved")
    )
    page.wait_for_function(
        "document.querySelector('h1').textContent.includes('officially')", timeout=15_000
    )
    assert (root / "output/en" / f"{ARTICLE}.html").read_text().count("__pipeline") == 0
