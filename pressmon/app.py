"""What every command needs: the settings read once, the database opened with clear errors, output.

Only entry points configure logging (:func:`configure_logging`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.logging import RichHandler
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from pipeline.db import make_engine
from pipeline.migrate import current_revision
from pressmon.errors import UserError
from pressmon.settings import Settings, load_settings

console = Console()
err_console = Console(stderr=True)


@dataclass
class AppContext:
    """Global options of the command line and the settings they produce."""

    overrides: dict[str, Any] = field(default_factory=dict)
    config_file: Path | None = None
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """The settings, read on first use and then kept."""
        if self._settings is None:
            self._settings = load_settings(self.overrides, self.config_file)
        return self._settings

    @property
    def database_url(self) -> str:
        return self.settings.effective_database_url

    def engine(self, must_exist: bool = True) -> Engine:
        """An engine for the configured database; with ``must_exist``, it must be initialised."""
        url = self.database_url
        try:
            parsed = make_url(url)
        except Exception as exc:
            raise UserError(f"Invalid database URL {url!r}: {exc}") from exc
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            path = Path(parsed.database)
            if must_exist and not path.exists():
                raise UserError(
                    f"Database file {path} does not exist. Create it with: pressmon --db {url} init"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(url)
        if must_exist:
            check_initialised(engine, url)
        return engine


def check_initialised(engine: Engine, url: str) -> None:
    """Raise a clear error when the database cannot be reached or has no schema yet."""
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        raise UserError(f"Cannot open database {url}: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise UserError(f"Cannot open database {url}: {exc}") from exc
    if revision is None:
        raise UserError(
            f"Database {url} has no pressmon schema yet. Create it with: pressmon --db {url} init"
        )


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
