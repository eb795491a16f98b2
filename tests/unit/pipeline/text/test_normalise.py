"""pipeline.text.normalise: NFC, one tone-mark convention, invisible characters, folding; properties
on malformed input; and the fast paths, which give exactly what the plain definitions give.

The plain definitions (the NFD round trip for every text, a per-character loop for folding and for
the diacritics share) are kept here as the oracle; the fast code must agree on generated strings
built from the characters that matter (o/u/q, vowels with and without tone marks, decomposed
marks, đ, invisibles, whitespace) and on real articles.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import normalise as nm
from pipeline.text.normalise import (
    clean_text,
    fold,
    has_diacritics,
    normalise_text,
    normalise_tone_marks,
    page_text,
    restore_spelling,
    strip_invisible,
)
from tests.support.fuzz import FUZZ, VIETNAMESE


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


@FUZZ
@given(st.one_of(VIETNAMESE, st.text(max_size=200)))
def test_normaliser_is_idempotent_and_nfc(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\u034f" not in once and "\u200b" not in once
    assert fold(once) == fold(fold(once))


# The fast paths against the plain definitions.
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _tone_marks_oracle(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", nm._NEW_STYLE.sub(nm._old_style, decomposed))


def _fold_oracle(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", nm.strip_invisible(text).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")


def _has_diacritics_oracle(text: str, threshold: float = 0.02) -> bool:
    letters = [ch for ch in unicodedata.normalize("NFC", text) if ch.isalpha()]
    if len(letters) < 20:
        return any(ord(ch) > 127 for ch in letters)
    return sum(1 for ch in letters if ord(ch) > 127) / len(letters) > threshold


def _normalise_oracle(text: str) -> str:
    if not text:
        return ""
    text = _tone_marks_oracle(nm.strip_invisible(unicodedata.normalize("NFC", text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [nm._SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return nm._BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


_ALPHABET = (
    "oOuUqQaAeEyYiđĐ hn.,\n\r\t\u00a0\u200b\u034f"
    + _TONES
    + "\u0302\u0306\u031b\u1dc4"
    + "àáãảạèéẽẻẹỳýỹỷỵòóõỏọùúũủụặấầ"
    + "ÀÁÃẢẠÈÉẼẺẸỲÝỸỶỴ\u212b"
)
_TEXTS = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_tone_marks_fast_path_agrees_with_nfd_round_trip(text: str) -> None:
    assert nm.normalise_tone_marks(text) == _tone_marks_oracle(text)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_normalise_text_agrees_with_plain_definition(text: str) -> None:
    assert nm.normalise_text(text) == _normalise_oracle(text)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=60) | _TEXTS)
def test_fold_and_diacritics_share_agree_with_per_character_loops(text: str) -> None:
    assert nm.fold(text) == _fold_oracle(text)
    assert nm.has_diacritics(text) == _has_diacritics_oracle(text)


def test_tone_mark_tables_need_only_the_basic_multilingual_plane() -> None:
    patterns = [re.compile(p) for p in (nm.LETTER_OR_MARK, nm.OA_OE, nm.UY)]
    beyond = [
        hex(c)
        for c in range(0x10000, sys.maxunicode + 1)
        if any(p.match(unicodedata.normalize("NFD", chr(c))) for p in patterns)
    ]
    assert beyond == []


def test_memoised_and_long_texts_normalise_alike() -> None:
    long = "Hoà Bình  thuỷ sản\u200b " * 400
    assert len(long) > nm._MEMO_CHARS
    assert nm.normalise_text(long) == _normalise_oracle(long)
    assert nm.normalise_text(long[:300]) == nm.normalise_text(long[:300]) == _normalise_oracle(long[:300])


@pytest.mark.shared
def test_fast_paths_agree_on_real_articles(shared_data: Path) -> None:
    rows = [
        json.loads(line) for line in (shared_data / "haiphong" / "dev.jsonl").read_text("utf-8").splitlines()
    ]
    vntc = (shared_data / "corpora" / "vntc10" / "test.jsonl").read_text("utf-8").splitlines()[:300]
    texts = [t for r in rows for t in (r["title"], r["summary"], r["body"])]
    texts += [json.loads(line)["text"] for line in vntc]
    for text in texts:
        assert nm.normalise_text(text) == _normalise_oracle(text)
        assert nm.fold(text) == _fold_oracle(text)
        assert nm.has_diacritics(text) == _has_diacritics_oracle(text)


# The stored forms: the publisher's words, tone marks where they put them.
@pytest.mark.parametrize("word", ["ma tuý", "Thanh Hoá", "uỷ ban", "toà án", "hoà", "thuỷ", "khoẻ"])
def test_stored_text_keeps_the_tone_mark_placement(word: str) -> None:
    decomposed = unicodedata.normalize("NFD", word)
    assert clean_text(decomposed) == page_text(f"  {decomposed}\u200b ") == word
    assert normalise_text(word) != word  # only the matching form moves it


def test_clean_text_strips_c0_and_c1_controls_but_tab_and_newline() -> None:
    controls = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if c not in (9, 10, 13))
    assert clean_text(f"a{controls}b\tc\r\nd\re") == "ab\tc\nd\ne"
    assert clean_text("  hai  khoảng\u00ad trắng ") == "hai  khoảng trắng"  # spacing as given
    assert page_text("hai  khoảng\t trắng\n\n\n x") == "hai khoảng trắng\n\nx"  # as a browser shows it


def test_restore_spelling_follows_the_page_word_by_word() -> None:
    page = "<h1>Thanh Hoá: uỷ ban hoà giải</h1><p>Toà án xử.</p><p>Tòa nhà mới.</p>"
    stored = normalise_text("Thanh Hoá: uỷ ban hoà giải\nToà án xử.\nTòa nhà mới.")
    assert stored == "Thanh Hóa: ủy ban hòa giải\nTòa án xử.\nTòa nhà mới."
    assert restore_spelling(stored, page) == "Thanh Hoá: uỷ ban hoà giải\nToà án xử.\nTòa nhà mới."
    assert restore_spelling("tòa, hòa", page) == "tòa, hoà"  # "toà" and "tòa" are both on the page
