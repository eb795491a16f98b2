"""Tuổi Trẻ's site rule (pipeline/collect/site_rules/vccorp.py) on its fixture page."""

from __future__ import annotations

from pipeline.collect.site_rules import rule_for, vccorp
from tests.support.site_rule_pages import assert_exact_fields, assert_rule_beats_generic, extracted

NAME = "tuoitre"


def test_fields_are_exact() -> None:
    record = assert_exact_fields(NAME)
    assert record.byline == "ĐAN THUẦN, CHÍ KIÊN"  # "MEDIA" and meta author "TUOI TRE ONLINE" are not bylines
    assert record.extraction_method == "rule-tuoitre"
    assert record.published_at is not None and record.published_at.isoformat() == "2026-10-05T15:42:00+07:00"
    assert record.published_method == "meta"  # the page's own metadata: the rule does not override it
    for noise in (
        "ĐỌC NGAY",
        "Hải Phòng khởi công cầu vượt",
        "Hàng trăm xe container",
        "Toàn cảnh lễ",
        "Đọc tiếp",
    ):
        assert noise not in record.body
    assert "Ảnh: CHÍ KIÊN" not in record.body
    caption = "\nPhương tiện lưu thông trên cầu Nguyễn Trãi sáng 5-10\n"  # its credit removed
    assert caption in record.body


def test_rule_beats_generic() -> None:
    assert vccorp.TUOITRE.fields() == ("byline", "summary", "body")
    assert_rule_beats_generic(NAME, vccorp.TUOITRE.fields())
    assert extracted(NAME, generic=True).byline == "TUOI TRE ONLINE"


def test_nld_pages_are_read_with_the_tuoitre_rule() -> None:
    # Người Lao Động moved under tuoitre.vn/nld (SOURCES-EVIDENCE.md): same template, same rule.
    assert rule_for("nld", "https://tuoitre.vn/nld/bai-viet-19626100512345678.htm") is vccorp.TUOITRE
    assert rule_for("", "https://nld.com.vn/thoi-su/bai-viet.htm") is vccorp.TUOITRE
