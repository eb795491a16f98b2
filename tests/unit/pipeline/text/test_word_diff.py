"""pipeline.text.word_diff: word-level differences of Vietnamese revisions."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import pytest

from pipeline.text.word_diff import with_context, word_diff


def _side(pieces: Sequence[tuple[str, str]], dropped: str) -> str:
    return "".join(text for op, text in pieces if op != dropped)


def test_an_unchanged_text_is_one_equal_piece() -> None:
    text = "Huyện An Lão khởi công cầu mới.\n\nDự án hoàn thành năm 2027."
    assert word_diff(text, text) == [("equal", text)]


def test_a_changed_word_is_deleted_then_inserted_with_the_rest_equal() -> None:
    old = "UBND huyện An Lão xử phạt 12 cơ sở vi phạm."
    new = "UBND huyện An Lão xử phạt 21 cơ sở vi phạm."
    assert word_diff(old, new) == [
        ("equal", "UBND huyện An Lão xử phạt "),
        ("delete", "12 "),
        ("insert", "21 "),
        ("equal", "cơ sở vi phạm."),
    ]


def test_a_changed_diacritic_changes_the_whole_word() -> None:
    pieces = word_diff("Giá xăng tăng mạnh", "Giá xăng giảm mạnh")
    assert ("delete", "tăng ") in pieces
    assert ("insert", "giảm ") in pieces
    # "phạt" and "phát" differ only by their tone marks: still a different word.
    assert word_diff("bị phạt", "bị phát") == [("equal", "bị "), ("delete", "phạt"), ("insert", "phát")]


def test_an_added_correction_notice_is_one_insertion() -> None:
    old = "Cầu Khuể bị sập một nhịp."
    new = "Cầu Khuể bị sập một nhịp. Đính chính: cầu chỉ bị nứt, không sập."
    assert word_diff(old, new) == [
        ("equal", "Cầu Khuể bị sập một nhịp. "),
        ("insert", "Đính chính: cầu chỉ bị nứt, không sập."),
    ]


def test_removed_words_are_one_deletion() -> None:
    old = "Theo nguồn tin chưa được kiểm chứng, nhà máy sẽ đóng cửa."
    new = "Theo nguồn tin, nhà máy sẽ đóng cửa."
    pieces = word_diff(old, new)
    assert [op for op, _ in pieces] == ["equal", "delete", "insert", "equal"]
    assert pieces[1] == ("delete", "tin chưa được kiểm chứng, ")
    assert pieces[2] == ("insert", "tin, ")


def test_rewrapped_whitespace_is_not_an_edit() -> None:
    old = "Người dân   phản ánh\nvề mùi hôi."
    new = "Người dân phản ánh về mùi hôi."
    assert word_diff(old, new) == [("equal", new)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", "Tin mới về Hải Phòng."),
        ("Tin cũ về Hải Phòng.", ""),
        ("  Mở đầu bằng khoảng trắng.", "Mở đầu khác hẳn.\n\nĐoạn hai."),
        ("Tiêu đề cũ\n\nNội dung một.", "Tiêu đề mới\n\nNội dung một. Thêm câu."),
    ],
)
def test_the_pieces_give_both_texts_back(old: str, new: str) -> None:
    pieces = word_diff(old, new)
    assert _side(pieces, "delete") == new
    assert _side(pieces, "insert").split() == old.split()
    # Neighbouring pieces never share an op (they are merged).
    assert all(a[0] != b[0] for a, b in pairwise(pieces))


def test_long_unchanged_stretches_are_cut_to_the_words_around_a_change() -> None:
    before = " ".join(f"từ{i}" for i in range(40))
    pieces = word_diff(f"{before} sập cầu {before}", f"{before} nứt cầu {before}")
    cut = with_context(pieces, words=3)
    assert cut[0] == ("equal", "… từ37 từ38 từ39 ")
    assert cut[1:3] == [("delete", "sập "), ("insert", "nứt ")]
    assert cut[3] == ("equal", "cầu từ0 từ1 …")
    # A short stretch between two changes is kept whole.
    short = word_diff("một hai ba bốn năm", "MỘT hai ba bốn NĂM")
    assert with_context(short, words=1) == short
