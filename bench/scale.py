"""Benchmark: pressmon on a large database (default 1,000,000 articles), SQLite and PostgreSQL.

Usage: ``.venv/bin/python bench/scale.py [--n 1000000] [--new 10000] [--backend sqlite|postgresql|both]``

Fills a database with synthetic articles built from the shared corpora (``../shared/data/corpora``,
read, never copied), then measures: importing ``--new`` fresh items through the import path, processing
that new part, re-running ``process`` on the unchanged database (must do no work), re-assessing the new
part as a new model version would (its segmentations and story signatures read from the database, not
recomputed), the review-queue query, and exporting one quarter. The baseline, measured in the same
run, is the raw bulk insert of the fill and a full ``count(*)`` scan. PostgreSQL runs on a private
throw-away cluster (Debian's server).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from models.analyzer import Analyzer  # noqa: E402
from pipeline.collect.importer import load_items, to_record  # noqa: E402
from pipeline.report.export import write_records  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402
from pipeline.storage.articles import text_hash, upsert_article  # noqa: E402
from pipeline.storage.assessments import IS_CURRENT  # noqa: E402
from pipeline.storage.engine import make_engine, transaction  # noqa: E402
from pipeline.storage.fulltext import search_text  # noqa: E402
from pipeline.storage.migrate import upgrade  # noqa: E402
from pipeline.storage.schema import Article, AssessmentRow  # noqa: E402
from pipeline.storage.views import iter_records  # noqa: E402
from pipeline.understand.process import process_articles  # noqa: E402

CORPORA = ROOT.parent / "shared" / "data" / "corpora"
START = datetime(2025, 1, 1, tzinfo=UTC)
SCOPES = ("an-lao", "hai-phong", "incidental", "other", "other", "other")


def _texts() -> list[str]:
    texts = []
    for path in (CORPORA / "vntc10" / "train.jsonl", CORPORA / "baomoi_tc201805" / "sample.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.append(row.get("text") or f"{row.get('title', '')}. {row.get('summary', '')}")
    return texts


def _timed(label: str, seconds: float, count: int, unit: str = "items") -> float:
    rate = count / seconds if seconds else float("inf")
    print(f"  {label:<34} {seconds:9.2f} s  {rate:12,.0f} {unit}/s  (n={count:,})")
    return seconds


def _fill(engine: Engine, n: int, texts: list[str], rng: random.Random) -> None:
    version = "bench-fill"
    chunk = 5000
    for start in range(0, n, chunk):
        articles, assessments = [], []
        for i in range(start, min(n, start + chunk)):
            body = texts[i % len(texts)]
            when = START + timedelta(minutes=i % (365 * 24 * 60))
            aid = f"{i:032x}"
            title = body[:80]
            articles.append(
                {
                    "id": aid,
                    "url": f"https://bench.example/{i}.html",
                    "canonical_url": f"https://bench.example/{i}.html",
                    "source_id": f"src{i % 20}",
                    "title": title,
                    "summary": "",
                    "body": body,
                    # As the crawler stores it, so the full-text index is as large as in real use.
                    "search_text": search_text(title, "", body),
                    "byline": "",
                    "published_at": when,
                    "published_method": "meta",
                    "fetched_at": when,
                    "language": "vi",
                    "text_hash": text_hash(title, body),
                    "extraction_method": "bench",
                    "feed": {},
                    "processed_at": when,
                    "model_version": version,
                    "revision": 1,
                    "created_at": when,
                    "updated_at": when,
                }
            )
            scope = rng.choice(SCOPES)
            flagged = scope in ("an-lao", "hai-phong") and rng.random() < 0.08
            assessments.append(
                {
                    "article_id": aid,
                    "model_version": version,
                    "text_hash": "x",
                    "scope": scope,
                    "places": [],
                    "topics": [],
                    "topic_scores": {},
                    "tone": "neutral",
                    "needs_response": flagged,
                    "flag_score": rng.random() if flagged else 0.0,
                    "reasons": [],
                    "evidence": {},
                    "is_current": True,
                    "created_at": when,
                }
            )
        with engine.begin() as conn:
            conn.execute(insert(Article), articles)
            conn.execute(insert(AssessmentRow), assessments)


def _new_items(path: Path, k: int, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(k):
            body = texts[(i * 7) % len(texts)]
            fh.write(
                json.dumps(
                    {
                        "url": f"https://bench.example/new-{i}.html",
                        "source": "bench",
                        "title": body[:80],
                        "body": body,
                        "published": (START + timedelta(days=400, minutes=i)).isoformat(),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    return path


def _queue(engine: Engine) -> int:
    query = (
        select(Article.id, Article.title, AssessmentRow.flag_score)
        .join(AssessmentRow, AssessmentRow.article_id == Article.id)
        .where(IS_CURRENT, AssessmentRow.needs_response.is_(True))
        .order_by(AssessmentRow.flag_score.desc(), Article.published_at.desc())
        .limit(50)
    )
    with engine.connect() as conn:
        return len(conn.execute(query).all())


def run(engine: Engine, n: int, k: int, workdir: Path) -> None:
    """All measurements on one backend."""
    rng, texts = random.Random(7), _texts()
    upgrade(engine)
    started = time.perf_counter()
    _fill(engine, n, texts, rng)
    _timed("baseline: bulk fill", time.perf_counter() - started, n)
    started = time.perf_counter()
    with engine.connect() as conn:
        conn.execute(select(func.count()).select_from(Article)).scalar()
    _timed("baseline: count(*) scan", time.perf_counter() - started, n, "rows")
    items = load_items(_new_items(workdir / "new.jsonl", k, texts))
    started = time.perf_counter()
    with transaction(engine) as session:
        for loaded in items:
            upsert_article(session, to_record(loaded, datetime.now(UTC)))
    _timed("import new items", time.perf_counter() - started, k)
    analyzer = Analyzer.from_settings(load_settings(environ={}))
    with engine.begin() as conn:  # the fill's articles count as processed by this version
        conn.execute(
            Article.__table__.update()
            .where(Article.model_version == "bench-fill")
            .values(model_version=analyzer.version)
        )
    started = time.perf_counter()
    summary = process_articles(engine, analyzer)
    first = _timed("process the new part", time.perf_counter() - started, summary.processed)
    started = time.perf_counter()
    again = process_articles(engine, analyzer)
    _timed("process again (nothing new)", time.perf_counter() - started, n + k, "articles checked")
    assert again.processed == 0
    with engine.begin() as conn:  # a new model version: the new part is due again, its text unchanged
        conn.execute(
            Article.__table__.update().where(Article.source_id == "bench").values(model_version="older")
        )
    started = time.perf_counter()
    retag = process_articles(engine, analyzer)
    seconds = _timed("re-assess it (new model version)", time.perf_counter() - started, retag.processed)
    print(f"  {'':<34} {first / seconds:9.2f}x faster than processing it the first time")
    started = time.perf_counter()
    _queue(engine)
    _timed("review queue query (top 50)", time.perf_counter() - started, 1, "queries")
    started = time.perf_counter()
    with transaction(engine) as session:
        count = write_records(
            iter_records(session, START, START + timedelta(days=90)), workdir / "q.jsonl", "jsonl"
        )
    _timed("export one quarter", time.perf_counter() - started, count, "records")


@contextmanager
def _database(backend: str, workdir: Path) -> Iterator[Engine]:
    if backend == "sqlite":
        yield make_engine(f"sqlite:///{workdir / 'scale.db'}")
        return
    from tests.support.pgcluster import fresh_database, running_cluster

    with running_cluster() as admin, fresh_database(admin) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"skipped: {CORPORA} is absent")
        return 0
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        print(f"{backend}: {args.n:,} articles, {args.new:,} new")
        with tempfile.TemporaryDirectory() as tmp, _database(backend, Path(tmp)) as engine:
            run(engine, args.n, args.new, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
