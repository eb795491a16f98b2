"""Story grouping over the database: new articles and their neighbours in time, with stored signatures.

Each article's MinHash is computed once per text (table ``story_signatures``, keyed by article and
valid for its ``text_hash`` and :data:`pipeline.stories.METHOD`): the assessing workers compute those
of the articles they process, and :func:`group_stories` computes only what is missing or stale, so
grouping 1,000 new articles into a large database reads the window's signatures instead of re-hashing
its texts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.bulk import upsert
from pipeline.db import Article, StorySignatureRow, transaction
from pipeline.stories import METHOD, StoryCandidate, assign_stories, signature, story_text, to_bytes

log = logging.getLogger(__name__)

STORY_WINDOW = timedelta(days=14)
_CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):  # stay under every backend's bound-parameter limit
        yield values[start : start + _CHUNK]


def save_signatures(session: Session, sigs: Mapping[str, tuple[str, bytes]]) -> None:
    """Store signatures (article id → (text hash, signature bytes)), replacing stale ones."""
    rows = [
        {"article_id": aid, "text_hash": th, "method": METHOD, "minhash": blob}
        for aid, (th, blob) in sorted(sigs.items())
    ]
    upsert(session, StorySignatureRow, rows, "article_id", replace=("text_hash", "method", "minhash"))


_COLUMNS = (Article.id, Article.published_at, Article.story_id, Article.text_hash, StorySignatureRow.minhash)


def _with_signatures(query: Any) -> Any:
    valid = and_(
        StorySignatureRow.article_id == Article.id,
        StorySignatureRow.text_hash == Article.text_hash,
        StorySignatureRow.method == METHOD,
    )
    return query.outerjoin(StorySignatureRow, valid)


def _pool(session: Session, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    """The articles ``ids`` and every grouped article within the window of their dates."""
    rows: dict[str, tuple[Any, ...]] = {}
    for chunk in _chunks(ids):
        rows.update(
            (r[0], tuple(r))
            for r in session.execute(_with_signatures(select(*_COLUMNS)).where(Article.id.in_(chunk)))
        )
    dates: list[datetime] = [r[1] for r in rows.values() if r[1] is not None]
    query = _with_signatures(select(*_COLUMNS)).where(Article.story_id.is_not(None))
    if dates:
        query = query.where(
            Article.published_at.between(min(dates) - STORY_WINDOW, max(dates) + STORY_WINDOW)
        )
    for r in session.execute(query):
        rows.setdefault(r[0], tuple(r))
    return rows


def _missing_signatures(session: Session, rows: Iterable[tuple[Any, ...]]) -> dict[str, tuple[str, bytes]]:
    """Compute (and store) the signatures the pool lacks: articles grouped before they were kept."""
    missing = [r[0] for r in rows if r[4] is None]
    made: dict[str, tuple[str, bytes]] = {}
    for chunk in _chunks(missing):
        query = select(Article.id, Article.text_hash, Article.title, Article.summary, Article.body)
        for aid, th, title, summary, body in session.execute(query.where(Article.id.in_(chunk))):
            made[aid] = (th, to_bytes(signature(*story_text(title, summary, body))))
    if made:
        log.info("computed %d missing story signatures", len(made))
        save_signatures(session, made)
    return made


def group_stories(engine: Engine, ids: list[str]) -> int:
    """Assign story ids to ``ids`` and their neighbours in time; returns the number of multi-item stories."""
    if not ids:
        return 0
    with transaction(engine) as session:
        rows = _pool(session, ids)
        made = _missing_signatures(session, rows.values())
        candidates = [
            StoryCandidate(aid, "", "", published, story, blob or made[aid][1])
            for aid, published, story, _, blob in rows.values()
        ]
        stories = assign_stories(candidates)
        changed = [{"aid": aid, "story": s} for aid, s in stories.items() if rows[aid][2] != s]
        if changed:
            stmt = update(Article).where(Article.id == bindparam("aid")).values(story_id=bindparam("story"))
            session.connection().execute(stmt, changed)
    sizes: dict[str, int] = {}
    for story in stories.values():
        sizes[story] = sizes.get(story, 0) + 1
    return sum(1 for n in sizes.values() if n > 1)
