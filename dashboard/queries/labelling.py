"""The "Cần gán nhãn" page: the items the current model is least sure of, most informative first.

Doubt is read from each item's stored current assessment, without running a model:

- scope: one minus the margin of the decision made, p(chosen scope) − p(best other scope), from the
  scope model's probabilities kept in ``evidence.scores.scope``. Where the gazetteer overrode the model
  (``other``, An Lão named in the title or lead) and the model disagrees, the margin is negative and
  the doubt is full: those are the An Lão and relevance errors analysts see most;
- flag: how close the flag score is to the model's threshold, as a share of the room on its side
  (the threshold below it, one minus the threshold above it): 1 at the threshold, 0 at a score of 0
  or 1. Items outside Hải Phòng have no flag. On dev2.jsonl (656 items the shipped model never saw)
  the items this rule puts first hold more of the model's flag errors than a log-odds distance from
  the threshold does (AUC 0.79 against 0.65): a new item's errors are mostly false alarms spread
  well above the threshold, which the log-odds distance puts far down the list.

An item's doubt is the larger of the two. Items an analyst has labelled are left out. Only the newest
``window`` items are ranked (new coverage is what the model has seen least).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from pipeline.review.reviews import LABELLED
from pipeline.storage.assessments import CURRENT
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article, AssessmentRow, Source

WINDOW = 5000
SHOWN = 10


@dataclass(frozen=True)
class Candidate:
    """An unlabelled item with what the model said about it and how unsure it was."""

    id: str
    title: str
    summary: str
    url: str
    source: str
    published: datetime | None
    scope: str
    topics: list[str]
    tone: str
    needs_response: bool
    reasons: list[str]
    flag_score: float
    scope_scores: dict[str, float]
    scope_doubt: float
    flag_doubt: float

    @property
    def doubt(self) -> float:
        """How unsure the model was of this item (0 sure … 1 on the boundary)."""
        return max(self.scope_doubt, self.flag_doubt)


def scope_doubt(scores: Mapping[str, float], chosen: str) -> float:
    """One minus the margin of the chosen scope over the best other one, within [0, 1]; 0 when the
    assessment kept no scope probabilities (the rules alone decided)."""
    if not scores:
        return 0.0
    best_other = max((p for s, p in scores.items() if s != chosen), default=0.0)
    margin = float(scores.get(chosen, 0.0)) - float(best_other)
    return min(1.0, max(0.0, 1.0 - margin))


def flag_doubt(score: float, threshold: float, scope: str) -> float:
    """1 at the flag threshold, falling linearly to 0 at a score of 0 or 1; 0 outside Hải Phòng."""
    if scope == "other" or not 0.0 < threshold < 1.0:
        return 0.0
    room = threshold if score < threshold else 1.0 - threshold
    return max(0.0, 1.0 - abs(score - threshold) / room)


# What the page shows of an item (not its body: thousands of items are ranked).
_COLUMNS = (
    Article.id,
    Article.title,
    Article.summary,
    Article.url,
    func.coalesce(Source.name, Article.source_id).label("source"),
    Article.published_at,
    AssessmentRow.scope,
    AssessmentRow.topics,
    AssessmentRow.tone,
    AssessmentRow.needs_response,
    AssessmentRow.reasons,
    AssessmentRow.flag_score,
    AssessmentRow.evidence,
)


def _candidate(row: Any, threshold: float) -> Candidate:
    scores = (row.evidence or {}).get("scores", {}).get("scope") or {}
    flag = float(row.flag_score)
    return Candidate(
        id=row.id,
        title=row.title,
        summary=row.summary,
        url=row.url,
        source=row.source,
        published=row.published_at,
        scope=row.scope,
        topics=list(row.topics),
        tone=row.tone,
        needs_response=bool(row.needs_response),
        reasons=list(row.reasons or []),
        flag_score=flag,
        scope_scores={str(k): float(v) for k, v in scores.items()},
        scope_doubt=scope_doubt(scores, row.scope),
        flag_doubt=flag_doubt(flag, threshold, row.scope),
    )


def to_label(
    engine: Engine, threshold: float, shown: int = SHOWN, window: int = WINDOW
) -> tuple[list[Candidate], int]:
    """The ``shown`` unlabelled items the model is least sure of among the newest ``window``, most
    informative first (ties: newest first), and how many unlabelled items were ranked."""
    query = (
        select(*_COLUMNS)
        .join(AssessmentRow, CURRENT)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.id.not_in(LABELLED))
        .order_by(Article.fetched_at.desc(), Article.id)
        .limit(window)
    )
    with transaction(engine) as session:
        ranked = [_candidate(row, threshold) for row in session.execute(query)]
    ranked.sort(key=lambda c: -c.doubt)  # stable: the newest first among equal doubts
    return ranked[:shown], len(ranked)
