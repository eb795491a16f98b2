"""The analyst's edits of a report before it is frozen, in ``report_drafts`` (the only writer of it).

An analyst pins or drops highlight stories and edits the drafted "Nhận xét, đánh giá" and "Đề xuất,
kiến nghị" in the dashboard. :func:`load_editorial` hands them to ``build_snapshot``, which copies them
into the snapshot when it is frozen, so the document handed over carries exactly what was edited.
Once a period is frozen its draft can no longer change (``--refresh`` freezes the draft again).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.clock import utcnow
from pipeline.errors import PressmonError
from pipeline.storage.audit import audit
from pipeline.storage.schema import ReportDraftRow, ReportRow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Editorial:
    """What the analyst decided: pinned and dropped stories, and edited texts (None: the drafted text)."""

    pinned: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    assessment: str | None = None
    proposals: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "pinned": list(self.pinned),
            "dropped": list(self.dropped),
            "assessment": self.assessment,
            "proposals": self.proposals,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Editorial:
        data = data or {}
        return cls(
            tuple(data.get("pinned", ())),
            tuple(data.get("dropped", ())),
            data.get("assessment"),
            data.get("proposals"),
        )


def load_editorial(session: Session, label: str) -> Editorial:
    """The draft of period ``label``, or no edits at all."""
    row = session.get(ReportDraftRow, label)
    return Editorial.from_json(row.draft) if row is not None else Editorial()


def save_editorial(session: Session, label: str, editorial: Editorial, actor: str) -> None:
    """Store the draft of an unfrozen period, audited; a frozen period's draft is refused."""
    if session.scalars(select(ReportRow.id).where(ReportRow.period == label)).first() is not None:
        raise PressmonError(
            f"The report of {label} is frozen; its highlights and texts can no longer change."
        )
    row = session.get(ReportDraftRow, label)
    old = row.draft if row is not None else {}
    if row is None:
        row = ReportDraftRow(period=label)
        session.add(row)
    row.draft = editorial.to_json()
    row.updated_by, row.updated_at = actor, utcnow()
    audit(session, actor, "report", label, "edit-draft", old, row.draft)
    log.info("draft of %s saved by %s", label, actor)
