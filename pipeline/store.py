"""Writes to the database: articles with their evidence, assessments, reviews and the audit log.

Every function takes an open session and leaves committing to the caller, so that writes that
belong together (an article and its raw page; an assessment and the review it opens) are one
transaction. Upserts are keyed by content-derived ids, so repeating any command is idempotent.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from pipeline.db import (
    Article,
    ArticleRevision,
    AssessmentRow,
    AuditLog,
    RawPageRow,
    Review,
    Source,
    utcnow,
)
from pipeline.fulltext import search_text
from pipeline.records import ArticleRecord, Assessment, RawPage

log = logging.getLogger(__name__)

UpsertResult = Literal["new", "updated", "unchanged"]
SYSTEM_ACTOR = "pressmon"


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


def sync_sources(session: Session, sources: Iterable[dict[str, Any]]) -> int:
    """Mirror the registry into the ``sources`` table; returns how many entries it holds."""
    count = 0
    for entry in sources:
        row = session.get(Source, entry["id"]) or Source(id=entry["id"])
        row.name = entry["name"]
        row.kind = entry["kind"]
        row.homepage = entry.get("homepage", "")
        row.confidence = entry["confidence"]
        row.enabled = bool(entry.get("enabled", True))
        row.config = {k: v for k, v in entry.items() if k not in {"id", "name", "kind", "confidence"}}
        row.updated_at = utcnow()
        session.add(row)
        count += 1
    return count


def audit(
    session: Session,
    actor: str,
    object_type: str,
    object_id: str,
    action: str,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> None:
    """Append one entry to the audit log."""
    session.add(
        AuditLog(
            actor=actor,
            object_type=object_type,
            object_id=object_id,
            action=action,
            old=old or {},
            new=new or {},
        )
    )


# One assessment to store: the article's id, the text hash it was assessed on, the assessment.
Assessed = tuple[str, str, Assessment]
_CHUNK = 500  # ids per IN (...) list: under every backend's bound-parameter limit


def _row_values(article_id: str, text_hash: str, assessment: Assessment) -> dict[str, Any]:
    labels = assessment.label_dict()
    return {
        "article_id": article_id,
        "model_version": assessment.model_version,
        "text_hash": text_hash,
        "scope": labels["scope"],
        "places": [p.__dict__ for p in assessment.places],
        "topics": labels["topics"],
        "topic_scores": dict(assessment.topic_scores),
        "tone": labels["tone"],
        "needs_response": assessment.needs_response,
        "flag_score": labels["flag_score"],
        "reasons": labels["reasons"],
        "evidence": dict(assessment.evidence),
        "is_current": True,
    }


def _existing_rows(session: Session, ids: Sequence[str]) -> dict[tuple[str, str, str], int]:
    """Ids of the stored assessments of ``ids``, by (article, model version, text hash)."""
    found: dict[tuple[str, str, str], int] = {}
    columns = (
        AssessmentRow.id,
        AssessmentRow.article_id,
        AssessmentRow.model_version,
        AssessmentRow.text_hash,
    )
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        session.execute(
            update(AssessmentRow)
            .where(AssessmentRow.article_id.in_(chunk), AssessmentRow.is_current.is_(True))
            .values(is_current=False)
        )
        for row_id, aid, version, digest in session.execute(
            select(*columns).where(AssessmentRow.article_id.in_(chunk))
        ):
            found[(aid, version, digest)] = row_id
    return found


def _open_reviews(session: Session, entries: Sequence[Assessed]) -> None:
    """A review (and its audit entry) for every flagged article that has none yet."""
    flagged = [(aid, a) for aid, _, a in entries if a.needs_response]
    ids = [aid for aid, _ in flagged]
    known = {
        aid
        for start in range(0, len(ids), _CHUNK)
        for aid in session.scalars(
            select(Review.article_id).where(Review.article_id.in_(ids[start : start + _CHUNK]))
        )
    }
    reviews, audits = [], []
    for aid, assessment in flagged:
        if aid in known:
            continue
        labels = assessment.label_dict()
        reviews.append({"article_id": aid, "status": "new", "updated_by": SYSTEM_ACTOR})
        new = {"status": "new", "flag_score": labels["flag_score"], "reasons": labels["reasons"]}
        audits.append(
            {"actor": SYSTEM_ACTOR, "object_type": "review", "object_id": aid, "action": "flagged"}
            | {"old": {}, "new": new}
        )
    if reviews:  # bulk inserts (one executemany each), as audit() would add them one by one
        session.execute(insert(Review), reviews)
        session.execute(insert(AuditLog), audits)


def _store_rows(session: Session, entries: Sequence[Assessed]) -> None:
    """The assessment rows (the stored one of the same model and text updated, the others no longer
    current) and the reviews the flags open: a few statements for the whole batch."""
    ids = [aid for aid, _, _ in entries]
    if len(set(ids)) != len(ids):
        raise ValueError("one assessment per article in a batch")
    existing = _existing_rows(session, ids)
    new, changed = [], []
    for aid, digest, assessment in entries:
        values = _row_values(aid, digest, assessment)
        row_id = existing.get((aid, assessment.model_version, digest))
        if row_id is None:
            new.append(values)
        else:
            changed.append({"id": row_id, **values})
    if new:
        session.execute(insert(AssessmentRow), new)
    if changed:
        session.execute(update(AssessmentRow), changed)
    _open_reviews(session, entries)


def save_assessments(session: Session, entries: Sequence[Assessed]) -> None:
    """Store each assessment as its article's current one, mark the articles processed and open a
    review for each newly flagged one; one bulk statement per table, not several per article."""
    if not entries:
        return
    _store_rows(session, entries)
    now = utcnow()
    # On the connection: a plain executemany, not the ORM's bulk update by primary key.
    stmt = (
        update(Article)
        .where(Article.id == bindparam("aid"))
        .values(processed_at=now, model_version=bindparam("version"))
    )
    session.connection().execute(stmt, [{"aid": aid, "version": a.model_version} for aid, _, a in entries])


def save_assessment(session: Session, article: Article, assessment: Assessment) -> None:
    """Store the assessment as the article's current one and open a review when it is flagged."""
    _store_rows(session, [(article.id, article.text_hash, assessment)])
    article.processed_at = utcnow()
    article.model_version = assessment.model_version
