"""pipeline.understand.rules: the keyword rules' assessment of short Vietnamese texts, with the real
gazetteer and taxonomy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from pipeline.records import Assessment, ItemText
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import assess, rule_evidence, rule_flag_score
from tests.support.texts import COMPLAINT, ELSEWHERE, TOURISM, dated

AssessItem = Callable[[ItemText], Assessment]


@pytest.fixture
def assess_item(gazetteer: Gazetteer, taxonomy: Taxonomy, frozen_now: datetime) -> AssessItem:
    def run(item: ItemText) -> Assessment:
        return assess(dated(item, frozen_now), gazetteer, taxonomy)

    return run


def test_land_compensation_complaint_in_an_lao_is_flagged(assess_item: AssessItem) -> None:
    result = assess_item(COMPLAINT)
    assert result.scope == "an-lao"
    assert result.needs_response is True
    assert "complaint" in result.reasons


def test_complaint_carries_its_evidence_phrases(assess_item: AssessItem) -> None:
    evidence = assess_item(COMPLAINT).evidence
    assert {"bức xúc", "khiếu nại", "phản ánh"} <= set(evidence["reasons"]["complaint"])
    assert evidence["method"].startswith("rules")


def test_complaint_is_negative_with_land_topic(assess_item: AssessItem) -> None:
    result = assess_item(COMPLAINT)
    assert result.tone == "negative"
    assert "dat-dai-quy-hoach" in result.topics


def test_positive_tourism_item_is_not_flagged(assess_item: AssessItem) -> None:
    result = assess_item(TOURISM)
    assert result.scope == "hai-phong"
    assert result.needs_response is False
    assert result.reasons == []


def test_positive_tourism_item_has_tourism_topic_and_positive_tone(assess_item: AssessItem) -> None:
    result = assess_item(TOURISM)
    assert "van-hoa-du-lich-the-thao" in result.topics
    assert result.tone == "positive"


def test_scope_other_is_neutral_without_topics_and_not_flagged(assess_item: AssessItem) -> None:
    result = assess_item(ELSEWHERE)
    assert result.scope == "other"
    assert result.tone == "neutral"
    assert result.topics == []
    assert result.needs_response is False
    assert result.flag_score == 0.0


def test_text_without_diacritics_is_assessed_too(assess_item: AssessItem) -> None:
    item = ItemText(
        "Nguoi dan xa An Hung, huyen An Lao buc xuc vi cham boi thuong",
        "Nhieu ho dan o Hai Phong phan anh chua nhan tien boi thuong.",
        "Cac ho dan da gui don khieu nai len xa.",
        None,
    )
    result = assess_item(item)
    assert result.scope == "an-lao"
    assert result.needs_response is True
    assert "complaint" in result.reasons


@pytest.mark.parametrize("item", [COMPLAINT, TOURISM, ELSEWHERE], ids=["complaint", "tourism", "elsewhere"])
def test_flag_score_is_within_unit_interval(assess_item: AssessItem, item: ItemText) -> None:
    assert 0.0 <= assess_item(item).flag_score <= 1.0


def test_model_version_names_rules_and_data_digests(
    assess_item: AssessItem, gazetteer: Gazetteer, taxonomy: Taxonomy
) -> None:
    version = assess_item(TOURISM).model_version
    assert gazetteer.digest in version
    assert taxonomy.digest in version


def test_assessment_is_deterministic(assess_item: AssessItem) -> None:
    assert assess_item(COMPLAINT) == assess_item(COMPLAINT)


def test_label_dict_has_the_contract_fields(assess_item: AssessItem) -> None:
    labels = assess_item(COMPLAINT).label_dict()
    assert set(labels) == {"scope", "places", "topics", "tone", "needs_response", "flag_score", "reasons"}
    assert "An Hưng" in labels["places"]


def test_rule_flag_score_is_the_rules_flag(
    gazetteer: Gazetteer, taxonomy: Taxonomy, frozen_now: datetime
) -> None:
    item = dated(COMPLAINT, frozen_now)
    ev = rule_evidence(item, gazetteer, taxonomy)
    assert rule_flag_score(ev) == assess(item, gazetteer, taxonomy).flag_score > 0.5
    assert rule_flag_score(rule_evidence(ELSEWHERE, gazetteer, taxonomy)) == 0.0


def test_flooded_streets_raise_public_impact(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    item = ItemText(
        "Nhiều tuyến phố Hải Phòng ngập diện rộng sau mưa lớn",
        "Mưa lớn kết hợp triều cường khiến nhiều khu dân cư ở TP Hải Phòng chìm trong biển nước.",
        "",
        None,
    )
    phrases = rule_evidence(item, gazetteer, taxonomy).phrases()["reasons"]
    assert {"ngập diện rộng", "triều cường", "biển nước"} <= set(phrases["public-impact"])


def test_a_crowded_beach_is_not_the_east_sea(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    beach = ItemText(
        "Cát Bà đón lượng khách kỷ lục",
        "Tại các bãi tắm Cát Cò ở Hải Phòng, lượng người tắm biển đông từ sáng sớm.",
        "",
        None,
    )
    sea = ItemText(
        "Ngư dân Hải Phòng bám biển",
        "Tàu cá của ngư dân Hải Phòng tiếp tục bám ngư trường trên Biển Đông và biển Đông.",
        "",
        None,
    )
    beach_phrases = rule_evidence(beach, gazetteer, taxonomy).phrases()
    assert "biển đông" not in str(beach_phrases)
    sea_phrases = rule_evidence(sea, gazetteer, taxonomy).phrases()
    assert "biển đông" in sea_phrases["topics"]["bien-dao"]
    assert "biển đông" in sea_phrases["reasons"]["sensitive"]


def test_a_name_without_diacritics_still_needs_its_capitals(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    beach = ItemText("Bai tam Do Son dong khach", "Nguoi tam bien dong tu sang o Hai Phong.", "", None)
    sea = ItemText("Tau ca Hai Phong", "Ngu dan Hai Phong danh bat tren bien Dong.", "", None)
    assert "bien dong" not in str(rule_evidence(beach, gazetteer, taxonomy).phrases())
    assert "bien dong" in rule_evidence(sea, gazetteer, taxonomy).phrases()["topics"]["bien-dao"]
