"""pipeline.storage.audit on a migrated SQLite database: entries appended one at a time or many in
one statement, and sign-in attempts stamped with their own time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.storage.audit import audit, audit_many, record_login
from pipeline.storage.schema import AuditLog
from tests.support.clock import SIGN_IN_NOW


def _entries(session: Session) -> list[tuple[str, str, str, str, dict[str, object], dict[str, object]]]:
    rows = session.scalars(select(AuditLog).order_by(AuditLog.id))
    return [(a.actor, a.object_type, a.object_id, a.action, a.old, a.new) for a in rows]


def test_an_entry_keeps_who_changed_what_from_what_to_what(session: Session) -> None:
    audit(session, "ana", "review", "a1", "updated", old={"status": "new"}, new={"status": "dismissed"})
    audit(session, "boss", "source", "tinnhanh", "disabled")
    session.commit()
    assert _entries(session) == [
        ("ana", "review", "a1", "updated", {"status": "new"}, {"status": "dismissed"}),
        ("boss", "source", "tinnhanh", "disabled", {}, {}),
    ]


def test_many_entries_are_appended_in_order(session: Session) -> None:
    audit_many(session, [])
    entries = [
        {"actor": "pressmon", "object_type": "review", "object_id": f"a{i}", "action": "flagged", "old": {}}
        | {"new": {"status": "new"}}
        for i in range(3)
    ]
    audit_many(session, entries)
    session.commit()
    assert [e[2] for e in _entries(session)] == ["a0", "a1", "a2"]


def test_a_sign_in_attempt_is_stamped_with_its_own_time_and_a_bounded_name(session: Session) -> None:
    record_login(session, "lan", "failed", SIGN_IN_NOW, new={"reason": "invalid"})
    record_login(session, "", "refused", SIGN_IN_NOW)
    record_login(session, "x" * 200, "failed", SIGN_IN_NOW)
    session.commit()
    rows = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
    assert [(r.at, r.actor, r.object_type, r.object_id, r.action, r.new) for r in rows[:2]] == [
        (SIGN_IN_NOW, "lan", "login", "lan", "failed", {"reason": "invalid"}),
        (SIGN_IN_NOW, "?", "login", "", "refused", {}),
    ]
    assert (len(rows[2].actor), len(rows[2].object_id)) == (100, 64)
