"""pipeline.understand.process: how ``process`` cuts its work into batches for worker processes, and
the garbage collector it tunes for the run."""

from __future__ import annotations

import gc

import pytest

from pipeline.understand.process import BATCH, MIN_WORKER_BATCH, _batch_size, fewer_collections
from pipeline.understand.workers import GC_THRESHOLD


def test_one_process_uses_full_batches() -> None:
    assert _batch_size(1000, 1) == _batch_size(10, 1) == BATCH


def test_workers_get_enough_batches_to_stay_busy_to_the_end() -> None:
    size = _batch_size(1000, 2)
    assert MIN_WORKER_BATCH <= size < BATCH
    assert -(-1000 // size) >= 2 * 12  # a dozen batches per worker
    assert _batch_size(100_000, 2) == BATCH  # large runs: full batches, fewer transactions
    assert _batch_size(30, 2) == MIN_WORKER_BATCH  # tiny ones: no batches of a handful


def test_fewer_collections_restores_the_collector_even_on_failure() -> None:
    before = gc.get_threshold()
    with pytest.raises(KeyError), fewer_collections():
        assert gc.get_threshold()[0] == GC_THRESHOLD and gc.get_freeze_count() > 0
        raise KeyError("a failed run")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
