"""Benchmark: server time of the dashboard's review queue, overview and search on 100,000 articles.

Usage: ``.venv/bin/python bench/dashboard.py [--articles N] [--repeat R] [--backend sqlite|postgresql|both]
[--db PATH]``.
Generates a database of synthetic Vietnamese articles (SQLite file, or a private PostgreSQL cluster
started with Debian's server binaries as in the tests) with current assessments, ~8 % of them flagged
with open reviews and stories of 1–4 outlets; ``--db`` reuses an existing SQLite file. Then measures,
in the same run and on the same database:

* baseline: ``SELECT count(*)`` over articles joined with their current assessment (the least a page
  touching every article costs);
* the queue query (``dashboard.queries.queue.queue``), the overview aggregation
  (``dashboard.queries.overview.overview`` plus the per-chart sums) and the search (a common phrase, a
  rare word, an empty query listing the newest articles);
* the queue, overview and search pages run whole by Streamlit's AppTest (signed in), with the
  ``st.cache_data`` caches cleared before each run ("uncached") and as an analyst's next click sees
  them ("cached"): the server time of a page.

Target (issue 5): the queue and overview render in under a second of server time. The machine's load
(``os.getloadavg``) is printed with the figures, since other work on the machine slows them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from dashboard.queries.overview import OverviewFilter, by, overview  # noqa: E402
from dashboard.queries.queue import QueueFilter, queue  # noqa: E402
from dashboard.queries.search import COUNT_CAP, SearchFilter, search  # noqa: E402
from pipeline.review.accounts import add_user  # noqa: E402
from pipeline.storage.assessments import CURRENT  # noqa: E402
from pipeline.storage.engine import make_engine, transaction  # noqa: E402
from pipeline.storage.fulltext import search_text  # noqa: E402
from pipeline.storage.migrate import upgrade  # noqa: E402
from pipeline.storage.schema import Article, AssessmentRow, Review, Source  # noqa: E402

SOURCES = ("baohaiphong", "anninhhaiphong", "vnexpress", "tuoitre", "thanhnien", "anlao-portal", "cangxanh")
SCOPES = ("an-lao", "hai-phong", "incidental", "other")
TOPICS = ("chinh-tri", "kinh-te-dau-tu", "an-sinh-xa-hoi", "moi-truong-thien-tai", "dat-dai-quy-hoach")
TONES = ("positive", "neutral", "negative")
TEXT = "người dân xã An Lão Hải Phòng bức xúc chậm bồi thường đường giao thông cảng Lạch Huyện du lịch Cát Bà"
WORDS = TEXT.split(" ")
PASSWORD = "bench-password-123"
BATCH = 5000


def _article(i: int, rng: random.Random, start: datetime) -> tuple[dict[str, Any], dict[str, Any], bool]:
    published = start + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
    title = " ".join(rng.choices(WORDS, k=10)).capitalize()
    body = " ".join(rng.choices(WORDS, k=90))
    scope = rng.choices(SCOPES, weights=(1, 4, 2, 6))[0]
    flagged = scope in ("an-lao", "hai-phong") and rng.random() < 0.25
    article = {
        "id": f"b{i:07d}", "url": f"https://bench.example/{i}", "canonical_url": f"https://bench.example/{i}",
        "source_id": rng.choice(SOURCES), "title": title, "summary": body[:160], "body": body,
        "published_at": published, "fetched_at": published + timedelta(hours=1), "text_hash": f"{i:064d}",
        "story_id": f"s{i // rng.choice((1, 1, 1, 2, 3, 4)):07d}", "model_version": "bench-1",
        "search_text": search_text(title, body[:160], body),
    }  # fmt: skip
    assessment = {
        "article_id": article["id"], "model_version": "bench-1", "text_hash": article["text_hash"],
        "scope": scope, "places": [], "topics": rng.sample(TOPICS, k=rng.randrange(0, 3)),
        "topic_scores": {}, "tone": rng.choice(TONES), "needs_response": flagged,
        "flag_score": round(rng.uniform(0.5, 1.0) if flagged else rng.uniform(0, 0.5), 4),
        "reasons": ["complaint"] if flagged else [], "evidence": {}, "is_current": True,
    }  # fmt: skip
    return article, assessment, flagged


def generate(engine: Engine, count: int, seed: int = 7) -> None:
    """Write ``count`` synthetic articles with assessments and reviews, in batches."""
    upgrade(engine)
    rng = random.Random(seed)
    start = datetime(2025, 7, 1, tzinfo=UTC)
    with transaction(engine) as session:
        for sid in SOURCES:
            session.add(Source(id=sid, name=sid, kind="national", confidence="A"))
        add_user(session, "bench", "admin", PASSWORD, actor="bench")
    for first in range(0, count, BATCH):
        rows = [_article(i, rng, start) for i in range(first, min(first + BATCH, count))]
        with transaction(engine) as session:
            session.execute(insert(Article), [a for a, _, _ in rows])
            session.execute(insert(AssessmentRow), [s for _, s, _ in rows])
            reviews = [
                {"article_id": a["id"], "status": rng.choice(("new", "new", "in-review"))}
                for a, _, f in rows
                if f
            ]
            if reviews:
                session.execute(insert(Review), reviews)
        print(f"\r  generated {min(first + BATCH, count):,} / {count:,} articles", end="", flush=True)
    print()


def timed(label: str, repeat: int, work: Callable[[], object]) -> float:
    """Median wall time of ``work`` over ``repeat`` runs (after one warm-up), printed in ms."""
    work()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    median = statistics.median(runs)
    print(f"{label:<46} {median * 1000:9.1f} ms   (min {min(runs) * 1000:.1f}, max {max(runs) * 1000:.1f})")
    return median


def _baseline(engine: Engine) -> int:
    with transaction(engine) as session:
        query = select(func.count(Article.id)).select_from(Article).join(AssessmentRow, CURRENT)
        return int(session.scalar(query) or 0)


def _overview(engine: Engine) -> None:
    data = overview(engine, OverviewFilter())
    by(data.weekly, "source")
    for column in ("scope", "tone"):
        by(data.states, column)


def _page(db_url: str, page: str, inputs: dict[str, str], cached: bool = False) -> Callable[[], object]:
    """``page`` run whole in AppTest, signed in as an admin; caches cleared first unless ``cached``."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["PRESSMON_DATABASE_URL"] = db_url
    at = AppTest.from_file(str(ROOT / "dashboard" / "streamlit_app.py"), default_timeout=120).run()
    at.text_input(key="login_name").input("bench")
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    at.switch_page(f"app_pages/{page}.py").run()
    for key, value in inputs.items():
        at.text_input(key=key).input(value).run()

    def run() -> object:
        if not cached:
            st.cache_data.clear()
        result = at.run()
        if result.exception:
            raise RuntimeError(result.exception[0].message)
        return result

    return run


def _searcher(engine: Engine, text: str) -> Callable[[], object]:
    return lambda: search(engine, SearchFilter(text))


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


@contextlib.contextmanager
def _database(backend: str, db_path: Path | None, count: int) -> Iterator[str]:
    """The URL of a generated (or, for ``--db``, reused) database of ``count`` articles."""
    if backend == "sqlite":
        path = db_path or Path(tempfile.mkdtemp(prefix="pressmon-bench-")) / "dashboard.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            _generate_timed(make_engine(url), count, str(path))
        yield url
        return
    from tests.support.pgcluster import fresh_database, running_cluster

    with running_cluster() as admin, fresh_database(admin) as url:
        _generate_timed(make_engine(url), count, "a private PostgreSQL cluster")
        yield url


def _generate_timed(engine: Engine, count: int, where: str) -> None:
    print(f"Generating {count:,} articles into {where}")
    started = time.perf_counter()
    generate(engine, count)
    print(f"  in {time.perf_counter() - started:.1f} s")


def measure(db_url: str, repeat: int) -> None:
    """Every figure of one database, with the baseline measured in the same run."""
    engine = make_engine(db_url)
    articles = _baseline(engine)
    stories = queue(engine, QueueFilter())[1]
    print(f"Database: {articles:,} assessed articles, {stories:,} open flagged stories; {_load()}\n")
    base = timed("baseline: count articles ⋈ assessments", repeat, lambda: _baseline(engine))
    q = timed("queue query (open flagged, grouped by story)", repeat, lambda: queue(engine, QueueFilter()))
    o = timed("overview aggregations + chart sums", repeat, lambda: _overview(engine))
    for text in ("hai phong", '"bức xúc chậm"', ""):
        found = search(engine, SearchFilter(text))[1]
        many = f"over {COUNT_CAP:,}" if found > COUNT_CAP else f"{found:,}"
        timed(f"search {text or '(empty)'}: {many} found", repeat, _searcher(engine, text))
    pages = {}
    cases: dict[str, dict[str, str]] = {"queue": {}, "overview": {}, "search": {"s_text": "hai phong"}}
    for page, inputs in cases.items():
        pages[page] = timed(f"{page} page in AppTest, uncached", repeat, _page(db_url, page, inputs))
        timed(f"{page} page in AppTest, cached", repeat, _page(db_url, page, inputs, cached=True))
    print(f"\nqueue query = {q / base:.1f}× baseline, overview = {o / base:.1f}× baseline; {_load()}")
    verdict = "meet" if max(pages["queue"], pages["overview"]) < 1.0 else "MISS"
    figures = f"queue page {pages['queue'] * 1000:.0f} ms, overview page {pages['overview'] * 1000:.0f} ms"
    print(f"Target < 1000 ms server time (uncached): {figures} → {verdict}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--db", type=Path, help="SQLite file to create (or reuse when it exists)")
    args = parser.parse_args()
    if args.articles < 1 or args.repeat < 1:
        parser.error("--articles and --repeat must be positive")
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        print(f"== {backend}")
        try:
            with _database(backend, args.db, args.articles) as url:
                measure(url, args.repeat)
        except FileNotFoundError as exc:  # no PostgreSQL server binaries on this machine
            print(f"skipped: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
