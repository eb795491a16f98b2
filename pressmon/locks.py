"""Run locks: one crawl (and one weekly run) at a time per installation's var folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import AlreadyRunning

CRAWL_LOCK = "crawl.lock"
WEEKLY_LOCK = "weekly.lock"


@contextmanager
def held(var_dir: Path, name: str, what: str) -> Iterator[None]:
    """Hold the lock file ``name`` in ``var_dir``, or refuse (:class:`AlreadyRunning`) when another
    pressmon process holds it (the same process may take it again: weekly calls crawl)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(var_dir / name))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        message = f"Another pressmon {what} holds {lock.lock_file}; not starting a second one."
        raise AlreadyRunning(message) from exc
    try:
        yield
    finally:
        lock.release()
