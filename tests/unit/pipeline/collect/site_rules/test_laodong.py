"""Lao Động's site rule (pipeline/collect/site_rules/laodong.py) on its fixture page."""

from __future__ import annotations

from pipeline.collect.site_rules import laodong
from tests.support.site_rule_pages import assert_exact_fields, assert_rule_beats_generic

NAME = "laodong"


def test_fields_are_exact() -> None:
    record = assert_exact_fields(NAME)
    assert record.extraction_method == "rule-laodong"
    assert record.published_method == "json-ld"
    for noise in (
        "khởi công 2.000 căn nhà",
        "lương tối thiểu vùng",
        "Bài viết liên quan",
        "Mưa lớn gây ngập",
    ):
        assert noise not in record.body


def test_rule_beats_generic() -> None:
    assert laodong.RULE.fields() == ("byline", "summary", "body")
    assert_rule_beats_generic(NAME, laodong.RULE.fields())
