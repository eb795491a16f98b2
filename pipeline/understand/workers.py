"""The assessing half of ``pressmon process``: batches read, assessed (here or in worker processes), in order.

A batch carries its articles' text and the segmentations stored for them
(:mod:`pipeline.storage.segments`); it comes back with the assessments, the texts segmented afresh and
each article's story signature, for the main process to write in one transaction. With workers, at most
``2 × workers`` batches are read ahead, so memory stays flat however many articles are pending, and the
main process assesses batches itself only while the workers start; then it just reads, saves and hands
out batches. Workers are forked from a ``forkserver`` that has imported the modules the assessor names
(``worker_modules``: pressmon's, and the segmentation model loaded once), and receive the loaded assessor
pickled (a few MB), so none of them re-imports scikit-learn or re-reads a model.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import sys
import threading
import types
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.records import Assessment, ItemText
from pipeline.storage import segments as segment_store
from pipeline.storage.schema import Article
from pipeline.understand import segment
from pipeline.understand.assessor import Assessor
from pipeline.understand.stories import signature, story_text, to_bytes

log = logging.getLogger(__name__)

# Young garbage collections while assessing: one per this many new container objects (Python's
# default, 700, makes them ~1,300 for 1,000 articles).
GC_THRESHOLD = 10_000


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
        known = segment_store.load(session, segment.expected_keys(items))
    return Batch([r[0] for r in rows], [r[1] for r in rows], items, known)


def assess_batch(assessor: Assessor, batch: Batch) -> Assessed:
    """Assess a batch (the NLP: rules, segmentation, models, story signatures)."""
    with segment.collect(batch.known) as fresh:
        results = assessor.assess_many(batch.items)
    signatures = [to_bytes(signature(*story_text(i.title, i.summary, i.body))) for i in batch.items]
    return Assessed(batch.ids, batch.hashes, results, dict(fresh), signatures)


_worker_assessor: Any = None


def _worker_init(assessor: Assessor) -> None:
    global _worker_assessor
    _worker_assessor = assessor
    # As pipeline.process.fewer_collections, for good: a worker does nothing else. Frozen objects
    # are never written by the collector either, so the pages forked from the server stay shared.
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def _worker_assess(batch: Batch) -> Assessed:
    assert _worker_assessor is not None, "worker used before its initialiser ran"
    return assess_batch(_worker_assessor, batch)


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


def _pool(assessor: Assessor, workers: int) -> ProcessPoolExecutor:
    ctx = multiprocessing.get_context("forkserver")
    # Workers start from a server that has imported these once: cheap forks, no re-imports.
    ctx.set_forkserver_preload(list(assessor.worker_modules))
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init, initargs=(assessor,))


@dataclass
class _Dispatch:
    """Batches not yet assessed and those the workers hold; shared by the main thread and the
    starter thread (:func:`_start`) while the workers start."""

    todo: deque[list[str]]
    pending: dict[Future[Assessed], list[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    error: BaseException | None = None

    def take(self, last: bool = False) -> list[str] | None:
        with self.lock:
            if not self.todo:
                return None
            return self.todo.pop() if last else self.todo.popleft()

    def submit(self, engine: Engine, pool: ProcessPoolExecutor, ids: list[str]) -> None:
        try:
            with _no_main_module():  # a submit may start a worker
                future = pool.submit(_worker_assess, read_batch(engine, ids))
        except BaseException:
            with self.lock:
                self.todo.append(ids)  # a failed submit leaves it to do
            raise
        self.pending[future] = ids


def _worker_ready() -> bool:
    return _worker_assessor is not None


def _start(dispatch: _Dispatch, engine: Engine, pool: ProcessPoolExecutor, workers: int) -> None:
    """Start the workers (the first one waits for the forkserver to import pressmon), then give
    each its first batches (the last ones: the main thread takes from the front meanwhile)."""
    try:
        with _no_main_module():  # the submits start the workers
            ready = [pool.submit(_worker_ready) for _ in range(workers)]
        for future in ready:
            future.result()
        while len(dispatch.pending) < 2 * workers:
            ids = dispatch.take(last=True)
            if ids is None:
                return
            dispatch.submit(engine, pool, ids)
    except BaseException as exc:  # reported to the main thread, which assesses the rest itself
        dispatch.error = exc


def assessed_batches(
    engine: Engine, assessor: Assessor, batches: list[list[str]], workers: int
) -> Iterator[Assessed]:
    """Each batch read and assessed; with ``workers`` > 1 the NLP runs in processes and batches come
    back in the order they finish (each is saved on its own, so order does not matter).

    The workers take seconds to start (the forkserver imports pressmon once): a thread starts them
    while this one assesses batches itself; from then on this process only reads, unpickles and
    saves, so the workers have the cores to themselves."""
    if workers <= 1 or len(batches) < 2:
        for ids in batches:
            yield assess_batch(assessor, read_batch(engine, ids))
        return
    pool = _pool(assessor, workers)
    dispatch = _Dispatch(deque(batches))
    starter = threading.Thread(target=_start, args=(dispatch, engine, pool, workers), daemon=True)
    starter.start()
    try:
        while starter.is_alive() and (mine := dispatch.take()) is not None:
            yield assess_batch(assessor, read_batch(engine, mine))
        starter.join()
        if dispatch.error is not None:
            raise dispatch.error
        yield from _collect(dispatch, engine, pool, workers)
    except (BrokenProcessPool, OSError) as exc:
        # A worker killed (out of memory, a signal) or a forkserver that could not start must not
        # fail the run: what the workers still held is assessed here.
        starter.join()  # it may still be handing out batches
        log.warning("worker processes failed (%r); assessing the rest in this process", exc)
        for left in [*dispatch.pending.values(), *dispatch.todo]:
            yield assess_batch(assessor, read_batch(engine, left))
    finally:
        with dispatch.lock:
            dispatch.todo.clear()  # stopped early (the caller failed): the starter hands out no more
        starter.join()
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(
    dispatch: _Dispatch, engine: Engine, pool: ProcessPoolExecutor, workers: int
) -> Iterator[Assessed]:
    """The workers' results as they come, each replaced by the next batch to do."""
    while dispatch.todo or dispatch.pending:
        while dispatch.todo and len(dispatch.pending) < 2 * workers:
            ids = dispatch.take()
            if ids is not None:
                dispatch.submit(engine, pool, ids)
        done, _ = wait(dispatch.pending, return_when=FIRST_COMPLETED)
        for future in done:
            result = future.result()
            del dispatch.pending[future]
            yield result
