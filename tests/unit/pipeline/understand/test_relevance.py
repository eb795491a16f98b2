"""pipeline.understand.relevance with the real gazetteer: places, homonyms, dates and scope."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.records import PlaceMatch
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.relevance import (
    an_lao_is_main_place,
    corroborated,
    decide_scope,
    find_places,
    places_of,
)
from tests.support.clock import VIETNAM

IN_2026 = datetime(2026, 3, 1, 9, 0, tzinfo=VIETNAM)
IN_2019 = datetime(2019, 3, 1, 9, 0, tzinfo=VIETNAM)


def scope_of(gaz: Gazetteer, title: str, body: str = "", published: datetime | None = IN_2026) -> str:
    return decide_scope(places_of(gaz, title, "", body, published))


def ids_of(gaz: Gazetteer, title: str, body: str = "", published: datetime | None = IN_2026) -> set[str]:
    return {m.place_id for m in places_of(gaz, title, "", body, published)}


def test_hai_phong_in_title_is_hai_phong(gazetteer: Gazetteer) -> None:
    assert (
        scope_of(gazetteer, "Hải Phòng khởi công cầu mới bắc qua sông Cấm", "Dự án dài 5 km.") == "hai-phong"
    )


def test_hai_phong_match_carries_evidence(gazetteer: Gazetteer) -> None:
    matches = find_places(gazetteer, "Hải Phòng khởi công cầu mới", "title", IN_2026)
    assert [(m.place_id, m.field, m.evidence) for m in matches] == [("haiphong", "title", "hải phòng")]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Nông dân xã An Hưng thu hoạch lúa",
            "Nông dân xã An Hưng, thành phố Hải Phòng thu hoạch lúa xuân sớm hơn mọi năm.",
        ),
        (
            "Huyện An Lão đón bằng công nhận nông thôn mới",
            "Huyện An Lão, thành phố Hải Phòng vừa đón bằng công nhận nông thôn mới nâng cao.",
        ),
        ("Xã An Hưng, huyện An Lão làm đường liên thôn", "Người dân góp đất làm đường."),
    ],
    ids=["xa-an-hung", "huyen-an-lao", "two-an-lao-names"],
)
def test_an_lao_names_with_corroboration_are_an_lao(gazetteer: Gazetteer, title: str, body: str) -> None:
    assert scope_of(gazetteer, title, body) == "an-lao"


def test_ambiguous_an_lao_commune_alone_is_not_counted(gazetteer: Gazetteer) -> None:
    assert scope_of(gazetteer, "Xã An Hưng làm đường", "Người dân xã An Hưng góp đất làm đường.") == "other"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Huyện An Lão, Bình Định trồng rừng", "Huyện An Lão, tỉnh Bình Định trồng thêm 500 ha rừng gỗ lớn."),
        ("Vùng cao An Lão của Gia Lai phát triển rừng trồng", "Xã An Lão, tỉnh Gia Lai có nhiều rừng trồng."),
        ("An Lão (Bình Định) mở đường lên vùng cao", "Người dân An Lão, Bình Định góp đất làm đường."),
    ],
)
def test_an_lao_of_binh_dinh_or_gia_lai_is_other(gazetteer: Gazetteer, title: str, body: str) -> None:
    assert scope_of(gazetteer, title, body) == "other"


def test_bare_an_lao_of_gia_lai_is_cancelled_even_with_hai_phong_nearby(gazetteer: Gazetteer) -> None:
    title = "Hải Phòng hỗ trợ An Lão, Gia Lai trồng rừng"
    ids = ids_of(gazetteer, title)
    assert "haiphong" in ids
    assert "old-huyen-an-lao" not in ids


def test_prefixed_an_lao_of_binh_dinh_is_cancelled(gazetteer: Gazetteer) -> None:
    title = "Huyện An Lão, tỉnh Bình Định và thành phố Hải Phòng ký kết hợp tác"
    assert "old-huyen-an-lao" not in ids_of(gazetteer, title)
    assert scope_of(gazetteer, title) == "hai-phong"


def test_hai_phong_street_in_da_nang_is_not_hai_phong(gazetteer: Gazetteer) -> None:
    title = "Đà Nẵng cải tạo vỉa hè, trồng thêm cây xanh trên đường Hải Phòng"
    body = "Vỉa hè đường Hải Phòng, quận Thanh Khê, Đà Nẵng được lát đá mới."
    assert "haiphong" not in ids_of(gazetteer, title, body)
    assert scope_of(gazetteer, title, body) not in ("hai-phong", "an-lao")


def test_hong_bang_park_in_ca_mau_is_not_hai_phong(gazetteer: Gazetteer) -> None:
    title = "Cà Mau chỉnh trang công viên Hồng Bàng thành không gian cộng đồng"
    body = "Công viên Hồng Bàng ở trung tâm TP Cà Mau được trồng thêm cây xanh."
    assert scope_of(gazetteer, title, body) not in ("hai-phong", "an-lao")


def test_person_named_hai_an_is_not_hai_phong(gazetteer: Gazetteer) -> None:
    title = "Kỳ thủ 14 tuổi Lê Hải An vô địch giải cờ vua trẻ"
    body = "Em Lê Hải An, học sinh lớp 9, giành chức vô địch."
    assert scope_of(gazetteer, title, body) == "other"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Chí Linh mở hội mùa thu Côn Sơn", "Lễ hội ở Chí Linh thu hút đông đảo du khách."),
        ("Tỉnh Hải Dương cũ đón nhà đầu tư", "Các khu công nghiệp ở Hải Dương cũ thu hút vốn."),
    ],
)
def test_former_hai_duong_places_count_from_july_2025(gazetteer: Gazetteer, title: str, body: str) -> None:
    assert scope_of(gazetteer, title, body, IN_2026) == "hai-phong"


@pytest.mark.parametrize("published", [IN_2019, datetime(2025, 6, 30, 23, 0, tzinfo=VIETNAM), None])
def test_former_hai_duong_places_before_july_2025_or_undated_do_not_count(
    gazetteer: Gazetteer, published: datetime | None
) -> None:
    title = "Chí Linh mở hội mùa thu Côn Sơn"
    assert scope_of(gazetteer, title, "Lễ hội ở Chí Linh thu hút đông đảo du khách.", published) == "other"


@pytest.mark.parametrize(
    ("title", "body", "scope"),
    [
        ("Hai Phong khoi cong cau moi", "Du an dai 5 km.", "hai-phong"),
        ("Nong dan huyen An Lao, Hai Phong thu hoach lua", "Nong dan thu hoach lua xuan.", "an-lao"),
        ("HẢI PHÒNG KHỞI CÔNG CẦU MỚI", "", "hai-phong"),
    ],
)
def test_text_without_diacritics_or_upper_case_matches(
    gazetteer: Gazetteer, title: str, body: str, scope: str
) -> None:
    assert scope_of(gazetteer, title, body) == scope


def test_homonym_applies_to_text_without_diacritics(gazetteer: Gazetteer) -> None:
    title = "Huyen An Lao, tinh Binh Dinh trong rung"
    assert scope_of(gazetteer, title, "Nguoi dan huyen An Lao, tinh Binh Dinh trong them rung.") == "other"


def test_invisible_character_inside_a_name_still_matches(gazetteer: Gazetteer) -> None:
    assert "haiphong" in ids_of(gazetteer, "Hả\u034fi Phò\u200bng khởi công cầu mới")


def test_single_passing_mention_in_body_is_incidental(gazetteer: Gazetteer) -> None:
    title = "Giá vàng hôm nay tăng nhẹ"
    body = "Giá vàng tại Hà Nội và TP HCM tăng nhẹ trong phiên sáng. Tại Hải Phòng, giá cũng tăng."
    assert scope_of(gazetteer, title, body) == "incidental"


def test_no_place_is_other(gazetteer: Gazetteer) -> None:
    assert scope_of(gazetteer, "Hà Nội mở tuyến buýt điện", "Tuyến buýt nối sân bay Nội Bài.") == "other"


def _match(place_id: str, scope: str, field: str, ambiguous: bool = False) -> PlaceMatch:
    return PlaceMatch(place_id, place_id, scope, place_id, field, ambiguous)


@pytest.mark.parametrize(
    ("matches", "scope"),
    [
        ([], "other"),
        ([_match("haiphong", "hai-phong", "title")], "hai-phong"),
        ([_match("x", "an-lao", "lead")], "an-lao"),
        ([_match("x", "an-lao", "body"), _match("x", "an-lao", "body")], "an-lao"),
        ([_match("haiphong", "hai-phong", "body")], "incidental"),
        ([_match("haiphong", "hai-phong", "lead"), _match("haiphong", "hai-phong", "lead")], "hai-phong"),
        ([_match("haiphong", "hai-phong", "body")] * 3, "hai-phong"),
        ([_match("haiphong", "hai-phong", "body"), _match("cat-ba", "hai-phong", "body")], "hai-phong"),
    ],
    ids=[
        "none",
        "title",
        "an-lao-lead",
        "an-lao-body-twice",
        "one-body",
        "lead-twice",
        "body-3x",
        "body-2-places",
    ],
)
def test_decide_scope_table(matches: list[PlaceMatch], scope: str) -> None:
    assert decide_scope(matches) == scope


def test_lone_ambiguous_place_is_dropped() -> None:
    assert corroborated([_match("anlao", "an-lao", "body", ambiguous=True)]) == []


def test_ambiguous_place_backed_by_distinctive_one_is_kept() -> None:
    matches = [_match("anlao", "an-lao", "body", ambiguous=True), _match("haiphong", "hai-phong", "body")]
    assert corroborated(matches) == matches


def test_an_lao_is_the_main_place_when_the_body_places_the_story_there(gazetteer: Gazetteer) -> None:
    # A wire story: the title names only the city, the body the commune where it happened.
    body = (
        "Gần 9h ngày 31/1, xe đầu kéo đi trên cao tốc đoạn qua xã Quang Trung, huyện An Lão (Hải Phòng) "
        "thì bất ngờ lật nghiêng. Lực lượng chức năng TP Hải Phòng đã có mặt."
    )
    matches = places_of(gazetteer, "Xe container lật trên cao tốc ở Hải Phòng", "", body, IN_2019)
    assert decide_scope(matches) == "hai-phong"
    assert an_lao_is_main_place(matches)


def test_an_lao_is_not_the_main_place_when_the_story_starts_elsewhere(gazetteer: Gazetteer) -> None:
    body = (
        "Nghi phạm trú tại phường Tràng Minh, quận Kiến An, TP Hải Phòng. Trước đó hắn từng làm thuê "
        "ở huyện An Lão."
    )
    matches = places_of(gazetteer, "Bắt nghi phạm ở Hải Phòng", "", body, IN_2019)
    assert not an_lao_is_main_place(matches)


@pytest.mark.parametrize(
    ("matches", "main"),
    [
        ([], False),
        ([_match("haiphong", "hai-phong", "body"), _match("x", "an-lao", "body")], True),
        ([_match("x", "an-lao", "body"), _match("kien-an", "hai-phong", "body")], False),
        ([_match("x", "an-lao", "lead"), _match("kien-an", "hai-phong", "body")], False),
        ([_match("x", "an-lao", "body")] * 2 + [_match("kien-an", "hai-phong", "body")], True),
    ],
    ids=["none", "city-then-an-lao", "half-only", "an-lao-not-in-body", "most-and-first"],
)
def test_an_lao_main_place_table(matches: list[PlaceMatch], main: bool) -> None:
    assert an_lao_is_main_place(matches) is main
