"""Cases (vụ việc): a misleading claim followed from its first appearance to the official response and
to what each outlet did afterwards (corrected, removed, updated, left unchanged).

An analyst opens a case from a flagged item: the item and every item of its story are linked, and
new items of the story are linked as story grouping finds them (``pipeline.storage.cases``). Changes
are checked against the version the analyst saw (optimistic locking on ``cases.version``) and audited.
Setting the response (its text or date) moves an open case to ``responded``. The rechecks of the items
(``pressmon recheck``) record each item as unchanged, edited (a new revision) or removed; the timeline
and the outcome per outlet are read from those checks, the stored revisions and the alerts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.clock import local_zone, utcnow
from pipeline.errors import PressmonError
from pipeline.review.auth import Identity
from pipeline.storage import cases as storage
from pipeline.storage.schema import (
    Article,
    ArticleRevision,
    Case,
    CaseCheck,
    User,
)
from pipeline.storage.schema import (
    CaseItem as CaseItemRow,
)

log = logging.getLogger(__name__)

STATUSES = storage.STATUSES
EDITABLE = ("title", "claim", "status", "owner", "response_text", "response_url", "response_date")
TITLE_MAX = 200


@dataclass(frozen=True)
class CaseState:
    """What an analyst sees of a case, including the version the next change must name."""

    id: int
    title: str
    claim: str
    story_id: str | None
    status: str
    owner: str | None
    response_text: str
    response_url: str
    response_date: date | None
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    version: int
    items: int  # number of linked items


@dataclass(frozen=True)
class CaseItem:
    """A linked item and what the rechecks found of it."""

    article_id: str
    outlet: str
    title: str
    url: str
    published_at: datetime | None
    added_at: datetime
    added_by: str
    state: str  # 'live' | 'edited' | 'removed'
    last_checked_at: datetime | None
    revision: int


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event of a case's timeline."""

    at: datetime
    kind: str  # 'first' | 'published' | 'edited' | 'removed' | 'alert' | 'response'
    article_id: str | None
    outlet: str
    title: str
    revision_from: int | None
    revision_to: int | None
    detail: str


@dataclass(frozen=True)
class OutletOutcome:
    """What one outlet did with its items of the case since the response."""

    outlet: str
    items: int
    outcome: str  # 'corrected' | 'removed' | 'updated' | 'unchanged' | 'pending'


class CaseError(PressmonError):
    """A change that is not allowed; the message is Vietnamese, shown to the analyst as is."""


class StaleCase(Exception):
    """The case changed since the analyst loaded it; ``current`` is its state now (when known)."""

    def __init__(self, case_id: int, current: CaseState | None) -> None:
        super().__init__(f"case {case_id} changed meanwhile")
        self.case_id = case_id
        self.current = current


def _state(session: Session, case: Case) -> CaseState:
    count = session.scalar(
        select(func.count()).select_from(CaseItemRow).where(CaseItemRow.case_id == case.id)
    )
    fields = {f: getattr(case, f) for f in CaseState.__dataclass_fields__ if f != "items"}
    return CaseState(**fields, items=count or 0)


def _may_change(who: Identity) -> None:
    if not who.can("review"):
        raise CaseError(f"Vai trò {who.role!r} không được mở hoặc sửa vụ việc.")


def _check_title(title: str, claim: str) -> tuple[str, str]:
    title, claim = title.strip(), claim.strip()
    if not title:
        raise CaseError("Vụ việc cần có tiêu đề.")
    if len(title) > TITLE_MAX:
        raise CaseError(f"Tiêu đề vụ việc dài quá {TITLE_MAX} ký tự.")
    if not claim:
        raise CaseError("Hãy tóm tắt thông tin sai lệch trong một, hai câu.")
    return title, claim


def open_case(session: Session, who: Identity, *, article_id: str, title: str, claim: str) -> int:
    """Open a case from an item: the item and every item of its story are linked; status 'open', owner
    ``who``. Returns the case id."""
    _may_change(who)
    title, claim = _check_title(title, claim)
    article = session.get(Article, article_id)
    if article is None:
        raise CaseError(f"Không có bài {article_id}.")
    now = utcnow()
    case = storage.create(
        session, title=title, claim=claim, story_id=article.story_id, owner=who.name, now=now
    )
    ids = [article_id]
    if article.story_id:
        ids += list(session.scalars(select(Article.id).where(Article.story_id == article.story_id)))
    storage.link(session, case.id, ids, who.name, now)
    log.info("case %s opened by %s from %s (%d item(s))", case.id, who.name, article_id, len(set(ids)))
    return case.id


def list_cases(session: Session, status: str | None = None) -> list[CaseState]:
    """The cases (of one status, or all), newest first."""
    query = select(Case).order_by(Case.opened_at.desc(), Case.id.desc())
    if status is not None:
        query = query.where(Case.status == status)
    return [_state(session, c) for c in session.scalars(query)]


def get_case(session: Session, case_id: int) -> CaseState | None:
    """A case, or None when there is no such case."""
    case = storage.load(session, case_id)
    return _state(session, case) if case else None


def cases_of_article(session: Session, article_id: str) -> list[CaseState]:
    """The cases an item is linked to, newest first."""
    query = (
        select(Case)
        .join(CaseItemRow, CaseItemRow.case_id == Case.id)
        .where(CaseItemRow.article_id == article_id)
        .order_by(Case.opened_at.desc(), Case.id.desc())
    )
    return [_state(session, c) for c in session.scalars(query)]


def _validate(session: Session, case: Case, changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise CaseError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    if "title" in changes or "claim" in changes:
        changes["title"], changes["claim"] = _check_title(
            changes.get("title", case.title), changes.get("claim", case.claim)
        )
    if changes.get("status", case.status) not in STATUSES:
        raise CaseError(f"Trạng thái không hợp lệ: {changes['status']!r}.")
    owner = changes.get("owner")
    if owner and session.get(User, owner) is None:
        raise CaseError(f"Không có người dùng {owner!r}.")
    url = changes.get("response_url", "")
    if url and not url.startswith(("http://", "https://")):
        raise CaseError("Đường dẫn phản hồi phải bắt đầu bằng http:// hoặc https://.")
    when = changes.get("response_date")
    if when is not None and (not isinstance(when, date) or isinstance(when, datetime)):
        raise CaseError("Ngày phản hồi phải là một ngày (không kèm giờ).")
    if when is not None and when > utcnow().astimezone(local_zone()).date():
        raise CaseError("Ngày phản hồi không thể ở tương lai.")
    status = changes.get("status", case.status)
    text = changes.get("response_text", case.response_text)
    if status == "responded" and not (text or changes.get("response_url", case.response_url)):
        raise CaseError(
            "Hãy ghi nội dung hoặc đường dẫn phản hồi chính thức trước khi chuyển sang đã phản hồi."
        )


def update_case(session: Session, case_id: int, version: int, who: Identity, **changes: Any) -> CaseState:
    """Apply ``changes`` if the case is still at ``version``; audit old → new.

    Setting the response text or date moves an open case to 'responded' (with the date of today when
    none is given); closing stamps ``closed_at``, reopening clears it. Raises :class:`StaleCase` when
    someone else changed the case first, :class:`CaseError` when the change is not allowed.
    """
    _may_change(who)
    case = storage.load(session, case_id)
    if case is None:
        raise CaseError(f"Không có vụ việc số {case_id}.")
    if case.version != version:
        raise StaleCase(case_id, _state(session, case))
    changes = dict(changes)
    for key in ("response_text", "response_url"):
        if key in changes:
            changes[key] = (changes[key] or "").strip()
    if "owner" in changes:
        changes["owner"] = changes["owner"] or None
    _validate(session, case, changes)
    now = utcnow()
    responding = bool(changes.get("response_text") or changes.get("response_date"))
    if responding and case.status == "open" and changes.get("status", "open") == "open":
        changes["status"] = "responded"
    if changes.get("status", case.status) == "responded" and case.responded_at is None:
        changes["responded_at"] = now
        if changes.get("response_date", case.response_date) is None:
            changes["response_date"] = now.astimezone(local_zone()).date()
    if "status" in changes and changes["status"] != case.status:
        changes["closed_at"] = now if changes["status"] == "closed" else None
    diff = {k: v for k, v in changes.items() if getattr(case, k) != v}
    if diff:
        try:
            storage.write_changes(session, case, diff, who.name, now)
        except storage.ConcurrentChange as exc:
            raise StaleCase(case_id, None) from exc
    return _state(session, case)


def add_item(session: Session, case_id: int, article_id: str, who: Identity) -> bool:
    """Link an item to a case by hand; False when it was linked already."""
    _may_change(who)
    if session.get(Case, case_id) is None:
        raise CaseError(f"Không có vụ việc số {case_id}.")
    if session.get(Article, article_id) is None:
        raise CaseError(f"Không có bài {article_id}.")
    return bool(storage.link(session, case_id, [article_id], who.name, utcnow()))


def remove_item(session: Session, case_id: int, article_id: str, who: Identity) -> bool:
    """Unlink an item from a case (its rechecks stay as history); False when it was not linked."""
    _may_change(who)
    return storage.unlink(session, case_id, article_id, who.name)


def _last_checked(session: Session, case_id: int) -> dict[str, datetime]:
    query = (
        select(CaseCheck.article_id, func.max(CaseCheck.checked_at))
        .where(CaseCheck.case_id == case_id)
        .group_by(CaseCheck.article_id)
    )
    return {aid: at for aid, at in session.execute(query)}


def case_items(session: Session, case_id: int) -> list[CaseItem]:
    """The items of a case, by publication time (undated last)."""
    outlets, checks, last = (
        storage.outlet_names(session),
        storage.decisive_checks(session, case_id),
        _last_checked(session, case_id),
    )
    items = []
    for article, link in sorted(
        storage.linked_articles(session, case_id), key=lambda p: storage.published_order(p[0])
    ):
        history = checks.get(article.id, [])
        if history and history[-1].outcome == "removed":
            state = "removed"
        else:
            state = "edited" if article.revision > 1 else "live"
        items.append(
            CaseItem(
                article_id=article.id,
                outlet=outlets.get(article.source_id, article.source_id),
                title=article.title,
                url=article.url,
                published_at=article.published_at,
                added_at=link.added_at,
                added_by=link.added_by,
                state=state,
                last_checked_at=last.get(article.id),
                revision=article.revision,
            )
        )
    return items


def _removals(history: list[CaseCheck]) -> list[CaseCheck]:
    """The checks at which an item went from live to removed (a later reappearance starts again)."""
    found, removed = [], False
    for check in history:
        if check.outcome == "removed" and not removed:
            found.append(check)
        removed = check.outcome == "removed"
    return found


def timeline(session: Session, case_id: int) -> list[TimelineEvent]:
    """The case's events, oldest first: the first appearance, each outlet's publication, the edits (with
    their revision numbers), the removals, the alerts sent about its items and the response."""
    case = storage.load(session, case_id)
    if case is None:
        return []
    outlets = storage.outlet_names(session)
    articles = {a.id: a for a, _ in storage.linked_articles(session, case_id)}
    events: list[TimelineEvent] = []

    def event(at: datetime, kind: str, article: Article | None, **extra: Any) -> None:
        outlet = outlets.get(article.source_id, article.source_id) if article else ""
        fields = {"revision_from": None, "revision_to": None, "detail": ""} | extra
        events.append(
            TimelineEvent(
                at=at,
                kind=kind,
                article_id=article.id if article else None,
                outlet=outlet,
                title=article.title if article else "",
                **fields,
            )
        )

    for rank, article in enumerate(sorted(articles.values(), key=storage.published_order)):
        event(article.published_at or article.created_at, "first" if rank == 0 else "published", article)
    if articles:
        query = select(ArticleRevision).where(ArticleRevision.article_id.in_(list(articles)))
        for rev in session.scalars(query):
            event(rev.replaced_at, "edited", articles[rev.article_id],
                  revision_from=rev.revision, revision_to=rev.revision + 1)  # fmt: skip
    for aid, history in storage.decisive_checks(session, case_id).items():
        if aid in articles:
            for check in _removals(history):
                event(check.checked_at, "removed", articles[aid], detail=check.detail)
    for kind, aid, at in storage.sent_alerts(session, list(articles)):
        event(at, "alert", articles[aid], detail=kind)
    moment = storage.response_moment(case.response_date, case.responded_at)
    if moment is not None:
        events.append(TimelineEvent(moment, "response", None, "", case.title, None, None, case.response_url))
    order = {"first": 0, "published": 1, "alert": 2, "edited": 3, "removed": 4, "response": 5}
    return sorted(events, key=lambda e: (e.at, order[e.kind], e.article_id or ""))


def _text(title: str, body: str) -> str:
    return f"{title}\n\n{body}"


def revision_texts(session: Session, article_id: str, revision: int) -> tuple[str, str]:
    """(text before, text after) revision ``revision`` of an article, each title + blank line + body
    (before revision 1: ''); for the word diff of an edit."""
    article = session.get(Article, article_id)
    if article is None or not 1 <= revision <= article.revision:
        raise CaseError(f"Bài {article_id} không có phiên bản {revision}.")
    stored = {
        r.revision: _text(r.title, r.body)
        for r in session.scalars(
            select(ArticleRevision).where(
                ArticleRevision.article_id == article_id,
                ArticleRevision.revision.in_([revision - 1, revision]),
            )
        )
    }
    after = _text(article.title, article.body) if revision == article.revision else stored.get(revision, "")
    return stored.get(revision - 1, ""), after


def outcomes(session: Session, case_id: int) -> list[OutletOutcome]:
    """Per outlet, what it did with its items since the response (``pipeline.storage.cases.outlet_outcomes``:
    removed, corrected, updated, unchanged or pending); an outlet with several items shows the strongest."""
    case = storage.load(session, case_id)
    if case is None:
        return []
    return [
        OutletOutcome(outlet, n, outcome) for outlet, n, outcome in storage.outlet_outcomes(session, case)
    ]
