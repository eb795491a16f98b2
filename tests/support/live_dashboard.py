"""``pressmon dashboard`` started for real on a free port, and Chromium options, for the browser
test and the README screenshots (``docs/screenshots.py``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# Debian's chromium, headless, with nothing that would reach the network on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the dashboard exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the dashboard did not answer on {url} within {timeout} s")


@contextmanager
def live_dashboard(workdir: Path, db_url: str, timeout: float = 90) -> Iterator[str]:
    """``pressmon dashboard`` on ``db_url`` until the block ends; yields its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSMON_")}
    env["PRESSMON_VAR_DIR"] = str(workdir / "var")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pressmon", "--db", db_url, "dashboard", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so the streamlit child stops with it
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def settled(page: Any, pause_ms: int = 300) -> None:
    """Wait until the app has finished its run (Streamlit's running indicator is gone)."""
    from playwright.sync_api import expect

    page.wait_for_timeout(pause_ms)
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden()
