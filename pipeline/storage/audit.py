"""The append-only audit log: who changed what, when, from what to what; the only module that writes it.

Changes of reviews, labels, accounts and sources, and every sign-in attempt, are entries here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from pipeline.storage.schema import AuditLog

SYSTEM_ACTOR = "pressmon"


def audit(
    session: Session,
    actor: str,
    object_type: str,
    object_id: str,
    action: str,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> None:
    """Append one entry to the audit log."""
    session.add(
        AuditLog(
            actor=actor,
            object_type=object_type,
            object_id=object_id,
            action=action,
            old=old or {},
            new=new or {},
        )
    )


def audit_many(session: Session, entries: Sequence[dict[str, Any]]) -> None:
    """Append many entries (dicts of the audit columns) in one statement."""
    if entries:
        session.execute(insert(AuditLog), list(entries))


def record_login(
    session: Session, name: str, action: str, at: datetime, new: dict[str, str] | None = None
) -> None:
    """Append a sign-in attempt (``succeeded``, ``failed`` or ``refused``) stamped with its own time,
    so that the failure window is measured on one clock."""
    session.add(
        AuditLog(
            at=at,
            actor=name[:100] or "?",
            object_type="login",
            object_id=name[:64],
            action=action,
            new=new or {},
        )
    )
