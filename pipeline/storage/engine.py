"""Engines and transactions: SQLite gets WAL, a busy timeout and foreign keys; a transaction commits
together at the end, or not at all. :func:`database_failure` says in one sentence when the database's
environment (a full disk, a read-only file) refused the work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

# What the database drivers say (SQLite, PostgreSQL) → what the operator should know.
_ENVIRONMENT_FAILURES = {
    "database or disk is full": "the disk (or the database's size limit) is full",
    "no space left on device": "the disk is full",
    "could not extend file": "the disk is full",
    "attempt to write a readonly database": "the database file (or its folder) is read-only for this user",
    "read-only file system": "the database is on a read-only file system",
    "unable to open database file": "the database file cannot be opened (missing folder or permissions)",
    "disk i/o error": "the disk reported an I/O error",
    "database disk image is malformed": "the database file is corrupted",
    "file is not a database": "the file is not a SQLite database",
}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys."""
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits together at the end, or not at all."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory.begin() as session:
        yield session


def database_failure(exc: BaseException) -> str | None:
    """One sentence when ``exc`` is the database refusing work for a reason outside pressmon (a full
    disk, a read-only or corrupted file), without the statement or its parameters; None otherwise."""
    driver_error = exc.orig if isinstance(exc, DBAPIError) else exc
    said = str(driver_error).lower()
    reason = next((text for key, text in _ENVIRONMENT_FAILURES.items() if key in said), None)
    if reason is None:
        return None
    first_line = str(driver_error).splitlines()[0][:200]
    return (
        f"The database refused the work: {reason} ({first_line}). "
        "The transaction in progress was rolled back; fix this and run the command again."
    )
