"""Tiền Phong's site rule (the article__* template, site_rules/zce.py) on its fixture page."""

from __future__ import annotations

from pipeline.collect.site_rules import rule_for, zce
from tests.support.site_rule_pages import EXPECTED, assert_exact_fields, assert_rule_beats_generic

NAME = "tienphong"


def test_fields_are_exact() -> None:
    record = assert_exact_fields(NAME)
    assert rule_for("tienphong", EXPECTED[NAME]["url"]) is zce.RULE
    assert record.extraction_method == "rule-zce"
    assert record.summary.startswith("TPO - ")
    for noise in (
        "tiêu hủy hơn 2 tấn thịt lợn",
        "Cảnh giác ngộ độc",
        "an toàn thực phẩm Hải Phòng",
        "Giá xăng",
    ):
        assert noise not in record.body


def test_rule_beats_generic() -> None:
    assert zce.RULE.fields() == ("byline", "summary", "body")
    assert_rule_beats_generic(NAME, zce.RULE.fields())
