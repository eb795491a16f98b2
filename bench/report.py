"""Benchmark: seconds to generate a quarter's report of 20,000 items, in every format.

Usage: ``.venv/bin/python bench/report.py [--items N] [--previous N]``. Builds a temporary SQLite
database, inserts N synthetic assessed items in 2026Q2 (and some in 2026Q1, the comparison
quarter) directly into the tables, then measures in the same run:

- the baseline: ``pressmon export``'s CSV of the same quarter (query + write, nothing else);
- per format (docx, md, csv, xlsx): a full report with a fresh snapshot (``--refresh``: query,
  freeze, figures, charts, render, write) and a re-run from the stored snapshot.

The target is under 15 s per format; the exit status is 1 when a format misses it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.clock import utcnow  # noqa: E402
from pipeline.report.export import write_records  # noqa: E402
from pipeline.report.output import FORMATS, make_report  # noqa: E402
from pipeline.report.period import parse_quarter  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402
from pipeline.storage.engine import transaction  # noqa: E402
from pipeline.storage.views import iter_records  # noqa: E402
from pipeline.taxonomy import load_taxonomy  # noqa: E402
from tests.support.synthetic_reports import synthetic_database  # noqa: E402

TARGET_SECONDS = 15.0


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--previous", type=int, default=5_000)
    args = parser.parse_args()
    settings = load_settings(environ={})
    tax = load_taxonomy(settings.taxonomy)
    period = parse_quarter("2026Q2")
    with tempfile.TemporaryDirectory(prefix="pressmon-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        counts = {period: args.items, period.previous(): args.previous}
        engine = synthetic_database(f"sqlite:///{folder / 'bench.db'}", counts, settings.sources, seed=1)
        print(
            f"inserted {args.items} items in {period.label} and {args.previous} in {period.previous().label} "
            f"({time.perf_counter() - started:.1f} s)"
        )

        def export() -> None:
            with transaction(engine) as session:
                write_records(
                    iter_records(session, period.start, period.end), folder / "export.csv", "csv", True
                )

        baseline = _timed(export)
        print(f"{'baseline: export csv':<34} {baseline:6.2f} s")
        worst = 0.0
        for fmt in FORMATS:
            out = folder / f"report.{fmt}"
            fresh = _timed(
                lambda f=fmt, o=out: make_report(
                    engine, tax, period, f, o, utcnow(), refresh=True, replace=True
                )
            )
            again = _timed(
                lambda f=fmt, o=out: make_report(engine, tax, period, f, o, utcnow(), replace=True)
            )
            worst = max(worst, fresh, again)
            print(
                f"{'report ' + fmt + ' (fresh snapshot)':<34} {fresh:6.2f} s"
                f"   ×{fresh / baseline:4.1f} baseline   from stored snapshot {again:6.2f} s"
                f"   {out.stat().st_size / 1e6:5.1f} MB"
            )
    verdict = "ok" if worst < TARGET_SECONDS else "MISSED"
    print(f"slowest {worst:.2f} s against a target of {TARGET_SECONDS:.0f} s per format: {verdict}")
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
