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


HEADER_HEIGHT = 35  # st.dataframe's header row, in CSS pixels


def click_row(page: Any, index: int, row_height: int = 35, table: int = 0) -> None:
    """Click the selection box at the start of row ``index`` of the ``table``-th st.dataframe (drawn on a
    canvas: located by position). The queue's rows are 70 px high, other tables' 35."""
    box = page.get_by_test_id("stDataFrame").nth(table).bounding_box()
    x, y = box["x"] + 16, box["y"] + HEADER_HEIGHT + row_height * index + row_height / 2
    page.mouse.move(x, y)  # the grid takes a click only once the pointer has entered it
    page.wait_for_timeout(300)
    page.mouse.click(x, y)


def choose(page: Any, label: str, option: str, within: Any = None, tries: int = 3) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` (in ``within``, else the page). The first click
    right after a page switch can reach the box while Streamlit still swaps the page's widgets, so the
    list does not open: the box is clicked again until it does."""
    from playwright.sync_api import Error

    box = (within or page).get_by_label(label)
    for attempt in range(tries):
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            return
        except Error:
            if attempt == tries - 1:
                raise


def visible_columns(page: Any, table: int = 0) -> list[str]:
    """The column headers an st.dataframe shows on screen (its grid's accessible table lists only the
    columns in view)."""
    from playwright.sync_api import expect

    headers = page.get_by_test_id("stDataFrame").nth(table).locator("th[role=columnheader]")
    expect(headers.first).to_be_attached()
    return [str(text).strip() for text in headers.all_text_contents()]


def column_cells(page: Any, column: int = 0, table: int = 0) -> list[str]:
    """The cells of ``column`` in the rows in view of an st.dataframe, top to bottom."""
    from playwright.sync_api import expect

    grid = page.get_by_test_id("stDataFrame").nth(table)
    expect(grid.locator("tbody tr").first).to_be_attached()
    # Read in one step in the page: the grid redraws its rows as it settles, so a row located first and
    # read later may be gone by then.
    cells: list[str] = grid.evaluate(
        "(el, col) => Array.from(el.querySelectorAll('tbody tr'))"
        ".map(r => ((r.querySelectorAll('td')[col] || {}).textContent || '').trim())",
        column,
    )
    return cells
