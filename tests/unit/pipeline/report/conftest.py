"""Fixtures of the report tests: a synthetic database with two quarters of assessed items, and the
content of a whole quarterly report."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from pipeline.report.content import ReportContent
from pipeline.report.period import parse_quarter
from pipeline.settings import DATA_DIR
from tests.support.clock import REPORT_NOW
from tests.support.synthetic_reports import report_content, synthetic_database


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """A database with 120 assessed items in 2026Q2 and 60 in 2026Q1 (instead of an empty one)."""
    counts = {parse_quarter("2026Q2"): 120, parse_quarter("2026Q1"): 60}
    return synthetic_database(f"sqlite:///{tmp_path / 'r.db'}", counts, DATA_DIR / "sources.yaml")


@pytest.fixture(scope="session")
def content(tmp_path_factory: pytest.TempPathFactory) -> ReportContent:
    """The 2026Q2 report's content over 300 items (100 in 2026Q1), as previewed on 2 July 2026."""
    return report_content(tmp_path_factory.mktemp("render"), parse_quarter("2026Q2"), REPORT_NOW)
