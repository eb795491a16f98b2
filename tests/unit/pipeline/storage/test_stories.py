"""pipeline.storage.stories on a migrated SQLite database: the signature cache, the pool of articles a
story grouping considers (with only the signatures still valid), and the texts it reads."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from pipeline.storage.articles import set_story_ids
from pipeline.storage.engine import transaction
from pipeline.storage.schema import StorySignatureRow
from pipeline.storage.stories import pool, save_signatures, texts
from tests.support.builders import numbered_record, stored_articles
from tests.support.clock import FROZEN_NOW

METHOD = "minhash-test"


def test_the_pool_is_the_articles_asked_and_the_grouped_ones_near_them(engine: Engine) -> None:
    ids = [aid for aid, _ in stored_articles(engine, 40, FROZEN_NOW)]  # article i: i hours old
    with transaction(engine) as session:
        set_story_ids(session, {ids[5]: "s5", ids[30]: "s30"})
    with transaction(engine) as session:
        found = pool(session, [ids[0], ids[1]], timedelta(hours=10), METHOD)
    assert set(found) == {ids[0], ids[1], ids[5]}  # the others are not grouped, or 29 hours away
    assert found[ids[5]].story_id == "s5" and found[ids[0]].story_id is None
    assert found[ids[1]].published == FROZEN_NOW - timedelta(hours=1)
    with transaction(engine) as session:
        wide = pool(session, [ids[0]], timedelta(days=2), METHOD)
    assert set(wide) == {ids[0], ids[5], ids[30]}


def test_only_signatures_of_the_current_text_and_method_are_used(engine: Engine) -> None:
    (a, hash_a), (b, _), *_ = stored_articles(engine, 2, FROZEN_NOW)
    with transaction(engine) as session:
        save_signatures(session, {a: (hash_a, b"sig-a"), b: ("an-old-text", b"sig-b")}, METHOD)
    with transaction(engine) as session:
        found = pool(session, [a, b], timedelta(days=1), METHOD)
        other = pool(session, [a, b], timedelta(days=1), "another-recipe")
    assert (found[a].signature, found[b].signature) == (b"sig-a", None)
    assert (other[a].signature, other[b].signature) == (None, None)


def test_saving_again_replaces_a_stale_signature(engine: Engine) -> None:
    (a, hash_a), *_ = stored_articles(engine, 1, FROZEN_NOW)
    with transaction(engine) as session:
        save_signatures(session, {a: ("an-old-text", b"old")}, "old-recipe")
    with transaction(engine) as session:
        save_signatures(session, {a: (hash_a, b"new")}, METHOD)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(StorySignatureRow)) == 1
        row = session.get(StorySignatureRow, a)
        assert row is not None and (row.text_hash, row.method, row.minhash) == (hash_a, METHOD, b"new")
        assert pool(session, [a], timedelta(days=1), METHOD)[a].signature == b"new"


def test_texts_of_many_articles_come_back_whole(engine: Engine) -> None:
    stored = stored_articles(engine, 502, FROZEN_NOW)  # over one IN (...) list
    with transaction(engine) as session:
        found = {row[0]: row for row in texts(session, [aid for aid, _ in stored])}
    assert len(found) == 502
    record = numbered_record(7, FROZEN_NOW)
    assert found[record.id] == (record.id, dict(stored)[record.id], record.title, record.summary, record.body)
