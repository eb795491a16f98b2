"""bench.extraction on a tiny subset: the command runs, scores both systems on both sets against the
gold and writes its tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.extraction import MAIN_SYSTEMS, load_pages, run
from tests.support.paths import PROJECT_ROOT


def test_every_written_page_has_its_gold_and_back() -> None:
    pages = load_pages(["general", "vi"])
    written = {p.name for p in pages if "/" not in p.name}
    on_disk = {f.name for f in (PROJECT_ROOT / "bench" / "pages").glob("*/*.html")}
    assert written == on_disk
    assert all(p.body and p.title for p in pages if p.name in written)


def test_pressmon_scores_the_inline_comment_page_beside_the_library() -> None:
    page = next(p for p in load_pages(["general"]) if p.name == "g04-inline-html-comments.html")
    scores = run([page], MAIN_SYSTEMS)
    assert scores["pressmon"][page.name].f1 == 1.0
    assert scores["trafilatura.extract (defaults)"][page.name].f1 < 1.0


def test_the_command_prints_and_writes_the_tables(tmp_path: Path) -> None:
    out = tmp_path / "extraction.md"
    done = subprocess.run(
        [sys.executable, "bench/extraction.py", "--systems", "main", "--limit", "2", "--out", str(out)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "### general (2 pages" in done.stdout and "### vi (2 pages" in done.stdout
    rows = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| pressmon |")]
    assert len(rows) == 3  # general, vi, overall
