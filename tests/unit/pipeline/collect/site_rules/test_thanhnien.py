"""Thanh Niên's site rule (pipeline/collect/site_rules/vccorp.py) on its fixture page."""

from __future__ import annotations

from pipeline.collect.site_rules import vccorp
from tests.support.site_rule_pages import assert_exact_fields, assert_rule_beats_generic, extracted

NAME = "thanhnien"


def test_fields_are_exact() -> None:
    record = assert_exact_fields(NAME)
    assert record.extraction_method == "rule-thanhnien"
    # "12/10/2026 09:15" has no offset: Vietnam time, as the registry assumes for a Vietnamese source.
    assert record.published_at is not None and record.published_at.isoformat() == "2026-10-12T09:15:00+07:00"
    assert record.published_method == "rule-thanhnien+assumed-tz"
    assert "Đọc thêm" not in record.body and "mở rộng cảng Lạch Huyện thêm 8 bến" not in record.body
    assert "Theo Cảng vụ hàng hải Hải Phòng, con tàu" in record.body  # the auto tag link stays inline


def test_rule_beats_generic() -> None:
    assert vccorp.THANHNIEN.fields() == ("byline", "published_at", "summary", "body")
    assert_rule_beats_generic(NAME, vccorp.THANHNIEN.fields())
    generic = extracted(NAME, generic=True).published_at
    assert generic is not None and (generic.hour, generic.minute) == (0, 0)  # the day only
