"""The assessing half of ``pressmon process``: batches read, assessed (here or in worker processes), in order.

A batch carries its articles' text and the segmentations stored for them (:mod:`pipeline.segment_store`);
it comes back with the assessments, the texts segmented afresh and each article's story signature,
for the main process to write in one transaction. With workers, at most ``2 × workers`` batches are
read ahead, so memory stays flat however many articles are pending, and the main process assesses
batches itself until the first worker answers. Workers are forked from a
``forkserver`` that has imported pressmon once, and receive the loaded analyser pickled (a few MB),
so none of them re-imports scikit-learn or re-reads the model.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import types
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline import segment, segment_store
from pipeline.db import Article
from pipeline.records import Assessment
from pipeline.stories import signature, story_text, to_bytes
from pipeline.tagging import ItemText

if TYPE_CHECKING:
    from pipeline.process import Analyzer

log = logging.getLogger(__name__)

# Worker processes start from a server that has imported these once (cheap forks, no re-imports).
PRELOAD = ["pipeline.process"]


@dataclass(frozen=True)
class Batch:
    """Articles to assess: ids, the text hashes read, their text and the segmentations stored for them."""

    ids: list[str]
    hashes: list[str]
    items: list[ItemText]
    known: dict[str, str]


@dataclass(frozen=True)
class Assessed:
    """A batch assessed: one assessment and one story signature per article, and new segmentations."""

    ids: list[str]
    hashes: list[str]
    results: list[Assessment]
    segments: dict[str, str]
    signatures: list[bytes]


def read_batch(engine: Engine, ids: list[str]) -> Batch:
    """The text of ``ids`` and the stored segmentations of the texts the models will segment."""
    columns = (
        Article.id,
        Article.text_hash,
        Article.title,
        Article.summary,
        Article.body,
        Article.published_at,
    )
    with Session(engine) as session:
        rows = session.execute(select(*columns).where(Article.id.in_(ids))).all()
        items = [ItemText(r[2], r[3], r[4], r[5]) for r in rows]
        known = segment_store.load(session, segment_store.expected_keys(items))
    return Batch([r[0] for r in rows], [r[1] for r in rows], items, known)


def assess_batch(analyzer: Analyzer, batch: Batch) -> Assessed:
    """Assess a batch (the NLP: rules, segmentation, models, story signatures)."""
    with segment.collect(batch.known) as fresh:
        results = analyzer.assess_many(batch.items)
    signatures = [to_bytes(signature(*story_text(i.title, i.summary, i.body))) for i in batch.items]
    return Assessed(batch.ids, batch.hashes, results, dict(fresh), signatures)


_worker_analyzer: Any = None


def _worker_init(analyzer: Analyzer) -> None:
    global _worker_analyzer
    _worker_analyzer = analyzer


def _worker_assess(batch: Batch) -> Assessed:
    assert _worker_analyzer is not None, "worker used before its initialiser ran"
    return assess_batch(_worker_analyzer, batch)


@contextmanager
def _no_main_module() -> Iterator[None]:
    """Hide the caller's ``__main__`` while workers start: multiprocessing would otherwise re-run the
    caller's script in each of them (a benchmark, a Streamlit page loaded by a test), and the
    workers need nothing from it."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _pool(analyzer: Analyzer, workers: int) -> ProcessPoolExecutor:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init, initargs=(analyzer,))


def assessed_batches(
    engine: Engine, analyzer: Analyzer, batches: list[list[str]], workers: int
) -> Iterator[Assessed]:
    """Each batch read and assessed; with ``workers`` > 1 the NLP runs in processes and batches come
    back in the order they finish (each is saved on its own, so order does not matter)."""
    if workers <= 1 or len(batches) < 2:
        for ids in batches:
            yield assess_batch(analyzer, read_batch(engine, ids))
        return
    pool = _pool(analyzer, workers)
    todo = deque(batches)
    pending: dict[Future[Assessed], list[str]] = {}
    started = False
    try:
        while todo or pending:
            while todo and len(pending) < 2 * workers:
                with _no_main_module():  # a submit may start a worker
                    future = pool.submit(_worker_assess, read_batch(engine, todo[0]))
                pending[future] = todo.popleft()  # only now: a failed submit leaves it to do
            started = started or any(f.done() for f in pending)
            if not started and todo:
                # The workers take seconds to start (the forkserver imports pressmon once):
                # assess a batch here meanwhile rather than wait idle.
                yield assess_batch(analyzer, read_batch(engine, todo.popleft()))
                continue
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            started = True
            for future in done:
                result = future.result()
                del pending[future]
                yield result
    except (BrokenProcessPool, OSError) as exc:
        # A worker killed (out of memory, a signal) or a forkserver that could not start must not
        # fail the run: what the workers still held is assessed here.
        log.warning("worker processes failed (%r); assessing the rest in this process", exc)
        for ids in [*pending.values(), *todo]:
            yield assess_batch(analyzer, read_batch(engine, ids))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
