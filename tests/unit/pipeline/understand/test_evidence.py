"""pipeline.understand.evidence on sentences written for these tests, with the real gazetteer's
place matches, with and without diacritics."""

from __future__ import annotations

import pytest

from pipeline.records import ItemText
from pipeline.taxonomy import Taxonomy
from pipeline.text.normalise import fold
from pipeline.understand.evidence import evidence_tokens
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import rule_evidence


def tokens(gaz: Gazetteer, tax: Taxonomy, title: str, lead: str = "", body: str = "") -> list[str]:
    ev = rule_evidence(ItemText(title, lead, body, None), gaz, tax)
    return evidence_tokens(ev.title, ev.lead, ev.body, ev.places)


@pytest.mark.parametrize("fold_it", [False, True])
def test_residence_only_mention_of_an_lao(gazetteer: Gazetteer, taxonomy: Taxonomy, fold_it: bool) -> None:
    lead = "Ông Nguyễn Văn Hùng, trú tại xã Tân Dân, huyện An Lão, bị bắt khi đang lẩn trốn ở Bình Dương."
    found = tokens(gazetteer, taxonomy, "Bắt đối tượng trốn truy nã", fold(lead) if fold_it else lead)
    assert "res:la" in found and "only-res:la" in found


def test_origin_and_hktt_mentions_of_hai_phong(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    found = tokens(gazetteer, taxonomy, "Nữ sinh quê Hải Phòng giành học bổng ở Mỹ")
    assert "only-res:th" in found
    found = tokens(gazetteer, taxonomy, "", "Tài xế Trần Văn B. (HKTT: Hải Phòng) đã bị tạm giữ ở Đồng Nai.")
    assert "res:lh" in found


def test_a_place_the_story_happens_in_is_plain(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    found = tokens(gazetteer, taxonomy, "Huyện An Lão, Hải Phòng khánh thành trường học mới")
    assert "plain:ta" in found
    assert not any(t.startswith("only-") for t in found)


def test_hai_phong_in_a_list_of_provinces(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    title = "Mưa lớn ở Hà Nội, Hải Phòng, Quảng Ninh và Thái Bình trong hai ngày tới"
    assert "only-list:th" in tokens(gazetteer, taxonomy, title)
    assert "only-list:th" in tokens(gazetteer, taxonomy, fold(title))
    # Two places only: not a list.
    assert "list:th" not in tokens(gazetteer, taxonomy, "Hải Phòng và Quảng Ninh hợp tác du lịch")


def test_districts_listed_in_a_storm_bulletin(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    lead = "Các huyện Tiên Lãng, Kiến Thụy, An Lão và Vĩnh Bảo sơ tán dân trước bão."
    assert "list:la" in tokens(gazetteer, taxonomy, "Sơ tán dân tránh bão", lead)


def test_route_and_airline_ends(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    found = tokens(gazetteer, taxonomy, "Xe container lật trên cao tốc Hà Nội – Hải Phòng")
    assert "route:th" in found
    found = tokens(gazetteer, taxonomy, "Mở đường bay Hải Phòng - Cần Thơ", "Vietjet khai thác từ tháng 7.")
    assert "route:th" in found and "airline:l" in found
    assert "route:th" in tokens(gazetteer, taxonomy, "Mo duong bay Hai Phong - Can Tho")


def test_which_club_a_sports_item_is_about(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    home = tokens(gazetteer, taxonomy, "CLB Hải Phòng thắng đậm trên sân Lạch Tray")
    assert "club:th" in home and "home-ground:t" in home
    away = tokens(gazetteer, taxonomy, "CLB Hà Nội thắng Hải Phòng FC", "Đội khách Hải Phòng FC làm khách.")
    assert "club:th" in away and "other-club:t" in away and "away:l" in away


def test_officials_as_actors_of_wrongdoing(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    found = tokens(
        gazetteer,
        taxonomy,
        "Khởi tố nguyên chủ tịch UBND huyện vì sai phạm đất đai",
        "Gói thầu mua sắm thiết bị được giao không qua đấu thầu.",
    )
    assert {"official-wrong:t", "former-wrong:t", "procurement:l"} <= set(found)
    plain = tokens(gazetteer, taxonomy, "Khoi to nguyen chu tich UBND xa vi sai pham")
    assert "former-wrong:t" in plain


def test_public_safety_against_police_success(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    safety = tokens(gazetteer, taxonomy, "Chung cư cũ ở Hải Phòng có nguy cơ sập, hàng trăm hộ dân lo lắng")
    assert "safety:t" in safety and "police:t" not in safety
    assert "safety:t" in tokens(gazetteer, taxonomy, "Lật tàu du lịch, 3 người chết đuối")
    bust = tokens(gazetteer, taxonomy, "Công an triệt phá đường dây ma túy, bắt giữ 5 đối tượng")
    assert "police-only:t" in bust and "official-wrong:t" not in bust


def test_the_view_is_named(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    assert tokens(gazetteer, taxonomy, "Hải Phòng", "Tóm tắt")[-1] == "view:short"
    assert tokens(gazetteer, taxonomy, "Hải Phòng", "Tóm tắt", "Nội dung bài.")[-1] == "view:full"
