"""Story grouping's data: the ``story_signatures`` cache (the only module that writes it) and the articles
a grouping considers, the new ones and the grouped ones around them in time, with their signatures.

A signature is stored per article, valid for the article's ``text_hash`` and for the recipe that made
it (``method``, :data:`pipeline.understand.stories.METHOD`): a changed text or another recipe misses.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from pipeline.storage.bulk import in_chunks, upsert
from pipeline.storage.schema import Article, StorySignatureRow


@dataclass(frozen=True)
class PoolArticle:
    """What grouping needs of an article: its date, its story, and its stored signature if valid."""

    id: str
    published: datetime | None
    story_id: str | None
    signature: bytes | None


def save_signatures(session: Session, sigs: Mapping[str, tuple[str, bytes]], method: str) -> None:
    """Store signatures (article id → (text hash, signature bytes)) made by ``method``; replace stale ones."""
    rows = [
        {"article_id": aid, "text_hash": th, "method": method, "minhash": blob}
        for aid, (th, blob) in sorted(sigs.items())
    ]
    upsert(session, StorySignatureRow, rows, "article_id", replace=("text_hash", "method", "minhash"))


_COLUMNS = (Article.id, Article.published_at, Article.story_id, StorySignatureRow.minhash)


def _with_signatures(query: Any, method: str) -> Any:
    valid = and_(
        StorySignatureRow.article_id == Article.id,
        StorySignatureRow.text_hash == Article.text_hash,
        StorySignatureRow.method == method,
    )
    return query.outerjoin(StorySignatureRow, valid)


def pool(session: Session, ids: list[str], window: timedelta, method: str) -> dict[str, PoolArticle]:
    """The articles ``ids`` and every grouped article within ``window`` of their dates."""
    found: dict[str, PoolArticle] = {}
    query = _with_signatures(select(*_COLUMNS), method)
    for chunk in in_chunks(ids):
        found.update((r[0], PoolArticle(*r)) for r in session.execute(query.where(Article.id.in_(chunk))))
    dates = [a.published for a in found.values() if a.published is not None]
    grouped = query.where(Article.story_id.is_not(None))
    if dates:
        grouped = grouped.where(Article.published_at.between(min(dates) - window, max(dates) + window))
    for r in session.execute(grouped):
        found.setdefault(r[0], PoolArticle(*r))
    return found


def texts(session: Session, ids: Sequence[str]) -> Iterator[tuple[str, str, str, str, str]]:
    """(id, text hash, title, summary, body) of the articles ``ids``."""
    query = select(Article.id, Article.text_hash, Article.title, Article.summary, Article.body)
    for chunk in in_chunks(ids):
        yield from session.execute(query.where(Article.id.in_(chunk)))
