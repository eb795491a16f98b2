"""The admin page: accounts without their hashes, and the audit log."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from dashboard.queries.display import audit_text
from pipeline.clock import iso_local
from pipeline.storage.engine import transaction
from pipeline.storage.schema import AuditLog, User
from pipeline.taxonomy import Taxonomy
from pipeline.text.vi_format import vi_datetime


def users_table(engine: Engine) -> pd.DataFrame:
    """Accounts without their hashes."""
    with transaction(engine) as session:
        rows = [
            {"name": u.name, "role": u.role, "disabled": u.disabled, "created": iso_local(u.created_at)}
            for u in session.scalars(select(User).order_by(User.name))
        ]
    return pd.DataFrame(rows, columns=["name", "role", "disabled", "created"])


def audit_table(
    engine: Engine, object_type: str | None = None, limit: int = 500, tax: Taxonomy | None = None
) -> pd.DataFrame:
    """The newest audit entries, optionally of one object type; moments and the old and new values in
    Vietnamese words (codes by the names of ``tax``)."""
    query = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)
    if object_type:
        query = query.where(AuditLog.object_type == object_type)
    with transaction(engine) as session:
        rows = [
            {
                "at": vi_datetime(e.at),
                "actor": e.actor,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "action": e.action,
                "old": audit_text(e.old, tax),
                "new": audit_text(e.new, tax),
            }
            for e in session.scalars(query)
        ]
    return pd.DataFrame(rows, columns=["at", "actor", "object_type", "object_id", "action", "old", "new"])
