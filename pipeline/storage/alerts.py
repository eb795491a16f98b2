"""The alert tables: subscriptions, alerts (one per event and user) and their outbox of deliveries; the
only module that writes them.

An alert and its deliveries are written in the transaction of what caused them (a flagged item's
assessment), so a crash either keeps both or neither. Delivery is separate (:mod:`pipeline.alerts`):
a sender claims a delivery for a while, sends it and marks it sent; a sender that dies leaves the
claim to expire and the next run sends it. ``(event_key, username)`` and ``(alert_id, channel)`` are
unique, so a second run, a second process or a second server never doubles an alert.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from pipeline.clock import local_zone
from pipeline.errors import PressmonError
from pipeline.records import Assessment
from pipeline.settings import AlertSettings
from pipeline.storage.assessments import IS_CURRENT
from pipeline.storage.audit import audit
from pipeline.storage.bulk import in_chunks, upsert
from pipeline.storage.schema import (
    AlertDelivery,
    AlertRow,
    AlertSubscription,
    Article,
    AssessmentRow,
    Case,
    CaseItem,
    Review,
    Source,
    User,
)
from pipeline.taxonomy import OPEN_STATUSES, RELEVANT_SCOPES

CHANNELS = ("email", "webhook")
KINDS = ("flagged", "spreading", "deadline", "case-edited", "case-removed")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$|^[^@\s]+@localhost$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Event:
    """Something to tell the subscribers it matches: its key is unique per event."""

    key: str
    kind: str
    article_id: str | None
    scope: str
    topics: tuple[str, ...]
    score: float
    payload: dict[str, Any]
    # Users told of the event whatever their subscription's scope, topics and score (a case's owner);
    # without an enabled subscription they see it in the dashboard only.
    recipients: tuple[str, ...] = ()


def _check(email: str, webhook_url: str, scopes: Sequence[str], min_score: float, quiet: str) -> None:
    if email and not _EMAIL.match(email):
        raise PressmonError(f"{email!r} is not an e-mail address.")
    if webhook_url and not webhook_url.startswith(("http://", "https://")):
        raise PressmonError(f"The webhook {webhook_url!r} must be an http:// or https:// address.")
    if not email and not webhook_url:
        raise PressmonError("A subscription needs an e-mail address or a webhook (or both).")
    unknown = [s for s in scopes if s not in RELEVANT_SCOPES]
    if unknown:
        raise PressmonError(f"Unknown scope {unknown[0]!r}: use one of {', '.join(RELEVANT_SCOPES)}.")
    if not 0.0 <= min_score <= 1.0:
        raise PressmonError(f"The minimum score must be between 0 and 1, not {min_score}.")
    if (quiet and not all(_HHMM.match(part) for part in quiet.split("-", 1))) or quiet.count("-") > 1:
        raise PressmonError(f"Quiet hours {quiet!r} must read like 22:00-06:00.")


def subscribe(
    session: Session,
    username: str,
    *,
    email: str = "",
    webhook_url: str = "",
    scopes: Sequence[str] = (),
    topics: Sequence[str] = (),
    min_score: float = 0.0,
    digest: bool = False,
    quiet: str = "",
    actor: str,
) -> AlertSubscription:
    """Create or replace ``username``'s subscription (audited)."""
    if session.get(User, username) is None:
        raise PressmonError(
            f"There is no dashboard account {username!r} (create it with `pressmon users add`)."
        )
    _check(email, webhook_url, scopes, min_score, quiet)
    start, _, end = quiet.partition("-")
    values = {
        "email": email,
        "webhook_url": webhook_url,
        "scopes": sorted(set(scopes)),
        "topics": sorted(set(topics)),
        "min_score": min_score,
        "digest": digest,
        "quiet_start": start,
        "quiet_end": end,
        "enabled": True,
    }
    row = session.get(AlertSubscription, username)
    old = {k: getattr(row, k) for k in values} if row else {}
    if row is None:
        row = AlertSubscription(username=username, **values)
        session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    audit(session, actor, "subscription", username, "subscribed", old, values)
    return row


def unsubscribe(session: Session, username: str, actor: str) -> None:
    """Stop ``username``'s alerts (the subscription is kept, disabled)."""
    row = session.get(AlertSubscription, username)
    if row is None:
        raise PressmonError(f"{username!r} has no alert subscription.")
    row.enabled = False
    audit(session, actor, "subscription", username, "unsubscribed", {"enabled": True}, {"enabled": False})


def subscriptions(session: Session) -> list[AlertSubscription]:
    """Every subscription, by user name."""
    return list(session.scalars(select(AlertSubscription).order_by(AlertSubscription.username)))


def _matches(sub: AlertSubscription, event: Event) -> bool:
    if not sub.enabled or event.score < sub.min_score:
        return False
    if event.scope not in (sub.scopes or RELEVANT_SCOPES):
        return False
    return not sub.topics or bool(set(sub.topics) & set(event.topics))


def _quiet_until(sub: AlertSubscription, now: datetime) -> datetime | None:
    """The end of ``sub``'s quiet hours when ``now`` falls inside them (windows may cross midnight)."""
    if not sub.quiet_start or not sub.quiet_end:
        return None
    local = now.astimezone(local_zone())
    start, end = (time.fromisoformat(sub.quiet_start), time.fromisoformat(sub.quiet_end))
    clock = local.timetz().replace(tzinfo=None)
    inside = start <= clock < end if start <= end else clock >= start or clock < end
    if not inside:
        return None
    ends = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return ends if ends > local else ends + timedelta(days=1)


def _next_digest(now: datetime, hour: int) -> datetime:
    local = now.astimezone(local_zone())
    at = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


def queue_events(session: Session, events: Sequence[Event], now: datetime, settings: AlertSettings) -> int:
    """An alert, and a delivery per channel, for every subscriber each event matches and that has not
    been told of it yet; in the caller's transaction. Returns how many alerts were new."""
    subs = {s.username: s for s in subscriptions(session) if s.enabled}
    wanted: list[tuple[Event, str, AlertSubscription | None]] = []
    for event in events:
        told = {name for name, sub in subs.items() if _matches(sub, event)} | set(event.recipients)
        wanted += [(event, name, subs.get(name)) for name in sorted(told)]
    if not wanted:
        return 0
    keys = sorted({event.key for event, _, _ in wanted})
    known = {
        (key, user)
        for chunk in in_chunks(keys)
        for key, user in session.execute(
            select(AlertRow.event_key, AlertRow.username).where(AlertRow.event_key.in_(chunk))
        )
    }
    fresh = [(e, name, sub) for e, name, sub in wanted if (e.key, name) not in known]
    rows = [
        {
            "event_key": event.key,
            "username": name,
            "kind": event.kind,
            "article_id": event.article_id,
            "payload": event.payload,
            "created_at": now,
        }
        for event, name, _ in fresh
    ]
    upsert(session, AlertRow, rows, ("event_key", "username"))
    ids = {
        (key, user): alert_id
        for chunk in in_chunks(keys)
        for alert_id, key, user in session.execute(
            select(AlertRow.id, AlertRow.event_key, AlertRow.username).where(AlertRow.event_key.in_(chunk))
        )
    }
    deliveries = []
    for event, name, sub in fresh:
        if sub is None:
            continue
        due = _next_digest(now, settings.digest_hour) if sub.digest else (_quiet_until(sub, now) or now)
        for channel, address in (("email", sub.email), ("webhook", sub.webhook_url)):
            if address:
                deliveries.append(
                    {
                        "alert_id": ids[(event.key, name)],
                        "channel": channel,
                        "digest": sub.digest,
                        "due_at": due,
                        "attempts": 0,
                        "last_error": "",
                    }
                )
    upsert(session, AlertDelivery, deliveries, ("alert_id", "channel"))
    return len(rows)


def _article_facts(session: Session, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    facts: dict[str, dict[str, Any]] = {}
    when = (Article.published_at, Article.created_at)
    columns = (Article.id, Article.title, Article.url, *when, Article.source_id, Source.name)
    for chunk in in_chunks(ids):
        query = (
            select(*columns).outerjoin(Source, Source.id == Article.source_id).where(Article.id.in_(chunk))
        )
        for aid, title, url, published, created, source_id, outlet in session.execute(query):
            facts[aid] = {
                "title": title,
                "url": url,
                "outlet": outlet or source_id,
                "published_at": published.isoformat() if published else None,
                "created_at": created,
            }
    return facts


def queue_flag_alerts(
    session: Session, flagged: Sequence[tuple[str, Assessment]], now: datetime, settings: AlertSettings
) -> int:
    """Alerts for newly stored items flagged as needing a response about An Lão or Hải Phòng (items
    stored more than ``max_age_hours`` ago, such as an archive import, raise none)."""
    relevant = [(aid, a) for aid, a in flagged if a.needs_response and a.scope in RELEVANT_SCOPES]
    if not relevant:
        return 0
    facts = _article_facts(session, [aid for aid, _ in relevant])
    oldest = now - timedelta(hours=settings.max_age_hours)
    events = []
    for aid, assessment in relevant:
        fact = facts.get(aid)
        if fact is None or fact["created_at"] < oldest:
            continue
        labels = assessment.label_dict()
        payload = {k: v for k, v in fact.items() if k != "created_at"}
        payload |= {"scope": labels["scope"], "reasons": labels["reasons"], "score": labels["flag_score"]}
        events.append(
            Event(
                key=f"flagged:{aid}",
                kind="flagged",
                article_id=aid,
                scope=labels["scope"],
                topics=tuple(labels["topics"]),
                score=float(labels["flag_score"]),
                payload=payload,
            )
        )
    return queue_events(session, events, now, settings)


def _current_of(session: Session, ids: Sequence[str]) -> dict[str, AssessmentRow]:
    found: dict[str, AssessmentRow] = {}
    for chunk in in_chunks(list(ids)):
        query = select(AssessmentRow).where(AssessmentRow.article_id.in_(chunk), IS_CURRENT)
        found.update((row.article_id, row) for row in session.scalars(query))
    return found


def queue_spread_alerts(
    session: Session, article_ids: Sequence[str], now: datetime, settings: AlertSettings
) -> int:
    """Alerts for the stories of ``article_ids`` that are about An Lão or Hải Phòng and were carried by
    at least ``spread_outlets`` outlets within 24 hours of their first item (once per story)."""
    stories = {
        sid
        for chunk in in_chunks(list(article_ids))
        for sid in session.scalars(select(Article.story_id).where(Article.id.in_(chunk)))
        if sid
    }
    events = []
    oldest = now - timedelta(hours=settings.max_age_hours)
    for story in sorted(stories):
        items = session.execute(
            select(Article.id, Article.source_id, Article.published_at, Article.created_at, Article.title)
            .where(Article.story_id == story)
            .order_by(Article.published_at, Article.id)
        ).all()
        dated = [i for i in items if i.published_at is not None]
        if not dated or max(i.created_at for i in items) < oldest:
            continue
        first = dated[0].published_at
        outlets = {i.source_id for i in dated if i.published_at <= first + timedelta(hours=24)}
        if len(outlets) < settings.spread_outlets:
            continue
        current = _current_of(session, [i.id for i in items])
        relevant = [a for a in current.values() if a.scope in RELEVANT_SCOPES]
        if not relevant:
            continue
        lead = max(relevant, key=lambda a: (a.flag_score, a.scope == "an-lao"))
        facts = _article_facts(session, [lead.article_id])[lead.article_id]
        payload = {k: v for k, v in facts.items() if k != "created_at"}
        payload |= {"scope": lead.scope, "reasons": list(lead.reasons), "score": lead.flag_score}
        payload |= {"outlets": len(outlets), "items": len(items)}
        events.append(
            Event(
                key=f"spreading:{story}",
                kind="spreading",
                article_id=lead.article_id,
                scope=lead.scope,
                topics=tuple(lead.topics),
                score=float(lead.flag_score),
                payload=payload,
            )
        )
    return queue_events(session, events, now, settings)


def queue_deadline_alerts(session: Session, now: datetime, settings: AlertSettings) -> int:
    """Alerts for open reviews whose response deadline has passed (once per review and deadline)."""
    query = select(Review.article_id, Review.deadline).where(
        Review.deadline.is_not(None), Review.deadline < now, Review.status.in_(OPEN_STATUSES)
    )
    overdue: dict[str, datetime] = {aid: deadline for aid, deadline in session.execute(query) if deadline}
    current = _current_of(session, list(overdue))
    facts = _article_facts(session, list(overdue))
    events = []
    for aid, deadline in sorted(overdue.items()):
        row = current.get(aid)
        if row is None or aid not in facts:
            continue
        payload = {k: v for k, v in facts[aid].items() if k != "created_at"}
        payload |= {"scope": row.scope, "reasons": list(row.reasons), "score": row.flag_score}
        payload |= {"deadline": deadline.isoformat()}
        events.append(
            Event(
                key=f"deadline:{aid}:{deadline.isoformat()}",
                kind="deadline",
                article_id=aid,
                scope=row.scope,
                topics=tuple(row.topics),
                score=float(row.flag_score),
                payload=payload,
            )
        )
    return queue_events(session, events, now, settings)


@dataclass(frozen=True)
class CaseChange:
    """What a recheck found of a case's item: 'edited' (its new ``revision``) or 'removed'."""

    case_id: int
    article_id: str
    outcome: str
    revision: int | None
    detail: str = ""


def queue_case_alerts(
    session: Session, changes: Sequence[CaseChange], now: datetime, settings: AlertSettings
) -> int:
    """Alerts for items of followed cases that their outlet edited or removed: to the case's owner and to
    the subscribers the case matches (scope, topics and score of its highest-scored item). Once per
    (case, item, revision) for an edit and once per (case, item) for a removal."""
    cases = {
        c.id: c
        for chunk in in_chunks(sorted({ch.case_id for ch in changes}))
        for c in session.scalars(select(Case).where(Case.id.in_(chunk)))
    }
    items: dict[int, list[str]] = {}
    for chunk in in_chunks(sorted(cases)):
        for case_id, aid in session.execute(
            select(CaseItem.case_id, CaseItem.article_id).where(CaseItem.case_id.in_(chunk))
        ):
            items.setdefault(case_id, []).append(aid)
    current = _current_of(session, sorted({a for ids in items.values() for a in ids}))
    facts = _article_facts(session, sorted({ch.article_id for ch in changes}))
    events = []
    for change in changes:
        case = cases.get(change.case_id)
        if case is None or change.article_id not in facts or change.outcome not in ("edited", "removed"):
            continue
        rows = [current[a] for a in items.get(case.id, []) if a in current]
        lead = max(rows, key=lambda a: (a.flag_score, a.scope == "an-lao"), default=None)
        payload = {k: v for k, v in facts[change.article_id].items() if k != "created_at"}
        payload |= {"scope": lead.scope if lead else "", "reasons": list(lead.reasons) if lead else []}
        payload |= {"score": lead.flag_score if lead else 0.0, "case_id": case.id, "case_title": case.title}
        payload |= {"revision": change.revision, "detail": change.detail}
        suffix = f"edited:{change.revision}" if change.outcome == "edited" else "removed"
        events.append(
            Event(
                key=f"case:{case.id}:{change.article_id}:{suffix}",
                kind=f"case-{change.outcome}",
                article_id=change.article_id,
                scope=lead.scope if lead else "",
                topics=tuple(lead.topics) if lead else (),
                score=float(lead.flag_score) if lead else 0.0,
                payload=payload,
                recipients=(case.owner,) if case.owner else (),
            )
        )
    return queue_events(session, events, now, settings)


@dataclass(frozen=True)
class Due:
    """A claimed delivery with what its message needs."""

    delivery_id: int
    alert_id: int
    channel: str
    digest: bool
    attempts: int
    username: str
    address: str
    kind: str
    article_id: str | None
    payload: dict[str, Any]
    created_at: datetime


def claim_due(session: Session, now: datetime, hold: timedelta, limit: int = 200) -> list[Due]:
    """Claim the deliveries due now that nobody holds (each for ``hold``); the claim commits with the
    caller's transaction, so two senders never take the same delivery."""
    free = or_(AlertDelivery.claimed_until.is_(None), AlertDelivery.claimed_until < now)
    query = (
        select(AlertDelivery.id)
        .where(AlertDelivery.sent_at.is_(None), AlertDelivery.failed_at.is_(None))
        .where(AlertDelivery.due_at <= now, free)
        .order_by(AlertDelivery.due_at, AlertDelivery.id)
        .limit(limit)
    )
    claimed = []
    for delivery_id in list(session.scalars(query)):
        taken = session.execute(
            update(AlertDelivery)
            .where(AlertDelivery.id == delivery_id, AlertDelivery.sent_at.is_(None), free)
            .values(claimed_until=now + hold)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(delivery_id)
    if not claimed:
        return []
    columns = (
        AlertDelivery.id,
        AlertDelivery.alert_id,
        AlertDelivery.channel,
        AlertDelivery.digest,
        AlertDelivery.attempts,
        AlertRow.username,
        AlertSubscription.email,
        AlertSubscription.webhook_url,
        AlertRow.kind,
        AlertRow.article_id,
        AlertRow.payload,
        AlertRow.created_at,
    )
    query = (
        select(*columns)
        .join(AlertRow, AlertRow.id == AlertDelivery.alert_id)
        .join(AlertSubscription, AlertSubscription.username == AlertRow.username)
        .where(AlertDelivery.id.in_(claimed))
        .order_by(AlertDelivery.id)
    )
    found = []
    for row in session.execute(query):
        values: tuple[Any, ...] = tuple(
            row
        )  # id, alert, channel, digest, attempts, user, e-mail, webhook, kind, ...
        address = values[6] if values[2] == "email" else values[7]
        did, aid, channel, digest, attempts, user = values[:6]
        kind, article, payload, created = values[8:]
        found.append(Due(did, aid, channel, digest, attempts, user, address, kind, article, payload, created))
    return found


def mark_sent(session: Session, delivery_ids: Iterable[int], now: datetime) -> None:
    """Deliveries sent: never sent again."""
    ids = list(delivery_ids)
    for chunk in in_chunks(ids):
        session.execute(
            update(AlertDelivery).where(AlertDelivery.id.in_(chunk)).values(sent_at=now, claimed_until=None)
        )


def mark_failed(
    session: Session, delivery_ids: Iterable[int], error: str, now: datetime, settings: AlertSettings
) -> None:
    """A failed attempt: retried after a delay that doubles each time, given up after the last attempt."""
    for delivery_id in delivery_ids:
        row = session.get(AlertDelivery, delivery_id)
        if row is None:
            continue
        row.attempts += 1
        row.last_error = error[:500]
        row.claimed_until = None
        if row.attempts >= settings.max_attempts:
            row.failed_at = now
        else:
            row.due_at = now + timedelta(seconds=settings.retry_seconds * 2 ** (row.attempts - 1))


@dataclass(frozen=True)
class Counts:
    pending: int
    sent: int
    failed: int


def delivery_counts(session: Session) -> dict[str, Counts]:
    """Per user: deliveries waiting, sent, given up."""
    query = (
        select(
            AlertRow.username,
            func.count().filter(and_(AlertDelivery.sent_at.is_(None), AlertDelivery.failed_at.is_(None))),
            func.count().filter(AlertDelivery.sent_at.is_not(None)),
            func.count().filter(AlertDelivery.failed_at.is_not(None)),
        )
        .join(AlertRow, AlertRow.id == AlertDelivery.alert_id)
        .group_by(AlertRow.username)
    )
    return {user: Counts(p, s, f) for user, p, s, f in session.execute(query)}


def unread(session: Session, username: str, limit: int = 50) -> list[AlertRow]:
    """``username``'s alerts not yet read in the dashboard, newest first."""
    query = (
        select(AlertRow)
        .where(AlertRow.username == username, AlertRow.read_at.is_(None))
        .order_by(AlertRow.created_at.desc(), AlertRow.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def mark_read(session: Session, username: str, alert_ids: Sequence[int], now: datetime) -> None:
    """The dashboard showed these alerts to their user."""
    for chunk in in_chunks(list(alert_ids)):
        session.execute(
            update(AlertRow)
            .where(AlertRow.username == username, AlertRow.id.in_(chunk), AlertRow.read_at.is_(None))
            .values(read_at=now)
        )
