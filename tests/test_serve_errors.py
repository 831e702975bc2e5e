"""`pipeline serve` with a catalog broken mid-session: the error is printed as every command
prints it, and the last good build stays up, byte for byte."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HELLO = "locales/zh_CN/LC_MESSAGES/hello.po"


def _lines(stream, into: queue.Queue) -> None:
    for line in iter(stream.readline, ""):
        into.put(line.rstrip("\n"))


def _wait_for(lines: queue.Queue, pattern: str, seconds: float = 30) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        if re.search(pattern, line):
            return line
    raise AssertionError(f"no line matching {pattern!r} within {seconds} s")


def test_a_broken_catalog_keeps_the_last_good_build_up(translated: Path) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--project", str(translated), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(server.stdout, lines), daemon=True).start()
    try:
        address = re.search(r"http://\S+/", _wait_for(lines, r"^serving ")).group()
        page = address + "zh-hans/hello.html"
        good = urllib.request.urlopen(page).read()
        path = translated / HELLO
        text = path.read_text()
        broken = text.replace('msgstr "Ｈｅｌｌｏ ｗｏｒｌｄ"', 'msgstr "Ｈｅｌｌｏ ｗｏｒｌｄ', 1)
        assert broken != text
        path.write_text(broken)
        line = broken[: broken.index('msgstr "Ｈｅｌｌｏ ｗｏｒｌｄ')].count("\n") + 1
        said = _wait_for(lines, r"^error: ")
        assert said == f"error: {HELLO}:{line}: end-of-line within string"
        assert urllib.request.urlopen(page).read() == good
        assert path.read_text() == broken  # not repaired, not rewritten
    finally:
        server.terminate()
        server.wait(timeout=10)
