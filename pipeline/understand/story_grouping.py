"""Story grouping over the database: new articles and their neighbours in time, with stored signatures.

Each article's MinHash is computed once per text (:mod:`pipeline.storage.stories`, valid for its
``text_hash`` and :data:`pipeline.understand.stories.METHOD`): the assessing workers compute those of
the articles they process, and :func:`group_stories` computes only what is missing or stale, so
grouping 1,000 new articles into a large database reads the window's signatures instead of re-hashing
its texts.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.storage import stories as story_store
from pipeline.storage.articles import set_story_ids
from pipeline.storage.engine import transaction
from pipeline.understand.stories import (
    METHOD,
    StoryCandidate,
    assign_stories,
    signature,
    story_text,
    to_bytes,
)

log = logging.getLogger(__name__)

STORY_WINDOW = timedelta(days=14)


def save_signatures(session: Session, sigs: Mapping[str, tuple[str, bytes]]) -> None:
    """Store signatures made by this recipe (article id → (text hash, signature bytes))."""
    story_store.save_signatures(session, sigs, METHOD)


def _missing_signatures(session: Session, missing: list[str]) -> dict[str, tuple[str, bytes]]:
    """Compute (and store) the signatures the pool lacks: articles grouped before they were kept."""
    made = {
        aid: (th, to_bytes(signature(*story_text(title, summary, body))))
        for aid, th, title, summary, body in story_store.texts(session, missing)
    }
    if made:
        log.info("computed %d missing story signatures", len(made))
        save_signatures(session, made)
    return made


def group_stories(engine: Engine, ids: list[str]) -> int:
    """Assign story ids to ``ids`` and their neighbours in time; returns the number of multi-item stories."""
    if not ids:
        return 0
    with transaction(engine) as session:
        pool = story_store.pool(session, ids, STORY_WINDOW, METHOD)
        made = _missing_signatures(session, [a.id for a in pool.values() if a.signature is None])
        candidates = [
            StoryCandidate(a.id, "", "", a.published, a.story_id, a.signature or made[a.id][1])
            for a in pool.values()
        ]
        stories = assign_stories(candidates)
        set_story_ids(session, {aid: s for aid, s in stories.items() if pool[aid].story_id != s})
    sizes: dict[str, int] = {}
    for story in stories.values():
        sizes[story] = sizes.get(story, 0) + 1
    return sum(1 for n in sizes.values() if n > 1)
