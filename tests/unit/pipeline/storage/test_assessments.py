"""pipeline.storage.assessments.save_assessments: a batch of assessments stored in a few statements,
with the same rows, flags and reviews as the same assessments saved one article at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.records import ArticleRecord, Assessment
from pipeline.storage import migrate
from pipeline.storage.articles import upsert_article
from pipeline.storage.assessments import save_assessments
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Article, AssessmentRow, AuditLog, Review
from tests.unit.pipeline.storage.test_articles import assessment


def _record(i: int, now: datetime) -> ArticleRecord:
    return ArticleRecord(
        id=f"{i:032x}",
        url=f"https://tinnhanh.example/bai-{i}.html",
        canonical_url=f"https://tinnhanh.example/bai-{i}.html",
        source_id="tinnhanh",
        title=f"Người dân xã An Hưng phản ánh việc bồi thường, bài {i}",
        summary="Nhiều hộ dân bức xúc.",
        body="Các hộ dân gửi đơn khiếu nại lên xã.",
        byline="",
        published_at=now - timedelta(hours=i),
        fetched_at=now,
        extraction_method="test",
    )


def _articles(engine: Engine, n: int, now: datetime) -> list[tuple[str, str]]:
    with transaction(engine) as session:
        for i in range(n):
            upsert_article(session, _record(i, now))
    with Session(engine) as session:
        return [
            (a, h) for a, h in session.execute(select(Article.id, Article.text_hash).order_by(Article.id))
        ]


def _entries(ids: list[tuple[str, str]], version: str) -> list[tuple[str, str, Assessment]]:
    return [(aid, digest, assessment(i % 3 == 0, version)) for i, (aid, digest) in enumerate(ids)]


def _state(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        rows = session.scalars(select(AssessmentRow).order_by(AssessmentRow.id)).all()
        articles = session.execute(select(Article.id, Article.model_version, Article.processed_at)).all()
        return {
            "rows": [
                (r.id, r.article_id, r.model_version, r.text_hash, r.is_current, r.needs_response, r.evidence)
                for r in rows
            ],
            "articles": sorted((a, v, p is not None) for a, v, p in articles),
            "reviews": sorted(session.scalars(select(Review.article_id))),
            "audits": sorted(
                (a.object_id, a.action, a.new["reasons"]) for a in session.scalars(select(AuditLog))
            ),
        }


def _statements(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def _one_by_one(engine: Engine, entries: list[tuple[str, str, Assessment]]) -> None:
    with transaction(engine) as session:
        for entry in entries:
            save_assessments(session, [entry])


def _batched(engine: Engine, entries: list[tuple[str, str, Assessment]]) -> None:
    with transaction(engine) as session:
        save_assessments(session, entries)


def test_batch_stores_what_one_by_one_stores(tmp_path: Path, frozen_now: datetime) -> None:
    states = []
    for name, save in (("one", _one_by_one), ("batch", _batched)):
        engine = make_engine(f"sqlite:///{tmp_path / f'{name}.db'}")
        migrate.upgrade(engine)
        ids = _articles(engine, 7, frozen_now)
        for version in ("v1", "v2", "v2"):  # a new model, then the same one again (updated in place)
            save(engine, _entries(ids, version))
        states.append(_state(engine))
        engine.dispose()
    one, batch = states
    assert one == batch
    assert [r[4] for r in batch["rows"]].count(True) == 7
    assert len(batch["rows"]) == 14
    assert len(batch["reviews"]) == len(batch["audits"]) == 3
    assert {v for _, v, done in batch["articles"] if done} == {"v2"}


def test_statements_per_batch_do_not_grow_with_its_size(engine: Engine, frozen_now: datetime) -> None:
    ids = _articles(engine, 60, frozen_now)
    seen = _statements(engine)
    _batched(engine, _entries(ids[:6], "v1"))
    small = len(seen)
    seen.clear()
    _batched(engine, _entries(ids[6:], "v1"))
    assert len(seen) == small <= 8


def test_an_article_twice_in_a_batch_is_refused(engine: Engine, frozen_now: datetime) -> None:
    (aid, digest), *_ = _articles(engine, 1, frozen_now)
    entry = (aid, digest, assessment(False, "v1"))
    with pytest.raises(ValueError, match="one assessment per article"):
        _batched(engine, [entry, replace_version(entry, "v2")])
    assert _state(engine)["rows"] == []


def replace_version(entry: tuple[str, str, Assessment], version: str) -> tuple[str, str, Assessment]:
    aid, digest, result = entry
    return aid, digest, replace(result, model_version=version)
