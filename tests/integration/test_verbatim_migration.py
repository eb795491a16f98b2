"""Migration 0006 on SQLite and PostgreSQL: articles stored in the old matching form get their pages'
spelling back from their raw pages, control characters leave every article, the search still finds
both spellings, and the wider ``published_method`` holds the longest method name."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import column, insert, table, update
from sqlalchemy.engine import Engine

from dashboard.queries.search import SearchFilter, search
from pipeline.records import ArticleRecord, RawPage
from pipeline.storage.articles import save_raw_page, text_hash
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.fulltext import search_text
from pipeline.storage.migrate import alembic_config, upgrade
from pipeline.storage.schema import Article
from pipeline.text.normalise import normalise_text

NOW = datetime(2026, 11, 1, tzinfo=UTC)
TITLE = "Thanh Hoá: uỷ ban hoà giải vụ ma tuý"
BODY = "Toà án tỉnh xét xử vụ án.\nTòa nhà mới khánh thành.\nNgười dân thuỷ canh rau."
PAGE = (
    "<html><head><meta charset='utf-8'><title>" + TITLE + "</title></head><body><h1>" + TITLE + "</h1>"
    "<p>Toà án tỉnh xét xử vụ án.</p><p>Tòa nhà mới khánh thành.</p><p>Người dân thuỷ canh rau.</p>"
    "<p class='author'>Hoà Bình</p></body></html>"
).encode()


def _record(article_id: str, title: str, body: str, byline: str = "") -> ArticleRecord:
    return ArticleRecord(
        id=article_id,
        url=f"https://baohaiphong.vn/{article_id}.html",
        canonical_url=f"https://baohaiphong.vn/{article_id}.html",
        source_id="baohaiphong",
        title=title,
        summary="",
        body=body,
        byline=byline,
        published_at=NOW,
        fetched_at=NOW,
        extraction_method="test",
    )


# The articles table as it stood before 0010 (which added the page's UTC offset).
BEFORE_0010 = [c for c in Article.__table__.columns if c.name != "published_offset"]


def _store_before_0010(engine: Engine, record: ArticleRecord, raw_sha256: str | None = None) -> None:
    """Store ``record`` as the code of that time did, in the columns the table then had."""
    row = {c.name: getattr(record, c.name, None) for c in BEFORE_0010}
    row.update(
        text_hash=text_hash(record.title, record.body),
        search_text=search_text(record.title, record.summary, record.body),
        feed={},
        revision=1,
        created_at=NOW,
        updated_at=NOW,
        raw_sha256=raw_sha256,
        model_version="",
    )
    with engine.begin() as conn:
        conn.execute(insert(table("articles", *(column(c.name, c.type) for c in BEFORE_0010))), [row])


def test_0006_respells_from_raw_pages_and_strips_controls(backend_url: str) -> None:
    engine = make_engine(backend_url)
    cfg = alembic_config(backend_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    raw = RawPage("https://baohaiphong.vn/a.html", "https://baohaiphong.vn/a.html", 200, {}, PAGE, NOW, "bhp")
    with transaction(engine) as session:
        digest = save_raw_page(session, raw)
    # As the old code stored them: the matching form, controls kept.
    old = _record("crawled", normalise_text(TITLE), normalise_text(BODY), normalise_text("Hoà Bình"))
    _store_before_0010(engine, old, digest)
    nul = "\x00" if engine.dialect.name == "sqlite" else ""  # PostgreSQL text never holds NUL
    _store_before_0010(engine, _record("imported", f"Tin{nul} nhập\x1f khẩu ủy ban", "Thân\x1b bài"))
    assert old.title == "Thanh Hóa: ủy ban hòa giải vụ ma túy"  # what 0006 must undo

    upgrade(engine)

    with transaction(engine) as session:
        crawled, imported = session.get(Article, "crawled"), session.get(Article, "imported")
        assert crawled is not None and imported is not None
        assert (crawled.title, crawled.body, crawled.byline) == (TITLE, BODY, "Hoà Bình")
        assert crawled.text_hash == text_hash(TITLE, BODY)
        assert (imported.title, imported.body) == ("Tin nhập khẩu ủy ban", "Thân bài")
        long_method = "visible-date+feed-time+assumed-tz"
        session.execute(update(Article).where(Article.id == "crawled").values(published_method=long_method))
    for query in ("ủy ban", "uỷ ban", "uy ban", "hoà giải", "hòa giải"):
        frame, _ = search(engine, SearchFilter(query))
        assert set(frame["title"]) == {TITLE, "Tin nhập khẩu ủy ban"} - (
            {"Tin nhập khẩu ủy ban"} if "gi" in query else set()
        ), query
    engine.dispose()
