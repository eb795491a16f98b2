"""Word segmentation: underthesea's CRF joins the syllables of words, once per distinct text,
from the model inside the installed package (no network)."""

from __future__ import annotations

import sys

from pipeline import segment as seg

_CONNECTS: list[object] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event in ("socket.connect", "socket.getaddrinfo"):
        _CONNECTS.append(args)


def test_words_are_joined_by_underscores() -> None:
    out = seg.segment("Người dân xã An Hưng bức xúc vì chậm nhận tiền bồi thường ở Hải Phòng")
    assert "bồi_thường" in out.split()
    assert "Hải_Phòng" in out.split()


def test_same_text_is_segmented_once() -> None:
    seg.clear_cache()
    text = "Cảng Lạch Huyện đạt sản lượng container cao nhất từ trước đến nay"
    first = seg.segment(text)
    assert seg.cache_info() == 1
    assert seg.segment(text) is first
    assert seg.cache_info() == 1


def test_empty_and_blank_text_give_empty_string() -> None:
    assert seg.segment("") == ""
    assert seg.segment("  \n ") == ""


def test_very_long_text_is_cut_before_segmenting() -> None:
    out = seg.segment("Hải Phòng " * 50_000)
    assert len(out) <= seg.MAX_CHARS


def test_segmentation_opens_no_network_connection() -> None:
    sys.addaudithook(_audit)  # hooks cannot be removed; this one only records
    seg.clear_cache()
    seg.segment("Thành phố Hải Phòng khởi công nhà máy linh kiện điện tử tại Đình Vũ")
    assert _CONNECTS == []
