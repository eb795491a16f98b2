"""The labelling page and the Models page run by AppTest on the demo database: an analyst labels the
item the model is least sure of; the Models page counts the labels waiting and shows a model card
(written by the test, with a temporal evaluation) in Vietnamese."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import texts
from dashboard.queries.labelling import to_label
from dashboard.queries.models import current_card, flag_threshold
from models.artefact import DEFAULT_MODEL
from models.training.decisions import decision_labels
from pipeline.review.auth import Identity
from pipeline.review.reviews import Labels, record_label
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import AuditLog
from tests.support.dashboard import signed_in


@pytest.fixture
def var_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty ``var`` folder for the app (no retrained model: the shipped one is in use)."""
    var = tmp_path / "var"
    var.mkdir()
    monkeypatch.setenv("PRESSMON_VAR_DIR", str(var))
    return var


def _all_text(at: AppTest) -> str:
    """Everything the run shows, tables included, as one string."""
    kinds = (at.markdown, at.caption, at.info, at.success, at.metric)
    parts = [str(e.value) for kind in kinds for e in kind]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(parts)


def test_an_analyst_corrects_the_least_sure_item_and_train_reads_it(
    monkeypatch: pytest.MonkeyPatch, demo_db: str, var_dir: Path
) -> None:
    engine = make_engine(demo_db)
    expected, total = to_label(engine, flag_threshold(current_card(var_dir)))
    first = expected[0]
    assert [c.doubt for c in expected] == sorted((c.doubt for c in expected), reverse=True)

    at = signed_in(monkeypatch, demo_db, "ana").switch_page("app_pages/labelling.py").run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [texts.PAGE_LABELLING]
    assert len([b for b in at.button if b.label == texts.LABEL_SAVE]) == len(expected) == 10
    assert texts.LABEL_COUNT.format(shown=10, total=total) in _all_text(at)
    new_scope = "incidental" if first.scope != "incidental" else "hai-phong"
    at.selectbox(key=f"lb_scope_{first.id}").select(new_scope)
    at.radio(key=f"lb_needs_{first.id}").set_value(True)
    at.multiselect(key=f"lb_reasons_{first.id}").set_value([])
    next(b for b in at.button if b.label == texts.LABEL_SAVE).click().run()
    # "Needs a response" without a reason teaches the reasons model nothing: refused, nothing stored.
    assert [e.value for e in at.error] == [texts.REVIEW_ERRORS["reasons_missing"]]
    assert first.id not in {x.id for x in decision_labels(engine)}
    at.multiselect(key=f"lb_reasons_{first.id}").set_value(["public-impact"])
    next(b for b in at.button if b.label == texts.LABEL_SAVE).click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith(texts.LABEL_CORRECTED.split(":")[0])
    assert f"lb_scope_{first.id}" not in {s.key for s in at.selectbox}  # labelled: no longer offered

    gold = {x.id: x.gold for x in decision_labels(engine)}[first.id]
    assert (gold.scope, gold.needs_response, gold.tone) == (new_scope, True, first.tone)
    assert gold.reasons == ("public-impact",)
    with transaction(engine) as session:
        entry = session.query(AuditLog).filter_by(object_type="label", object_id=first.id).one()
    assert (entry.actor, entry.action, entry.old["scope"]) == ("ana", "corrected", first.scope)


def test_viewers_are_not_offered_the_labelling_page(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    viewer = signed_in(monkeypatch, demo_db, "xem")
    with pytest.raises(Exception):  # noqa: B017  (AppTest raises for a page that is not routed)
        viewer.switch_page("app_pages/labelling.py").run()


CARD: dict[str, Any] = {
    "version": "model-202612010900",
    "trained_at": "2026-12-01T02:00:00+00:00",
    "data": [{"path": "../shared/data/haiphong/dev.jsonl", "sha256": "ab" * 32, "items": 1120}],
    "label_counts": {"needs_response": {"False": 1026, "True": 94}},
    "thresholds": {"needs_threshold": 0.2069},
    "signals": ["places:title:an-lao", "text:length"],
    "models": {"scope": "LogisticRegression(C=1.0, balanced)"},
    "cross_validation": {"metrics": {"needs_response": {"recall": 0.998}}},
    "temporal": {
        "model": {"relevance_f1": 0.912, "flag_ap": 0.85},
        "baseline": {"relevance_f1": 0.878, "flag_ap": 0.74},
        "previous_model": None,
    },
}


def _install(var_dir: Path, card: dict[str, Any]) -> None:
    """A retrained model in the deployment's folder, as ``pressmon train`` leaves it."""
    models = var_dir / "models"
    models.mkdir()
    (models / "default.skops").write_bytes(DEFAULT_MODEL.read_bytes())
    (models / "default.card.json").write_text(json.dumps(card), encoding="utf-8")


def test_models_page_counts_new_labels_and_shows_the_card_in_vietnamese(
    monkeypatch: pytest.MonkeyPatch, demo_db: str, var_dir: Path
) -> None:
    _install(var_dir, CARD)
    engine = make_engine(demo_db)
    ids = [c.id for c in to_label(engine, 0.2)[0][:2]]
    with transaction(engine) as session:
        record_label(
            session,
            ids[0],
            Identity("ana", "analyst", datetime.now(UTC)),
            Labels("other", (), "neutral", False),
        )
        # A label given before the model was trained is in its training data already.
        old = datetime(2026, 11, 30, tzinfo=UTC)
        session.add(AuditLog(at=old, actor="binh", object_type="label", object_id=ids[1], action="corrected"))
    at = signed_in(monkeypatch, demo_db, "xem").switch_page("app_pages/model_card.py").run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}[texts.MODEL_LABELS] == "1"
    shown = _all_text(at)
    assert texts.MODEL_LABELS_SINCE.format(at="01/12/2026 09:00") in shown
    temporal = at.dataframe[0].value.set_index(texts.TEMPORAL_COLUMNS["metric"])
    row = temporal.loc[texts.TEMPORAL_METRICS["relevance_f1"]]
    assert (row["Mô hình"], row["Đường cơ sở"], row["So với đường cơ sở"]) == ("0,912", "0,878", "+0,034")
    assert row["Mô hình trước"] == texts.NOT_YET
    assert "1.120" in shown and "0,998" in shown  # items of the data, recall in the cross-validation
    for english in ("True", "False", "LogisticRegression", '{"', "places:title"):
        assert english not in shown, english
    assert texts.CARD_NAMES["label_counts"] in {e.label for e in at.expander}


def test_models_page_says_when_the_card_has_no_temporal_evaluation(
    monkeypatch: pytest.MonkeyPatch, demo_db: str, var_dir: Path
) -> None:
    _install(var_dir, {k: v for k, v in CARD.items() if k != "temporal"})
    at = signed_in(monkeypatch, demo_db, "ana").switch_page("app_pages/model_card.py").run()
    assert not at.exception, at.exception
    assert texts.TEMPORAL_NONE in [i.value for i in at.info]
