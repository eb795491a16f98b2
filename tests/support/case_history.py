"""A case with a history, for the case pages' tests and the README screenshot of a case page.

A story carried by three outlets; an analyst opens a case on it and records the official response; then
one outlet edits its article (the previous text is kept as a revision, the recheck finds it edited)
and another removes its article (the recheck gets a 410). Written through the real storage and
workflow API (``upsert_article``, ``pipeline.review.cases``, ``record_checks``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from pipeline.clock import local_zone, utcnow
from pipeline.records import ArticleRecord
from pipeline.review.auth import Identity
from pipeline.review.cases import add_item, open_case, update_case
from pipeline.storage import cases as case_store
from pipeline.storage.articles import set_story_ids, upsert_article
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article
from tests.support.builders import numbered_record

OUTLETS = ("tinnhanh", "baomoi", "dantri")
# The edit: the article's first figure divided by ten (120 → 12) and a correction notice added.
WRONG, RIGHT = "120", "12"
NOTICE = "Đính chính: số liệu trong bài đã được sửa lại cho đúng."
CLAIM = "Tin đồn 120 hộ dân xã An Hưng mất đất mà không được bồi thường."
RESPONSE = "UBND huyện An Lão khẳng định chỉ 12 hộ bị ảnh hưởng và đều đã được bồi thường."
RESPONSE_URL = "https://anlao.haiphong.gov.vn/thong-tin-chinh-thuc"


@dataclass(frozen=True)
class CaseHistory:
    """The case and what happened to its items."""

    case_id: int
    items: tuple[str, ...]  # article ids, the first the case was opened from
    edited: str  # the article its outlet edited
    removed: str  # the article its outlet removed


def story_articles(engine: Engine, now: datetime) -> list[str]:
    """Three articles of one story, one per outlet of ``OUTLETS``, stored; their ids."""
    ids = []
    with transaction(engine) as session:
        for i, outlet in enumerate(OUTLETS):
            record = dataclasses.replace(
                numbered_record(i + 1, now),
                source_id=outlet,
                body=f"Theo phản ánh, {WRONG} hộ dân xã An Hưng chưa được bồi thường khi thu hồi đất.",
            )
            upsert_article(session, record)
            ids.append(record.id)
        session.flush()
        set_story_ids(session, dict.fromkeys(ids, "story-an-hung"))
    return ids


def _record_of(article: Article, body: str, now: datetime) -> ArticleRecord:
    """The stored article as a freshly fetched record whose body is ``body``."""
    return ArticleRecord(
        id=article.id,
        url=article.url,
        canonical_url=article.canonical_url,
        source_id=article.source_id,
        title=article.title,
        summary=article.summary,
        body=body,
        byline=article.byline,
        published_at=article.published_at,
        fetched_at=now,
        extraction_method=article.extraction_method,
        language=article.language,
        published_method=article.published_method,
    )


def corrected(body: str) -> str:
    """``body`` as its outlet corrected it: the first figure divided by ten, a correction notice added."""
    fixed = re.sub(r"\d+", lambda m: str(max(int(m.group()) // 10, 1)), body, count=1)
    return f"{fixed}\n\n{NOTICE}"


def case_with_history(
    engine: Engine,
    items: Sequence[str],
    who: Identity,
    title: str,
    claim: str = CLAIM,
    response: str = RESPONSE,
) -> CaseHistory:
    """Open a case on ``items[0]`` (its story's items are linked, the others added), respond, then edit
    ``items[1]`` (its first figure corrected, a notice added) and remove the last item (``items[2]``, or
    ``items[0]`` when there are two), as a recheck would record them; the rest are found unchanged."""
    with transaction(engine) as session:
        case_id = open_case(session, who, article_id=items[0], title=title, claim=claim)
        for other in items[1:]:  # linked already when of the same story
            add_item(session, case_id, other, who)
    with transaction(engine) as session:
        update_case(
            session, case_id, 1, who, response_text=response, response_url=RESPONSE_URL,
            response_date=utcnow().astimezone(local_zone()).date(),
        )  # fmt: skip
    edited, removed = items[1], items[2] if len(items) > 2 else items[0]
    now = utcnow() + timedelta(seconds=1)  # after the response was recorded
    with transaction(engine) as session:
        article = session.get(Article, edited)
        assert article is not None
        upsert_article(session, _record_of(article, corrected(article.body), now))
        session.flush()
        session.refresh(article)
        checks = [
            {"case_id": case_id, "article_id": edited, "outcome": "edited", "revision": article.revision},
            {"case_id": case_id, "article_id": removed, "outcome": "removed", "http_status": 410}
            | {"detail": "410"},
        ]
        checks += [
            {"case_id": case_id, "article_id": a, "outcome": "unchanged", "http_status": 200}
            for a in items
            if a not in (edited, removed)
        ]
        case_store.record_checks(session, [{"checked_at": now, "http_status": 200} | c for c in checks])
    return CaseHistory(case_id, tuple(items), edited, removed)
