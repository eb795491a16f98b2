"""Fixtures shared by all tests: the data folders, the frozen clock, the real gazetteer and taxonomy,
databases (a migrated SQLite engine, fresh URLs on SQLite and PostgreSQL, the demo database built once per
session by the real CLI) and command-line runs.

Helpers they are built from live in :mod:`tests.support`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.storage.engine import make_engine
from pipeline.storage.migrate import upgrade
from pipeline.taxonomy import Taxonomy, load_taxonomy
from pipeline.understand.gazetteer import Gazetteer, load_gazetteer
from tests.support.cli import CliRun, make_cli
from tests.support.clock import FROZEN_NOW
from tests.support.dashboard import build_demo
from tests.support.paths import DATA_DIR, SHARED_DATA
from tests.support.pgcluster import find_bin_dir, fresh_database, running_cluster


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or a skip saying why when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"shared data folder {SHARED_DATA} is absent; these tests read real publishers' text from it"
        )
    return SHARED_DATA


@pytest.fixture
def data_dir() -> Path:
    """The project's ``data/`` folder."""
    return DATA_DIR


@pytest.fixture
def frozen_now() -> datetime:
    """A frozen, timezone-aware "now" in Vietnam: Wednesday 14 October 2026, 10:00 (+07:00)."""
    return FROZEN_NOW


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The real ``data/gazetteer.yaml``."""
    return load_gazetteer(DATA_DIR / "gazetteer.yaml")


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    """The real ``data/taxonomy.yaml``."""
    return load_taxonomy(DATA_DIR / "taxonomy.yaml")


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty SQLite database at the schema's head (test files with their own data override it)."""
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """An ORM session on ``engine`` whose objects stay readable after a commit."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A private PostgreSQL cluster for the whole session, or a skip saying what is missing."""
    if find_bin_dir() is None:
        pytest.skip(
            "PostgreSQL server binaries not found: install Debian's postgresql package (.ci/run does)"
        )
    with running_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, uninitialised database URL on each backend pressmon supports."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pressmon.db'}"
        return
    with fresh_database(request.getfixturevalue("pg_admin_url")) as url:
        yield url


@pytest.fixture
def backend_engine(backend_url: str) -> Iterator[Engine]:
    """An engine on an empty database at the schema's head, on each backend pressmon supports."""
    engine = make_engine(backend_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """URL of a fresh SQLite file (not yet initialised)."""
    return f"sqlite:///{tmp_path / 'pressmon.db'}"


@pytest.fixture
def cli(tmp_path: Path) -> CliRun:
    """Run the command line as a subprocess in the test's temporary folder."""
    return make_cli(tmp_path)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database with its accounts, built once per test session (copy it before writing)."""
    return build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> str:
    """URL of a private copy of the demo database."""
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    return f"sqlite:///{target}"
