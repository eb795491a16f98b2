"""Crawl runs that never finished: a crawl killed or crashed leaves its ``crawl_runs`` rows at
``running``; the next crawl (which holds the crawl lock, so no other crawl of this installation
is alive) marks them ``interrupted`` so the sources page does not show a dead run as running.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.db import CrawlRun

log = logging.getLogger(__name__)

INTERRUPTED = "interrupted"
INTERRUPTED_NOTE = "the run stopped before it finished (killed or crashed); the pages it stored are kept"


def mark_interrupted(session: Session) -> list[CrawlRun]:
    """Mark every ``running`` row ``interrupted`` (``finished_at`` stays empty: when the run died
    is unknown); returns the rows changed. Call only while holding the crawl lock."""
    rows = list(session.scalars(select(CrawlRun).where(CrawlRun.status == "running")))
    for row in rows:
        row.status = INTERRUPTED
        row.last_error = row.last_error or INTERRUPTED_NOTE
    if rows:
        log.warning("marked %d crawl run rows of an earlier run as interrupted", len(rows))
    return rows
