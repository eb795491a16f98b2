"""Extraction of saved real VnExpress pages against the golden snippets and the reference text.

The pages stay in ../shared/data/pages (read there); ``tests/fixtures/extract_golden.yaml`` holds the
expected title, time, byline, must/must-not phrases and the body F1 floor of each page.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import trafilatura
import yaml

from pipeline.collect.extract import extract_article, site_rule
from pipeline.records import ArticleRecord, RawPage
from tests.support.paths import FIXTURES

GOLDEN_FILE = FIXTURES / "extract_golden.yaml"
GOLDEN: dict[str, dict[str, Any]] = yaml.safe_load(GOLDEN_FILE.read_text(encoding="utf-8"))["pages"]
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def token_f1(found: str, reference: str) -> float:
    """Bag-of-words F1 over lower-cased word tokens (the measure of the issue)."""
    a, b = Counter(re.findall(r"\w+", found.lower())), Counter(re.findall(r"\w+", reference.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def reference_body(expected: dict[str, Any]) -> str:
    body = expected["body"]
    return "\n".join([*body["summary"], *(p for s in body["sections"] for p in s["paragraphs"])])


def _page_html(shared_dir: Path, name: str) -> bytes:
    path = shared_dir / "pages" / name / "page.html"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path.read_bytes()


def _extract(shared_dir: Path, name: str) -> ArticleRecord:
    url = GOLDEN[name]["url"]
    fetched = datetime.fromisoformat(GOLDEN[name]["published"]).replace(hour=23, minute=59)
    page = RawPage(url, url, 200, {}, _page_html(shared_dir, name), fetched, "vnexpress")
    record = extract_article(page)
    assert record is not None
    return record


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_fields_are_exact(shared_dir: Path, name: str) -> None:
    gold, record = GOLDEN[name], _extract(shared_dir, name)
    assert record.title == gold["title"]
    assert record.byline == gold["byline"]
    assert record.published_at is not None
    assert record.published_at.isoformat() == gold["published"]
    assert record.extraction_method == gold["extraction"]


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_snippets(shared_dir: Path, name: str) -> None:
    gold, body = GOLDEN[name], _extract(shared_dir, name).body
    assert [s for s in gold["must_contain"] if s not in body] == []
    assert [s for s in gold["must_not_contain"] if s in body] == []


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(n for n in GOLDEN if "f1_floor" in GOLDEN[n]))
def test_body_f1_floor_and_rule_beats_trafilatura(shared_dir: Path, name: str) -> None:
    expected_file = shared_dir / "pages" / name / "expected.json"
    reference = reference_body(json.loads(expected_file.read_text(encoding="utf-8"))["V1"])
    ours = token_f1(_extract(shared_dir, name).body, reference)
    plain = token_f1(trafilatura.extract(_page_html(shared_dir, name).decode("utf-8")) or "", reference)
    assert ours >= GOLDEN[name]["f1_floor"]
    assert ours > plain  # the site rule exists only because it beats trafilatura here


def test_site_rule_is_chosen_by_domain() -> None:
    rule = site_rule("https://vnexpress.net/a-1.html")
    assert rule is not None and rule.name == "vnexpress"
    assert site_rule("https://e.vnexpress.net/a-1.html") is rule
    assert site_rule("https://notvnexpress.net/a-1.html") is None


def test_rule_falls_back_to_trafilatura_without_its_markup(frozen_now: datetime) -> None:
    paragraphs = "".join(
        f"<p>Đoạn {i} của bài viết về cảng Hải Phòng, đủ dài để là nội dung.</p>" for i in range(6)
    )
    html = f"<html><head><title>Tin</title></head><body><article><h1>Tin</h1>{paragraphs}</article></body>"
    url = "https://vnexpress.net/khong-co-fck-1.html"
    record = extract_article(RawPage(url, url, 200, {}, html.encode(), frozen_now, "vnexpress"))
    assert record is not None
    assert record.extraction_method.startswith("trafilatura-")
    assert "Đoạn 5 của bài viết" in record.body


def test_caption_credit_and_closing_byline_are_dropped(frozen_now: datetime) -> None:
    paragraphs = "".join(f'<p class="Normal">Đoạn {i} nói về Hải Phòng.</p>' for i in range(3))
    html = (
        '<html><body><h1>Tiêu đề</h1><p class="description">Lời dẫn của bài.</p>'
        f'<article class="fck_detail">{paragraphs}'
        '<figure><figcaption><p class="Image">Cầu Hoàng Văn Thụ. Ảnh: <em>Giang Chinh</em></p>'
        "</figcaption></figure>"
        '<p class="Normal" style="text-align:right;"><strong>Hà Linh</strong></p></article></body></html>'
    )
    url = "https://vnexpress.net/tieu-de-1.html"
    record = extract_article(RawPage(url, url, 200, {}, html.encode(), frozen_now, "vnexpress"))
    assert record is not None
    assert record.body.split("\n") == [
        "Lời dẫn của bài.",
        "Đoạn 0 nói về Hải Phòng.",
        "Đoạn 1 nói về Hải Phòng.",
        "Đoạn 2 nói về Hải Phòng.",
        "Cầu Hoàng Văn Thụ.",
    ]
    assert record.byline == "Hà Linh" and record.summary == "Lời dẫn của bài."
