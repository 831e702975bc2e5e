"""`pipeline serve`: build, serve output/ on loopback, rebuild on change, reload browsers.

Standard library only: a threaded HTTP server and a polling watcher (a stat of every input
file every few hundred milliseconds costs little next to a build). The reload script is added
to HTML responses as they are served, never to the files of a bundle.
"""

from __future__ import annotations

import errno
import functools
import http.server
import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import PortInUse

RELOAD_PATH = "/__pipeline/build"
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;function poll(){fetch('" + RELOAD_PATH + "',"
    "{cache:'no-store'}).then(function(r){return r.text()}).then(function(v){"
    "if(seen!==null&&v!==seen){location.reload()}seen=v}).catch(function(){})"
    ".finally(function(){setTimeout(poll,500)})}poll()})();</script>"
)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def snapshot(config: Config) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every input: sources, catalogs, layouts and the config."""
    found = {}
    for folder in (config.source_dir, config.locales_dir, config.layouts_dir):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    stat = path.stat()
                    found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    config_file = config.root / "pyproject.toml"
    if config_file.is_file():
        stat = config_file.stat()
        found[str(config_file)] = (stat.st_mtime_ns, stat.st_size)
    return found


class Generation:
    """The number of the last good build, which the reload script polls."""

    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.value += 1


def make_handler(output: Path, generation: Generation):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if self.path.split("?")[0] == RELOAD_PATH:
                self._send(str(generation.value).encode(), "text/plain")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                page = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>")
                self._send(page, "text/html; charset=utf-8")
                return
            super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass  # quiet: the console is for what was rebuilt

    return functools.partial(Handler, directory=str(output))


def open_server(config: Config, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """The listening server, made before the first build so that a busy port is said at once,
    with a free one to try instead."""
    generation = Generation()
    try:
        server = http.server.ThreadingHTTPServer(
            (host, port), make_handler(config.output_dir, generation)
        )
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise PortInUse(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc
        raise PortInUse(f"port {port} is in use; try --port {_free_port(host)}") from exc
    server.generation = generation  # type: ignore[attr-defined]
    return server


def _free_port(host: str) -> int:
    """A port nobody listens on now: the kernel's pick for port 0."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def serve(
    config: Config,
    server: http.server.ThreadingHTTPServer,
    rebuild: Callable[[], bool],
    say: Callable[[str], None],
    interval: float = 0.3,
    stop: threading.Event | None = None,
) -> None:
    """Serve until Ctrl-C (or `stop`); `rebuild` returns False when the build failed."""
    generation = server.generation  # type: ignore[attr-defined]
    host = str(server.server_address[0])
    stop = stop or threading.Event()
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    say(
        f"serving {config.output_dir.relative_to(config.root)}/ at "
        f"http://{host}:{server.server_address[1]}/ (Ctrl-C stops)"
    )
    seen = snapshot(config)
    try:
        while not stop.wait(interval):
            current = snapshot(config)
            if current == seen:
                continue
            changed = sorted(set(current.items()) ^ set(seen.items()))
            names = sorted({Path(p).relative_to(config.root).as_posix() for p, _ in changed})
            say(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}")
            if rebuild():
                generation.bump()
            seen = snapshot(config)  # what the build itself wrote is not a change
    finally:
        server.shutdown()
        server.server_close()
        time.sleep(0)
