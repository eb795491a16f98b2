"""The tables the command line prints: a crawl run per source, and the articles per source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table

from pipeline.storage.schema import CrawlRun


def crawl_table(rows: Sequence[CrawlRun]) -> Table:
    """Per-source figures of one crawl run, with its duration and last error."""
    table = Table(title="Crawl run")
    headers = ("source", "status", "pages", "new", "upd", "same", "fail", "skip", "robots", "s", "last error")
    for header in headers:
        table.add_column(header, justify="left" if header in ("source", "status", "last error") else "right")
    for r in rows:
        seconds = (r.finished_at - r.started_at).total_seconds() if r.finished_at else 0.0
        style = {"ok": "green", "partial": "yellow"}.get(r.status, "red")
        counts = (r.fetched, r.new, r.updated, r.unchanged, r.failed, r.skipped, r.robots_skipped)
        table.add_row(
            r.source_id,
            f"[{style}]{r.status}[/]",
            *(str(v) for v in counts),
            f"{seconds:.1f}",
            (r.last_error[:80] + "…") if len(r.last_error) > 80 else r.last_error,
        )
    return table


def summary_table(rows: Sequence[dict[str, Any]]) -> Table:
    """Articles, relevant and flagged items per source (rows of ``views.counts_by_source``)."""
    table = Table(title="Articles in the database")
    for header in ("source", "articles", "about HP/An Lão", "flagged"):
        table.add_column(header, justify="left" if header == "source" else "right")
    for row in rows:
        table.add_row(row["source"], str(row["articles"]), str(row["relevant"]), str(row["flagged"]))
    table.add_row(
        "[bold]total", *(f"[bold]{sum(r[k] for r in rows)}" for k in ("articles", "relevant", "flagged"))
    )
    return table


def users_table(users: Sequence[Any]) -> Table:
    """Dashboard accounts: name, role and whether they are disabled."""
    table = Table("name", "role", "state", title="Dashboard accounts")
    for user in users:
        table.add_row(user.name, user.role, "disabled" if user.disabled else "active")
    return table


def subscriptions_table(subs: Sequence[Any], counts: Mapping[str, Any]) -> Table:
    """Alert subscriptions: who, where, what, and their deliveries waiting, sent and given up."""
    table = Table("user", "e-mail", "webhook", "scopes", "min score", "mode", "waiting", "sent", "failed")
    table.title = "Alert subscriptions"
    for sub in subs:
        count = counts.get(sub.username)
        mode = ("digest" if sub.digest else "immediate") + ("" if sub.enabled else ", off")
        if sub.quiet_start:
            mode += f", quiet {sub.quiet_start}-{sub.quiet_end}"
        table.add_row(
            sub.username,
            sub.email or "-",
            sub.webhook_url or "-",
            ", ".join(sub.scopes) or "an-lao, hai-phong",
            f"{sub.min_score:.2f}",
            mode,
            *(str(getattr(count, k, 0)) for k in ("pending", "sent", "failed")),
        )
    return table
