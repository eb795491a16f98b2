"""``pressmon dashboard``: the Streamlit app run on the configured database."""

from __future__ import annotations

import os
import subprocess
import sys

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
    return subprocess.call(command, env=env)
