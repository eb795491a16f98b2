"""Analysts' labels from the labelling page on SQLite and PostgreSQL: the items offered (least sure
first, labelled ones left out) and the label ``pressmon train`` reads back through its loader."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from dashboard.queries.labelling import to_label
from models.training.decisions import decision_labels
from pipeline.review.auth import Identity
from pipeline.review.reviews import Labels, record_label
from pipeline.storage.assessments import save_assessments
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from tests.support.builders import assessment, stored_articles

NOW = datetime(2026, 11, 1, tzinfo=UTC)
ANA = Identity("ana", "analyst", NOW)
THRESHOLD = 0.2
# Scope probabilities and flag score per article: sure, unsure of the scope, flag on the threshold.
SCORES = [
    ({"an-lao": 0.97, "hai-phong": 0.02, "incidental": 0.01}, 0.95),
    ({"an-lao": 0.48, "hai-phong": 0.47, "incidental": 0.05}, 0.95),
    ({"an-lao": 0.90, "hai-phong": 0.08, "incidental": 0.02}, 0.2),
]


def _assessed(url: str) -> tuple[Engine, list[str]]:
    """Three An Lão articles stored with assessments of the scores above."""
    engine = make_engine(url)
    upgrade(engine)
    stored = stored_articles(engine, len(SCORES), NOW)
    entries = []
    for (article_id, digest), (scopes, flag) in zip(stored, SCORES, strict=True):
        base = assessment(flagged=True)
        evidence = {**base.evidence, "scores": {"scope": scopes, "flag": flag}}
        entries.append((article_id, digest, replace(base, flag_score=flag, evidence=evidence)))
    with transaction(engine) as session:
        save_assessments(session, entries)
    return engine, [article_id for article_id, _ in stored]


def test_the_least_sure_come_first_and_a_label_reaches_the_training_loader(backend_url: str) -> None:
    engine, (sure, unsure_scope, on_threshold) = _assessed(backend_url)
    offered, total = to_label(engine, THRESHOLD)
    assert [c.id for c in offered] == [on_threshold, unsure_scope, sure] and total == 3
    assert offered[1].scope_doubt > 0.9 and offered[2].doubt < 0.1

    answer = Labels("incidental", ("an-ninh-trat-tu",), "neutral", False)
    with transaction(engine) as session:
        assert record_label(session, on_threshold, ANA, answer)
    offered, total = to_label(engine, THRESHOLD)
    assert [c.id for c in offered] == [unsure_scope, sure] and total == 2

    labels = {x.id: x for x in decision_labels(engine)}
    assert list(labels) == [on_threshold]
    gold = labels[on_threshold].gold
    assert (gold.scope, gold.topics, gold.tone, gold.needs_response) == (
        "incidental",
        ("an-ninh-trat-tu",),
        "neutral",
        False,
    )
    assert labels[on_threshold].origin == "database"
    engine.dispose()
