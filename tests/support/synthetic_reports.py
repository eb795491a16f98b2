"""Synthetic, already-assessed items for the report's benchmark and tests (never used by the app).

Inserts articles with their current assessment (and a review for flagged ones) straight into the
tables, spread over a period, with a fixed random seed: the report's work can be measured on
20,000 items without crawling or processing them. Titles are Vietnamese with tone marks so the
rendering paths see real diacritics. :func:`report_content` gives the content of a whole quarterly
report built from such items, for the tests of the report's formats.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from pipeline.clock import utcnow
from pipeline.registry import load_registry
from pipeline.report.content import ReportContent, build_content
from pipeline.report.output import preview_snapshot
from pipeline.report.period import Period
from pipeline.settings import DATA_DIR, ReportSettings
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import Article, AssessmentRow, Review
from pipeline.storage.sources import sync_sources
from pipeline.taxonomy import load_taxonomy

MODEL_VERSION = "synthetic-1"
SCOPE_WEIGHTS = {"an-lao": 15, "hai-phong": 35, "incidental": 15, "other": 35}
TONE_WEIGHTS = {"positive": 40, "neutral": 40, "negative": 20}
TOPICS = (
    "kinh-te-dau-tu",
    "van-hoa-du-lich-the-thao",
    "an-sinh-xa-hoi",
    "dat-dai-quy-hoach",
    "an-ninh-trat-tu",
)
STATUSES = ("new", "in-review", "response-needed", "responded", "dismissed")
SUBJECTS = (
    "Hải Phòng khánh thành cầu vượt nút giao",
    "An Lão đón nhận bằng khen xây dựng nông thôn mới",
    "Lễ hội truyền thống thu hút đông du khách",
    "Người dân phản ánh chậm bồi thường giải phóng mặt bằng",
    "Khu công nghiệp thu hút thêm vốn đầu tư nước ngoài",
    "Đội bóng Hải Phòng giành chiến thắng trên sân Lạch Tray",
)


def _article(
    rng: random.Random, index: int, published: datetime, sources: list[str], story: str
) -> dict[str, Any]:
    title = f"{rng.choice(SUBJECTS)} (tin {index})"
    body = f"{title}. " + "Nội dung tổng hợp về tình hình kinh tế, văn hóa, xã hội của địa phương. " * 8
    url = f"https://bao.example/{index}.html"
    now = utcnow()
    return {
        "id": hashlib.sha256(url.encode()).hexdigest()[:32],
        "url": url,
        "canonical_url": url,
        "source_id": rng.choice(sources),
        "title": title,
        "summary": body[:160],
        "body": body,
        "published_at": published,
        "fetched_at": published + timedelta(hours=1),
        "text_hash": hashlib.sha256(body.encode()).hexdigest(),
        "story_id": story,
        "processed_at": now,
        "model_version": MODEL_VERSION,
        "created_at": now,
        "updated_at": now,
    }


def _assessment(rng: random.Random, article: dict[str, Any]) -> dict[str, Any]:
    scope = rng.choices(list(SCOPE_WEIGHTS), list(SCOPE_WEIGHTS.values()))[0]
    flagged = scope in ("an-lao", "hai-phong") and rng.random() < 0.05
    relevant = scope != "other"
    return {
        "article_id": article["id"],
        "model_version": MODEL_VERSION,
        "text_hash": article["text_hash"],
        "scope": scope,
        "places": [],
        "topics": rng.sample(TOPICS, rng.randint(0, 2)) if relevant else [],
        "topic_scores": {},
        "tone": rng.choices(list(TONE_WEIGHTS), list(TONE_WEIGHTS.values()))[0] if relevant else "neutral",
        "needs_response": flagged,
        "flag_score": 0.8 if flagged else 0.1,
        "reasons": ["complaint"] if flagged else [],
        "evidence": {},
        "is_current": True,
        "created_at": article["processed_at"],
    }


def insert_synthetic(
    engine: Engine, period: Period, count: int, sources: list[str], seed: int = 0, start_index: int = 0
) -> int:
    """Insert ``count`` assessed items published inside ``period``; returns how many were inserted."""
    # Reproducible benchmark data, not security: B311 does not apply.
    rng = random.Random(seed)  # nosec B311
    span = (period.end - period.start).total_seconds()
    articles, assessments, reviews = [], [], []
    story = ""
    for index in range(start_index, start_index + count):
        if not story or rng.random() < 0.6:  # about 1.7 items per story
            story = f"s{seed}-{index}"
        published = period.start + timedelta(seconds=rng.uniform(0, span - 1))
        article = _article(rng, index, published, sources, story)
        assessment = _assessment(rng, article)
        articles.append(article)
        assessments.append(assessment)
        if assessment["needs_response"]:
            status = rng.choice(STATUSES)
            note = "Đã có văn bản trả lời của UBND xã." if status == "responded" else ""
            url = "https://anlao.example/tra-loi.html" if status == "responded" else ""
            reviews.append({"article_id": article["id"], "status": status, "note": note, "response_url": url})
    with transaction(engine) as session:
        for table, rows in ((Article, articles), (AssessmentRow, assessments), (Review, reviews)):
            for chunk in range(0, len(rows), 2000):
                session.execute(insert(table), rows[chunk : chunk + 2000])
    return count


def synthetic_database(url: str, counts: dict[Period, int], registry_file: Path, seed: int = 0) -> Engine:
    """A migrated database at ``url`` with the registry's sources and ``counts`` items per period."""
    engine = make_engine(url)
    upgrade(engine)
    registry = load_registry(registry_file)
    with transaction(engine) as session:
        sync_sources(session, [s.model_dump() for s in registry.sources])
    sources = [s.id for s in registry.sources]
    start = 0
    for offset, (period, count) in enumerate(counts.items()):
        insert_synthetic(engine, period, count, sources, seed=seed + offset, start_index=start)
        start += count
    return engine


def report_content(folder: Path, period: Period, now: datetime) -> ReportContent:
    """The content of ``period``'s report (not stored) over 300 synthetic items in it and 100 in the
    period before, in a database in ``folder``, with the project's sources and taxonomy."""
    url = f"sqlite:///{folder / 'r.db'}"
    engine = synthetic_database(url, {period: 300, period.previous(): 100}, DATA_DIR / "sources.yaml")
    snap, _ = preview_snapshot(engine, period, now)
    return build_content(snap, load_taxonomy(DATA_DIR / "taxonomy.yaml"), ReportSettings())


def report_item(n: int, **fields: Any) -> dict[str, Any]:
    """A snapshot item published on day ``n`` of August 2026, about Hải Phòng and neutral unless ``fields``
    say otherwise (for the tests of figures and drafted texts)."""
    base: dict[str, Any] = {
        "id": f"a{n}",
        "published": f"2026-08-{n:02d}T09:00:00+07:00",
        "source": "baohaiphong",
        "title": f"Tin {n}",
        "scope": "hai-phong",
        "topics": [],
        "tone": "neutral",
        "needs_response": False,
        "story_id": "",
        "review_status": "",
    }
    return base | fields
