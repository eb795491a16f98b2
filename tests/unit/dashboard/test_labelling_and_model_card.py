"""The doubt that orders the labelling page, and the model card shown in Vietnamese (no database)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dashboard import texts
from dashboard.queries.labelling import flag_doubt, scope_doubt
from dashboard.queries.models import (
    card_sections,
    current_card,
    flag_threshold,
    temporal_table,
    trained_at,
)
from models.artefact import DEFAULT_MODEL
from models.engine import NEEDS_THRESHOLD


def test_scope_doubt_is_one_minus_the_margin_of_the_decision() -> None:
    close = {"hai-phong": 0.45, "incidental": 0.40, "an-lao": 0.1, "other": 0.05}
    assert scope_doubt(close, "hai-phong") == pytest.approx(0.95)
    assert scope_doubt({"hai-phong": 0.9, "incidental": 0.1}, "hai-phong") == pytest.approx(0.2)
    # The gazetteer chose An Lão where the model put it last: full doubt.
    assert scope_doubt(close, "an-lao") == 1.0
    assert scope_doubt({}, "other") == 0.0


def test_flag_doubt_peaks_at_the_threshold_and_falls_with_the_margin() -> None:
    at, near, far = (flag_doubt(s, 0.207, "hai-phong") for s in (0.207, 0.25, 0.95))
    assert at == pytest.approx(1.0) and far < near < at
    below, above = flag_doubt(0.1, 0.207, "an-lao"), flag_doubt(0.4, 0.207, "an-lao")
    assert 0.0 < below < 1.0 and 0.0 < above < 1.0
    assert flag_doubt(0.207, 0.207, "other") == 0.0  # no flag outside Hải Phòng
    assert flag_doubt(0.1035, 0.207, "hai-phong") == pytest.approx(0.5)  # halfway down to 0
    assert flag_doubt(0.6035, 0.207, "hai-phong") == pytest.approx(0.5)  # halfway up to 1
    assert flag_doubt(0.0, 0.207, "hai-phong") == flag_doubt(1.0, 0.207, "hai-phong") == 0.0


CARD: dict[str, Any] = {
    "version": "model-202612031500",
    "trained_at": "2026-12-03T08:00:00+00:00",
    "data": [{"path": "database: analysts' decisions", "items": 1120}],
    "label_counts": {"needs_response": {"False": 1026, "True": 94}, "scope": {"an-lao": 25}},
    "thresholds": {"needs_threshold": 0.2069},
    "models": {"scope": "LogisticRegression(C=1.0, balanced)"},
    "cross_validation": {"grouping": "publication day", "metrics": {"an_lao": {"f1": 0.93878}}},
    "temporal": {
        "model": {"relevance_f1": 0.912, "an_lao_f1": 0.8, "flag_ap": 0.85},
        "baseline": {"relevance_f1": 0.878, "an_lao_f1": 0.82, "flag_ap": 0.74},
        "previous_model": None,
    },
}


def _cells(card: dict[str, Any]) -> list[str]:
    names = {"an-lao": "An Lão", **texts.CARD_NAMES}
    return [
        str(cell)
        for title, frame in card_sections(card, names)
        for cell in [title, *frame.to_numpy().ravel()]
    ]


def test_the_card_reads_in_vietnamese_without_english_prose_or_json() -> None:
    cells = _cells(CARD)
    assert "Cơ sở dữ liệu: quyết định của chuyên viên" in cells
    assert {"1.120", "1.026", "Cần phản hồi › Có", "Cần phản hồi › Không", "0,939", "0,207"} <= set(cells)
    assert "Phạm vi › An Lão" in cells
    for english in ("True", "False", "LogisticRegression", "publication day", "{", "temporal"):
        assert not any(english in cell for cell in cells), english


def test_the_temporal_table_shows_changes_and_says_when_there_is_no_previous_model() -> None:
    table = temporal_table(CARD)
    assert table is not None
    first = table.iloc[0].to_dict()
    assert first == {
        "Chỉ số": texts.TEMPORAL_METRICS["relevance_f1"],
        "Mô hình": "0,912",
        "Đường cơ sở": "0,878",
        "So với đường cơ sở": "+0,034",
        "Mô hình trước": "chưa có",
        "So với mô hình trước": "chưa có",
    }
    assert table.iloc[1]["So với đường cơ sở"] == "-0,020"
    assert table.iloc[2]["Mô hình"] == "—"  # topics_micro_f1 absent from this card
    previous = {**CARD, "temporal": {**CARD["temporal"], "previous_model": {"relevance_f1": 0.9}}}
    again = temporal_table(previous)
    assert again is not None and again.iloc[0]["So với mô hình trước"] == "+0,012"
    assert temporal_table({"version": "old"}) is None and temporal_table(None) is None


def test_the_card_of_the_model_in_use_and_what_it_says(tmp_path: Path) -> None:
    shipped = json.loads(DEFAULT_MODEL.with_suffix(".card.json").read_text(encoding="utf-8"))
    assert current_card(tmp_path) == shipped  # no retrained model in this var folder
    local = tmp_path / "models"
    local.mkdir()
    (local / "default.skops").write_bytes(DEFAULT_MODEL.read_bytes())
    (local / "default.card.json").write_text(json.dumps(CARD), encoding="utf-8")
    card = current_card(tmp_path)
    assert card == CARD
    assert flag_threshold(card) == 0.2069 and flag_threshold(None) == NEEDS_THRESHOLD
    assert trained_at(card) == datetime(2026, 12, 3, 8, tzinfo=UTC) and trained_at(None) is None
    (local / "default.card.json").write_text("{not json", encoding="utf-8")
    assert current_card(tmp_path) is None
