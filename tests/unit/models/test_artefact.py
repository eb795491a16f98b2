"""models.artefact: the shipped model file, its card, and where a model may be loaded from."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import skops.io as sio

from models.artefact import DEFAULT_MODEL, TRUSTED, card_path, check_location, load_bundle
from pipeline.errors import PressmonError


def test_shipped_model_is_small_and_holds_only_trusted_types() -> None:
    # Issue 13's budget: under 60 MB (with the LSA block the topic and tone models read, about 20 MB).
    assert DEFAULT_MODEL.stat().st_size < 60_000_000
    assert set(sio.get_untrusted_types(file=DEFAULT_MODEL)) <= set(TRUSTED)


def test_card_names_data_hashes_labels_libraries_and_cv_scores() -> None:
    card = json.loads(card_path(DEFAULT_MODEL).read_text(encoding="utf-8"))
    assert card["version"] == load_bundle(DEFAULT_MODEL)["meta"]["version"]
    assert all(len(source["sha256"]) == 64 for source in card["data"] if "sha256" in source)
    assert card["label_counts"]["scope"]["other"] > 0
    assert {"scikit-learn", "skops", "underthesea"} <= set(card["libraries"])
    assert card["cross_validation"]["grouping"].startswith("publication day")
    metrics = card["cross_validation"]["metrics"]
    assert 0.0 < metrics["relevant"]["f1"] <= 1.0
    assert 0.0 < card["thresholds"]["needs_threshold"] < 1.0


def test_flag_model_reads_the_text_and_evidence_not_rule_signals_and_its_score_is_scaled() -> None:
    bundle = load_bundle(DEFAULT_MODEL)
    # The rule signals made the flag model learn artefacts of the training set; the evidence tokens
    # (officials as actors, public-safety incidents, police-success reports...) are weighed instead.
    assert bundle["blocks"]["needs"] == ["syllables", "evidence"]
    assert "signals" in bundle["blocks"]["scope"]
    slope, _ = bundle["meta"]["flag_scale"]
    assert slope > 0  # a higher ranking score is always a higher shown score


def test_model_outside_the_project_folders_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match=r"must be a \.skops file inside"):
        check_location(tmp_path / "evil.skops", tmp_path / "var")
    with pytest.raises(PressmonError, match=r"must be a \.skops file inside"):
        check_location(DEFAULT_MODEL.with_suffix(".pkl"), tmp_path / "var")
    check_location(tmp_path / "var" / "models" / "mine.skops", tmp_path / "var")


def test_a_model_holding_an_untrusted_type_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "odd.skops"
    sio.dump({"meta": {}, "odd": Fraction(1, 3)}, path)
    with pytest.raises(PressmonError, match="does not trust"):
        load_bundle(path)
