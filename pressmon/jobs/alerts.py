"""Sending the alerts' outbox from the command line and after each run that queues alerts."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.engine import Engine

from pipeline.alerts.deliver import SendSummary, send_due
from pipeline.storage.schema import AlertSubscription
from pipeline.taxonomy import load_taxonomy
from pressmon.context import AppContext

log = logging.getLogger(__name__)


def send_alerts(app_ctx: AppContext, engine: Engine) -> SendSummary:
    """Queue overdue-review alerts and send every delivery due (a no-op without subscriptions)."""
    with engine.connect() as conn:
        if conn.scalar(select(AlertSubscription.username).limit(1)) is None:
            return SendSummary(0, 0, 0)
    reasons = load_taxonomy(app_ctx.settings.taxonomy).reasons
    summary = send_due(engine, app_ctx.settings.alerts, reasons)
    log.info("alerts: %d sent, %d failed, %d overdue queued", summary.sent, summary.failed, summary.queued)
    return summary
