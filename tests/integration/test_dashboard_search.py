"""The folded search column and its full-text index on SQLite and PostgreSQL (migration 0003).

Articles are stored by the real ``upsert_article`` (as import and the crawler do), the search runs on
each backend's own index, and a database created before 0003 gets its existing articles backfilled.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import column, insert, select, table, text
from sqlalchemy.engine import Engine

import dashboard.queries.search
from dashboard.queries.search import SearchFilter, list_sources, search
from pipeline.collect.importer import load_items, to_record
from pipeline.records import ArticleRecord
from pipeline.storage.articles import upsert_article
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.fulltext import fts5_match, pg_tsquery, query_groups, search_text
from pipeline.storage.migrate import alembic_config, upgrade
from pipeline.storage.schema import Article
from tests.support.paths import FIXTURES

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _records() -> list[ArticleRecord]:
    return [to_record(loaded, NOW) for loaded in load_items(FIXTURES / "items.jsonl")]


def _populated(url: str) -> tuple[Engine, list[ArticleRecord]]:
    engine = make_engine(url)
    upgrade(engine)
    records = _records()
    with transaction(engine) as session:
        for record in records:
            upsert_article(session, record)
    return engine, records


def _titles(engine: Engine, query: str, **filters: Any) -> set[str]:
    frame, total = search(engine, SearchFilter(query, **filters))
    assert total == len(frame)
    return set(frame["title"])


def test_query_words_are_folded_and_phrases_kept() -> None:
    assert query_groups('Hải  Phòng "bồi thường"') == [["hai"], ["phong"], ["boi", "thuong"]]
    assert query_groups("hoà; THUỶ, Đình-Vũ") == [["hoa"], ["thuy"], ["dinh"], ["vu"]]
    assert query_groups('"" * OR "') == [["or"]]  # operators and stray quotes are plain words or nothing
    groups = [["hai"], ["boi", "thuong"]]
    assert fts5_match(groups) == '"hai"* AND "boi thuong"*'
    assert pg_tsquery(groups) == "(hai:*) & (boi <-> thuong:*)"
    assert search_text("Hải Phòng", "", "Đình Vũ\u034f hoà") == "hai phong\ndinh vu hoa"


def test_search_ignores_diacritics_on_both_backends(backend_url: str) -> None:
    engine, records = _populated(backend_url)
    cau_moi = "Hải Phòng khánh thành cầu mới nối Thủy Nguyên với trung tâm"
    assert cau_moi in _titles(engine, "hai phong") == _titles(engine, "HẢI PHÒNG")
    assert _titles(engine, "thuỷ nguyên") == _titles(engine, "thuy nguyen") == {cau_moi}
    assert _titles(engine, "cat ba") == {"Cát Bà đón lượng khách kỷ lục dịp lễ"}
    assert _titles(engine, "boi thuo") == {"Người dân An Lão bức xúc vì chậm bồi thường giải phóng mặt bằng"}
    assert _titles(engine, '"thuong boi"') == set()  # a quoted phrase keeps its word order
    assert _titles(engine, "khong-co-tu-nay xyz") == set()
    # An empty query lists everything, newest first, undated last; filters still apply.
    frame, total = search(engine, SearchFilter(""))
    assert total == len(records) and frame.iloc[-1]["title"].startswith("Cát Bà")
    assert list(frame["published"][:-1]) == sorted(frame["published"][:-1], reverse=True)
    assert _titles(engine, "", source="clippings") == {"Cát Bà đón lượng khách kỷ lục dịp lễ"}
    assert search(engine, SearchFilter("an lao", limit=1))[1] >= 2
    assert list_sources(engine) == sorted({r.source_id for r in records})


def test_an_edited_article_is_found_by_its_new_text_only(backend_url: str) -> None:
    engine, records = _populated(backend_url)
    edited = replace(
        records[2], title="Giá vàng hôm nay giảm mạnh", summary="", body="Giá vàng miếng giảm sâu."
    )
    with transaction(engine) as session:
        assert upsert_article(session, edited) == "updated"
    assert _titles(engine, "giam manh") == {"Giá vàng hôm nay giảm mạnh"}
    assert _titles(engine, "tang nhe") == set()
    with transaction(engine) as session:
        session.execute(text("DELETE FROM articles WHERE source_id = 'clippings'"))
    assert _titles(engine, "cat ba") == set()


def test_migration_backfills_articles_stored_before_it(backend_url: str) -> None:
    engine = make_engine(backend_url)
    cfg = alembic_config(backend_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    old_columns = [c for c in Article.__table__.columns if c.name not in ("search_text", "published_offset")]
    rows = [{c.name: getattr(r, c.name, None) for c in old_columns} for r in _records()]
    for row, record in zip(rows, _records(), strict=True):
        row.update(text_hash="0" * 64, feed={}, revision=1, created_at=NOW, updated_at=NOW)
        row["raw_sha256"], row["story_id"], row["processed_at"] = None, None, None
        row["model_version"] = ""
        assert row["title"] == record.title
    before_0003 = table("articles", *(column(c.name, c.type) for c in old_columns))
    with engine.begin() as conn:
        conn.execute(insert(before_0003), rows)
    upgrade(engine)
    with transaction(engine) as session:
        stored = dict(session.execute(select(Article.id, Article.search_text)).all())
    assert len(stored) == len(rows) and all(stored.values())
    assert "Hải Phòng khánh thành cầu mới nối Thủy Nguyên với trung tâm" in _titles(engine, "hai phong")


@pytest.mark.parametrize("query", ['"', "*", "AND", "NEAR(", "a:b", "'", "-", "hai OR", "\\"])
def test_query_syntax_of_the_indexes_never_reaches_them(backend_url: str, query: str) -> None:
    engine, _ = _populated(backend_url)
    frame, total = search(engine, SearchFilter(query))
    assert total == len(frame)  # answered (possibly nothing), never a syntax error


def test_counting_stops_past_the_cap(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    engine, records = _populated(db_url)
    monkeypatch.setattr(dashboard.queries.search, "COUNT_CAP", 2)
    frame, total = search(engine, SearchFilter(""))
    assert total == 3 and len(frame) == len(records)  # "more than 2"; the rows shown are not capped
    assert search(engine, SearchFilter("cat ba"))[1] == 1
