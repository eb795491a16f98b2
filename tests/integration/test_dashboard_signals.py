"""``pressmon dashboard`` stopped with SIGTERM (systemd, a supervisor, ``kill``) stops its Streamlit
child: run for real, on the demo database and a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli import cli_env
from tests.support.live_dashboard import free_port, wait_healthy

pytestmark = pytest.mark.slow


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigterm_stops_the_streamlit_child(demo_db: str, tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pressmon", "--db", demo_db, "dashboard", "--port", str(port)],
        cwd=tmp_path,
        env=cli_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc, timeout=120)
        (child,) = _children(proc.pid)
        proc.send_signal(signal.SIGTERM)  # to pressmon only, not to its process group
        assert proc.wait(timeout=30) in (0, 128 + signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(child)
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0  # nothing serves the port any more
    finally:
        if proc.poll() is None:
            proc.kill()
