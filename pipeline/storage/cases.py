"""The case tables: ``cases``, ``case_items`` and ``case_checks``; the only module that writes them.

A case is changed under optimistic locking (``cases.version``, the mapper's ``version_id_col``) and
every change is audited (``object_type="case"``). The workflow (who may change what, which status may
follow which) is :mod:`pipeline.review.cases`; the rechecks of the items are ``pressmon recheck``.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from pipeline.clock import local_zone
from pipeline.storage.audit import audit, audit_many
from pipeline.storage.bulk import in_chunks, upsert
from pipeline.storage.schema import (
    AlertDelivery,
    AlertRow,
    Article,
    ArticleRevision,
    Case,
    CaseCheck,
    CaseItem,
    Source,
)
from pipeline.text.normalise import fold

log = logging.getLogger(__name__)

STATUSES = ("open", "responded", "closed")
# Cases whose story still gains items and whose items are rechecked.
FOLLOWED = ("open", "responded")
OUTCOMES = ("unchanged", "edited", "removed", "failed")
# Outcomes per outlet, strongest first: an outlet with several items shows the strongest.
OUTCOME_ORDER = ("removed", "corrected", "updated", "unchanged", "pending")
# Folded phrases by which an outlet tells its readers that it corrected an article.
CORRECTION_NOTICES = re.compile(
    r"\b(dinh chinh|cai chinh|xin loi ban doc|xin loi quy doc gia|ghi chu cua toa soan|"
    r"toa soan xin|bai viet da duoc chinh sua|thong tin chua chinh xac)\b"
)
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
    """Link the articles among ``article_ids`` that are in the story of an open or responded case (the
    story it was opened from, or the story of any item it holds: grouping may have merged stories),
    ``added_by`` "auto"; called after story grouping. Returns how many links are new."""
    stories: dict[str, list[str]] = {}
    for chunk in in_chunks(list(article_ids)):
        for aid, story in session.execute(select(Article.id, Article.story_id).where(Article.id.in_(chunk))):
            if story:
                stories.setdefault(story, []).append(aid)
    followed: set[tuple[int, str]] = set()
    for chunk in in_chunks(sorted(stories)):
        opened_from = select(Case.id, Case.story_id).where(
            Case.story_id.in_(chunk), Case.status.in_(FOLLOWED)
        )
        holding = (
            select(Case.id, Article.story_id)
            .join(CaseItem, CaseItem.case_id == Case.id)
            .join(Article, Article.id == CaseItem.article_id)
            .where(Article.story_id.in_(chunk), Case.status.in_(FOLLOWED))
        )
        for query in (opened_from, holding):
            followed |= {(case_id, story) for case_id, story in session.execute(query) if story}
    added = 0
    for case_id, story in sorted(followed):
        fresh = link(session, case_id, stories[story], AUTO, now)
        added += len(fresh)
        if fresh:
            log.info("case %s: %d new item(s) of its story linked", case_id, len(fresh))
    return added


def to_recheck(
    session: Session, statuses: Sequence[str] = FOLLOWED
) -> list[tuple[int, str, str, str, dict[str, Any]]]:
    """(case id, article id, url, source id, feed facts) of every item of the cases in ``statuses``."""
    query = (
        select(CaseItem.case_id, Article.id, Article.url, Article.source_id, Article.feed)
        .join(Article, Article.id == CaseItem.article_id)
        .join(Case, Case.id == CaseItem.case_id)
        .where(Case.status.in_(statuses))
        .order_by(CaseItem.case_id, Article.id)
    )
    return [(c, a, u, s, f or {}) for c, a, u, s, f in session.execute(query)]


def record_checks(session: Session, checks: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Append recheck results (dicts of the ``case_checks`` columns without ``id``); a check without a
    ``revision`` gets its article's revision now (after the check). Returns article id → revision."""
    bad = {c["outcome"] for c in checks} - set(OUTCOMES)
    if bad:
        raise ValueError(f"unknown recheck outcome(s): {sorted(bad)}")
    session.flush()  # an upsert of the same article before this call is counted
    ids = sorted({c["article_id"] for c in checks})
    revisions = {
        aid: rev
        for chunk in in_chunks(ids)
        for aid, rev in session.execute(select(Article.id, Article.revision).where(Article.id.in_(chunk)))
    }
    for check in checks:
        values = {"http_status": None, "detail": ""} | dict(check)
        values.setdefault("revision", revisions.get(check["article_id"]))
        session.add(CaseCheck(**values))
    session.flush()
    return revisions


def last_check_at(session: Session, statuses: Sequence[str] = FOLLOWED) -> datetime | None:
    """When an item of a case in ``statuses`` was last rechecked."""
    query = (
        select(func.max(CaseCheck.checked_at))
        .join(Case, Case.id == CaseCheck.case_id)
        .where(Case.status.in_(statuses))
    )
    return session.scalar(query)


def outlet_names(session: Session) -> dict[str, str]:
    """Source id → the outlet's name."""
    return {sid: name for sid, name in session.execute(select(Source.id, Source.name))}


def decisive_checks(session: Session, case_id: int) -> dict[str, list[CaseCheck]]:
    """The decisive checks (not 'failed') of a case's items, oldest first, by article."""
    query = (
        select(CaseCheck)
        .where(CaseCheck.case_id == case_id, CaseCheck.outcome != "failed")
        .order_by(CaseCheck.checked_at, CaseCheck.id)
    )
    found: dict[str, list[CaseCheck]] = defaultdict(list)
    for check in session.scalars(query):
        found[check.article_id].append(check)
    return found


def linked_articles(session: Session, case_id: int) -> list[tuple[Article, CaseItem]]:
    """The articles of a case with their links."""
    query = (
        select(Article, CaseItem)
        .join(CaseItem, CaseItem.article_id == Article.id)
        .where(CaseItem.case_id == case_id)
    )
    return [(a, i) for a, i in session.execute(query)]


def published_order(article: Article) -> tuple[bool, datetime, str]:
    """Sort key: by publication time (stored time for undated items, which go last), then id."""
    return (article.published_at is None, article.published_at or article.created_at, article.id)


def response_moment(response_date: date | None, responded_at: datetime | None) -> datetime | None:
    """When the official response was given: the time it was recorded when that falls on the response
    date (in the office's zone), else the start of the response date; None before a response."""
    if response_date is None:
        return None
    if responded_at is not None and responded_at.astimezone(local_zone()).date() == response_date:
        return responded_at
    return datetime.combine(response_date, time(0), tzinfo=local_zone())


def sent_alerts(session: Session, ids: Sequence[str]) -> list[tuple[str, str, datetime]]:
    """(kind, article id, first sent time) of each alert event about ``ids`` sent on some channel."""
    if not ids:
        return []
    query = (
        select(AlertRow.event_key, AlertRow.kind, AlertRow.article_id, func.min(AlertDelivery.sent_at))
        .join(AlertDelivery, AlertDelivery.alert_id == AlertRow.id)
        .where(AlertRow.article_id.in_(list(ids)), AlertDelivery.sent_at.is_not(None))
        .group_by(AlertRow.event_key, AlertRow.kind, AlertRow.article_id)
    )
    return [(kind, aid, at) for _, kind, aid, at in session.execute(query) if aid and at]


def _corrected(article: Article) -> bool:
    return bool(CORRECTION_NOTICES.search(fold(f"{article.title}\n{article.summary}\n{article.body}")))


def _item_outcome(article: Article, history: list[CaseCheck], edits: list[datetime], since: datetime) -> str:
    after = [c for c in history if c.checked_at >= since]
    if after and after[-1].outcome == "removed":
        return "removed"
    if any(at >= since for at in edits):
        return "corrected" if _corrected(article) else "updated"
    return "unchanged" if after else "pending"


def outlet_outcomes(session: Session, case: Case) -> list[tuple[str, int, str]]:
    """(outlet, items, outcome) per outlet, relative to the response: 'removed' (found removed since),
    'corrected' (edited since, with a correction notice), 'updated' (edited since, without one),
    'unchanged' (rechecked since, same text), 'pending' (not rechecked since, or no response yet).
    An outlet with several items shows the strongest outcome (``OUTCOME_ORDER``)."""
    since = response_moment(case.response_date, case.responded_at)
    outlets, checks = outlet_names(session), decisive_checks(session, case.id)
    articles = [a for a, _ in linked_articles(session, case.id)]
    edits: dict[str, list[datetime]] = defaultdict(list)
    if articles:
        query = select(ArticleRevision.article_id, ArticleRevision.replaced_at).where(
            ArticleRevision.article_id.in_([a.id for a in articles])
        )
        for aid, at in session.execute(query):
            edits[aid].append(at)
    per_outlet: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        outcome = "pending"
        if since is not None:
            outcome = _item_outcome(article, checks[article.id], edits[article.id], since)
        per_outlet[outlets.get(article.source_id, article.source_id)].append(outcome)
    return [
        (outlet, len(found), min(found, key=OUTCOME_ORDER.index))
        for outlet, found in sorted(per_outlet.items())
    ]


def first_seen(session: Session, case_id: int) -> datetime | None:
    """When the case's claim first appeared: its earliest item's publication (or storing) time."""
    articles = [a for a, _ in linked_articles(session, case_id)]
    if not articles:
        return None
    first = min(articles, key=published_order)
    return first.published_at or first.created_at


def first_alert(session: Session, case_id: int) -> datetime | None:
    """When an alert about one of the case's items was first sent."""
    ids = list(linked_ids(session, case_id))
    return min((at for _, _, at in sent_alerts(session, ids)), default=None)
