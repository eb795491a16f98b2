"""pipeline.understand.gazetteer_build: names, tone-mark variants and the places derived from
underthesea's old → new mapping of units, on a small mapping written here; and the committed
data/gazetteer.yaml, which the build over the real inputs reproduces byte for byte (no download: the
mapping ships inside the installed underthesea package)."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.understand import gazetteer_build as gb
from pipeline.understand.gazetteer import load_gazetteer
from tests.support.paths import DATA_DIR

HP, HD = gb.HAI_PHONG_KEY, gb.HAI_DUONG_KEY


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def rec(
    province: str,
    district: str,
    ward: str,
    new: str,
    new_key: str = "",
    default: bool | None = None,
    new_province: str = HP,
) -> dict[str, Any]:
    """A ward_mapping record as mapping.json writes it (only the fields the build reads)."""
    record: dict[str, Any] = {
        "old_province_key": province,
        "old_district": district,
        "old_district_key": gb.slug(district).replace("-", ""),
        "old_ward": ward,
        "new_province_key": new_province,
        "new_ward": new,
        "new_ward_key": new_key or new.lower().replace(" ", ""),
    }
    if default is not None:
        record["is_default"] = default
    return record


MAPPING: dict[str, Any] = {
    "metadata": {"source": "vietnamadminunits", "version": "1.0.4", "effective_date": "2025-07-01"},
    "old_province_names": {"tinhhaiduong": {"short": "Hải Dương"}, "tinhbinhdinh": {"short": "Bình Định"}},
    "ward_mapping": [
        rec(HP, "Huyện An Lão", "Xã Chiến Thắng", "Xã An Hưng"),
        rec(HP, "Huyện An Lão", "Xã An Thọ", "Xã An Hưng"),
        rec(HP, "Quận Hồng Bàng", "Phường Hoàng Văn Thụ", "Phường Hồng Bàng"),
        rec(HP, "Quận Hồng Bàng", "Phường Sở Dầu", "Phường Hồng Bàng", default=False),
        rec(HP, "Quận Hồng Bàng", "Phường Sở Dầu", "Phường Hồng An", default=True),
        rec(HD, "Thành phố Chí Linh", "Phường Sao Đỏ", "Phường Chu Văn An"),
        rec(HD, "Thành phố Hải Dương", "Phường Trần Phú", "Phường Hải Dương"),
        rec(HD, "Huyện Cẩm Giàng", "Xã Cẩm Giang", "", "xãcẩmgiang"),
        rec(HD, "Huyện Cẩm Giàng", "Xã Cẩm Giàng", "", "xãcẩmgiàng"),
        rec(HD, "Huyện Thanh Hà", "Xã Thanh Hồng", "", "xãkhôngrõ"),
        # Elsewhere: an An Lão district in Bình Định, and a Hồng Bàng commune invented for the test.
        rec("tinhbinhdinh", "Huyện An Lão", "Xã An Hòa", "Xã An Hòa", new_province="tinhgialai"),
        rec("tinhquangninh", "Huyện Ba Chẽ", "Xã Hồng Bàng", "Xã Hồng Bàng", new_province="tinhquangninh"),
    ],
}
EXTRA: dict[str, Any] = {
    "an_lao_new_units": ["An Hưng"],
    "an_lao_district": "huyenanlao",
    "new_ward_fixes": {"xãcẩmgiang": "Xã Cẩm Giang", "xãcẩmgiàng": "Xã Cẩm Giàng"},
    "district_type_aliases": {"Thành phố Chí Linh": ["thị xã Chí Linh"]},
    "places": [
        {
            "id": "haiphong",
            "name": "Hải Phòng",
            "kind": "city",
            "scope": "hai-phong",
            "aliases": [_nfd("Hải Phòng"), "TP Hải Phòng"],
            "ambiguous": False,
        },
        {
            "id": "hp-phuong-hong-bang",
            "name": "Hồng Bàng",
            "kind": "ward",
            "scope": "hai-phong",
            "aliases": ["Hồng Bàng"],
            "ambiguous": True,
            "old_names": ["phường Minh Khai"],
            "parent": "quận Hồng Bàng cũ",
            "note": "not a place key",
        },
    ],
    "homonyms": [{"pattern": _nfd("đường hải phòng"), "cancels": "haiphong", "note": "phố ở Đà Nẵng"}],
}


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    return gb.build_gazetteer(MAPPING, EXTRA)


@pytest.fixture(scope="module")
def places(built: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in built["places"]}


def test_unit_type_words_are_split_off_and_lower_cased_inside_sentences() -> None:
    assert gb.split_unit("Xã An Hưng") == ("Xã", "An Hưng")
    assert gb.split_unit("Thị trấn An Lão") == ("Thị trấn", "An Lão")
    assert gb.split_unit("Cát Bà") == ("", "Cát Bà")
    assert gb.typed("Huyện An Lão") == "huyện An Lão"
    assert gb.typed(_nfd("Đặc khu Cát Hải")) == "đặc khu Cát Hải"
    assert gb.slug("Huyện An Lão") == "huyen-an-lao"
    assert gb.slug("Phường Đồ Sơn") == "phuong-do-son"


def test_both_tone_mark_conventions_are_spelled_the_given_one_first() -> None:
    assert gb.syllable_variants("Thủy") == ["Thủy", "Thuỷ"]
    assert gb.syllable_variants("Thuỷ") == ["Thuỷ", "Thủy"]
    assert gb.syllable_variants("Hòa") == ["Hòa", "Hoà"]
    assert gb.syllable_variants("Quý") == ["Quý"]  # "qu" is a consonant: nothing to move
    assert gb.syllable_variants("Lão") == ["Lão"]
    assert gb.tone_variants("Thủy Hòa") == ["Thủy Hòa", "Thủy Hoà", "Thuỷ Hòa", "Thuỷ Hoà"]
    assert gb.name_key("Thuỷ Nguyên") == gb.name_key("thủy nguyên") == gb.name_key(_nfd("THỦY NGUYÊN"))
    assert gb.with_variants(["Thủy Nguyên", "Thuỷ Nguyên", _nfd("An Lão")]) == [
        "Thủy Nguyên",
        "Thuỷ Nguyên",
        "An Lão",
    ]


def test_records_of_hai_phong_have_their_missing_new_unit_fixed_or_are_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger=gb.__name__):
        records = gb.hai_phong_records(MAPPING, EXTRA)
    assert {r["new_province_key"] for r in records} == {HP}
    assert [r["new_ward"] for r in records if r["old_district"] == "Huyện Cẩm Giàng"] == [
        "Xã Cẩm Giang",
        "Xã Cẩm Giàng",
    ]
    assert not [r for r in records if r["old_district"] == "Huyện Thanh Hà"]
    assert "no new_ward for Huyện Thanh Hà / Xã Thanh Hồng" in caplog.text


def test_foreign_names_are_the_units_outside_hai_phong() -> None:
    typed_keys, bare_keys = gb.foreign_names(MAPPING)
    assert gb.name_key("Huyện An Lão") in typed_keys and gb.name_key("An Lão") in bare_keys
    assert gb.name_key("Hồng Bàng") in bare_keys
    assert gb.name_key("Chí Linh") not in bare_keys and gb.name_key("Quận Hồng Bàng") not in typed_keys


def test_new_units_list_the_former_units_merged_into_them(places: dict[str, dict[str, Any]]) -> None:
    an_hung = places["anlao-xa-an-hung"]
    assert (an_hung["kind"], an_hung["scope"], an_hung["valid_from"]) == ("commune", "an-lao", None)
    assert an_hung["old_names"] == ["xã Chiến Thắng", "xã An Thọ"]
    assert an_hung["parent"] == "huyện An Lão cũ"
    chu_van_an = places["hp-phuong-chu-van-an"]
    assert (chu_van_an["scope"], chu_van_an["valid_from"]) == ("hai-phong", "2025-07-01")


def test_former_communes_point_to_their_unit_the_default_one_when_divided(
    places: dict[str, dict[str, Any]],
) -> None:
    chien_thang = places["old-huyen-an-lao-xa-chien-thang"]
    assert (chien_thang["kind"], chien_thang["scope"]) == ("former-commune", "an-lao")
    assert chien_thang["new_unit"] == "xã An Hưng"
    assert places["old-quan-hong-bang-phuong-so-dau"]["new_unit"] == "phường Hồng An"
    assert places["old-thanh-pho-chi-linh-phuong-sao-do"]["valid_from"] == "2025-07-01"


def test_former_districts_get_their_bare_name_only_when_it_is_distinctive(
    places: dict[str, dict[str, Any]],
) -> None:
    # Distinctive: the bare name is an alias of the district itself (with the extra earlier type).
    assert places["old-thanh-pho-chi-linh"]["aliases"] == [
        "thành phố Chí Linh",
        "TP Chí Linh",
        "TP. Chí Linh",
        "thị xã Chí Linh",
        "Chí Linh",
    ]
    # A unit elsewhere shares the bare name: a separate, ambiguous alias entry.
    assert places["old-quan-hong-bang"]["aliases"] == ["quận Hồng Bàng"]
    alias = places["alias-hong-bang"]
    assert (alias["kind"], alias["ambiguous"], alias["aliases"]) == ("alias", True, ["Hồng Bàng"])
    assert alias["new_unit"] is None  # the district went to two new units
    # The typed name exists elsewhere: the district itself is ambiguous and keeps its bare name.
    an_lao = places["old-huyen-an-lao"]
    assert (an_lao["ambiguous"], an_lao["aliases"]) == (True, ["huyện An Lão", "An Lão"])
    assert "alias-an-lao" not in places
    # The bare name is a province: left to gazetteer_extra.yaml.
    assert places["old-thanh-pho-hai-duong"]["aliases"] == [
        "thành phố Hải Dương",
        "TP Hải Dương",
        "TP. Hải Dương",
    ]


def test_ids_differing_only_by_diacritics_get_a_suffix(places: dict[str, dict[str, Any]]) -> None:
    assert places["hp-xa-cam-giang"]["name"] == "Cẩm Giang"
    assert places["hp-xa-cam-giang-2"]["name"] == "Cẩm Giàng"


def test_blocks_come_in_order_an_lao_first(built: dict[str, Any]) -> None:
    kinds = [p["kind"] for p in built["places"]]
    assert kinds[0] == "city"  # the hand-written place that is not generated
    new_units = [p["id"] for p in built["places"][1:] if p["kind"] in ("commune", "ward")]
    assert new_units == [
        "anlao-xa-an-hung",
        "hp-phuong-hong-an",
        "hp-phuong-hong-bang",
        "hp-xa-cam-giang",
        "hp-xa-cam-giang-2",
        "hp-phuong-chu-van-an",
        "hp-phuong-hai-duong",
    ]
    first_district = kinds.index("former-district")
    assert kinds.index("former-commune") > first_district > kinds.index("commune")


def test_hand_written_places_come_first_or_merge_into_the_generated_entry(
    built: dict[str, Any], places: dict[str, dict[str, Any]]
) -> None:
    city = built["places"][0]
    assert city["id"] == "haiphong" and list(city) == list(gb.PLACE_KEYS)
    assert city["aliases"] == ["Hải Phòng", "TP Hải Phòng"]  # NFC
    merged = places["hp-phuong-hong-bang"]
    assert merged["aliases"] == ["Hồng Bàng", "phường Hồng Bàng"]
    assert merged["old_names"] == ["phường Hoàng Văn Thụ", "phường Sở Dầu", "phường Minh Khai"]
    assert merged["ambiguous"] is True and merged["parent"] == "quận Hồng Bàng cũ"
    assert "note" not in merged


def test_two_places_with_one_id_are_refused() -> None:
    with pytest.raises(ValueError, match=r"duplicate place ids: \['x'\]"):
        gb.check_unique_ids([{"id": "x"}, {"id": "y"}, {"id": "x"}])
    with pytest.raises(ValueError, match="haiphong"):
        gb.build_gazetteer(MAPPING, {**EXTRA, "places": EXTRA["places"][:1] * 2})


def test_document_names_its_source_and_keeps_homonyms_in_nfc(built: dict[str, Any]) -> None:
    assert built["meta"]["source"].startswith("underthesea ")
    assert built["meta"]["source"].endswith("address/data/mapping.json (vietnamadminunits 1.0.4)")
    assert built["meta"]["effective_date"] == built["reorganisation_date"] == "2025-07-01"
    assert built["homonyms"] == [
        {"pattern": "đường hải phòng", "cancels": "haiphong", "note": "phố ở Đà Nẵng"}
    ]


def test_dumped_document_starts_with_its_header_and_reads_back(built: dict[str, Any], tmp_path: Path) -> None:
    text = gb.dump(built)
    assert text.startswith(gb.HEADER)
    assert yaml.safe_load(text) == built
    path = tmp_path / "gazetteer.yaml"
    path.write_text(text, encoding="utf-8")
    gaz = load_gazetteer(path)
    assert gaz.exact[("xã", "an", "hưng")].scope == "an-lao"
    assert gaz.exact[("phường", "hồng", "bàng")].id == "hp-phuong-hong-bang"


def test_build_over_the_real_inputs_reproduces_the_committed_gazetteer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "gazetteer.yaml"
    assert gb.main(["--extra", str(DATA_DIR / "gazetteer_extra.yaml"), "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == (DATA_DIR / "gazetteer.yaml").read_text(encoding="utf-8")
    assert not output.with_suffix(".yaml.tmp").exists()
    assert capsys.readouterr().out.startswith(f"wrote {output}: ")
