"""Search ranks by relevance on SQLite and PostgreSQL: the index's own score, words next to each other as
typed first, place names of the gazetteer as phrases, and the "Mới nhất" switch (issue 16, point 1).

The articles are written here: the nearest misses of "An Lão" seen in the real collection ("lão hóa",
"Lào Cai", "xe lao xuống ruộng", "an … lao" apart) are the newest, so newest-first would put them on top.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from dashboard.queries.search import SearchFilter, place_phrases, search
from pipeline.storage.articles import upsert_article
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.fulltext import query_groups
from pipeline.storage.migrate import upgrade
from pipeline.understand.gazetteer import load_gazetteer
from tests.support.builders import article_record
from tests.support.paths import DATA_DIR

NOW = datetime(2026, 11, 1, tzinfo=UTC)
PLACES = place_phrases(load_gazetteer(DATA_DIR / "gazetteer.yaml"))
# (title, body), oldest first.
ARTICLES = (
    ("Người dân An Lão bức xúc vì chậm bồi thường", "Tại An Lão, nhiều hộ dân ở An Lão chờ bồi thường."),
    ("Sửa đường tỉnh lộ qua xã", "Công trình ở An Lão dự kiến xong vào tháng sau."),
    ("Chăm lo cho người lao động dịp Tết", "Công đoàn mong một cái Tết bình an cho mọi người."),
    ("Bí quyết chống lão hóa", "Ngủ đủ giấc giúp làm chậm lão hóa."),
    ("Lào Cai mưa lớn kéo dài", "Nhiều tuyến đường ở Lào Cai sạt lở."),
    ("Xe tải lao xuống ruộng", "Chiếc xe lao xuống ruộng lúa, tài xế không bị thương."),
)
AN_LAO = {ARTICLES[0][0], ARTICLES[1][0]}


def _engine(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    base = article_record(NOW)
    with transaction(engine) as session:
        for i, (title, body) in enumerate(ARTICLES):
            published = NOW - timedelta(days=len(ARTICLES) - i)
            record = replace(
                base, id=f"{i:032x}", url=f"https://tin.example/{i}", canonical_url=f"https://tin.example/{i}",
                title=title, summary="", body=body, published_at=published,
            )  # fmt: skip
            upsert_article(session, record)
    return engine


def _titles(
    engine: Engine, query: str, places: frozenset[tuple[str, ...]] = PLACES, newest_first: bool = False
) -> list[str]:
    frame, total = search(engine, SearchFilter(query, newest_first=newest_first), places)
    assert total == len(frame)
    return list(frame["title"])


def test_a_place_name_is_a_phrase_ranked_by_the_index(backend_url: str) -> None:
    engine = _engine(backend_url)
    assert ("an", "lao") in PLACES
    found = _titles(engine, "An Lão")
    # Only the two articles about An Lão, the one naming it three times first (bm25 / ts_rank).
    assert found == [ARTICLES[0][0], ARTICLES[1][0]]
    assert _titles(engine, "an lao") == _titles(engine, "AN LÃO") == found  # typed without diacritics
    assert _titles(engine, "bồi thường An Lão") == [ARTICLES[0][0]]


def test_words_next_to_each_other_as_typed_come_first(backend_url: str) -> None:
    engine = _engine(backend_url)
    # Without the gazetteer every word is required on its own: the article with "an" and "lao" apart
    # matches too, but after those holding "an lao" as typed; "lão hóa", "Lào Cai" and "xe lao" (no
    # "an" word) never.
    found = _titles(engine, "an lao", places=frozenset())
    assert set(found[:2]) == AN_LAO and found[2:] == [ARTICLES[2][0]]
    assert _titles(engine, "xe lao", places=frozenset()) == [ARTICLES[5][0]]


def test_the_newest_switch_orders_by_date(backend_url: str) -> None:
    engine = _engine(backend_url)
    by_date = _titles(engine, "an lao", places=frozenset(), newest_first=True)
    assert by_date == [ARTICLES[2][0], ARTICLES[1][0], ARTICLES[0][0]]
    assert _titles(engine, "An Lão", newest_first=True) == [ARTICLES[1][0], ARTICLES[0][0]]


def test_known_places_in_the_query_become_phrases() -> None:
    places = {("an", "lao"), ("hai", "phong"), ("thuy", "nguyen", "moi")}
    assert query_groups("bồi thường An Lão hải phòng", places) == [
        ["boi"], ["thuong"], ["an", "lao"], ["hai", "phong"],
    ]  # fmt: skip
    # The longest known run wins; a quote ends a run; words of a place split by a quote stay apart.
    assert query_groups("thuy nguyen moi an", places) == [["thuy", "nguyen", "moi"], ["an"]]
    assert query_groups('an "cầu mới" lao', places) == [["an"], ["cau", "moi"], ["lao"]]
    assert query_groups("an lao", ()) == [["an"], ["lao"]]
