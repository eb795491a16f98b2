"""Logging of the command line: to stderr through rich, and to a rotating file for cron jobs.

Only entry points configure logging.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from rich.logging import RichHandler

from pressmon.console import err_console


def _without_traceback(record: logging.LogRecord) -> bool:
    """Keep the message of a failed download and drop its traceback: Scrapy's robots.txt
    middleware logs one for every unreachable site (a dead DNS name, say), which is an expected
    event the crawl table reports; -vv shows them."""
    if record.name.startswith("scrapy.") and record.exc_info:
        record.exc_info = None
        record.exc_text = None
    return True


def configure_logging(verbosity: int) -> None:
    """Log to stderr through rich; -v for INFO, -vv for DEBUG, -q for errors only."""
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = RichHandler(console=err_console, show_path=False)
    # The level sits on the handler too: Scrapy resets the root logger's level when it starts.
    handler.setLevel(level)
    if verbosity < 2:
        handler.addFilter(_without_traceback)
    logging.basicConfig(level=level, format="%(message)s", handlers=[handler], force=True)
    for noisy in ("scrapy", "twisted", "trafilatura", "htmldate", "filelock", "alembic"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


def log_dir(var_dir: Path) -> Path:
    """Where the cron jobs log: ``<var_dir>/logs`` (``pressmon init`` creates it for the crontab)."""
    return var_dir / "logs"


def log_to_file(path: Path) -> None:
    """Also log INFO and above to ``path``, rotated (the cron jobs' log)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=5_000_000, backupCount=10, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level, logging.INFO))
