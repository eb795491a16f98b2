"""pipeline.normalise: NFC, one tone-mark convention, invisible characters, folding."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.text.normalise import (
    fold,
    has_diacritics,
    normalise_text,
    normalise_tone_marks,
    strip_invisible,
)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_nfd_input_becomes_nfc() -> None:
    text = "Hải Phòng, Đồ Sơn, Thủy Nguyên"
    result = normalise_text(_nfd(text))
    assert result == text
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("new_style", "old_style"),
    [
        ("hoà", "hòa"),
        ("Thuỷ", "Thủy"),
        ("khoẻ", "khỏe"),
        ("HOÀ", "HÒA"),
        ("Hoà Bình", "Hòa Bình"),
        ("thuỷ sản", "thủy sản"),
        ("tuỳ", "tùy"),
        ("xoè", "xòe"),
        ("hoá.", "hóa."),
    ],
)
def test_new_style_tone_marks_move_to_first_vowel(new_style: str, old_style: str) -> None:
    assert normalise_text(new_style) == old_style


@pytest.mark.parametrize("word", ["quý", "QUÝ", "hoàng", "thuyền", "ngoài", "khuya", "hòa", "thủy"])
def test_words_already_in_convention_are_unchanged(word: str) -> None:
    assert normalise_text(word) == word


def test_tone_mark_normalisation_accepts_nfd_input() -> None:
    assert normalise_tone_marks(_nfd("hoà thuỷ")) == "hòa thủy"


@pytest.mark.parametrize(
    "invisible",
    ["\u034f", "\u200b", "\u00ad", "\ufeff"],
    ids=["combining-grapheme-joiner", "zero-width-space", "soft-hyphen", "bom"],
)
def test_invisible_characters_are_removed(invisible: str) -> None:
    text = f"Hả{invisible}i Ph{invisible}òng"
    assert strip_invisible(text) == "Hải Phòng"
    assert normalise_text(text) == "Hải Phòng"


def test_whitespace_is_folded_and_paragraphs_kept() -> None:
    text = "  Hải\u00a0 Phòng \t mới \r\n\r\n\r\n\n Đoạn hai  "
    assert normalise_text(text) == "Hải Phòng mới\n\nĐoạn hai"


def test_empty_text_normalises_to_empty() -> None:
    assert normalise_text("") == ""


def test_fold_removes_diacritics_and_case() -> None:
    assert fold("Hải Phòng Đồ Sơn") == "hai phong do son"


@pytest.mark.parametrize("variant", ["HẢI PHÒNG", "Hai Phong", "hải phòng", "Hả\u034fi Phòng"])
def test_fold_makes_variants_meet(variant: str) -> None:
    assert fold(variant) == "hai phong"


def test_fold_of_nfd_input_equals_fold_of_nfc() -> None:
    assert fold(_nfd("Đình Vũ, Lạch Huyện")) == fold("Đình Vũ, Lạch Huyện") == "dinh vu, lach huyen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hải Phòng", True),
        ("Hai Phong", False),
        ("", False),
        ("Thành phố Hải Phòng khởi công cây cầu mới bắc qua sông Cấm", True),
        ("Thanh pho Hai Phong khoi cong cay cau moi bac qua song Cam", False),
    ],
)
def test_has_diacritics(text: str, expected: bool) -> None:
    assert has_diacritics(text) is expected


def test_has_diacritics_on_nfd_text() -> None:
    assert has_diacritics(_nfd("Hải Phòng")) is True
