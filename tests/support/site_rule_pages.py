"""The site-rule fixture pages (``tests/fixtures/site_rules/``) and how a rule is scored against the
generic extractor on them; used by the rule tests and by ``bench/site_rules.py``.

The generic result is the same page extracted as if it came from a source no rule knows, from a host
no rule knows (``generic.invalid``): what pressmon stored before the rule existed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from pipeline.collect.extract import extract_article
from pipeline.records import ArticleRecord, RawPage
from tests.support.paths import FIXTURES
from tests.support.scoring import token_f1

PAGES_DIR = FIXTURES / "site_rules"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (PAGES_DIR / "expected.yaml").read_text(encoding="utf-8")
)["pages"]
FIELDS = ("title", "byline", "published_at", "summary", "body")
VIETNAM_ZONE = "Asia/Ho_Chi_Minh"  # the registry's zone for Vietnamese sources


def raw_page(name: str) -> RawPage:
    """The fixture page ``name`` as the crawler hands it over for its registry source."""
    gold = EXPECTED[name]
    url = gold["url"]
    body = (PAGES_DIR / f"{name}.html").read_bytes()
    headers = {"content-type": "text/html; charset=utf-8"}
    fetched = datetime.fromisoformat(gold["fetched"])
    return RawPage(url, url, 200, headers, body, fetched, gold["source"], timezone=VIETNAM_ZONE)


def generic_page(page: RawPage) -> RawPage:
    """``page`` from a source and host that no site rule knows."""
    parts = urlsplit(page.final_url)
    neutral = urlunsplit((parts.scheme, "generic.invalid", parts.path, parts.query, ""))
    return replace(page, url=neutral, final_url=neutral, source_id="generic-source")


@cache
def extracted(name: str, generic: bool = False) -> ArticleRecord:
    page = raw_page(name)
    record = extract_article(generic_page(page) if generic else page)
    assert record is not None, f"no article extracted from the {name} fixture"
    return record


def gold_value(name: str, field: str) -> str:
    gold = EXPECTED[name]
    return str(gold["published" if field == "published_at" else field])


def found_value(record: ArticleRecord, field: str) -> str:
    value = getattr(record, field)
    return value.isoformat() if isinstance(value, datetime) else str(value or "")


def score(name: str, field: str, record: ArticleRecord) -> float:
    """Body: token F1 against the gold text; other fields: 1.0 when exact, else 0.0."""
    found, gold = found_value(record, field), gold_value(name, field)
    return token_f1(found, gold) if field == "body" else float(found == gold)


@dataclass(frozen=True)
class Comparison:
    outlet: str
    field: str
    generic: float
    rule: float
    generic_value: str
    rule_value: str


def compare(name: str) -> list[Comparison]:
    """Generic and rule scores of every field on the fixture ``name``."""
    generic, ruled = extracted(name, generic=True), extracted(name)
    return [
        Comparison(
            name,
            field,
            score(name, field, generic),
            score(name, field, ruled),
            found_value(generic, field),
            found_value(ruled, field),
        )
        for field in FIELDS
    ]


def assert_exact_fields(name: str) -> ArticleRecord:
    """The rule's record of fixture ``name`` has exactly the page's title, byline, time, summary and body."""
    record = extracted(name)
    for field in FIELDS:
        assert found_value(record, field) == gold_value(name, field), f"{name}: {field}"
    return record


def assert_rule_beats_generic(name: str, rule_fields: tuple[str, ...]) -> None:
    """On fixture ``name`` the rule beats the generic extractor on at least one field it gives and
    scores lower on none (a rule is kept only where it measurably beats the generic path; a field the
    generic path also gets right may stay in a rule that needs it, as the sapo opens the rule's body)."""
    rows = {c.field: c for c in compare(name)}
    assert [f for f in FIELDS if rows[f].rule < rows[f].generic] == []
    assert [f for f in rule_fields if rows[f].rule > rows[f].generic] != []
