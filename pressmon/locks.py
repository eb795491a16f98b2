"""Run locks: one crawl (and one weekly run) at a time per installation's var folder, and, across the
crawl servers sharing one database, one crawl at a time per source (a lease with a heartbeat).

Each server holds its var folder's file lock, then asks the database for the lease of each source it
would crawl (``pipeline.storage.crawl_leases``). A source another server holds is left out and said so;
when every source asked for is held elsewhere the crawl refuses (:class:`AlreadyRunning`, exit 75). A
heartbeat thread renews the leases every third of ``[crawl] lease_seconds`` while the crawl runs; the
leases are let go at its end, and a killed server's lapse after ``lease_seconds``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from pipeline.clock import utcnow
from pipeline.errors import AlreadyRunning
from pipeline.storage import crawl_leases
from pipeline.storage.engine import transaction

log = logging.getLogger(__name__)

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


def lease_owner(var_dir: Path) -> str:
    """This installation as a lease holder: its host and var folder (whose file lock it holds)."""
    return f"{socket.gethostname()}:{var_dir.resolve()}"


class _Heartbeat(threading.Thread):
    """Renews a run's leases until stopped; a missed beat is logged and retried at the next one."""

    def __init__(self, engine: Engine, run_id: str, count: int, lease: timedelta) -> None:
        super().__init__(name=f"lease-heartbeat-{run_id[:8]}", daemon=True)
        self.engine, self.run_id, self.count, self.lease = engine, run_id, count, lease
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.lease.total_seconds() / 3):
            try:
                with transaction(self.engine) as session:
                    kept = crawl_leases.renew(session, self.run_id, utcnow(), self.lease)
            except Exception:  # the database may be back at the next beat; the lease lasts 3 beats
                log.warning("renewing the crawl leases of run %s failed", self.run_id, exc_info=True)
                continue
            if kept < self.count:
                log.error(
                    "run %s lost %d of its %d source leases (its heartbeat lapsed): another server may "
                    "crawl those sources too",
                    self.run_id,
                    self.count - kept,
                    self.count,
                )
                self.count = kept


@contextmanager
def leased(
    engine: Engine, holder: crawl_leases.Holder, source_ids: list[str], lease_seconds: float
) -> Iterator[crawl_leases.Taken]:
    """Hold the leases of the sources in ``source_ids`` that no live crawl of another server holds,
    renewed by a heartbeat until the block ends; refuse (:class:`AlreadyRunning`) when every one is
    held elsewhere. Call while holding the var folder's crawl lock."""
    lease = timedelta(seconds=lease_seconds)
    with transaction(engine) as session:
        taken = crawl_leases.acquire(session, holder, source_ids, utcnow(), lease)
    if source_ids and not taken.sources:
        others = ", ".join(f"{r.source_id} ({r.owner}, pid {r.pid})" for r in taken.held_by_others)
        raise AlreadyRunning(f"Every source asked for is being crawled by another server: {others}.")
    beat = _Heartbeat(engine, holder.run_id, len(taken.sources), lease)
    beat.start()
    try:
        yield taken
    finally:
        beat.stopped.set()
        beat.join()
        try:
            with transaction(engine) as session:
                crawl_leases.release(session, holder.run_id)
        except SQLAlchemyError:  # the crawl's own outcome (or error) matters more; the leases lapse
            log.warning(
                "letting go of the leases of run %s failed; they lapse in %.0f s",
                holder.run_id,
                lease_seconds,
                exc_info=True,
            )


def new_holder(var_dir: Path, run_id: str) -> crawl_leases.Holder:
    """The lease holder of crawl ``run_id`` in this process."""
    return crawl_leases.Holder(run_id, lease_owner(var_dir), os.getpid())
