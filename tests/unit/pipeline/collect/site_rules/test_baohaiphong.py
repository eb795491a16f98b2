"""Báo Hải Phòng's site rule (its OneCMS template, site_rules/baohaiphong.py) on its fixture page."""

from __future__ import annotations

from pipeline.collect.site_rules import baohaiphong
from tests.support.site_rule_pages import assert_exact_fields, assert_rule_beats_generic

NAME = "baohaiphong"


def test_fields_are_exact() -> None:
    record = assert_exact_fields(NAME)
    assert record.extraction_method == "rule-baohaiphong"
    assert "An Lão đón bằng công nhận" not in record.body and "cầu Quang Thanh\n" not in record.body


def test_rule_beats_generic() -> None:
    assert baohaiphong.RULE.fields() == ("byline", "summary", "body")
    assert_rule_beats_generic(NAME, baohaiphong.RULE.fields())
