"""Nhân Dân's site rule (the article__* template, site_rules/zce.py) on its fixture page."""

from __future__ import annotations

from pipeline.collect.site_rules import zce
from tests.support.site_rule_pages import assert_exact_fields, assert_rule_beats_generic

NAME = "nhandan"


def test_fields_are_exact() -> None:
    record = assert_exact_fields(NAME)
    assert record.extraction_method == "rule-zce"
    assert record.byline == "THANH HÀ"  # the closing byline inside the body, as published
    assert "THANH HÀ" not in record.body and "12 xã nông thôn mới kiểu mẫu" not in record.body


def test_rule_beats_generic() -> None:
    assert_rule_beats_generic(NAME, zce.RULE.fields())
