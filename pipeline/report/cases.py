"""The report's cases (vụ việc): those opened in the period or still followed during it, how fast the
office was told and answered, and what each outlet did after the response.

:func:`collect_cases` reads them into the snapshot (so a frozen report keeps the figures it showed);
``pipeline.report.tables`` turns the snapshot's records into sentences and two tables. Times are hours from
a claim's first appearance (its earliest item) to the first alert sent about its items, and to the
official response; the medians are over the cases that have one.
"""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pipeline.clock import iso_local
from pipeline.report.period import Period
from pipeline.storage import cases as case_store
from pipeline.storage.schema import Case


def collect_cases(session: Session, period: Period) -> list[dict[str, Any]]:
    """The snapshot records of the cases opened before the period ends and not closed before it starts."""
    query = (
        select(Case)
        .where(Case.opened_at < period.end, or_(Case.closed_at.is_(None), Case.closed_at >= period.start))
        .order_by(Case.opened_at, Case.id)
    )
    records = []
    for case in session.scalars(query):
        response = case_store.response_moment(case.response_date, case.responded_at)
        records.append(
            {
                "id": case.id,
                "title": case.title,
                "status": case.status,
                "opened": iso_local(case.opened_at),
                "first_seen": iso_local(case_store.first_seen(session, case.id)),
                "first_alert": iso_local(case_store.first_alert(session, case.id)),
                "response": iso_local(response),
                "items": len(case_store.linked_ids(session, case.id)),
                "outcomes": [list(o) for o in case_store.outlet_outcomes(session, case)],
            }
        )
    return records


def hours_between(start: str, end: str) -> float | None:
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 3600


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def median_hours(cases: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    """Median hours from first appearance to the first alert, and to the response (None: no case has one)."""
    to_alert = _median([hours_between(c["first_seen"], c["first_alert"]) for c in cases])
    to_response = _median([hours_between(c["first_seen"], c["response"]) for c in cases])
    return to_alert, to_response
