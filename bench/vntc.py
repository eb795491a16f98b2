"""Benchmark: pressmon's topic engine on the VNTC 10-topic sample, beside the published baseline.

Usage: ``.venv/bin/python bench/vntc.py [--limit N] [--segment-cache FILE]``. Trains on
``../shared/data/corpora/vntc10/train.jsonl`` and scores ``test.jsonl`` (read in place), in the same run:
- baseline: syllable TF-IDF (1-2 grams) + LinearSVC(C=1) on the raw lower-cased text, as measured in
  the corpus README (0.894-0.900);
- pressmon: its topic text model for whole articles, :func:`bench.topic_text.topic_classifier` (the
  union of segmented-word 1-2 grams, syllable 1-2 grams and char_wb n-grams, a linear SVM) on the
  text as pressmon reads it (normalised, underthesea-segmented, lower-cased). The office's
  multi-label topic models (:mod:`models.engine`) read segmented words and character n-grams split
  by field instead (see :mod:`bench.topic_text` for why).
Prints macro-F1 and accuracy on the test split, training time (fit of vectorisers and model;
segmentation timed on its own line) and peak memory of the fit: how far the process's resident set
rose above its size before the fit (``VmHWM`` after resetting it; counts liblinear's C buffers too),
or the Python heap's peak (tracemalloc) where the high-water mark cannot be reset.
``--segment-cache`` keeps the segmentations in a JSON file outside the project for re-runs (the
corpus stays in place; only its segmented form is cached, keyed by text hash).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.progress import Progress  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from bench.topic_text import SEED, topic_classifier  # noqa: E402
from pipeline.text.normalise import normalise_text  # noqa: E402
from pipeline.understand.segment import segment, text_key  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "vntc10"
STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")
Split = tuple[list[str], list[str]]


@dataclass(frozen=True)
class Result:
    """One model's figures."""

    macro_f1: float
    accuracy: float
    seconds: float
    memory_mb: float
    memory_kind: str


def _read(name: str, limit: int) -> Split:
    rows = [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line]
    rows = rows[:: max(1, len(rows) // limit)][:limit] if limit else rows
    return [r["text"] for r in rows], [r["label"] for r in rows]


def _rss_kb(field: str) -> int | None:
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    # Writing 5 resets the kernel's high-water mark of the resident set (Linux >= 4.0).
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def _run(make: Callable[[], Any], train: Split, test: Split) -> Result:
    # tracemalloc slows every allocation (tokenising is allocation-heavy), so it only stands in
    # where the kernel's high-water mark cannot be reset.
    exact_rss = _reset_peak()
    before = _rss_kb("VmRSS")
    if not exact_rss:
        tracemalloc.start()
    started = time.perf_counter()
    model = make().fit(*train)
    seconds = time.perf_counter() - started
    peak = _rss_kb("VmHWM")
    if exact_rss and peak is not None and before is not None:
        memory, how = (peak - before) / 1e3, "RSS high-water"
    else:
        memory, how = tracemalloc.get_traced_memory()[1] / 1e6, "Python heap"
        tracemalloc.stop()
    predicted = model.predict(test[0])
    return Result(
        float(f1_score(test[1], predicted, average="macro")),
        float(accuracy_score(test[1], predicted)),
        seconds,
        memory,
        how,
    )


def _print(label: str, r: Result) -> None:
    print(
        f"{label:<52} macro-F1 {r.macro_f1:.4f}  accuracy {r.accuracy:.4f}  "
        f"train {r.seconds:6.1f} s  peak memory +{r.memory_mb:.0f} MB ({r.memory_kind})"
    )


def _load_cache(path: Path | None) -> dict[str, str]:
    if path is None or not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _segmented(texts: list[str], cache: dict[str, str], progress: Progress, label: str) -> list[str]:
    task = progress.add_task(f"segmenting {label}", total=len(texts))
    out = []
    for text in texts:
        clean = normalise_text(text)
        key = text_key(clean)
        if key not in cache:
            cache[key] = segment(clean).lower()
        out.append(cache[key])
        progress.advance(task)
    return out


def _baseline() -> Any:
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2), LinearSVC(C=1.0, random_state=SEED)
    )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="use an even sample of N items per split")
    parser.add_argument("--segment-cache", type=Path, help="JSON file keeping segmentations between runs")
    args = parser.parse_args()
    if args.limit < 0:
        parser.error("--limit must be 0 (everything) or a positive number")
    if args.segment_cache and args.segment_cache.resolve().is_relative_to(ROOT):
        parser.error("--segment-cache must be outside the project (it holds the corpus's text)")
    return args


def main() -> int:
    args = _arguments()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent")
        return 0
    train, test = _read("train.jsonl", args.limit), _read("test.jsonl", args.limit)
    print(f"train {len(train[0])} items, test {len(test[0])} items, {len(set(train[1]))} topics")
    base = _run(_baseline, ([t.lower() for t in train[0]], train[1]), ([t.lower() for t in test[0]], test[1]))
    _print("baseline: syllable TF-IDF 1-2 + LinearSVC(C=1)", base)
    cache = _load_cache(args.segment_cache)
    known = len(cache)
    started = time.perf_counter()
    with Progress(transient=True) as progress:
        seg_train = _segmented(train[0], cache, progress, "train")
        seg_test = _segmented(test[0], cache, progress, "test")
    seconds = time.perf_counter() - started
    print(
        f"segmentation (underthesea word_tokenize): {seconds:.1f} s, {len(cache) - known} texts segmented now"
    )
    if args.segment_cache:
        args.segment_cache.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
    ours = _run(topic_classifier, (seg_train, train[1]), (seg_test, test[1]))
    _print("pressmon: words 1-2 + syllables 1-2 + char_wb, SVM", ours)
    print(f"difference: {ours.macro_f1 - base.macro_f1:+.4f} macro-F1 (target >= 0.915)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
