"""The sources page: the registry with each source's last crawl, counts and error."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from pipeline.clock import iso_local
from pipeline.storage import crawl_runs
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article, Source


def sources_table(engine: Engine) -> pd.DataFrame:
    """The registry with last crawl, article counts and the latest run's counts and error per source."""
    with transaction(engine) as session:
        counts = dict(
            session.execute(
                select(Article.source_id, func.count(Article.id)).group_by(Article.source_id)
            ).all()
        )
        runs = crawl_runs.latest_by_source(session)
        rows = []
        for src in session.scalars(select(Source).order_by(Source.id)):
            run = runs.get(src.id)
            rows.append(
                {
                    "id": src.id,
                    "name": src.name,
                    "kind": src.kind,
                    "confidence": src.confidence,
                    "enabled": src.enabled,
                    "last_crawl": iso_local(src.last_crawl_at),
                    "last_status": src.last_status,
                    "articles": int(counts.get(src.id, 0)),
                    "fetched": run.fetched if run else 0,
                    "new": run.new if run else 0,
                    "failed": run.failed if run else 0,
                    "last_error": run.last_error if run else "",
                }
            )
    return pd.DataFrame(rows)
