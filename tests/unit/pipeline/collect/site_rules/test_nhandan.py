"""Nhân Dân's site rule (the article__* template, site_rules/zce.py) on its fixture page."""

from __future__ import annotations

from pipeline.collect.site_rules import zce
from tests.support.site_rule_pages import assert_exact_fields, compare

NAME = "nhandan"


def test_fields_are_exact() -> None:
    record = assert_exact_fields(NAME)
    assert record.extraction_method == "rule-zce"
    assert record.byline == "THANH HÀ"  # the closing byline inside the body, as published
    assert "THANH HÀ" not in record.body and "12 xã nông thôn mới kiểu mẫu" not in record.body


def test_rule_is_no_worse_than_generic() -> None:
    # The template's rule is kept for Tiền Phong, where its body beats the generic path
    # (test_tienphong); on this page the generic path is already exact, and the rule matches it.
    rows = {c.field: c for c in compare(NAME)}
    assert zce.RULE.fields() == ("byline", "summary", "body")
    assert [c.field for c in rows.values() if c.rule < c.generic] == []
    assert [c.field for c in rows.values() if c.rule < 1.0] == []
