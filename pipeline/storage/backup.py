"""``pressmon backup`` / ``restore`` and ``copy-db``: keep and move an installation without losing anything.

SQLite uses its online backup API (consistent while the weekly job writes); PostgreSQL uses
``pg_dump``/``pg_restore`` in their custom format. A SQLite database is checked (``PRAGMA quick_check``)
before it is backed up, and a backup before it is restored; the database a restore replaces is kept
beside it as ``<name>.replaced-<UTC time>``. ``copy_database`` moves every row of every table
from one database to another (e.g. SQLite → PostgreSQL) in one transaction on the target.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine, make_url

from pipeline.errors import PressmonError
from pipeline.files import output_file
from pipeline.storage.integrity import check_database, check_sqlite_file, sqlite_file
from pipeline.storage.migrate import current_revision, upgrade
from pipeline.storage.schema import Base

log = logging.getLogger(__name__)
_CHUNK = 1000


def _sqlite_path(engine: Engine) -> Path:
    return Path(engine.url.database or "")


def _libpq_url(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None)
    if not found:
        raise PressmonError(
            f"{name} not found: install the PostgreSQL client tools (Debian package postgresql-client)."
        )
    return str(found)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy the SQLite database ``source`` into ``target`` with the online backup API."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def backup(engine: Engine, output: Path, replace: bool = False) -> int:
    """Write a consistent copy of the database to ``output`` (an existing file replaced only when
    ``replace``); returns its size in bytes. A corrupted SQLite database is refused."""
    if current_revision(engine) is None:
        raise PressmonError(f"Database {engine.url} has no pressmon schema; nothing to back up.")
    check_database(engine)
    with output_file(output, replace) as tmp:
        if engine.dialect.name == "sqlite":
            _sqlite_copy(_sqlite_path(engine), tmp)
        else:
            subprocess.run(
                [_pg_tool("pg_dump"), "--format=custom", "--file", str(tmp), _libpq_url(engine)],
                check=True,
                capture_output=True,
            )
    return output.stat().st_size


def _keep_replaced(path: Path) -> Path:
    """Copy the database about to be replaced to ``<name>.replaced-<UTC time>`` beside it."""
    kept = path.with_name(f"{path.name}.replaced-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    try:
        _sqlite_copy(path, kept)
    except sqlite3.DatabaseError:
        # A damaged database (often why it is restored) may not copy page by page: keep its bytes.
        kept.unlink(missing_ok=True)
        shutil.copy2(path, kept)
    return kept


def restore(engine: Engine, source: Path) -> Path | None:
    """Replace the database's content with the backup at ``source``; a SQLite backup must pass its
    integrity check, and the replaced SQLite file is kept beside it (returned)."""
    if not source.is_file():
        raise PressmonError(f"Backup file {source} does not exist.")
    if engine.dialect.name == "sqlite":
        check_sqlite_file(source, "Backup")
        with closing(sqlite3.connect(source)) as src:
            if not src.execute("SELECT name FROM sqlite_master WHERE name='alembic_version'").fetchone():
                raise PressmonError(f"{source} is not a pressmon SQLite backup.")
        current = sqlite_file(engine)
        kept = _keep_replaced(current) if current is not None else None
        _sqlite_copy(source, _sqlite_path(engine))
        log.info("restored %s; the replaced database is kept as %s", source, kept)
        return kept
    result = subprocess.run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            _libpq_url(engine),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise PressmonError(f"pg_restore failed for {source}: {result.stderr.strip()[:500]}")
    return None


def _reset_sequences(target: Engine) -> None:
    """Move PostgreSQL's id sequences past the copied rows, so new rows get fresh ids."""
    if target.dialect.name != "postgresql":
        return
    template = (
        "SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
        "coalesce((SELECT max(id) FROM {t}), 0) + 1, false)"
    )
    with target.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.autoincrement is True:
                # Table names come from pressmon's own metadata, never from input.
                conn.execute(text(template.format(t=table.name)))  # nosec B608


def copy_database(
    source: Engine, target: Engine, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every row of every pressmon table from ``source`` into an empty ``target``."""
    if current_revision(source) is None:
        raise PressmonError(f"Source database {source.url} has no pressmon schema.")
    upgrade(target)
    counts: dict[str, int] = {}
    with source.connect() as src, target.begin() as dst:
        for table in Base.metadata.sorted_tables:
            if dst.execute(select(func.count()).select_from(table)).scalar():
                raise PressmonError(f"Target database {target.url} is not empty (table {table.name}).")
            counts[table.name] = 0
            for chunk in src.execution_options(yield_per=_CHUNK).execute(select(table)).partitions(_CHUNK):
                dst.execute(insert(table), [dict(row._mapping) for row in chunk])
                counts[table.name] += len(chunk)
            if progress:
                progress(table.name, counts[table.name])
    _reset_sequences(target)
    return counts


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)
