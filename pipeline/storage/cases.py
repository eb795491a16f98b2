"""The case tables: ``cases``, ``case_items`` and ``case_checks``; the only module that writes them.

A case is changed under optimistic locking (``cases.version``, the mapper's ``version_id_col``) and
every change is audited (``object_type="case"``). The workflow (who may change what, which status may
follow which) is :mod:`pipeline.review.cases`; the rechecks of the items are ``pressmon recheck``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from pipeline.storage.audit import audit, audit_many
from pipeline.storage.bulk import in_chunks, upsert
from pipeline.storage.schema import Article, Case, CaseCheck, CaseItem

log = logging.getLogger(__name__)

STATUSES = ("open", "responded", "closed")
# Cases whose story still gains items and whose items are rechecked.
FOLLOWED = ("open", "responded")
OUTCOMES = ("unchanged", "edited", "removed", "failed")
AUTO = "auto"  # ``case_items.added_by`` of an item linked by story grouping
OBJECT = "case"  # the audit log's ``object_type``


class ConcurrentChange(Exception):
    """Someone else committed a change to the case between this read and this write."""


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def create(
    session: Session, *, title: str, claim: str, story_id: str | None, owner: str, now: datetime
) -> Case:
    """A new open case owned by ``owner``, audited; its id is assigned."""
    case = Case(
        title=title,
        claim=claim,
        story_id=story_id,
        status="open",
        owner=owner,
        response_text="",
        response_url="",
        opened_at=now,
        opened_by=owner,
        updated_at=now,
        updated_by=owner,
    )
    session.add(case)
    session.flush()
    new = {"title": title, "claim": claim, "story_id": story_id, "status": "open", "owner": owner}
    audit(session, owner, OBJECT, str(case.id), "opened", new=new)
    return case


def load(session: Session, case_id: int) -> Case | None:
    """The case as the database holds it now (not as this session last saw it)."""
    return session.get(Case, case_id, populate_existing=True)


def write_changes(
    session: Session, case: Case, changes: Mapping[str, Any], actor: str, now: datetime
) -> None:
    """Set ``changes`` on ``case`` and audit them (old → new); a concurrent commit since ``case`` was
    loaded raises :class:`ConcurrentChange` and nothing is written."""
    case_id = case.id
    old = {k: _jsonable(getattr(case, k)) for k in changes}
    for key, value in changes.items():
        setattr(case, key, value)
    case.updated_at, case.updated_by = now, actor
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConcurrentChange(case_id) from exc
    audit(
        session,
        actor,
        OBJECT,
        str(case_id),
        "updated",
        old=old,
        new={k: _jsonable(v) for k, v in changes.items()},
    )


def linked_ids(session: Session, case_id: int) -> set[str]:
    """The ids of the articles linked to a case."""
    return set(session.scalars(select(CaseItem.article_id).where(CaseItem.case_id == case_id)))


def link(
    session: Session, case_id: int, article_ids: Sequence[str], added_by: str, now: datetime
) -> list[str]:
    """Link articles to a case (those already linked are left as they are), audited; the new ones."""
    fresh = sorted(set(article_ids) - linked_ids(session, case_id))
    rows = [{"case_id": case_id, "article_id": a, "added_at": now, "added_by": added_by} for a in fresh]
    upsert(session, CaseItem, rows, ("case_id", "article_id"))
    audit_many(
        session,
        [
            {"actor": added_by, "object_type": OBJECT, "object_id": str(case_id), "action": "linked"}
            | {"old": {}, "new": {"article_id": a}, "at": now}
            for a in fresh
        ],
    )
    return fresh


def unlink(session: Session, case_id: int, article_id: str, actor: str) -> bool:
    """Unlink an article from a case (its checks are kept as history), audited; False when not linked."""
    gone = session.execute(
        delete(CaseItem).where(CaseItem.case_id == case_id, CaseItem.article_id == article_id)
    ).rowcount  # type: ignore[attr-defined]
    if gone:
        audit(session, actor, OBJECT, str(case_id), "unlinked", old={"article_id": article_id})
    return bool(gone)


def link_story_items(session: Session, article_ids: Sequence[str], now: datetime) -> int:
    """Link the articles among ``article_ids`` whose story is the story of an open or responded case
    (``added_by`` "auto"); called after story grouping. Returns how many links are new."""
    stories: dict[str | None, list[str]] = {}
    for chunk in in_chunks(list(article_ids)):
        query = select(Article.id, Article.story_id).where(
            Article.id.in_(chunk), Article.story_id.is_not(None)
        )
        for aid, story in session.execute(query):
            stories.setdefault(story, []).append(aid)
    if not stories:
        return 0
    added = 0
    for chunk in in_chunks(sorted(s for s in stories if s)):
        followed = select(Case.id, Case.story_id).where(Case.story_id.in_(chunk), Case.status.in_(FOLLOWED))
        for case_id, story in session.execute(followed).all():
            fresh = link(session, case_id, stories[story], AUTO, now)
            added += len(fresh)
            if fresh:
                log.info("case %s: %d new item(s) of its story linked", case_id, len(fresh))
    return added


def to_recheck(session: Session, statuses: Sequence[str] = FOLLOWED) -> list[tuple[int, str, str, str]]:
    """(case id, article id, url, source id) of every item of the cases in ``statuses``."""
    query = (
        select(CaseItem.case_id, Article.id, Article.url, Article.source_id)
        .join(Article, Article.id == CaseItem.article_id)
        .join(Case, Case.id == CaseItem.case_id)
        .where(Case.status.in_(statuses))
        .order_by(CaseItem.case_id, Article.id)
    )
    return [(c, a, u, s) for c, a, u, s in session.execute(query)]


def record_checks(session: Session, checks: Sequence[Mapping[str, Any]]) -> None:
    """Append recheck results (dicts of the ``case_checks`` columns without ``id``)."""
    bad = {c["outcome"] for c in checks} - set(OUTCOMES)
    if bad:
        raise ValueError(f"unknown recheck outcome(s): {sorted(bad)}")
    for check in checks:
        session.add(CaseCheck(**{"http_status": None, "revision": None, "detail": ""} | dict(check)))
    session.flush()


def last_check_at(session: Session, statuses: Sequence[str] = FOLLOWED) -> datetime | None:
    """When an item of a case in ``statuses`` was last rechecked."""
    query = (
        select(func.max(CaseCheck.checked_at))
        .join(Case, Case.id == CaseCheck.case_id)
        .where(Case.status.in_(statuses))
    )
    return session.scalar(query)
