"""Bulk statements on the two backends pressmon runs on: inserts that skip or replace rows whose key
exists, and id lists cut to fit an ``IN (...)``.

``INSERT … ON CONFLICT`` is spelt the same by SQLite and PostgreSQL but built by each dialect's own
``insert``; concurrent runs writing the same key (two ``process`` runs caching one text) then never
fail a batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

# Values per IN (...) list: under every backend's bound-parameter limit.
IN_LIST = 500
T = TypeVar("T")


def in_chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """``values`` in slices short enough for one ``IN (...)`` each."""
    for start in range(0, len(values), IN_LIST):
        yield values[start : start + IN_LIST]


def upsert(
    session: Session,
    model: Any,
    rows: Sequence[dict[str, Any]],
    key: str | Sequence[str],
    replace: Sequence[str] = (),
    where: ColumnElement[bool] | None = None,
) -> None:
    """Insert ``rows`` into ``model``'s table; where ``key`` (a column, or the columns of a unique
    constraint) exists, set the ``replace`` columns from the new row (or leave the stored row as it is
    when ``replace`` is empty), only where the stored row meets ``where`` when it is given."""
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise ValueError(f"pressmon runs on SQLite and PostgreSQL, not {dialect}")
    if not rows:
        return
    table = model.__table__
    columns = [key] if isinstance(key, str) else list(key)
    stmt: Any = sqlite.insert(table) if dialect == "sqlite" else postgresql.insert(table)
    if replace:
        stmt = stmt.on_conflict_do_update(
            index_elements=columns, set_={c: stmt.excluded[c] for c in replace}, where=where
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=columns)
    # One compiled statement run over all rows (executemany), not a statement per chunk of values.
    session.connection().execute(stmt, list(rows))
