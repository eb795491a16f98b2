"""Analysts' decisions in the database as training labels: label corrections (scope, topics, tone,
the flag and its reasons) and closed reviews (dismissed → no response needed; response-needed or
responded → needed)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from models.engine import Gold
from models.training.dataset import Labelled
from pipeline.records import ItemText
from pipeline.review.reviews import training_labels
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article
from pipeline.taxonomy import REASONS, SCOPES, TONES

log = logging.getLogger(__name__)


def _gold(label: dict[str, Any]) -> Gold:
    scope = label.get("scope") if label.get("scope") in SCOPES else None
    tone = label.get("tone") if label.get("tone") in TONES else None
    topics = label.get("topics")
    needs = label.get("needs_response")
    # Only an analyst's label names reasons; a closed review says "needed" without them, and the
    # reasons model learns only from flagged items that have some.
    reasons = tuple(r for r in label.get("reasons") or [] if r in REASONS) if needs else ()
    return Gold(
        scope,
        tuple(topics) if isinstance(topics, list) else None,
        tone,
        bool(needs) if needs is not None else None,
        reasons,
    )


def decision_labels(engine: Engine) -> list[Labelled]:
    """Every article an analyst decided on, with the (possibly partial) labels the decision gives."""
    with transaction(engine) as session:
        labels = {str(x["id"]): x for x in training_labels(session)}
        if not labels:
            return []
        articles = session.scalars(select(Article).where(Article.id.in_(list(labels))))
        out = [
            Labelled(
                a.id,
                ItemText(a.title, a.summary, a.body, a.published_at),
                _gold(labels[a.id]),
                f"db-{a.published_at:%Y-%m-%dT%H}" if a.published_at else "db-undated",
                "database",
            )
            for a in articles
        ]
    log.info("%d analyst decisions used as labels", len(out))
    return out
