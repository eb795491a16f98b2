"""Review actions on flagged items: status, assignee, priority, note, response link, deadline, corrections.

Statuses follow ``new → in-review → response-needed → responded``, or ``dismissed``; a closed item can be
reopened to ``in-review``. Every change is checked against the version the analyst saw (optimistic
locking on ``reviews.version``, which SQLAlchemy also enforces at flush time as the mapper's
``version_id_col``), and appended to the audit log with who, when and old → new. A correction of scope,
topics or tone (item page), or an analyst's full answer on an item the model is unsure of (scope,
topics, tone, needs_response: the labelling page), is stored as a training label (an audit entry with
``object_type="label"``) for the next ``pressmon train``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.errors import PressmonError
from pipeline.review.auth import Identity
from pipeline.storage import reviews as storage
from pipeline.storage.assessments import current_assessment
from pipeline.storage.audit import audit
from pipeline.storage.engine import transaction
from pipeline.storage.schema import AssessmentRow, AuditLog, Review, User
from pipeline.taxonomy import REASONS, SCOPES, TONES

log = logging.getLogger(__name__)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("in-review", "response-needed", "dismissed"),
    "in-review": ("response-needed", "responded", "dismissed"),
    "response-needed": ("in-review", "responded", "dismissed"),
    "responded": ("in-review",),
    "dismissed": ("in-review",),
}
PRIORITIES = (1, 2, 3)  # 1 high, 2 normal, 3 low
EDITABLE = ("status", "assignee", "priority", "note", "response_url", "deadline")
# Closed reviews are needs_response labels: dismissed → no response needed, the others → needed.
CLOSED = ("responded", "response-needed", "dismissed")
# The audit entries that hold analysts' labels (``object_type``), read by ``pressmon train``.
LABEL = "label"
# The articles an analyst has labelled (a subquery of their ids).
LABELLED = select(AuditLog.object_id).where(AuditLog.object_type == LABEL)


@dataclass(frozen=True)
class ReviewState:
    """What an analyst sees of a review, including the version the next change must name."""

    article_id: str
    status: str
    assignee: str
    priority: int
    note: str
    response_url: str
    deadline: datetime | None
    version: int
    updated_at: datetime
    updated_by: str


@dataclass
class BulkResult:
    """Outcome of a bulk action: ids changed, ids changed by someone else meanwhile, ids refused."""

    updated: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    refused: dict[str, ReviewError] = field(default_factory=dict)


class StaleReview(Exception):
    """The review changed since the analyst loaded it; ``current`` is its state now (when known)."""

    def __init__(self, article_id: str, current: ReviewState | None) -> None:
        super().__init__(f"review of {article_id} changed meanwhile")
        self.article_id = article_id
        self.current = current


class ReviewError(PressmonError):
    """A change that is not allowed (unknown status, forbidden transition, missing permission…).

    ``code`` and ``params`` name the refusal so the dashboard can say it in Vietnamese
    (``dashboard.texts.REVIEW_ERRORS``); the message itself is English, for logs and the command line.
    """

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def state_of(review: Review) -> ReviewState:
    """An immutable snapshot of ``review``."""
    return ReviewState(**{f: getattr(review, f) for f in ReviewState.__dataclass_fields__})


def get_review(session: Session, article_id: str) -> ReviewState | None:
    """The review of an article, or None when it was never flagged."""
    review = storage.load(session, article_id)
    return state_of(review) if review else None


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _validate(session: Session, review: Review, changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ReviewError("fields", f"Unknown review fields: {', '.join(sorted(unknown))}.")
    status = changes.get("status", review.status)
    if status != review.status and status not in TRANSITIONS.get(review.status, ()):
        raise ReviewError(
            "transition",
            f"A review cannot go from {review.status!r} to {status!r}.",
            old=review.status,
            new=status,
        )
    if "priority" in changes and changes["priority"] not in PRIORITIES:
        raise ReviewError("priority", f"Priority must be one of {PRIORITIES}.")
    assignee = changes.get("assignee", "")
    if assignee and session.get(User, assignee) is None:
        raise ReviewError("assignee", f"No user named {assignee!r} to assign to.", name=assignee)
    url = changes.get("response_url", review.response_url)
    if url and not url.startswith(("http://", "https://")):
        raise ReviewError("link", "The response link must start with http:// or https://.")
    if status == "responded" and not url:
        raise ReviewError(
            "link_needed", "Give the link to the official response before marking it responded."
        )
    deadline = changes.get("deadline")
    if deadline is not None and deadline.tzinfo is None:
        raise ReviewError("deadline", "The deadline needs a time zone.")


def update_review(
    session: Session, article_id: str, expected_version: int, who: Identity, **changes: Any
) -> ReviewState:
    """Apply ``changes`` if the review is still at ``expected_version``; audit old → new.

    Raises ``StaleReview`` when someone else changed it first, ``ReviewError`` when the change is not
    allowed. The caller's transaction commits; a concurrent commit between the check and the write
    is caught by the version column at flush time.
    """
    if not who.can("review"):
        raise ReviewError("role", f"The role {who.role!r} cannot change reviews.", role=who.role)
    review = storage.load(session, article_id)
    if review is None:
        raise ReviewError("no_review", f"Article {article_id} has no review.")
    if review.version != expected_version:
        raise StaleReview(article_id, state_of(review))
    _validate(session, review, changes)
    diff = {k: v for k, v in changes.items() if getattr(review, k) != v}
    if diff:
        try:
            storage.write_changes(session, review, diff, who.name)
        except storage.ConcurrentChange as exc:
            raise StaleReview(article_id, None) from exc
    return state_of(review)


def bulk_update(engine: Engine, versions: dict[str, int], who: Identity, **changes: Any) -> BulkResult:
    """Apply the same change to several reviews, each in its own transaction (one stale item spoils none)."""
    result = BulkResult()
    for article_id, version in versions.items():
        try:
            with transaction(engine) as session:
                update_review(session, article_id, version, who, **changes)
            result.updated.append(article_id)
        except StaleReview:
            result.stale.append(article_id)
        except ReviewError as exc:
            result.refused[article_id] = exc
    return result


def _assessment_to_label(
    session: Session, article_id: str, who: Identity, scope: str, tone: str
) -> AssessmentRow:
    """The current assessment an analyst labels, after checking the role and the codes."""
    if not who.can("review"):
        raise ReviewError("role", f"The role {who.role!r} cannot correct labels.", role=who.role)
    if scope not in SCOPES or tone not in TONES:
        raise ReviewError("labels", "Unknown scope or tone.")
    current = current_assessment(session, article_id)
    if current is None:
        raise ReviewError("no_assessment", f"Article {article_id} has no assessment to correct.")
    return current


def correct_labels(
    session: Session, article_id: str, who: Identity, scope: str, topics: Iterable[str], tone: str
) -> bool:
    """Record an analyst's scope/topics/tone as a training label; False when it equals the current labels."""
    current = _assessment_to_label(session, article_id, who, scope, tone)
    topics = sorted(set(topics))
    old = {"scope": current.scope, "topics": sorted(current.topics), "tone": current.tone}
    new = {"scope": scope, "topics": topics, "tone": tone}
    if old == new:
        return False
    audit(
        session,
        who.name,
        LABEL,
        article_id,
        "corrected",
        old=old,
        new={**new, "model_version": current.model_version},
    )
    return True


@dataclass(frozen=True)
class Labels:
    """An analyst's answer for one item: scope, topics, tone, whether it needs a response and why (the
    reasons train the reasons model; an item that needs no response has none)."""

    scope: str
    topics: tuple[str, ...]
    tone: str
    needs_response: bool
    reasons: tuple[str, ...] = ()


def record_label(session: Session, article_id: str, who: Identity, labels: Labels) -> bool:
    """Store an analyst's labels of an item as a training label, audited with the model's labels it
    confirms or corrects (kept even when they agree: a confirmation teaches the model too). True when
    the analyst changed something."""
    current = _assessment_to_label(session, article_id, who, labels.scope, labels.tone)
    reasons = sorted(set(labels.reasons)) if labels.needs_response else []
    if any(r not in REASONS for r in reasons):
        raise ReviewError("labels", "Unknown reason.")
    if labels.needs_response and not reasons:
        raise ReviewError("reasons_missing", "An item that needs a response needs at least one reason.")
    old = {
        "scope": current.scope,
        "topics": sorted(current.topics),
        "tone": current.tone,
        "needs_response": current.needs_response,
        "reasons": sorted(current.reasons) if current.needs_response else [],
    }
    new = {**asdict(labels), "topics": sorted(set(labels.topics)), "reasons": reasons}
    action = "confirmed" if old == new else "corrected"
    audit(
        session,
        who.name,
        LABEL,
        article_id,
        action,
        old=old,
        new={**new, "model_version": current.model_version},
    )
    return action == "corrected"


def training_labels(session: Session) -> list[dict[str, Any]]:
    """Per article, the latest analyst label of each field, plus closed reviews as needs_response labels
    (an analyst's explicit needs_response and a review closed later: the later one counts)."""
    labels: dict[str, dict[str, Any]] = {}
    flag_said: dict[str, datetime] = {}
    query = select(AuditLog).where(AuditLog.object_type == LABEL).order_by(AuditLog.at, AuditLog.id)
    for entry in session.scalars(query):
        labels[entry.object_id] = {
            **labels.get(entry.object_id, {}), "id": entry.object_id, **entry.new, "labelled_by": entry.actor
        }  # fmt: skip
        if "needs_response" in entry.new:
            flag_said[entry.object_id] = entry.at
    closed = select(Review.article_id, Review.status, Review.updated_at).where(Review.status.in_(CLOSED))
    for article_id, status, updated_at in session.execute(closed):
        label = labels.setdefault(article_id, {"id": article_id})
        if article_id not in flag_said or updated_at >= flag_said[article_id]:
            label["needs_response"] = status != "dismissed"
    return list(labels.values())


def labels_since(session: Session, since: datetime | None) -> int:
    """Articles given a training label (an analyst's label or a closed review) after ``since`` (all
    when None): what the next ``pressmon train`` learns that a model trained at ``since`` did not."""
    labelled = LABELLED
    closed = select(Review.article_id).where(Review.status.in_(CLOSED))
    if since is not None:
        labelled = labelled.where(AuditLog.at > since)
        closed = closed.where(Review.updated_at > since)
    return len(set(session.scalars(labelled)) | set(session.scalars(closed)))


def as_dict(state: ReviewState) -> dict[str, Any]:
    """A JSON-friendly dict of a review state."""
    return {k: _jsonable(v) for k, v in asdict(state).items()}
