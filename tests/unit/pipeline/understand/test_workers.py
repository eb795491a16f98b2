"""pipeline.understand.workers: how batches are handed out to worker processes and taken back when a
submit fails."""

from __future__ import annotations

from collections import deque
from concurrent.futures import ProcessPoolExecutor

import pytest
from sqlalchemy.engine import Engine

from pipeline.understand.workers import _Dispatch


def test_main_thread_takes_from_the_front_the_starter_from_the_back() -> None:
    dispatch = _Dispatch(deque([["a"], ["b"], ["c"]]))
    assert dispatch.take() == ["a"]
    assert dispatch.take(last=True) == ["c"]
    assert dispatch.take() == ["b"]
    assert dispatch.take() is None and dispatch.take(last=True) is None


def test_a_failed_submit_leaves_its_batch_to_do(engine: Engine) -> None:
    dispatch = _Dispatch(deque([["x"]]))
    ids = dispatch.take()
    assert ids == ["x"]
    pool = ProcessPoolExecutor(1)
    pool.shutdown()
    with pytest.raises(RuntimeError):
        dispatch.submit(engine, pool, ids)  # a pool that takes nothing any more
    assert list(dispatch.todo) == [["x"]]
    assert dispatch.pending == {}
