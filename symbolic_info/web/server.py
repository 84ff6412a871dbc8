"""Start the app headless on a free loopback port (for the browser test and the benchmark).

Example
-------
>>> 1024 < free_port() < 65536
True
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["free_port", "serve", "server", "Server", "descendants", "APP", "CHROMIUM"]

APP = Path(__file__).resolve().parents[2] / "app.py"
"""The app's entry point in a source checkout."""
CHROMIUM = "/usr/bin/chromium"
"""Debian's chromium, driven by Playwright (browser downloads do not work here)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(root: int) -> dict:
    """``{pid: depth}`` of ``root`` (depth 0) and every live process below it (Linux ``/proc``).

    For the tests and benchmarks that check which worker processes a server
    or a command left running.
    """
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":  # a zombie has finished
                parents[int(entry)] = int(fields[1])
    depth, frontier = {root: 0}, {root}
    while frontier:
        found = {p for p, parent in parents.items() if parent in frontier and p not in depth}
        for p in found:
            depth[p] = depth[parents[p]] + 1
        frontier = found
    return depth


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@dataclass(frozen=True)
class Server:
    """A running app: its URL, the process id of ``streamlit run`` and its output so far."""

    url: str
    pid: int
    log: Path | None = None

    def output(self) -> str:
        """What the server (and every process it started) wrote to stdout and stderr.

        Read through a handle of its own: the server's processes write with
        ``O_APPEND``, so reading never moves the place where they write (a shared
        file offset let a line written during a read land over earlier output).
        """
        if self.log is None:
            return ""
        return self.log.read_bytes().decode(errors="replace")


@contextlib.contextmanager
def server(app: Path = APP, timeout: float = 120.0, env: dict | None = None):
    """Run ``streamlit run app`` headless on a free port; yields a :class:`Server`, stops it after.

    ``env`` adds to (or overrides) the environment of the server.  The server's
    output is kept in a temporary file (:meth:`Server.output`) and raised with
    the error if it does not come up within ``timeout`` seconds.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "server.log"
        with open(path, "ab", buffering=0) as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(app),
                 "--server.headless", "true", "--server.address", "127.0.0.1",
                 "--server.port", str(port), "--browser.gatherUsageStats", "false",
                 "--server.fileWatcherType", "none", "--server.runOnSave", "false"],
                stdout=log, stderr=subprocess.STDOUT, cwd=str(Path(app).parent),
                env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            )
        running = Server(url, proc.pid, path)
        try:
            deadline = time.monotonic() + timeout
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start on {url}:\n"
                                       + running.output()[-2000:])
                time.sleep(0.2)
            yield running
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def serve(app: Path = APP, timeout: float = 120.0):
    """:func:`server`, yielding only its URL."""
    with server(app, timeout) as running:
        yield running.url
