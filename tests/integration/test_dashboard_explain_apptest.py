"""The item page explains a flag (issue 16, point 5): phrases highlighted in the title and text but never
a name written without its capitals, each reason with its phrases or marked as the model's alone, the
score split into the model's and the rules' parts, and the threshold of the model that scored it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from dashboard import texts
from models.artefact import DEFAULT_MODEL, card_path
from pipeline.storage.engine import make_engine
from tests.support.dashboard import signed_in

BEACH_TITLE = "Cát Bà đón lượng khách kỷ lục trong những ngày đầu hè"
COMPLAINT_TITLE = "Người dân xã An Hưng bức xúc vì chậm nhận tiền bồi thường làm đường"


def _article(db_url: str, title: str) -> str:
    with make_engine(db_url).connect() as conn:
        return str(conn.execute(text("SELECT id FROM articles WHERE title = :t"), {"t": title}).scalar_one())


def _item_page(monkeypatch: pytest.MonkeyPatch, db_url: str, article_id: str) -> AppTest:
    at = signed_in(monkeypatch, db_url, "ana")
    at.session_state["item_id"] = article_id
    at.switch_page("app_pages/item.py").run(timeout=180)  # the first run loads the model (seconds)
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in (*at.header, *at.markdown))


def test_a_flagged_items_reasons_phrases_and_score_parts(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    at = _item_page(monkeypatch, demo_db, _article(demo_db, COMPLAINT_TITLE))
    header = at.header[0].value
    assert ":orange-background[**bức xúc**]" in header and ":blue-background[**xã An Hưng**]" in header
    shown = _markdown(at)
    assert "**Phản ánh, khiếu nại**: cụm từ trong bài:" in shown and "bức xúc" in shown
    metrics = {m.label: m.value for m in at.metric}
    card = json.loads(card_path(DEFAULT_MODEL).read_text(encoding="utf-8"))
    threshold = f"{card['thresholds']['needs_threshold']:.2f}".replace(".", ",")
    assert metrics[texts.ITEM_THRESHOLD] == threshold != "0,50"  # the shipped model's, not the rules' 0.5
    assert "," in metrics[texts.ITEM_SCORE] and "." not in metrics[texts.ITEM_SCORE]
    weight = f"{card['cross_validation']['rule_flag_weight']:.1f}".replace(".", ",")
    assert "Riêng mô hình" in shown and f"trọng số {weight}" in shown


def test_an_old_east_sea_phrase_on_a_beach_item_explains_nothing(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    beach = _article(demo_db, BEACH_TITLE)
    # As an assessment made before names kept their capitals recorded it.
    with make_engine(demo_db).begin() as conn:
        row = conn.execute(
            text("SELECT id, evidence FROM assessments WHERE article_id = :a AND is_current"), {"a": beach}
        ).one()
        evidence = json.loads(row.evidence) if isinstance(row.evidence, str) else row.evidence
        evidence["reasons"] = {"sensitive": ["biển đông"]}
        conn.execute(
            text("UPDATE assessments SET evidence = :e, reasons = :r WHERE id = :i"),
            {"e": json.dumps(evidence, ensure_ascii=False), "r": json.dumps(["sensitive"]), "i": row.id},
        )
    at = _item_page(monkeypatch, demo_db, beach)
    shown = _markdown(at)
    assert "người tắm biển đông" in shown  # the text is there, verbatim, and not marked
    assert "orange-background" not in shown
    assert f"**Vấn đề nhạy cảm**: {texts.ITEM_REASON_MODEL_ONLY}" in shown
