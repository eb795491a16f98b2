"""Benchmark: articles per second through ``process`` beside underthesea ``word_tokenize`` alone.

Usage: ``.venv/bin/python bench/nlp.py [--limit N] [--workers 2]``. Imports the real articles of
``../shared/data/haiphong/dev.jsonl`` (not copied; read in place) into a temporary SQLite database,
then measures in the same run, each from a cold segmentation cache:
1. ``word_tokenize`` alone on exactly the texts ``process`` segments (title; lead + body[:3000]);
2. the whole ``process`` stage (read, rules, segmentation, models, write, stories) on one core;
3. ``process`` again on a fresh copy with ``--workers N`` processes;
4. a re-run of ``process`` on the unchanged database (should do no NLP work).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.features import BODY_CHARS  # noqa: E402
from pipeline import segment as seg  # noqa: E402
from pipeline.db import make_engine  # noqa: E402
from pipeline.importer import load_items  # noqa: E402
from pipeline.normalise import normalise_text  # noqa: E402
from pipeline.process import Analyzer, process_articles  # noqa: E402
from pipeline.relevance import LEAD_CHARS  # noqa: E402
from pressmon.settings import load_settings  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "haiphong" / "dev.jsonl"


def _texts(path: Path, limit: int) -> list[str]:
    out = []
    for loaded in load_items(path)[:limit]:
        item = loaded.item
        lead, body = (
            (item.summary, item.body) if item.summary else (item.body[:LEAD_CHARS], item.body[LEAD_CHARS:])
        )
        out.append(normalise_text(item.title))
        out.append(normalise_text(" ".join(p for p in (lead, body[:BODY_CHARS]) if p)))
    return [t for t in out if t.strip()]


def _tokenize_alone(texts: list[str]) -> float:
    from underthesea import word_tokenize

    word_tokenize("Hải Phòng", format="text")  # load the CRF model outside the timing
    started = time.perf_counter()
    for text in texts:
        word_tokenize(text, format="text")
    return time.perf_counter() - started


def _database(folder: Path, source: Path, limit: int) -> str:
    part = folder / "items.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()[:limit]
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'bench.db'}"
    for args in (("init",), ("import", str(part))):
        subprocess.run(
            [sys.executable, "-m", "pressmon", "--db", url, *args], check=True, capture_output=True
        )
    return url


def _process(url: str, workers: int) -> tuple[int, float]:
    settings = load_settings(environ={})
    analyzer = Analyzer.from_settings(settings)
    analyzer.assess_many([])  # model loaded outside the timing
    seg.clear_cache()
    engine = make_engine(url)
    started = time.perf_counter()
    factory = None
    if workers > 1:
        import functools

        factory = functools.partial(Analyzer.from_settings, settings)
    summary = process_articles(engine, analyzer, workers=workers, factory=factory)
    engine.dispose()
    return summary.processed, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1120)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not DEV.is_file():
        print(f"skipped: {DEV} is absent")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = _database(folder, DEV, args.limit)
        shutil.copy(folder / "bench.db", folder / "copy.db")
        texts = _texts(folder / "items.jsonl", args.limit)
        alone = _tokenize_alone(texts)
        n, one = _process(url, 1)
        print(f"articles: {n}; texts segmented: {len(texts)} ({sum(map(len, texts)) / 1e6:.2f} M chars)")
        print(f"word_tokenize alone      {n / alone:8.1f} articles/s ({alone:.1f} s)")
        print(
            f"process, 1 worker        {n / one:8.1f} articles/s ({one:.1f} s) "
            f"= {alone / one:.0%} of tokenize alone"
        )
        if args.workers > 1:
            _, many = _process(f"sqlite:///{folder / 'copy.db'}", args.workers)
            print(
                f"process, {args.workers} workers       {n / many:8.1f} articles/s ({many:.1f} s) "
                f"= {one / many:.2f}x one worker"
            )
        again, rerun = _process(url, 1)
        print(f"re-run on unchanged db   {again} articles assessed in {rerun:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
