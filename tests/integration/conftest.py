"""Fixtures of the integration tests: the demo database, built once per session by the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.dashboard import build_demo


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test session (copy it before writing)."""
    return build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> str:
    """URL of a private copy of the demo database."""
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    return f"sqlite:///{target}"
