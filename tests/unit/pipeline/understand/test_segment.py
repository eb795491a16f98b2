"""pipeline.understand.segment, word segmentation: underthesea's CRF joins the syllables of words,
once per distinct text, from the model inside the installed package (no network)."""

from __future__ import annotations

import hashlib
import sys

from pipeline.understand import segment as seg

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


def test_key_names_the_segmenter_and_the_text() -> None:
    text = "Hải Phòng khởi công cầu Rào 1"
    assert seg.text_key(text) == seg.text_key(text) != seg.text_key(text + ".")
    assert seg.SEGMENTER.startswith("underthesea-")
    plain = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert seg.text_key(text) != plain  # another underthesea release misses instead of reusing


def test_collect_primes_known_results_and_records_only_fresh_ones() -> None:
    seg.clear_cache()
    stored = "Cảng Lạch Huyện đón tàu lớn nhất từ trước đến nay"
    fresh = "Người dân An Lão phấn khởi đón nước sạch về làng"
    known = {seg.text_key(stored): "Cảng Lạch_Huyện đón tàu lớn nhất từ trước đến_nay"}
    with seg.collect(known) as new:
        assert seg.segment(stored) == known[seg.text_key(stored)]
        out = seg.segment(fresh)
    assert new == {seg.text_key(fresh): out}
    assert "nước_sạch" in out.split()
    seg.segment("Thủy Nguyên mở rộng đường ven sông")
    assert len(new) == 1  # recording stops with the block
