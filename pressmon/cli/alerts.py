"""``pressmon alerts``: who is told what, and sending what is due (for administrators and cron)."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.storage import alerts as store
from pipeline.storage.engine import transaction
from pipeline.taxonomy import RELEVANT_SCOPES
from pressmon.cli.options import context
from pressmon.console import console
from pressmon.jobs.alerts import send_alerts
from pressmon.tables import subscriptions_table

_SCOPE_HELP = f"{' or '.join(RELEVANT_SCOPES)} (repeat; both by default)."

app = typer.Typer(help="Alerts by e-mail and webhook: subscriptions and sending.", no_args_is_help=True)


@app.command("subscribe")
def alerts_subscribe(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="A dashboard account.")],
    email: Annotated[str, typer.Option("--email", help="Address the alerts are mailed to.")] = "",
    webhook: Annotated[str, typer.Option("--webhook", help="URL the alerts are POSTed to as JSON.")] = "",
    scope: Annotated[
        list[str] | None,
        typer.Option("--scope", help=f"{' or '.join(RELEVANT_SCOPES)} (repeat; default both)."),
    ] = None,
    topic: Annotated[
        list[str] | None, typer.Option("--topic", help="Topic code (repeat; default all).")
    ] = None,
    min_score: Annotated[
        float, typer.Option("--min-score", help="Lowest flag score alerted (0 to 1).")
    ] = 0.0,
    digest: Annotated[
        bool, typer.Option("--digest", help="One message a day instead of one per alert.")
    ] = False,
    quiet: Annotated[str, typer.Option("--quiet", help="Quiet hours, e.g. 22:00-06:00 (local time).")] = "",
) -> None:
    """Create or replace a user's alert subscription."""
    with transaction(context(ctx).engine()) as session:
        store.subscribe(
            session,
            user,
            email=email,
            webhook_url=webhook,
            scopes=scope or [],
            topics=topic or [],
            min_score=min_score,
            digest=digest,
            quiet=quiet,
            actor="cli",
        )
    console.print(f"{user} is subscribed to alerts.")


@app.command("unsubscribe")
def alerts_unsubscribe(ctx: typer.Context, user: str) -> None:
    """Stop a user's alerts."""
    with transaction(context(ctx).engine()) as session:
        store.unsubscribe(session, user, actor="cli")
    console.print(f"{user} no longer receives alerts.")


@app.command("list")
def alerts_list(ctx: typer.Context) -> None:
    """List subscriptions with their deliveries waiting, sent and given up."""
    with transaction(context(ctx).engine()) as session:
        console.print(subscriptions_table(store.subscriptions(session), store.delivery_counts(session)))


@app.command("send")
def alerts_send(ctx: typer.Context) -> None:
    """Send every alert due (overdue reviews included); `process` and `weekly` do this themselves."""
    app_ctx = context(ctx)
    summary = send_alerts(app_ctx, app_ctx.engine())
    console.print(f"Alerts: {summary.sent} sent, {summary.failed} failed (retried later).")
