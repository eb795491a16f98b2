"""What the case pages show: the list of cases, and one case with its items, outcomes per outlet and
timeline, each edit with the word diff of its stored revisions (read from :mod:`pipeline.review.cases`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.review.cases import (
    CaseError,
    CaseItem,
    CaseState,
    OutletOutcome,
    TimelineEvent,
    case_items,
    cases_of_article,
    get_case,
    list_cases,
    outcomes,
    revision_texts,
    timeline,
)
from pipeline.storage.engine import transaction
from pipeline.text.word_diff import Op, with_context, word_diff

CASE_FIELDS = ("id", "title", "status", "owner", "items", "responded", "opened")
DIFF_CONTEXT = 15  # unchanged words shown on each side of a change


@dataclass(frozen=True)
class Event:
    """A timeline event and, for an edit, the word diff of the revisions (None when they are not stored)."""

    event: TimelineEvent
    diff: list[tuple[Op, str]] | None = None


@dataclass(frozen=True)
class CaseView:
    """Everything the case page shows of one case."""

    case: CaseState
    items: list[CaseItem]
    outcomes: list[OutletOutcome]
    events: list[Event]


def case_table(eng: Engine, status: str | None = None) -> pd.DataFrame:
    """The cases (of ``status``, or all), newest first: one row each with the columns of ``CASE_FIELDS``."""
    with transaction(eng) as session:
        cases = list_cases(session, status)
    rows = [
        {
            "id": c.id,
            "title": c.title,
            "status": c.status,
            "owner": c.owner or "",
            "items": c.items,
            "responded": bool(c.response_text or c.response_url or c.response_date),
            "opened": c.opened_at,
        }
        for c in cases
    ]
    return pd.DataFrame(rows, columns=list(CASE_FIELDS))


def case_titles(eng: Engine) -> dict[int, str]:
    """Case id → title, newest first (the case page's picker)."""
    with transaction(eng) as session:
        return {c.id: c.title for c in list_cases(session)}


def _diff(session: Session, event: TimelineEvent) -> list[tuple[Op, str]] | None:
    if event.article_id is None or event.revision_to is None:
        return None
    try:
        before, after = revision_texts(session, event.article_id, event.revision_to)
    except CaseError:  # the revision is no longer stored
        return None
    return with_context(word_diff(before, after), DIFF_CONTEXT)


def case_view(eng: Engine, case_id: int) -> CaseView | None:
    """The case ``case_id`` as its page shows it, or None when there is no such case."""
    with transaction(eng) as session:
        case = get_case(session, case_id)
        if case is None:
            return None
        events = [
            Event(e, _diff(session, e) if e.kind == "edited" else None) for e in timeline(session, case_id)
        ]
        return CaseView(case, case_items(session, case_id), outcomes(session, case_id), events)


def item_cases(eng: Engine, article_id: str) -> list[CaseState]:
    """The cases an item belongs to, newest first."""
    with transaction(eng) as session:
        return cases_of_article(session, article_id)
