"""``pressmon backup`` / ``restore`` and ``copy-db``: keep and move an installation without losing anything.

SQLite uses its online backup API (consistent while the weekly job writes); PostgreSQL uses
``pg_dump``/``pg_restore`` in their custom format. ``copy_database`` moves every row of every table
from one database to another (e.g. SQLite → PostgreSQL) in one transaction on the target.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine, make_url

from pipeline.errors import PressmonError
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


def backup(engine: Engine, output: Path) -> int:
    """Write a consistent copy of the database to ``output``; returns its size in bytes."""
    if current_revision(engine) is None:
        raise PressmonError(f"Database {engine.url} has no pressmon schema; nothing to back up.")
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    if engine.dialect.name == "sqlite":
        with sqlite3.connect(_sqlite_path(engine)) as source, sqlite3.connect(tmp) as target:
            source.backup(target)
    else:
        subprocess.run(
            [_pg_tool("pg_dump"), "--format=custom", "--file", str(tmp), _libpq_url(engine)],
            check=True,
            capture_output=True,
        )
    tmp.replace(output)
    return output.stat().st_size


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's content with the backup at ``source``."""
    if not source.is_file():
        raise PressmonError(f"Backup file {source} does not exist.")
    if engine.dialect.name == "sqlite":
        with sqlite3.connect(source) as src:
            if not src.execute("SELECT name FROM sqlite_master WHERE name='alembic_version'").fetchone():
                raise PressmonError(f"{source} is not a pressmon SQLite backup.")
            with sqlite3.connect(_sqlite_path(engine)) as target:
                src.backup(target)
        return
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
