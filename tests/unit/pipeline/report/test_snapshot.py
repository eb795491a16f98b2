"""pipeline.report.snapshot: what a report counts, frozen into a stored snapshot, read back, compared,
and the hashes of the files made from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from pipeline.report.drafts import Editorial
from pipeline.report.period import parse_quarter
from pipeline.report.snapshot import (
    Snapshot,
    build_snapshot,
    diff_snapshots,
    load_snapshot,
    record_file,
    store_snapshot,
)
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article
from tests.support.clock import REPORT_LATER, REPORT_NOW

Q2 = parse_quarter("2026Q2")


def _build(engine: Engine, label: str = "2026Q2") -> Snapshot:
    with transaction(engine) as session:
        return build_snapshot(session, parse_quarter(label), REPORT_NOW)


def test_a_snapshot_holds_the_periods_items_in_publication_order(engine: Engine) -> None:
    snap = _build(engine)
    assert (snap.period, snap.frozen_at, len(snap.items)) == (Q2, REPORT_NOW, 120)
    published = [item["published"] for item in snap.items]
    assert published == sorted(published) and all(p.startswith("2026-0") for p in published)
    assert snap.summary.totals["collected"] == 120
    assert {i["source"] for i in snap.items} <= {s["id"] for s in snap.sources}
    # Without a stored snapshot of 2026Q1, the figures to compare with are counted live.
    assert (snap.previous_basis, snap.previous_frozen_at, snap.previous.totals["collected"]) == (
        "live",
        "",
        60,
    )


def test_a_stored_snapshot_reads_back_the_same(engine: Engine) -> None:
    snap = _build(engine)
    with transaction(engine) as session:
        assert load_snapshot(session, Q2) is None
        store_snapshot(session, snap)
    with transaction(engine) as session:
        stored = load_snapshot(session, Q2)
    assert stored is not None and stored.to_json() == snap.to_json()
    assert stored.summary == snap.summary


def test_the_previous_periods_figures_come_from_its_stored_snapshot(engine: Engine) -> None:
    q1 = _build(engine, "2026Q1")
    with transaction(engine) as session:
        store_snapshot(session, q1)
    q2 = _build(engine)
    assert (q2.previous_basis, q2.previous_frozen_at) == ("snapshot", REPORT_NOW.isoformat())
    assert q2.previous.totals == q1.summary.totals


def test_the_first_hash_of_each_format_is_kept_until_the_snapshot_is_replaced(engine: Engine) -> None:
    with transaction(engine) as session:
        assert record_file(session, Q2, "docx", "a" * 64) is None  # nothing stored: nothing to keep
        store_snapshot(session, _build(engine))
        assert record_file(session, Q2, "docx", "a" * 64) is None
        assert record_file(session, Q2, "docx", "b" * 64) == "a" * 64
        assert record_file(session, Q2, "md", "c" * 64) is None
        store_snapshot(session, replace(_build(engine), frozen_at=REPORT_LATER))
        assert record_file(session, Q2, "docx", "b" * 64) is None


def test_diff_names_what_a_refresh_changed(engine: Engine) -> None:
    old = _build(engine)
    assert diff_snapshots(old, old) == []
    first, *rest = old.items
    retoned = [{**rest[0], "tone": "negative" if rest[0]["tone"] != "negative" else "positive"}, *rest[1:]]
    new = Snapshot(old.period, REPORT_LATER, retoned, old.sources, old.previous)
    lines = diff_snapshots(old, new)
    assert lines[0] == "collected: 120 → 119"
    assert f"1 items no longer counted, e.g. {first['title']!r}" in lines
    assert "1 items with a different tone" in lines
    assert "the analyst's highlights or texts changed since the last freeze" not in lines
    edited = replace(old, editorial=Editorial(pinned=(old.items[0]["id"],)))
    assert diff_snapshots(old, edited) == ["the analyst's highlights or texts changed since the last freeze"]


def test_items_carry_the_advertising_signal_from_title_and_summary(engine: Engine) -> None:
    with transaction(engine) as session:
        article = session.scalars(select(Article).order_by(Article.published_at)).first()
        assert article is not None
        article.published_at = datetime(2026, 5, 2, 8, 0, tzinfo=UTC)
        article.title, article.summary = "Mở bán đợt đầu khu đô thị ven sông", "Mỗi căn hộ có tầm nhìn đẹp."
    snap = _build(engine)
    ads = [i for i in snap.items if i["promotional"]]
    assert [i["id"] for i in ads] == [article.id]
