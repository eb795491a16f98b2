"""The labelled development set of ../shared/data: import it whole, hold the keyword rules' scores,
and hold the trained models' scores on days they were not trained on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.dataset import read_jsonl
from models.train import cv_metrics, flag_threshold, grouped_folds, out_of_fold, prepare
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


def test_keyword_rules_scores_do_not_regress(shared_data: Path) -> None:
    analyzer = Analyzer.from_settings(load_settings(environ={}), rules_only=True)
    metrics = evaluate_file(analyzer, shared_data / "haiphong" / "dev.jsonl")
    # Floors a little under what the keyword rules measured (issue notes).
    assert metrics["scope_accuracy"] >= 0.84
    assert metrics["relevant"]["f1"] >= 0.80
    assert metrics["an_lao"]["precision"] >= 0.95
    assert metrics["needs_response"]["precision"] >= 0.65
    assert metrics["topics_micro_f1"] >= 0.65


@pytest.mark.slow
def test_models_on_held_out_days_beat_the_floors(shared_data: Path) -> None:
    """One grouped fold (a fifth of the days, never seen in training): the shipped recipe's
    scores on it, with floors a little under what it measured (see the model card for all five)."""
    analyzer = Analyzer.from_settings(load_settings(environ={}), rules_only=True)
    prep = prepare(read_jsonl(shared_data / "haiphong" / "dev.jsonl"), analyzer.gazetteer, analyzer.taxonomy)
    train, test = grouped_folds(prep)[0]
    assert not {prep.items[i].group for i in train} & {prep.items[i].group for i in test}
    preds = out_of_fold(prep, [(train, test)])
    gold = [bool(prep.items[i].gold.needs_response) for i in sorted(preds)]
    threshold = flag_threshold(gold, [preds[i].flag_score for i in sorted(preds)])
    metrics = cv_metrics(prep, preds, threshold)
    assert metrics["items"] == len(test) == len(np.unique(test))
    assert metrics["relevant"]["f1"] >= FLOORS["relevant"]
    assert metrics["an_lao"]["f1"] >= FLOORS["an_lao"]
    assert metrics["tone_accuracy"] >= FLOORS["tone"]
    assert metrics["topics_micro_f1"] >= FLOORS["topics"]
    assert metrics["needs_response_average_precision"] >= FLOORS["needs_ap"]


FLOORS = {"relevant": 0.85, "an_lao": 0.7, "tone": 0.72, "topics": 0.76, "needs_ap": 0.7}
