"""``pressmon demo``: serve the bundled demo site, crawl it into the demo database, process, summarise."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pipeline.registry import load_registry
from pipeline.storage.engine import transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.views import counts_by_source
from pressmon.console import console
from pressmon.context import AppContext
from pressmon.demo_site import DEMO_REGISTRY, serve_demo_site
from pressmon.jobs.crawl import CrawlResult, crawl, sources_in_force
from pressmon.jobs.process import process
from pressmon.tables import summary_table


def demo(app_ctx: AppContext, port: int) -> CrawlResult:
    """Serve the demo site, crawl it into the demo database, process and print the summary."""
    if "database_url" not in app_ctx.overrides and not os.environ.get("PRESSMON_DATABASE_URL"):
        app_ctx.use_database(f"sqlite:///{app_ctx.settings.var_dir / 'demo.db'}")
    engine = app_ctx.engine(must_exist=False)
    upgrade(engine)
    with serve_demo_site(port) as base_url:
        console.print(f"Demo site serving at {base_url}")
        registry = load_registry(DEMO_REGISTRY, base_url=base_url)
        result = crawl(
            app_ctx,
            sources_in_force(app_ctx, registry),
            since=None,
            settings_overrides={"allow_private_addresses": True, "download_delay": 0.0},
        )
    summary = process(app_ctx, engine)
    console.print(f"Processed {summary.processed} new articles in {summary.seconds:.1f} s.")
    with transaction(engine) as session:
        console.print(summary_table(counts_by_source(session)))
    console.print(
        f"Open the dashboard on this database with:\n  {self_command()} --db {app_ctx.database_url} dashboard"
    )
    return result


def self_command() -> str:
    """How this pressmon was started, so printed commands work without an activated venv."""
    script = Path(sys.argv[0])
    return str(script) if script.name == "pressmon" else f"{sys.executable} -m pressmon"
