"""VietnamNet's site rule (pipeline/collect/site_rules/vietnamnet.py) on its fixture page."""

from __future__ import annotations

from pipeline.collect.site_rules import vietnamnet
from tests.support.site_rule_pages import assert_exact_fields, assert_rule_beats_generic

NAME = "vietnamnet"


def test_fields_are_exact() -> None:
    record = assert_exact_fields(NAME)
    assert record.extraction_method == "rule-vietnamnet"
    assert record.published_method == "json-ld"
    assert "Ảnh: Thanh Hùng" not in record.body and "tuyển sinh lớp 10" not in record.body


def test_rule_beats_generic() -> None:
    assert vietnamnet.RULE.fields() == ("byline", "summary", "body")
    assert_rule_beats_generic(NAME, vietnamnet.RULE.fields())
