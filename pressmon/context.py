"""What every command needs: the settings read once and the database opened with clear errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from pipeline.clock import set_local_zone
from pipeline.errors import PressmonError
from pipeline.settings import Settings, load_settings
from pipeline.storage.engine import make_engine
from pipeline.storage.migrate import current_revision


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
            set_local_zone(self._settings.timezone)
        return self._settings

    def use_database(self, url: str) -> None:
        """Work on ``url`` from now on, as if ``--db`` had named it (the demo's own database)."""
        self.overrides["database_url"] = url
        self._settings = None

    @property
    def database_url(self) -> str:
        return self.settings.effective_database_url

    def engine(self, must_exist: bool = True) -> Engine:
        """An engine for the configured database; with ``must_exist``, it must be initialised."""
        url = self.database_url
        try:
            parsed = make_url(url)
        except Exception as exc:
            raise PressmonError(f"Invalid database URL {url!r}: {exc}") from exc
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            path = Path(parsed.database)
            if must_exist and not path.exists():
                raise PressmonError(
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
        raise PressmonError(f"Cannot open database {url}: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise PressmonError(f"Cannot open database {url}: {exc}") from exc
    if revision is None:
        raise PressmonError(
            f"Database {url} has no pressmon schema yet. Create it with: pressmon --db {url} init"
        )
