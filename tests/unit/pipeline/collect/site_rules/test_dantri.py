"""Dân trí's site rule (pipeline/collect/site_rules/dantri.py) on its fixture page."""

from __future__ import annotations

from pipeline.collect.site_rules import dantri
from tests.support.site_rule_pages import assert_exact_fields, assert_rule_beats_generic, extracted

NAME = "dantri"


def test_fields_are_exact() -> None:
    record = assert_exact_fields(NAME)
    assert record.extraction_method == "rule-dantri"
    assert record.summary.startswith("(Dân trí) - ")  # the sapo as published
    assert not record.body.startswith("Hải Phòng:")  # the kicker above the headline is not body text
    assert "Cát Bà đón hơn 10.000 khách" not in record.body and "Gió mùa đông bắc" not in record.body


def test_rule_beats_generic() -> None:
    assert dantri.RULE.fields() == ("byline", "summary", "body")
    assert_rule_beats_generic(NAME, dantri.RULE.fields())
    assert extracted(NAME, generic=True).byline == "Dân Trí"  # the outlet's meta author
