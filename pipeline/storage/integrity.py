"""Is this SQLite file whole? ``PRAGMA quick_check`` before pressmon trusts, copies or replaces one.

``init``, ``import``, ``backup`` and ``restore`` call it: a corrupted database (or backup) is refused
with one sentence instead of being called current, written to, copied or restored over a healthy one.
quick_check reads every page but skips the index-to-table cross-checks of ``integrity_check``, so it
costs about one sequential read of the file. PostgreSQL checks its own pages; nothing is done there.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import Engine

from pipeline.errors import PressmonError

_MAX_PROBLEMS = 3


class CorruptDatabase(PressmonError):
    """A SQLite file failed its integrity check."""


def sqlite_problems(path: Path) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong in the SQLite file at ``path`` (empty when it is whole)."""
    try:
        # Read-only: a check must never change, or create, the file it looks at.
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            rows = conn.execute(f"PRAGMA quick_check({_MAX_PROBLEMS})").fetchall()
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        return [str(exc)]
    found = [str(row[0]) for row in rows]
    if found == ["ok"]:
        return []
    # One line per problem, without the "*** in database main ***" headings.
    lines = (line.strip() for problem in found for line in problem.splitlines())
    return [line for line in lines if line and not line.startswith("***")]


def check_sqlite_file(path: Path, what: str) -> None:
    """Refuse ``path`` (described to the user as ``what``) when it is not a whole SQLite database."""
    problems = sqlite_problems(path)
    if problems:
        raise CorruptDatabase(
            f"{what} {path} is corrupted (SQLite quick_check: {'; '.join(problems)[:300]}); "
            "nothing was changed. Restore a good backup with: pressmon restore FILE --yes"
        )


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite ``engine`` when it exists (None for PostgreSQL or a new database)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return None
    path = Path(engine.url.database or "")
    return path if path.is_file() and path.stat().st_size > 0 else None


def check_database(engine: Engine) -> None:
    """Refuse a SQLite database whose file is corrupted; PostgreSQL and new files pass."""
    path = sqlite_file(engine)
    if path is not None:
        check_sqlite_file(path, "Database")
