"""``process`` does each piece of NLP once: worker processes give the same records as one process,
segmentations and story signatures are kept in the database, and re-assessing (a new model version)
or grouping new articles recomputes neither."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import sys
import types
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine

from models.analyzer import Analyzer
from pipeline.collect.importer import load_items, to_record
from pipeline.records import ItemText
from pipeline.settings import load_settings
from pipeline.storage.articles import upsert_article
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import Article, AssessmentRow, SegmentRow, StorySignatureRow
from pipeline.understand import process, segment
from pipeline.understand import story_grouping as story_store
from pipeline.understand import workers as process_batches
from pipeline.understand.process import process_articles
from pipeline.understand.segment import expected_keys, segmented_texts
from tests.support.files import write_jsonl
from tests.support.paths import FIXTURES

WHEN = datetime(2026, 9, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_settings(load_settings(environ={}))


def _items(tmp_path: Path) -> Path:
    """The fixture items, each twice more as a re-publication by another outlet a few hours later."""
    rows = [json.loads(line) for line in (FIXTURES / "items.jsonl").read_text("utf-8").splitlines()]
    out = []
    for n, row in enumerate(rows):
        out.append(row)
        for copy in (1, 2):
            when = (WHEN + timedelta(hours=n * 30 + copy)).isoformat()
            out.append({**row, "url": f"https://repost{copy}.example/{n}.html", "published": when})
    path = tmp_path / "items.jsonl"
    return write_jsonl(path, out)


def _database(tmp_path: Path, name: str, items: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    upgrade(engine)
    with transaction(engine) as session:
        for loaded in load_items(items):
            upsert_article(session, to_record(loaded, WHEN))
    return engine


def _outcome(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        stories = dict(conn.execute(select(Article.id, Article.story_id)).all())
        rows = conn.execute(
            select(AssessmentRow.article_id, AssessmentRow.scope, AssessmentRow.topics, AssessmentRow.tone)
            .add_columns(AssessmentRow.flag_score, AssessmentRow.reasons, AssessmentRow.evidence)
            .where(AssessmentRow.is_current.is_(True))
        ).all()
    return {"stories": stories, "assessments": {r[0]: tuple(r[1:]) for r in rows}}


def _count(engine: Engine, table: type) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def _spy(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[object]:
    """Count calls of ``owner.name`` while still running it."""
    calls: list[object] = []
    real: Callable[..., Any] = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def test_two_workers_give_the_same_records_as_one(
    tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A caller whose __main__ must not run again in the workers (as a Streamlit page under AppTest).
    script = tmp_path / "not_for_workers.py"
    script.write_text("raise SystemExit('the caller script ran in a worker')\n", encoding="utf-8")
    caller = types.ModuleType("__main__")
    caller.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", caller)
    items = _items(tmp_path)
    one, two = _database(tmp_path, "one.db", items), _database(tmp_path, "two.db", items)
    monkeypatch.setattr(process, "BATCH", 3)  # several batches in flight from a few articles
    first = process_articles(one, analyzer)
    second = process_articles(two, analyzer, workers=2)
    assert (second.processed, second.flagged, second.stories) == (
        first.processed,
        first.flagged,
        first.stories,
    )
    assert first.stories >= 1
    assert _outcome(one) == _outcome(two)
    assert _count(two, StorySignatureRow) == _count(two, Article) == first.processed > 12
    assert _count(two, SegmentRow) == _count(one, SegmentRow) > 0


def test_workers_that_die_leave_their_batches_to_the_main_process(
    tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    items = _items(tmp_path)
    one, two = _database(tmp_path, "one.db", items), _database(tmp_path, "two.db", items)
    monkeypatch.setattr(process, "BATCH", 3)
    first = process_articles(one, analyzer)

    def dying_pool(_analyzer: Analyzer, workers: int) -> ProcessPoolExecutor:
        # Every worker exits as it starts, as one killed by the out-of-memory killer would.
        ctx = multiprocessing.get_context("forkserver")
        return ProcessPoolExecutor(workers, mp_context=ctx, initializer=os._exit, initargs=(3,))

    monkeypatch.setattr(process_batches, "_pool", dying_pool)
    second = process_articles(two, analyzer, workers=2)
    assert second.processed == first.processed > 12
    assert _outcome(one) == _outcome(two)
    assert "worker processes failed" in caplog.text


def test_reassessing_reads_segmentations_instead_of_recomputing(
    tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _database(tmp_path, "p.db", _items(tmp_path))
    segment.clear_cache()
    process_articles(engine, analyzer)
    before = _outcome(engine)
    segment.clear_cache()  # a new run: nothing in memory, only what the database kept
    tokenized = _spy(monkeypatch, segment, "_tokenize")
    again = process_articles(engine, analyzer, everything=True)
    assert again.processed == _count(engine, Article)
    assert tokenized == []
    assert _outcome(engine) == before


def test_expected_keys_are_the_texts_the_models_segment(analyzer: Analyzer) -> None:
    items = [
        ItemText(x.item.title, x.item.summary, x.item.body, x.published)
        for x in load_items(FIXTURES / "items.jsonl")
    ]
    long = dataclasses.replace(items[0], summary="", body="Hải Phòng mở rộng cảng Lạch Huyện. " * 300)
    items += [long, ItemText("", "", "", None)]
    segment.clear_cache()
    with segment.collect({}) as fresh:
        analyzer.assess_many(items)
    assert set(fresh) == set(expected_keys(items))
    assert segmented_texts(items[-1]) == []


def test_grouping_new_articles_reuses_stored_signatures(
    tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _items(tmp_path)
    lines = items.read_text("utf-8").splitlines()
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    old.write_text("\n".join(lines[:15]) + "\n", encoding="utf-8")
    new.write_text("\n".join(lines[15:]) + "\n", encoding="utf-8")
    engine = _database(tmp_path, "g.db", old)
    process_articles(engine, analyzer)
    with transaction(engine) as session:
        for loaded in load_items(new):
            upsert_article(session, to_record(loaded, WHEN))
    hashed = _spy(monkeypatch, story_store, "signature")
    process_articles(engine, analyzer)
    assert hashed == []  # the 3 new ones were hashed by the assessing, the 15 old ones are stored
    reference = _database(tmp_path, "all.db", items)
    process_articles(reference, analyzer)
    assert _outcome(engine)["stories"] == _outcome(reference)["stories"]


def test_missing_or_stale_signatures_are_recomputed(tmp_path: Path, analyzer: Analyzer) -> None:
    engine = _database(tmp_path, "s.db", _items(tmp_path))
    process_articles(engine, analyzer)
    before = _outcome(engine)["stories"]
    with transaction(engine) as session:
        session.execute(delete(StorySignatureRow))
        session.execute(update(Article).values(story_id=None))
    ids = list(before)
    assert story_store.group_stories(engine, ids) >= 1
    assert _outcome(engine)["stories"] == before
    assert _count(engine, StorySignatureRow) == len(ids)


def test_articles_a_killed_run_left_ungrouped_are_grouped_by_the_next(
    tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _database(tmp_path, "killed.db", _items(tmp_path))

    def killed(*_: Any) -> int:
        raise KeyboardInterrupt  # the run dies after its batches were stored, before grouping

    with monkeypatch.context() as patch:
        patch.setattr(process, "group_stories", killed)
        with pytest.raises(KeyboardInterrupt):
            process_articles(engine, analyzer)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).where(Article.processed_at.is_(None))) == 0
        total = conn.scalar(select(func.count()).select_from(Article))
        assert total and conn.scalar(select(func.count()).where(Article.story_id.is_(None))) == total
    summary = process_articles(engine, analyzer)
    assert summary.processed == 0  # nothing to assess again: only the grouping was missing
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).where(Article.story_id.is_(None))) == 0
        sizes = conn.scalars(select(func.count()).select_from(Article).group_by(Article.story_id)).all()
    assert summary.stories == sizes.count(3) + sizes.count(2) >= 5
