"""pipeline.report.drafts on SQLite and PostgreSQL: the draft is stored, audited, frozen with the snapshot
and refused once the period is frozen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from pipeline.errors import PressmonError
from pipeline.report.drafts import Editorial, load_editorial, save_editorial
from pipeline.report.period import parse_quarter
from pipeline.report.snapshot import build_snapshot, load_snapshot, store_snapshot
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import AuditLog

Q3 = parse_quarter("2026Q3")
NOW = datetime(2026, 10, 2, 8, 0, tzinfo=UTC)


def test_a_draft_is_kept_frozen_with_the_snapshot_then_locked(backend_url: str) -> None:
    engine = make_engine(backend_url)
    upgrade(engine)
    edits = Editorial(("s1",), ("s2", "s3"), "Nhận xét đã sửa.\nDòng thứ hai.", None)
    with transaction(engine) as session:
        assert load_editorial(session, Q3.label) == Editorial()
        save_editorial(session, Q3.label, edits, "lan")
    with transaction(engine) as session:
        assert load_editorial(session, Q3.label) == edits
        store_snapshot(session, build_snapshot(session, Q3, NOW))
    with transaction(engine) as session:
        frozen = load_snapshot(session, Q3)
        assert frozen is not None and frozen.editorial == edits  # through the JSON column and back
        entry = session.scalars(select(AuditLog).where(AuditLog.object_type == "report")).one()
        assert (entry.actor, entry.object_id, entry.new["pinned"]) == ("lan", "2026Q3", ["s1"])
    with pytest.raises(PressmonError, match="2026Q3 is frozen"), transaction(engine) as session:
        save_editorial(session, Q3.label, Editorial(), "lan")
    with transaction(engine) as session:
        assert load_editorial(session, Q3.label) == edits  # the refused change left nothing behind
