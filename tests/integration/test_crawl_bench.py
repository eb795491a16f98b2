"""bench/crawl.py end to end on a few pages: both extraction modes store every page (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.support.paths import PROJECT_ROOT

BENCH = PROJECT_ROOT / "bench" / "crawl.py"


def test_bench_crawls_every_page_in_process_and_with_extraction_workers() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--pages", "40", "--workers", "0", "2", "--concurrency", "4"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"baseline trafilatura\.extract alone\s+[\d.]+ pages/s", result.stdout)
    assert "crawl, extraction in-process" in result.stdout
    assert "crawl, extraction in 2 workers" in result.stdout
    assert result.stdout.count("40/40 pages stored") == 2, result.stdout
