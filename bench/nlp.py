"""Benchmark: articles per second through ``process`` beside underthesea ``word_tokenize`` alone.

Usage: ``.venv/bin/python bench/nlp.py [--corpus dev|vntc] [--limit N] [--workers 2] [--repeat R]``.
Imports real articles into a temporary SQLite database (read in place, never copied into the
project): ``dev``, the labelled ``../shared/data/haiphong/dev.jsonl`` (mostly feed items: title and
summary, few bodies), or ``vntc``, full-length news articles of
``../shared/data/corpora/vntc10/train.jsonl`` (first line as title, dated ten minutes apart).
Then measures in the same run, each from a cold segmentation cache:
1. ``word_tokenize`` alone on exactly the texts ``process`` segments (normalised title; normalised
   lead + body[:3000], from :func:`pipeline.understand.segment.segmented_texts`);
2. the whole ``process`` stage (read, rules, segmentation, models, write, stories) on one core;
3. ``process`` again on a fresh copy with ``--workers N`` processes (for it, the CPU time printed
   is the main process's alone: reading, saving and handing out batches);
4. a re-run of ``process`` on the unchanged database (should do no NLP work);
5. ``process --all`` on it (what a new model version does): every article re-assessed, its
   segmentations read from the database instead of recomputed.
With ``--repeat R``, runs 1-3 are repeated R times, interleaved, and the fastest of each counts:
on a machine others are using, the least disturbed run is the closest to what the code costs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.analyzer import Analyzer  # noqa: E402
from pipeline.collect.importer import load_items  # noqa: E402
from pipeline.records import ItemText  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402
from pipeline.storage.engine import make_engine  # noqa: E402
from pipeline.understand import segment as seg  # noqa: E402
from pipeline.understand.process import process_articles  # noqa: E402
from pipeline.understand.segment import segmented_texts  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "haiphong" / "dev.jsonl"
VNTC = ROOT.parent / "shared" / "data" / "corpora" / "vntc10" / "train.jsonl"
START = datetime(2025, 9, 1, tzinfo=UTC)


def _vntc_items(limit: int) -> list[str]:
    lines = []
    for i, line in enumerate(VNTC.read_text(encoding="utf-8").splitlines()[:limit]):
        title, _, body = json.loads(line)["text"].strip().partition("\n")
        item = {
            "url": f"https://vntc.example/{i}.html",
            "source": "vntc",
            "title": title.strip(),
            "body": body.strip(),
            "published": (START + timedelta(minutes=10 * i)).isoformat(),
        }
        lines.append(json.dumps(item, ensure_ascii=False))
    return lines


def _texts(path: Path) -> list[str]:
    """Exactly the texts ``process`` segments (the function that keys its segmentation cache)."""
    items = [ItemText(x.item.title, x.item.summary, x.item.body, x.published) for x in load_items(path)]
    return [text for item in items for text in segmented_texts(item)]


def _tokenize_alone(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``word_tokenize`` over ``texts``."""
    from underthesea import word_tokenize

    word_tokenize("Hải Phòng", format="text")  # load the CRF model outside the timing
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        word_tokenize(text, format="text")
    return time.perf_counter() - started, time.process_time() - cpu


def _database(folder: Path, corpus: str, limit: int) -> str:
    part = folder / "items.jsonl"
    lines = _vntc_items(limit) if corpus == "vntc" else DEV.read_text(encoding="utf-8").splitlines()[:limit]
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'bench.db'}"
    for args in (("init",), ("import", str(part))):
        subprocess.run(
            [sys.executable, "-m", "pressmon", "--db", url, *args], check=True, capture_output=True
        )
    return url


def _process(url: str, workers: int, everything: bool = False) -> tuple[int, float, float]:
    """Articles processed, wall seconds and CPU seconds of this process (the workers' not included)."""
    settings = load_settings(environ={})
    analyzer = Analyzer.from_settings(settings)
    analyzer.assess_many([])  # model loaded outside the timing
    from underthesea import word_tokenize

    word_tokenize("Hải Phòng", format="text")  # as for the baseline: the CRF model loaded
    seg.clear_cache()
    engine = make_engine(url)
    started, cpu = time.perf_counter(), time.process_time()
    summary = process_articles(engine, analyzer, everything=everything, workers=workers)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    return summary.processed, seconds, cpu


def _fresh(folder: Path, name: str) -> str:
    """A copy of the imported, unprocessed database (every measured run starts from one)."""
    shutil.copy(folder / "pristine.db", folder / name)
    for suffix in ("-wal", "-shm"):
        (folder / f"{name}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{folder / name}"


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The fastest of repeated runs (wall, CPU): on a shared machine, the least disturbed one."""
    return min(runs)


def _measure(
    folder: Path, texts: list[str], workers: int, repeat: int
) -> tuple[int, dict[str, tuple[float, float]]]:
    """Articles processed, and the fastest (wall, CPU) of tokenize-alone and ``process`` runs,
    interleaved ``repeat`` times so that a burst of load from other programs hits each kind alike."""
    runs: dict[str, list[tuple[float, float]]] = {"alone": [], "one": [], "many": []}
    n = 0
    for _ in range(repeat):
        runs["alone"].append(_tokenize_alone(texts))
        n, *one = _process(_fresh(folder, "one.db"), 1)
        runs["one"].append((one[0], one[1]))
        if workers > 1:
            runs["many"].append(_process(_fresh(folder, "many.db"), workers)[1:])
            _stop_forkserver()
    return n, {kind: _best(values) for kind, values in runs.items() if values}


def _stop_forkserver() -> None:
    """Stop the forkserver the workers came from, so that every worker run starts it anew (imports
    and all) as a ``pressmon process --workers N`` command does; a reused one would flatter it."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # private; absent, runs after the first reuse it
    if stop is not None:
        stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["dev", "vntc"], default="dev")
    parser.add_argument("--limit", type=int, default=1120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each kind; the fastest counts")
    args = parser.parse_args()
    source = VNTC if args.corpus == "vntc" else DEV
    if not source.is_file():
        print(f"skipped: {source} is absent")
        return 0
    if args.limit < 1 or args.workers < 1 or args.repeat < 1:
        print("--limit, --workers and --repeat must be at least 1", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _database(folder, args.corpus, args.limit)
        shutil.move(folder / "bench.db", folder / "pristine.db")
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        texts = _texts(folder / "items.jsonl")
        n, best = _measure(folder, texts, args.workers, args.repeat)
        _report(folder, texts, args, n, best)
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def _report(
    folder: Path, texts: list[str], args: argparse.Namespace, n: int, best: dict[str, tuple[float, float]]
) -> None:
    (alone, alone_cpu), (one, one_cpu) = best["alone"], best["one"]
    url = f"sqlite:///{folder / 'one.db'}"  # processed by the last one-worker run
    print(f"articles: {n}; texts segmented: {len(texts)} ({sum(map(len, texts)) / 1e6:.2f} M chars)")
    runs = f" (fastest of {args.repeat} runs each)" if args.repeat > 1 else ""
    print(
        f"word_tokenize alone      {n / alone:8.1f} articles/s "
        f"({alone:.1f} s wall, {alone_cpu:.1f} s CPU){runs}"
    )
    print(
        f"process, 1 worker        {n / one:8.1f} articles/s ({one:.1f} s wall, {one_cpu:.1f} s CPU) "
        f"= {alone / one:.0%} of tokenize alone by wall time, {alone_cpu / one_cpu:.0%} by CPU time"
    )
    if "many" in best:
        many, many_cpu = best["many"]
        print(
            f"process, {args.workers} workers       {n / many:8.1f} articles/s ({many:.1f} s wall; "
            f"main process {many_cpu:.1f} s CPU) = {one / many:.2f}x one worker"
        )
    again, rerun, _ = _process(url, 1)
    print(f"re-run on unchanged db   {again} articles assessed in {rerun:.2f} s")
    _, cached, cached_cpu = _process(url, 1, everything=True)
    print(
        f"re-assess all (as a new model version does; segmentations from the db) {n / cached:8.1f} "
        f"articles/s ({cached:.1f} s wall, {cached_cpu:.1f} s CPU) "
        f"= {one_cpu / cached_cpu:.2f}x less CPU than the first run"
    )


if __name__ == "__main__":
    raise SystemExit(main())
