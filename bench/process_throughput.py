"""Benchmark: articles assessed per second by the understanding stages.

Usage: ``.venv/bin/python bench/process_throughput.py [--repeat N]``. Reads the labelled dev set of
``../shared/data/haiphong/dev.jsonl`` (real text; not copied) and measures, in the same run,
a baseline (normalising and folding the same texts, the least any stage does), the keyword rules
alone (gazetteer matching, taxonomy keywords, tone, flag: ``process`` without a model) and the full
``assess`` with the shipped model, item by item. Prints the rates and their ratios to the baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.analyzer import Analyzer  # noqa: E402
from pipeline.records import ItemText  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402
from pipeline.text.dates import parse_iso  # noqa: E402
from pipeline.text.normalise import fold, normalise_text  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "haiphong" / "dev.jsonl"


def _items() -> list[ItemText]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [ItemText(r["title"], r["summary"], r["body"], parse_iso(r["published"] or "")) for r in rows]


def _rate(label: str, items: list[ItemText], repeat: int, work: object) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            work(item)  # type: ignore[operator]
    seconds = time.perf_counter() - started
    rate = len(items) * repeat / seconds
    print(f"{label:<28} {rate:10.0f} items/s  ({len(items) * repeat} items in {seconds:.2f} s)")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not DEV.is_file():
        print(f"skipped: {DEV} is absent")
        return 0
    items = _items()
    settings = load_settings(environ={})
    analyzer = Analyzer.from_settings(settings)
    rules = Analyzer.from_settings(settings, rules_only=True)
    base = _rate(
        "baseline (normalise+fold)",
        items,
        args.repeat,
        lambda i: fold(normalise_text(f"{i.title}\n{i.summary}\n{i.body}")),
    )
    ruled = _rate("keyword rules", items, args.repeat, rules.assess)
    full = _rate("assess (all stages)", items, args.repeat, analyzer.assess)
    print(f"ratio rules / baseline: {base / ruled:.1f}x slower; assess / baseline: {base / full:.1f}x slower")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
