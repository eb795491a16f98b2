"""pipeline.understand.case_bound: a name keyword counts only where the text capitalises it."""

from __future__ import annotations

import pytest

from pipeline.taxonomy import Taxonomy
from pipeline.understand.case_bound import mask_uncapitalised, uncapitalised_spans

EAST_SEA = ("biển Đông",)


@pytest.mark.parametrize(
    "text",
    ["tàu lạ trên Biển Đông", "tranh chấp ở biển Đông", "BIỂN ĐÔNG DẬY SÓNG", "tau la tren bien Dong"],
)
def test_the_name_as_written_is_kept(text: str) -> None:
    assert uncapitalised_spans(text, EAST_SEA) == []
    assert mask_uncapitalised(text, EAST_SEA) == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("lượng người tắm biển đông từ sáng sớm", "lượng người tắm biển_đông từ sáng sớm"),
        ("Biển đông người vào cuối tuần", "Biển_đông người vào cuối tuần"),
        ("nguoi tam bien dong", "nguoi tam bien_dong"),
    ],
)
def test_the_name_without_its_capitals_is_masked_in_place(text: str, masked: str) -> None:
    [(start, end)] = uncapitalised_spans(text, EAST_SEA)
    assert text[start:end].lower().startswith(("biển", "bien"))
    assert mask_uncapitalised(text, EAST_SEA) == masked


def test_the_taxonomy_lists_its_names(taxonomy: Taxonomy) -> None:
    assert "biển Đông" in taxonomy.names
