"""``pressmon recheck``: fetch the items of open and responded cases again and record what their outlets
did (unchanged, edited, removed; failed fetches are tried again next time), alerting on edits and
removals. ``pressmon poll`` runs it at most every ``[crawl] recheck_minutes``.

The fetching is a Scrapy crawl (``crawlers.recheck``: robots.txt, delays, the sources' domains, the
private-address rule) under the crawl lock; in a poll that has crawled, in a child process (Twisted's
reactor starts once per process).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from multiprocessing import get_context

from sqlalchemy import func, select

from crawlers.recheck import RecheckTarget
from crawlers.runner import run_recheck
from pipeline.clock import set_local_zone, utcnow
from pipeline.errors import PressmonError
from pipeline.registry import SourceConfig, load_registry
from pipeline.settings import Settings
from pipeline.storage import cases as case_store
from pipeline.storage.engine import transaction
from pipeline.storage.schema import CaseCheck
from pipeline.storage.sources import choose_sources
from pressmon.console import console
from pressmon.context import AppContext
from pressmon.jobs.alerts import send_alerts
from pressmon.locks import CRAWL_LOCK, held

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecheckSummary:
    """How many items were rechecked and what was found (``ran`` False: not due, nothing done)."""

    ran: bool
    items: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def _targets(app_ctx: AppContext) -> tuple[list[RecheckTarget], list[SourceConfig]]:
    """The items of followed cases (one target per article, naming each case holding it), and the
    sources in force."""
    registry = load_registry(app_ctx.settings.sources)
    with transaction(app_ctx.engine()) as session:
        sources = choose_sources(session, registry).sources
        rows = case_store.to_recheck(session)
    cases: dict[str, list[int]] = {}
    facts: dict[str, tuple[str, str, dict[str, str]]] = {}
    for case_id, aid, url, source_id, feed in rows:
        cases.setdefault(aid, []).append(case_id)
        facts[aid] = (url, source_id, feed)
    targets = [
        RecheckTarget(aid, *facts[aid][:2], tuple(ids), facts[aid][2]) for aid, ids in sorted(cases.items())
    ]
    return targets, sources


def _child(
    settings: Settings, database_url: str, targets: list[RecheckTarget], sources: list[SourceConfig]
) -> None:
    set_local_zone(settings.timezone)
    run_recheck(settings, database_url, targets, sources, settings.alerts)


def _counts(app_ctx: AppContext, since: datetime) -> dict[str, int]:
    with transaction(app_ctx.engine()) as session:
        query = (
            select(CaseCheck.outcome, func.count(func.distinct(CaseCheck.article_id)))
            .where(CaseCheck.checked_at >= since)
            .group_by(CaseCheck.outcome)
        )
        return {outcome: n for outcome, n in session.execute(query)}


def recheck(app_ctx: AppContext, due_only: bool = False, in_child: bool = False) -> RecheckSummary:
    """Recheck every item of the open and responded cases, then send the alerts raised. With
    ``due_only`` (a poll), only when the last recheck is ``[crawl] recheck_minutes`` old or more; with
    ``in_child``, in a child process (this one has run a crawl: its reactor cannot start again)."""
    settings = app_ctx.settings
    engine = app_ctx.engine()
    started = utcnow()
    if due_only:
        with transaction(engine) as session:
            last = case_store.last_check_at(session)
        if last is not None and started - last < timedelta(minutes=settings.crawl.recheck_minutes):
            return RecheckSummary(False)
    targets, sources = _targets(app_ctx)
    if not targets:
        if not due_only:
            console.print("No item of an open or responded case to recheck.")
        return RecheckSummary(True)
    with held(settings.var_dir, CRAWL_LOCK, "recheck"):
        if in_child:
            child = get_context("spawn").Process(
                target=_child,
                args=(settings, app_ctx.database_url, targets, sources),
                name="pressmon-recheck",
            )
            child.start()
            child.join()
            if child.exitcode != 0:
                raise PressmonError(
                    f"The recheck stopped early (exit {child.exitcode}); what it found is kept."
                )
        else:
            run_recheck(settings, app_ctx.database_url, targets, sources, settings.alerts)
    outcomes = _counts(app_ctx, started)
    said = Counter(outcomes)
    console.print(
        f"Rechecked {len(targets)} case items: {said['unchanged']} unchanged, {said['edited']} edited, "
        f"{said['removed']} removed, {said['failed']} failed."
    )
    log.info("recheck: %d items, %s", len(targets), dict(said))
    send_alerts(app_ctx, engine)
    return RecheckSummary(True, len(targets), outcomes)
