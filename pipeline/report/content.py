"""What the report says, independent of its format: texts and tables derived from one snapshot.

Only the snapshot (including its freezing time) goes in, never the clock, so rendering the same
snapshot again gives the same document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.clock import local_zone
from pipeline.report import texts as T
from pipeline.report.figures import model_versions
from pipeline.report.snapshot import Snapshot
from pipeline.report.tables import (
    ReportTable,
    figure_tables,
    flagged_table,
    open_table,
    positive_tables,
    source_list_table,
)
from pipeline.taxonomy import Taxonomy


@dataclass(frozen=True)
class ReportContent:
    snapshot: Snapshot
    title: str
    intro: str
    period_lines: list[str]
    empty: str | None
    figures: list[ReportTable]
    positive: list[ReportTable]
    flagged: ReportTable
    still_open: ReportTable
    sources: ReportTable
    method: list[str]

    def all_tables(self) -> list[ReportTable]:
        """Every table, in document order (the CSV/XLSX carry the same)."""
        return [*self.figures, *self.positive, self.flagged, self.still_open, self.sources]


def empty_reason(snap: Snapshot) -> str | None:
    """Why a report has nothing to count, or None when it has items."""
    if snap.items:
        return None
    return T.EMPTY_FUTURE if snap.period.start > snap.frozen_at else T.EMPTY_NO_DATA


def _period_lines(snap: Snapshot) -> list[str]:
    period = snap.period
    lines = [
        f"Kỳ báo cáo: {period.short_vi}, từ ngày {period.start:%d/%m/%Y} đến ngày {period.last_day:%d/%m/%Y}."
    ]
    if period.start <= snap.frozen_at < period.end:
        lines.append(T.IN_PROGRESS.format(date=f"{snap.frozen_at.astimezone(local_zone()):%d/%m/%Y}"))
    active = [s for s in snap.sources if snap.summary.by_source.get(s["id"], {}).get("collected")]
    lines.append(
        f"Nguồn theo dõi: {len(snap.sources)} cơ quan báo chí, cổng thông tin; "
        f"{len(active)} nguồn có tin, bài trong kỳ (danh sách tại phụ lục)."
    )
    return lines


def _method(snap: Snapshot) -> list[str]:
    prev_label = snap.period.previous().label
    previous = (
        T.METHOD_PREVIOUS_SNAPSHOT.format(label=prev_label, frozen=_vn_time(snap.previous_frozen_at))
        if snap.previous_basis == "snapshot"
        else T.METHOD_PREVIOUS_LIVE.format(label=prev_label)
    )
    versions = ", ".join(f"{v} ({n} tin, bài)" for v, n in model_versions(snap.items)) or "—"
    return [
        T.METHOD,
        T.METHOD_SNAPSHOT.format(frozen=_vn_time(snap.frozen_at.isoformat())),
        previous,
        T.METHOD_MODELS.format(versions=versions),
    ]


def _vn_time(iso: str) -> str:
    return f"{datetime.fromisoformat(iso).astimezone(local_zone()):%H:%M ngày %d/%m/%Y}" if iso else "—"


def build_content(snap: Snapshot, tax: Taxonomy) -> ReportContent:
    """The report's texts and tables for ``snap``."""
    period = snap.period
    intro = T.INTRO.format(
        issuer=T.ISSUER_NAME,
        period_lower=period.title_vi_inline,
        start=f"{period.start:%d/%m/%Y}",
        end=f"{period.last_day:%d/%m/%Y}",
    )
    return ReportContent(
        snapshot=snap,
        title=f"{T.SUBJECT} {period.title_vi_inline}",
        intro=intro,
        period_lines=_period_lines(snap),
        empty=empty_reason(snap),
        figures=figure_tables(snap, tax),
        positive=positive_tables(snap, tax),
        flagged=flagged_table(snap, tax),
        still_open=open_table(snap, tax),
        sources=source_list_table(snap),
        method=_method(snap),
    )
