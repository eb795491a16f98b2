"""models.analyzer: the assessor ``pressmon process`` runs, the trained models or the keyword rules alone."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest

import models.analyzer
from models.analyzer import Analyzer
from models.artefact import DEFAULT_MODEL
from models.inference import ModelAssessor
from pipeline.errors import PressmonError
from pipeline.settings import Settings, load_settings
from pipeline.understand import rules
from tests.support.texts import COMPLAINT, ELSEWHERE, TOURISM, dated


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Default settings with an empty var folder (no retrained model), read in an empty folder."""
    monkeypatch.chdir(tmp_path)
    return load_settings(overrides={"var_dir": tmp_path / "var", "flag_threshold": 0.6}, environ={})


def test_rules_only_label_with_the_keyword_rules_and_the_threshold(
    settings: Settings, frozen_now: datetime
) -> None:
    analyzer = Analyzer.from_settings(settings, rules_only=True)
    assert analyzer.model is None and analyzer.threshold == 0.6
    assert analyzer.version == rules.rules_version(analyzer.gazetteer, analyzer.taxonomy)
    items = [dated(x, frozen_now) for x in (COMPLAINT, TOURISM, ELSEWHERE)]
    expected = [rules.assess(x, analyzer.gazetteer, analyzer.taxonomy, 0.6) for x in items]
    assert analyzer.assess_many(items) == expected
    assert analyzer.assess(items[0]) == expected[0]


def test_without_a_retrained_model_the_shipped_one_labels(settings: Settings, frozen_now: datetime) -> None:
    analyzer = Analyzer.from_settings(settings)
    shipped = ModelAssessor.load(DEFAULT_MODEL, analyzer.gazetteer, analyzer.taxonomy)
    assert analyzer.model is not None and analyzer.model.bundle is shipped.bundle
    assert analyzer.version == shipped.version and analyzer.version.startswith("model-")
    items = [dated(x, frozen_now) for x in (COMPLAINT, ELSEWHERE)]
    assert analyzer.assess_many(items) == shipped.assess_many(items)
    assert analyzer.worker_modules == ("models.worker_preload",)


def test_a_model_outside_the_project_folders_is_refused(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match=r"must be a \.skops file inside"):
        Analyzer.from_settings(settings, model=tmp_path / "elsewhere.skops")


def test_a_named_model_that_is_missing_is_an_error(settings: Settings) -> None:
    with pytest.raises(PressmonError, match="does not exist"):
        Analyzer.from_settings(settings, model=settings.var_dir / "models" / "absent.skops")


def test_a_missing_default_model_falls_back_to_the_rules_with_a_warning(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(models.analyzer, "default_model", lambda var: var / "models" / "default.skops")
    with caplog.at_level(logging.WARNING, logger="models.analyzer"):
        analyzer = Analyzer.from_settings(settings)
    assert analyzer.model is None
    assert analyzer.version.startswith("rules")
    assert "no trained model" in caplog.text
