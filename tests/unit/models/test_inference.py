"""models.inference: the shipped model's labels, with evidence, on short texts and on bad input."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from models.artefact import DEFAULT_MODEL
from models.inference import ModelAssessor
from pipeline.records import ItemText
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from tests.support.texts import COMPLAINT, ELSEWHERE, TOURISM, dated


@pytest.fixture(scope="module")
def model(gazetteer: Gazetteer, taxonomy: Taxonomy) -> ModelAssessor:
    return ModelAssessor.load(DEFAULT_MODEL, gazetteer, taxonomy)


def test_complaint_in_an_lao_is_flagged_with_phrases_and_scores(
    model: ModelAssessor, frozen_now: datetime
) -> None:
    result = model.assess(dated(COMPLAINT, frozen_now))
    assert result.scope == "an-lao"
    assert result.needs_response is True
    assert result.reasons
    assert {"bức xúc", "khiếu nại"} <= set(result.evidence["reasons"]["complaint"])
    assert result.evidence["scores"]["flag"] == result.flag_score
    assert result.model_version.startswith("model-")


def test_tourism_is_about_hai_phong_positive_and_not_flagged(
    model: ModelAssessor, frozen_now: datetime
) -> None:
    result = model.assess(dated(TOURISM, frozen_now))
    assert result.scope == "hai-phong"
    assert result.tone == "positive"
    assert "van-hoa-du-lich-the-thao" in result.topics
    assert result.needs_response is False


def test_elsewhere_stays_other_neutral_unflagged(model: ModelAssessor, frozen_now: datetime) -> None:
    result = model.assess(dated(ELSEWHERE, frozen_now))
    assert (result.scope, result.tone, result.topics, result.needs_response) == (
        "other",
        "neutral",
        [],
        False,
    )


def test_batch_and_single_assessments_agree(model: ModelAssessor, frozen_now: datetime) -> None:
    items = [dated(x, frozen_now) for x in (COMPLAINT, TOURISM, ELSEWHERE)]
    assert model.assess_many(items) == [model.assess(x) for x in items]


BAD_INPUTS = {
    "empty": ItemText("", "", "", None),
    "english": ItemText(
        "Stock markets rally as central banks signal pause",
        "Global equities rose on Tuesday after several central banks signalled a pause in rate rises.",
        "Investors welcomed the news. " * 40,
        None,
    ),
    "two-megabytes": ItemText(
        "Hải Phòng khánh thành cầu mới",
        "",
        ("Cây cầu mới ở Hải Phòng giúp người dân đi lại thuận tiện hơn. " * 40_000)[:2_000_000],
        None,
    ),
    "mojibake": ItemText(
        "Háº£i PhÃ²ng khÃ¡nh thÃ nh cáº§u má»›i",
        "NgÆ°á»i dÃ¢n bá»©c xÃºc \ufffd\ufffd\x00\x1b",
        "\udcff broken surrogate and \u034f joiners",
        None,
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_gives_a_valid_record(model: ModelAssessor, name: str) -> None:
    result = model.assess(BAD_INPUTS[name])
    assert result.scope in ("an-lao", "hai-phong", "incidental", "other")
    assert 0.0 <= result.flag_score <= 1.0
    json.dumps(result.label_dict(), ensure_ascii=False)
    if name in ("empty", "english"):
        assert result.scope == "other"
        assert result.needs_response is False
