"""The admin page: accounts without their hashes, and the audit log."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from pipeline.clock import iso_local
from pipeline.storage.engine import transaction
from pipeline.storage.schema import AuditLog, User


def users_table(engine: Engine) -> pd.DataFrame:
    """Accounts without their hashes."""
    with transaction(engine) as session:
        rows = [
            {"name": u.name, "role": u.role, "disabled": u.disabled, "created": iso_local(u.created_at)}
            for u in session.scalars(select(User).order_by(User.name))
        ]
    return pd.DataFrame(rows, columns=["name", "role", "disabled", "created"])


def audit_table(engine: Engine, object_type: str | None = None, limit: int = 500) -> pd.DataFrame:
    """The newest audit entries, optionally of one object type."""
    query = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)
    if object_type:
        query = query.where(AuditLog.object_type == object_type)
    with transaction(engine) as session:
        rows = [
            {
                "at": iso_local(e.at),
                "actor": e.actor,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "action": e.action,
                "old": json.dumps(e.old, ensure_ascii=False),
                "new": json.dumps(e.new, ensure_ascii=False),
            }
            for e in session.scalars(query)
        ]
    return pd.DataFrame(rows, columns=["at", "actor", "object_type", "object_id", "action", "old", "new"])
