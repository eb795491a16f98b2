"""``pressmon dashboard``: the Streamlit app run on the configured database, as a child process that
stops with it: SIGTERM and SIGHUP (systemd, a supervisor, ``kill``) are passed on to the child, and a
child still running when pressmon ends for any other reason is terminated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from types import FrameType

from pipeline.settings import PROJECT_ROOT
from pressmon.console import console
from pressmon.context import AppContext


def streamlit_command(port: int, address: str) -> list[str]:
    """The ``streamlit run`` command line of the dashboard: the app as an st.App with the routes that
    set its HttpOnly session cookie (``dashboard/serve.py``)."""
    script = PROJECT_ROOT / "dashboard" / "serve.py"
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # No "Deploy" button or developer menu (English, and of no use to an analyst).
        "--client.toolbarMode",
        "minimal",
        # An error an app page did not handle shows no traceback (server paths, SQL) to analysts;
        # the app shows a Vietnamese message itself and the log keeps the details.
        "--client.showErrorDetails",
        "none",
    ]


def dashboard(app_ctx: AppContext, port: int, address: str) -> int:
    """Run ``streamlit run dashboard/streamlit_app.py`` on the configured database; its exit code."""
    app_ctx.engine()  # fail early, with a clear message, when the database is missing
    env = {**os.environ, "PRESSMON_DATABASE_URL": app_ctx.database_url}
    command = streamlit_command(port, address)
    console.print(f"Dashboard on http://{address}:{port} (Ctrl+C to stop)")
    return run_child(command, env)


FORWARDED = (signal.SIGTERM, signal.SIGHUP)
STOP_GRACE_SECONDS = 10


def run_child(command: list[str], env: dict[str, str]) -> int:
    """Run ``command`` until it exits, passing SIGTERM and SIGHUP on to it; its exit status (128 + the
    signal's number when a signal ended it, as a shell reports it)."""
    child = subprocess.Popen(command, env=env)

    def forward(signum: int, _frame: FrameType | None) -> None:
        child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED}
    try:
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _stop(child)
    return 128 - code if code < 0 else code


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Terminate ``child`` if it still runs (pressmon interrupted), then kill it if it will not stop."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
