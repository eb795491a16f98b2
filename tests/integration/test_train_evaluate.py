"""``pressmon train`` and ``evaluate`` as real subprocesses on part of the labelled dev set, and
analysts' decisions from the database used as labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.training.decisions import decision_labels
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Article, Review
from tests.support.cli import CliRun
from tests.support.files import write_jsonl

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.fixture
def dev_part(shared_data: Path, tmp_path: Path) -> Path:
    """Every third dev item (a temporary file for this test only)."""
    lines = (shared_data / "haiphong" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    part = tmp_path / "dev_part.jsonl"
    part.write_text("\n".join(lines[::3]) + "\n", encoding="utf-8")
    return part


def test_train_writes_model_and_card_then_evaluate_and_tag_use_it(
    cli: CliRun, dev_part: Path, tmp_path: Path
) -> None:
    model = tmp_path / "var" / "models" / "small.skops"
    result = cli("train", "--data", str(dev_part), "--output", str(model), "--no-cv", "--no-db-labels")
    assert result.returncode == 0, result.stderr
    card = json.loads(model.with_suffix(".card.json").read_text(encoding="utf-8"))
    assert card["data"][0]["items"] == len(dev_part.read_text(encoding="utf-8").splitlines())
    result = cli("evaluate", "--data", str(dev_part), "--model", str(model))
    assert result.returncode == 0, result.stderr
    assert f"labelling: {card['version']}" in result.stdout
    for metric in ("relevant:", "an_lao:", "topics_macro_f1:", "needs_response_average_precision:"):
        assert metric in result.stdout
    out = tmp_path / "labels.jsonl"
    result = cli("tag", "--input", str(dev_part), "--output", str(out), "--model", str(model))
    assert result.returncode == 0, result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == card["data"][0]["items"]


def test_train_cross_validates_by_day_and_scales_the_flag_from_held_out_scores(
    cli: CliRun, shared_data: Path, tmp_path: Path
) -> None:
    # Every eighth dev item: enough for five grouped folds, small enough for a loaded test machine.
    lines = (shared_data / "haiphong" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    small = tmp_path / "dev_small.jsonl"
    small.write_text("\n".join(lines[::8]) + "\n", encoding="utf-8")
    model = tmp_path / "var" / "models" / "cv.skops"
    result = cli("train", "--data", str(small), "--output", str(model), "--no-db-labels", timeout=900)
    assert result.returncode == 0, result.stderr
    assert "Grouped cross-validation (held-out days)" in result.stdout
    cv = json.loads(model.with_suffix(".card.json").read_text(encoding="utf-8"))["cross_validation"]
    assert cv["grouping"].startswith("publication day")
    assert "other folds" in cv["needs_threshold_rule"]
    # The shown flag scores at the operating points fall as recall rises.
    shown = [p["threshold"] for p in cv["needs_operating_points"]]
    assert shown == sorted(shown, reverse=True) and 0.0 < shown[-1] < shown[0] < 1.0
    assert 0.0 < cv["metrics"]["needs_response"]["recall"] <= 1.0


def test_model_path_outside_the_model_folders_is_one_clear_line(cli: CliRun, dev_part: Path) -> None:
    result = cli("evaluate", "--data", str(dev_part), "--model", "/etc/passwd")
    assert result.returncode == 2
    assert "must be a .skops file inside" in result.stderr
    assert "Traceback" not in result.stderr


def test_training_without_enough_labels_says_so(cli: CliRun, tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.jsonl"
    item = {
        "title": "Hải Phòng",
        "labels": {
            "scope": "hai-phong",
            "topics": [],
            "tone": "neutral",
            "needs_response": False,
            "reasons": [],
        },
    }
    write_jsonl(tiny, [item])
    result = cli("train", "--data", str(tiny), "--output", str(tmp_path / "var/models/t.skops"))
    assert result.returncode == 2
    assert "Too few labelled items" in result.stderr


def test_analyst_decisions_become_labels(cli: CliRun, db_url: str, dev_part: Path, tmp_path: Path) -> None:
    for args in (("init",), ("import", str(dev_part))):
        assert cli("--db", db_url, *args).returncode == 0
    engine = make_engine(db_url)
    with transaction(engine) as session:
        ids = [a.id for a in session.query(Article).limit(2)]
        session.add(Review(article_id=ids[0], status="dismissed"))
        session.add(Review(article_id=ids[1], status="response-needed"))
    labels = {x.id: x.gold for x in decision_labels(engine)}
    assert labels[ids[0]].needs_response is False
    assert labels[ids[1]].needs_response is True
    assert labels[ids[0]].scope is None
