"""pipeline.tagging.assess on short Vietnamese texts, with the real gazetteer and taxonomy."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.records import Assessment, ItemText
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import assess, rule_evidence, rule_flag_score

COMPLAINT = ItemText(
    title="Người dân xã An Hưng bức xúc vì chậm nhận tiền bồi thường",
    summary=(
        "Nhiều hộ dân ở xã An Hưng, thành phố Hải Phòng phản ánh đã bàn giao đất làm đường hơn một năm "
        "nhưng chưa nhận đủ tiền bồi thường."
    ),
    body=(
        "Theo phản ánh của người dân, dự án thu hồi đất làm đường liên xã ở An Lão chậm chi trả tiền bồi "
        "thường. Các hộ dân đã gửi đơn khiếu nại lên xã. Bà Nguyễn Thị Hoa bức xúc cho biết gia đình mất "
        "đất sản xuất."
    ),
    published=None,
)
TOURISM = ItemText(
    title="Cát Bà đón lượng khách du lịch kỷ lục",
    summary=(
        "Quần đảo Cát Bà của Hải Phòng đón hàng chục nghìn du khách trong dịp nghỉ lễ, các khu nghỉ dưỡng "
        "kín phòng."
    ),
    body=(
        "Các bãi biển nô nức du khách. Lễ hội du lịch biển diễn ra ấn tượng với nhiều hoạt động văn hóa, "
        "ẩm thực đặc sắc. Ngành du lịch Hải Phòng đạt kỷ lục về lượng khách."
    ),
    published=None,
)
ELSEWHERE = ItemText(
    title="Hà Nội khởi công cầu mới bắc qua sông Hồng",
    summary="Nhiều hộ dân phản ánh, bức xúc về mức bồi thường giải phóng mặt bằng.",
    body="Các hộ dân gửi đơn khiếu nại, phản đối mức bồi thường. Dự án có tổng mức đầu tư 20.000 tỉ đồng.",
    published=None,
)


@pytest.fixture
def assess_item(gazetteer: Gazetteer, taxonomy: Taxonomy, frozen_now: datetime):
    def run(item: ItemText) -> Assessment:
        dated = ItemText(item.title, item.summary, item.body, frozen_now)
        return assess(dated, gazetteer, taxonomy)

    return run


def test_land_compensation_complaint_in_an_lao_is_flagged(assess_item) -> None:
    result = assess_item(COMPLAINT)
    assert result.scope == "an-lao"
    assert result.needs_response is True
    assert "complaint" in result.reasons


def test_complaint_carries_its_evidence_phrases(assess_item) -> None:
    evidence = assess_item(COMPLAINT).evidence
    assert {"bức xúc", "khiếu nại", "phản ánh"} <= set(evidence["reasons"]["complaint"])
    assert evidence["method"].startswith("rules")


def test_complaint_is_negative_with_land_topic(assess_item) -> None:
    result = assess_item(COMPLAINT)
    assert result.tone == "negative"
    assert "dat-dai-quy-hoach" in result.topics


def test_positive_tourism_item_is_not_flagged(assess_item) -> None:
    result = assess_item(TOURISM)
    assert result.scope == "hai-phong"
    assert result.needs_response is False
    assert result.reasons == []


def test_positive_tourism_item_has_tourism_topic_and_positive_tone(assess_item) -> None:
    result = assess_item(TOURISM)
    assert "van-hoa-du-lich-the-thao" in result.topics
    assert result.tone == "positive"


def test_scope_other_is_neutral_without_topics_and_not_flagged(assess_item) -> None:
    result = assess_item(ELSEWHERE)
    assert result.scope == "other"
    assert result.tone == "neutral"
    assert result.topics == []
    assert result.needs_response is False
    assert result.flag_score == 0.0


def test_text_without_diacritics_is_assessed_too(assess_item) -> None:
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
def test_flag_score_is_within_unit_interval(assess_item, item: ItemText) -> None:
    assert 0.0 <= assess_item(item).flag_score <= 1.0


def test_model_version_names_rules_and_data_digests(
    assess_item, gazetteer: Gazetteer, taxonomy: Taxonomy
) -> None:
    version = assess_item(TOURISM).model_version
    assert gazetteer.digest in version
    assert taxonomy.digest in version


def test_assessment_is_deterministic(assess_item) -> None:
    assert assess_item(COMPLAINT) == assess_item(COMPLAINT)


def test_label_dict_has_the_contract_fields(assess_item) -> None:
    labels = assess_item(COMPLAINT).label_dict()
    assert set(labels) == {"scope", "places", "topics", "tone", "needs_response", "flag_score", "reasons"}
    assert "An Hưng" in labels["places"]


def test_rule_flag_score_is_the_rules_flag(gazetteer: Gazetteer, taxonomy: Taxonomy, frozen_now) -> None:
    item = ItemText(COMPLAINT.title, COMPLAINT.summary, COMPLAINT.body, frozen_now)
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
