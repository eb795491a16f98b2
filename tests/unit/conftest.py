"""Fixtures of the unit tests: project paths, a frozen Vietnamese clock, the real gazetteer and taxonomy,
an empty migrated SQLite database.

Names are distinct from those of ``tests/conftest.py`` so that neither file shadows the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from pipeline.storage.engine import make_engine
from pipeline.storage.migrate import upgrade
from pipeline.taxonomy import Taxonomy, load_taxonomy
from pipeline.understand.gazetteer import Gazetteer, load_gazetteer

UNIT_PROJECT_ROOT = Path(__file__).resolve().parents[2]
UNIT_DATA_DIR = UNIT_PROJECT_ROOT / "data"
UNIT_SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def frozen_now() -> datetime:
    """A frozen, timezone-aware "now" in Vietnam: Wednesday 14 October 2026, 10:00 (+07:00)."""
    return datetime(2026, 10, 14, 10, 0, tzinfo=VIETNAM)


@pytest.fixture
def data_dir() -> Path:
    """The project's ``data/`` folder."""
    return UNIT_DATA_DIR


@pytest.fixture
def shared_dir() -> Path:
    """``../shared/data`` beside the project, or a skip explaining that it is absent."""
    if not UNIT_SHARED_DATA.is_dir():
        pytest.skip(
            f"shared data folder {UNIT_SHARED_DATA} is absent; this test reads real publishers' pages"
        )
    return UNIT_SHARED_DATA


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The real ``data/gazetteer.yaml``."""
    return load_gazetteer(UNIT_DATA_DIR / "gazetteer.yaml")


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    """The real ``data/taxonomy.yaml``."""
    return load_taxonomy(UNIT_DATA_DIR / "taxonomy.yaml")


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty SQLite database at the schema's head (test files with their own data override it)."""
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()
