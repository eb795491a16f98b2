"""The labelled development set of ../shared/data: import it whole, hold the keyword rules' scores,
and hold the trained models' scores on days they were not trained on."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from models.analyzer import Analyzer
from models.training.dataset import read_jsonl
from models.training.evaluation import evaluate_file
from models.training.train import Prepared, cv_metrics, flag_threshold, grouped_folds, out_of_fold, prepare
from pipeline.settings import load_settings
from tests.support.cli import CliRun

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


def _richest_fold(prep: Prepared) -> tuple[np.ndarray, np.ndarray]:
    # Grouped by day, one fold is the single day of general news (nearly all `other`); score the
    # fold with the most flagged items instead, so every metric has something to measure.
    def flagged(fold: tuple[np.ndarray, np.ndarray]) -> int:
        return sum(bool(prep.items[i].gold.needs_response) for i in fold[1])

    return max(grouped_folds(prep), key=flagged)


@pytest.mark.slow
def test_models_on_held_out_days_beat_the_floors(shared_data: Path) -> None:
    """One grouped fold (about a fifth of the items, on days never seen in training): the shipped
    recipe's scores on it, with floors a little under what it measured (the card has all five)."""
    analyzer = Analyzer.from_settings(load_settings(environ={}), rules_only=True)
    prep = prepare(read_jsonl(shared_data / "haiphong" / "dev.jsonl"), analyzer.gazetteer, analyzer.taxonomy)
    train, test = _richest_fold(prep)
    assert not {prep.items[i].group for i in train} & {prep.items[i].group for i in test}
    preds = out_of_fold(prep, [(train, test)])
    gold = [bool(prep.items[i].gold.needs_response) for i in sorted(preds)]
    raw = [preds[i].flag_raw for i in sorted(preds)]
    metrics = cv_metrics(prep, preds, flag_threshold(gold, raw))
    print("held-out fold:", json.dumps(metrics))
    assert metrics["items"] == len(test) == len(np.unique(test))
    assert metrics["relevant"]["f1"] >= FLOORS["relevant"]
    assert metrics["an_lao"]["f1"] >= FLOORS["an_lao"]
    assert metrics["tone_accuracy"] >= FLOORS["tone"]
    assert metrics["topics_micro_f1"] >= FLOORS["topics"]
    assert metrics["needs_response_average_precision"] >= FLOORS["needs_ap"]


# Measured on that fold (2026-12-03, with the evidence tokens and short views of issue 13, rule weight
# fixed at 2): relevant 0.947, An Lão 0.933 (7 of 8), tone 0.786, topics micro 0.803, needs AP 0.811
# (the recipe of model-202611261540 had 0.928, 0.933, 0.824, 0.810, 0.902 here; the new recipe was chosen
# by the temporal evaluation, where it gained: relevance +0.037, tone +0.022, AP +0.053). Floors a little
# under; An Lão allows one more miss.
FLOORS = {"relevant": 0.92, "an_lao": 0.85, "tone": 0.76, "topics": 0.78, "needs_ap": 0.78}
