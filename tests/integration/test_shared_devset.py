"""The labelled development set of ../shared/data: import it whole and hold the first-level scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluation import evaluate_file
from pipeline.process import Analyzer
from pressmon.settings import load_settings
from tests.conftest import CliRun

pytestmark = pytest.mark.shared


def test_dev_set_imports_and_processes(cli: CliRun, db_url: str, shared_data: Path, tmp_path: Path) -> None:
    dev = shared_data / "haiphong" / "dev.jsonl"
    for args in (("init",), ("import", str(dev)), ("process",)):
        result = cli("--db", db_url, *args)
        assert result.returncode == 0, result.stderr
    assert "Processed 1120 articles" in result.stdout


def test_first_level_scores_do_not_regress(shared_data: Path) -> None:
    metrics = evaluate_file(
        Analyzer.from_settings(load_settings(environ={})), shared_data / "haiphong" / "dev.jsonl"
    )
    # Floors a little under what the keyword rules measured (issue notes); trained models raise them.
    assert metrics["scope_accuracy"] >= 0.84
    assert metrics["relevant"]["f1"] >= 0.80
    assert metrics["an_lao"]["precision"] >= 0.95
    assert metrics["needs_response"]["precision"] >= 0.65
    assert metrics["topics_micro_f1"] >= 0.65
