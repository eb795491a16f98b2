"""Fixtures shared by all tests: paths, the shared data folder, a frozen Vietnamese clock, CLI runs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.clock import DEFAULT_ZONE, zone_named
from tests.support.pgcluster import find_bin_dir, fresh_database, running_cluster

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or a skip saying why when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"shared data folder {SHARED_DATA} is absent; these tests read real publishers' text from it"
        )
    return SHARED_DATA


@pytest.fixture
def vn_now() -> datetime:
    """A frozen, timezone-aware crawl time in Vietnam."""
    return datetime(2026, 11, 26, 10, 0, tzinfo=zone_named(DEFAULT_ZONE))


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
def db_url(tmp_path: Path) -> str:
    """URL of a fresh SQLite file (not yet initialised)."""
    return f"sqlite:///{tmp_path / 'pressmon.db'}"


CliRun = Callable[..., subprocess.CompletedProcess[str]]


def cli_env(workdir: Path) -> dict[str, str]:
    """This environment without stray ``PRESSMON_*`` variables, with ``workdir/var`` as the var folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSMON_")}
    return {**env, "PRESSMON_VAR_DIR": str(workdir / "var"), "COLUMNS": "200", "NO_COLOR": "1"}


def make_cli(workdir: Path) -> CliRun:
    """Runs ``python -m pressmon ARGS`` as a real subprocess in ``workdir``, with a clean environment."""
    base_env = cli_env(workdir)

    def run(
        *args: str, env: dict[str, str] | None = None, stdin: str | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pressmon", *args],
            cwd=workdir,
            env={**base_env, **(env or {})},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def cli(tmp_path: Path) -> CliRun:
    """Run the command line as a subprocess in the test's temporary folder."""
    return make_cli(tmp_path)
