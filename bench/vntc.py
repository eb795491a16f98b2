"""Benchmark: pressmon's topic engine on the VNTC 10-topic sample, beside the published baseline.

Usage: ``.venv/bin/python bench/vntc.py [--limit N]``. Trains on
``../shared/data/corpora/vntc10/train.jsonl`` and scores ``test.jsonl`` (read in place), in the same run:
- baseline: syllable TF-IDF (1-2 grams) + LinearSVC, as measured in the corpus README (0.894-0.900);
- pressmon: the topic features of :mod:`models.engine` (underthesea-segmented words, 1-2 grams,
  sublinear TF-IDF) with a LinearSVC (one class per topic here, where the office's topics are
  multi-label logistic regressions; the text side is the same).
Prints macro-F1, training time (segmentation counted separately) and peak memory (tracemalloc).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from models.engine import SEED  # noqa: E402
from pipeline.normalise import normalise_text  # noqa: E402
from pipeline.segment import segment  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "vntc10"


def _read(name: str, limit: int) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line]
    rows = rows[:: max(1, len(rows) // limit)][:limit] if limit else rows
    return [r["text"] for r in rows], [r["label"] for r in rows]


def _run(
    label: str,
    make: Callable[[], object],
    train: tuple[list[str], list[str]],
    test: tuple[list[str], list[str]],
) -> float:
    tracemalloc.start()
    started = time.perf_counter()
    model = make()
    model.fit(*train)  # type: ignore[attr-defined]
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    macro = f1_score(test[1], model.predict(test[0]), average="macro")  # type: ignore[attr-defined]
    print(f"{label:<44} macro-F1 {macro:.4f}  train {seconds:6.1f} s  peak {peak / 1e6:7.1f} MB")
    return float(macro)


def _segmented(texts: list[str]) -> tuple[list[str], float]:
    started = time.perf_counter()
    out = [segment(normalise_text(t)).lower() for t in texts]
    return out, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="use an even sample of N items per split")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent")
        return 0
    train, test = _read("train.jsonl", args.limit), _read("test.jsonl", args.limit)
    print(f"train {len(train[0])} items, test {len(test[0])} items")

    def baseline() -> object:
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        return make_pipeline(vec, LinearSVC(C=1.0, random_state=SEED))

    base = _run(
        "baseline: syllable TF-IDF 1-2 + LinearSVC",
        baseline,
        ([t.lower() for t in train[0]], train[1]),
        ([t.lower() for t in test[0]], test[1]),
    )
    seg_train, s1 = _segmented(train[0])
    seg_test, s2 = _segmented(test[0])
    print(
        f"segmentation (underthesea word_tokenize): {s1 + s2:.1f} s for {len(train[0]) + len(test[0])} texts"
    )

    def engine() -> object:
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        return make_pipeline(vec, LinearSVC(C=1.0, random_state=SEED))

    ours = _run(
        "pressmon: segmented words 1-2 + LinearSVC", engine, (seg_train, train[1]), (seg_test, test[1])
    )
    print(f"difference: {ours - base:+.4f} macro-F1")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
