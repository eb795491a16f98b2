"""How a page's site rule is chosen, and that without one the generic path is unchanged.

Rules are chosen by the registry id of the page's source (``RawPage.source_id``), then by host: the
crawl tests serve pages from 127.0.0.1, where a host rule would never fire.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from parsel import Selector

from pipeline.collect import site_rules
from pipeline.collect.extract import extract_article
from pipeline.collect.site_rules.base import read_rule
from pipeline.registry import load_registry
from tests.support.site_rule_pages import EXPECTED, extracted, generic_page, raw_page

REGISTRY = load_registry(Path(__file__).parents[5] / "data" / "sources.yaml")


def test_every_rule_names_registry_sources_and_their_domains() -> None:
    sources = {s.id: s for s in REGISTRY.sources}
    for rule in site_rules.RULES:
        assert set(rule.source_ids) <= set(sources), rule.name
        registry_domains = {d for sid in rule.source_ids for d in sources[sid].allowed_domains()}
        assert set(rule.domains) <= registry_domains, rule.name


def test_every_rule_has_its_fixture_page() -> None:
    rules_with_a_page = {site_rules.rule_for(g["source"], g["url"]) for g in EXPECTED.values()}
    assert set(site_rules.RULES) == rules_with_a_page


def test_unknown_source_on_unknown_host_takes_the_generic_path_unchanged() -> None:
    page = generic_page(raw_page("tuoitre"))
    assert site_rules.rule_for(page.source_id, page.final_url) is None
    assert site_rules.read(Selector(text=page.body.decode()), page) is None
    record = extract_article(page)
    assert record is not None
    assert site_rules.apply(record, None) is record
    assert record.extraction_method.startswith("trafilatura-")
    # What the generic path reads: the outlet's name as byline (the rule finds the reporters), the sapo.
    assert record.byline == "TUOI TRE ONLINE"
    assert record.summary == EXPECTED["tuoitre"]["summary"]


def test_a_source_served_from_localhost_keeps_its_rule() -> None:
    page = raw_page("thanhnien")
    local = "http://127.0.0.1:8000/cang-lach-huyen-185261012091500123.htm"
    record = extract_article(replace(page, url=local, final_url=local))
    assert record is not None
    assert record.extraction_method == "rule-thanhnien"
    assert record == replace(
        extracted("thanhnien"), id=record.id, url=local, canonical_url=record.canonical_url
    )


def test_the_host_chooses_when_the_source_is_not_a_rule_source() -> None:
    # Imported or re-extracted pages may carry another source id; their host still chooses.
    assert site_rules.rule_for("", "https://dantri.com.vn/xa-hoi/a.htm") is site_rules.dantri.RULE
    assert site_rules.rule_for("tuoitre", "https://dantri.com.vn/xa-hoi/a.htm") is site_rules.vccorp.TUOITRE
    assert site_rules.rule_for("", "https://notdantri.com.vn/a.htm") is None


def test_a_page_without_the_rules_body_markup_keeps_the_generic_body() -> None:
    paragraphs = "".join(
        f"<p>Đoạn {i} của bài viết về cảng Hải Phòng, đủ dài để là nội dung.</p>" for i in range(6)
    )
    html = f"<html><head><title>Tin</title></head><body><h1>Tin</h1><article>{paragraphs}</article></body>"
    page = replace(raw_page("tuoitre"), body=html.encode())
    record = extract_article(page)
    assert record is not None
    assert record.extraction_method.startswith("trafilatura-")
    assert "Đoạn 5 của bài viết" in record.body


def test_a_container_with_a_single_block_gives_no_body(frozen_now: datetime) -> None:
    html = (
        '<h2 class="detail-sapo">Lời dẫn.</h2><div class="detail-content" data-role="content">'
        "<p>Mô tả video duy nhất.</p></div>"
    )
    fields = read_rule(Selector(text=html), site_rules.vccorp.TUOITRE, frozen_now)
    assert (fields.summary, fields.body) == ("Lời dẫn.", "")
    two = html.replace("</div>", "<p>Đoạn thứ hai.</p></div>")
    body = read_rule(Selector(text=two), site_rules.vccorp.TUOITRE, frozen_now).body
    assert body == "Lời dẫn.\nMô tả video duy nhất.\nĐoạn thứ hai."


def test_a_rule_time_without_offset_takes_the_sources_zone_and_says_so() -> None:
    record = extracted("tuoitre")
    naive = datetime(2026, 10, 12, 9, 15)
    vietnam = site_rules.apply(record, site_rules.RuleFields(rule="x", published=naive), "Asia/Ho_Chi_Minh")
    assert (
        vietnam.published_at is not None and vietnam.published_at.isoformat() == "2026-10-12T09:15:00+07:00"
    )
    assert vietnam.published_method == "rule-x+assumed-tz"
    foreign = site_rules.apply(record, site_rules.RuleFields(rule="x", published=naive))
    assert (
        foreign.published_at is not None and foreign.published_at.isoformat() == "2026-10-12T09:15:00+00:00"
    )
    assert foreign.published_method == "rule-x+assumed-utc"
    # Nothing else given: everything else is the generic record's.
    assert (
        replace(foreign, published_at=record.published_at, published_method=record.published_method) == record
    )
