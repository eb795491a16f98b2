"""pipeline.report.output on a real SQLite file: a report's snapshot stored once and reproduced byte
for byte, refreshed on request; its formats chosen, rendered and written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from pipeline.errors import PressmonError
from pipeline.report.content import ReportContent
from pipeline.report.output import choose_format, downloads, make_report, preview_snapshot, render
from pipeline.report.period import parse_quarter
from pipeline.report.render.sheets import items_csv, tables_csv
from pipeline.storage.engine import transaction
from pipeline.storage.schema import AssessmentRow, ReportRow
from pipeline.taxonomy import Taxonomy
from tests.support.clock import REPORT_LATER as LATER
from tests.support.clock import REPORT_NOW as FROZEN
from tests.support.synthetic_reports import insert_synthetic

Q2, Q1 = parse_quarter("2026Q2"), parse_quarter("2026Q1")


def _one(content: ReportContent, taxonomy: Taxonomy, fmt: str) -> bytes:
    return render(content, taxonomy, fmt, lambda _: None)[0][1]


def _rows(engine: Engine) -> list[ReportRow]:
    with transaction(engine) as session:
        return list(session.scalars(select(ReportRow)))


def test_first_run_freezes_and_later_runs_reproduce_the_same_file(
    engine: Engine, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    first = make_report(engine, taxonomy, Q2, "docx", tmp_path / "a.docx", FROZEN)
    assert first.status == "created" and len(first.snapshot.items) == 120
    insert_synthetic(engine, Q2, 15, ["dantri"], seed=9, start_index=10_000)  # late arrivals inside Q2
    with transaction(engine) as session:  # and a re-assessment of everything
        session.execute(update(AssessmentRow).values(tone="negative"))
    again = make_report(engine, taxonomy, Q2, "docx", tmp_path / "b.docx", LATER)
    assert again.status == "reused" and again.reproduced is True
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    assert [r.period for r in _rows(engine)] == ["2026Q2"]
    assert set(_rows(engine)[0].files) == {"docx"}


def test_refresh_rebuilds_and_says_what_changed(engine: Engine, taxonomy: Taxonomy, tmp_path: Path) -> None:
    make_report(engine, taxonomy, Q2, "md", tmp_path / "a.md", FROZEN)
    insert_synthetic(engine, Q2, 15, ["dantri"], seed=9, start_index=10_000)
    refreshed = make_report(engine, taxonomy, Q2, "md", tmp_path / "b.md", LATER, refresh=True)
    assert refreshed.status == "refreshed"
    assert "collected: 120 → 135" in refreshed.changes
    assert any(line.startswith("15 new items") for line in refreshed.changes)
    assert len(refreshed.snapshot.items) == 135
    stored = _rows(engine)[0]
    assert len(stored.snapshot["items"]) == 135 and stored.files == {"md": stored.files["md"]}
    unchanged = make_report(engine, taxonomy, Q2, "md", tmp_path / "c.md", LATER, refresh=True)
    assert unchanged.changes == []


def test_previous_period_figures_come_from_its_own_snapshot(
    engine: Engine, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    q1 = make_report(engine, taxonomy, Q1, "md", tmp_path / "q1.md", FROZEN)
    insert_synthetic(engine, Q1, 30, ["dantri"], seed=7, start_index=20_000)
    q2 = make_report(engine, taxonomy, Q2, "md", tmp_path / "q2.md", FROZEN)
    assert q2.snapshot.previous_basis == "snapshot"
    assert q2.snapshot.previous.totals == q1.snapshot.summary.totals
    assert q2.snapshot.previous.totals["collected"] == 60  # not the 90 in the database now


def test_a_future_or_empty_period_is_said_and_never_frozen(
    engine: Engine, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    future = make_report(engine, taxonomy, parse_quarter("2031Q1"), "md", tmp_path / "f.md", FROZEN)
    assert future.status == "empty" and "chưa bắt đầu" in (tmp_path / "f.md").read_text(encoding="utf-8")
    past = make_report(engine, taxonomy, parse_quarter("2020Q1"), "docx", tmp_path / "p.docx", FROZEN)
    assert past.status == "empty" and (tmp_path / "p.docx").stat().st_size > 5000
    assert _rows(engine) == []


def test_preview_does_not_store_until_frozen(engine: Engine, taxonomy: Taxonomy, tmp_path: Path) -> None:
    snap, frozen = preview_snapshot(engine, Q2, FROZEN)
    assert not frozen and len(snap.items) == 120 and _rows(engine) == []
    make_report(engine, taxonomy, Q2, "csv", tmp_path / "q.csv", FROZEN)
    snap, frozen = preview_snapshot(engine, Q2, LATER)
    assert frozen and snap.frozen_at == FROZEN


@pytest.mark.parametrize(
    ("fmt", "output", "expected"),
    [(None, None, "docx"), (None, "q.md", "md"), ("xlsx", "q.bin", "xlsx"), (None, "Q.CSV", "csv")],
)
def test_format_from_option_then_suffix_then_docx(fmt: str | None, output: str | None, expected: str) -> None:
    assert choose_format(fmt, Path(output) if output else None) == expected


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(PressmonError, match="docx, md, csv, xlsx"):
        choose_format("pdf", None)


def test_docx_bytes_depend_only_on_the_snapshot(content: ReportContent, taxonomy: Taxonomy) -> None:
    assert _one(content, taxonomy, "docx") == _one(content, taxonomy, "docx")
    assert _one(content, taxonomy, "xlsx") == _one(content, taxonomy, "xlsx")


def test_csv_gives_the_items_and_the_tables_beside_them(content: ReportContent, taxonomy: Taxonomy) -> None:
    (_, items), (suffix, tables) = render(content, taxonomy, "csv", lambda _: None)
    assert suffix == ".tables.csv"
    assert (items, tables) == (items_csv(content), tables_csv(content))


def test_downloads_name_every_file_of_every_format(content: ReportContent, taxonomy: Taxonomy) -> None:
    files = downloads(content, taxonomy)
    assert [(fmt, name) for fmt, name, _, _ in files] == [
        ("docx", "pressmon-2026Q2.docx"),
        ("md", "pressmon-2026Q2.md"),
        ("csv", "pressmon-2026Q2.csv"),
        ("csv", "pressmon-2026Q2.tables.csv"),
        ("xlsx", "pressmon-2026Q2.xlsx"),
    ]
    assert files[1][2] == "text/markdown" and files[1][3] == _one(content, taxonomy, "md")
