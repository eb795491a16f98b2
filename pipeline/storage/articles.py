"""Articles, their revisions and the raw pages they came from: the only writer of ``articles``,
``article_revisions`` and ``raw_pages``.

Every function takes an open session and leaves committing to the caller, so that writes that belong
together (an article and its raw page) are one transaction. Upserts are keyed by content-derived ids,
so repeating any command is idempotent.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from pipeline.clock import offset_minutes, utcnow
from pipeline.records import ArticleRecord, RawPage
from pipeline.storage.bulk import in_chunks
from pipeline.storage.fulltext import search_text
from pipeline.storage.schema import Article, ArticleRevision, RawPageRow

log = logging.getLogger(__name__)

UpsertResult = Literal["new", "updated", "unchanged"]


def text_hash(title: str, body: str, summary: str = "") -> str:
    """Hash of the text an assessment depends on; a change means the article needs processing."""
    return hashlib.sha256("\x1f".join((title, summary, body)).encode("utf-8")).hexdigest()


def _raw_page_row(page: RawPage, digest: str) -> RawPageRow:
    return RawPageRow(
        sha256=digest,
        url=page.final_url,
        status=page.status,
        content_type=page.headers.get("content-type", ""),
        headers=dict(page.headers),
        body_gz=gzip.compress(page.body, compresslevel=6, mtime=0),
        size=len(page.body),
        fetched_at=page.fetched_at,
    )


def save_raw_page(session: Session, page: RawPage) -> str:
    """Keep the fetched bytes as evidence (gzip), once per distinct content; returns the sha256."""
    digest = hashlib.sha256(page.body).hexdigest()
    # An existence test, not session.get: that would load (and decompress nothing but still read)
    # the stored blob of every page seen before.
    if session.scalar(select(RawPageRow.sha256).where(RawPageRow.sha256 == digest)) is None:
        session.add(_raw_page_row(page, digest))
    return digest


def load_raw_page(session: Session, sha256: str) -> bytes | None:
    """The evidence bytes stored under ``sha256``."""
    row = session.get(RawPageRow, sha256)
    return gzip.decompress(row.body_gz) if row else None


def _copy_fields(article: Article, record: ArticleRecord, digest: str, raw_sha256: str | None) -> None:
    article.url = record.url
    article.canonical_url = record.canonical_url
    article.source_id = record.source_id
    article.title = record.title
    article.summary = record.summary
    article.body = record.body
    article.byline = record.byline
    article.published_at = record.published_at
    article.published_method = record.published_method
    article.published_offset = offset_minutes(record.published_at)
    article.fetched_at = record.fetched_at
    article.language = record.language
    article.extraction_method = record.extraction_method
    article.feed = dict(record.feed)
    article.text_hash = digest
    article.raw_sha256 = raw_sha256 or article.raw_sha256
    article.search_text = search_text(record.title, record.summary, record.body)


def upsert_article(session: Session, record: ArticleRecord, raw_sha256: str | None = None) -> UpsertResult:
    """Insert a new article or update a changed one, keeping the previous text as a revision."""
    return _apply_record(session, session.get(Article, record.id), record, raw_sha256)[0]


def save_pages(session: Session, pages: Sequence[tuple[RawPage, ArticleRecord]]) -> list[UpsertResult]:
    """:func:`save_raw_page` and :func:`upsert_article` for a batch, with one lookup of each table.

    The same article may come twice in a batch (two addresses with one canonical URL): the second
    is compared with the first, as two transactions in a row would have done.
    """
    digests = [hashlib.sha256(page.body).hexdigest() for page, _ in pages]
    known = set(session.scalars(select(RawPageRow.sha256).where(RawPageRow.sha256.in_(set(digests)))))
    ids = {record.id for _, record in pages}
    articles: dict[str, Article | None] = dict.fromkeys(ids)
    articles.update({a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))})
    for page, digest in zip((p for p, _ in pages), digests, strict=True):
        if digest not in known:
            session.add(_raw_page_row(page, digest))
            known.add(digest)
    # Without relationships the unit of work does not order rows by their foreign keys: the pages
    # go in first, and a new article is written before a revision of it is.
    session.flush()
    results: list[UpsertResult] = []
    unwritten: set[str] = set()
    for (_, record), digest in zip(pages, digests, strict=True):
        if record.id in unwritten:
            session.flush()
            unwritten.clear()
        result, articles[record.id] = _apply_record(session, articles[record.id], record, digest)
        if result == "new":
            unwritten.add(record.id)
        results.append(result)
    return results


def _apply_record(
    session: Session, article: Article | None, record: ArticleRecord, raw_sha256: str | None
) -> tuple[UpsertResult, Article]:
    """Insert ``record`` (``article`` None) or update ``article`` with it when its text changed."""
    digest = text_hash(record.title, record.body, record.summary)
    if article is None:
        article = Article(id=record.id, revision=1, created_at=utcnow())
        _copy_fields(article, record, digest, raw_sha256)
        article.updated_at = utcnow()
        session.add(article)
        return "new", article
    if article.text_hash == digest and article.published_at == (record.published_at or article.published_at):
        if record.published_at is not None:  # the page's own offset, for articles stored before it was kept
            article.published_offset = offset_minutes(record.published_at)
        return "unchanged", article
    session.add(
        ArticleRevision(
            article_id=article.id,
            revision=article.revision,
            title=article.title,
            body=article.body,
            text_hash=article.text_hash,
            raw_sha256=article.raw_sha256,
        )
    )
    _copy_fields(article, record, digest, raw_sha256)
    article.revision += 1
    article.updated_at = utcnow()
    article.processed_at = None
    return "updated", article


def recent_urls(session: Session, source_ids: Sequence[str], since: datetime) -> frozenset[str]:
    """Canonical URLs of the articles of ``source_ids`` stored since ``since`` (what a feed still lists)."""
    query = select(Article.canonical_url).where(Article.created_at >= since)
    return frozenset(
        url
        for chunk in in_chunks(list(source_ids))
        for url in session.scalars(query.where(Article.source_id.in_(chunk)))
    )


def ungrouped_ids(session: Session) -> list[str]:
    """Articles in no story yet: what a run killed before its grouping left behind, for the next one."""
    return list(session.scalars(select(Article.id).where(Article.story_id.is_(None)).order_by(Article.id)))


def set_story_ids(session: Session, stories: Mapping[str, str]) -> None:
    """Put articles into stories (article id → story id), in one statement."""
    if stories:
        stmt = update(Article).where(Article.id == bindparam("aid")).values(story_id=bindparam("story"))
        session.connection().execute(stmt, [{"aid": aid, "story": s} for aid, s in stories.items()])


def mark_processed(session: Session, versions: Mapping[str, str], when: datetime) -> None:
    """Record that articles were assessed at ``when`` (article id → the model version that did it)."""
    # On the connection: a plain executemany, not the ORM's bulk update by primary key.
    stmt = (
        update(Article)
        .where(Article.id == bindparam("aid"))
        .values(processed_at=when, model_version=bindparam("version"))
    )
    session.connection().execute(stmt, [{"aid": aid, "version": v} for aid, v in versions.items()])
