"""What the report says, independent of its format: texts and tables derived from one snapshot.

Only the snapshot (including its freezing time and the analyst's edits) and the issuing body's
settings go in, never the clock, so rendering the same snapshot again gives the same document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.clock import local_zone
from pipeline.report import texts as T
from pipeline.report.figures import model_versions
from pipeline.report.remarks import draft_assessment, draft_proposals
from pipeline.report.snapshot import Snapshot
from pipeline.report.tables import (
    ReportTable,
    case_lines,
    cases_table,
    figure_tables,
    flagged_table,
    items_table,
    open_table,
    outcomes_table,
    positive_tables,
    source_list_table,
)
from pipeline.settings import ReportSettings
from pipeline.taxonomy import Taxonomy


@dataclass(frozen=True)
class ReportContent:
    snapshot: Snapshot
    issuer: ReportSettings
    title: str
    intro: str
    period_lines: list[str]
    empty: str | None
    figures: list[ReportTable]
    positive: list[ReportTable]
    flagged: ReportTable
    still_open: ReportTable
    # The cases of the period: sentences with the medians, a table of cases, outcomes per outlet.
    case_lines: list[str]
    cases: ReportTable
    case_outcomes: ReportTable
    assessment: list[str]
    proposals: list[str]
    sources: ReportTable
    method: list[str]
    # The counted items with Vietnamese headings and names (the XLSX's first sheet).
    items: ReportTable

    def all_tables(self) -> list[ReportTable]:
        """Every table, in document order (the CSV/XLSX carry the same)."""
        return [
            *self.figures,
            *self.positive,
            self.flagged,
            self.still_open,
            self.cases,
            self.case_outcomes,
            self.sources,
        ]


def empty_reason(snap: Snapshot) -> str | None:
    """Why a report has nothing to count, or None when it has items."""
    if snap.items:
        return None
    return T.EMPTY_FUTURE if snap.period.start > snap.frozen_at else T.EMPTY_NO_DATA


def _period_lines(snap: Snapshot) -> list[str]:
    period = snap.period
    lines = [
        T.PERIOD_LINE.format(
            period=period.title_vi_inline, start=f"{period.start:%d/%m/%Y}", end=f"{period.last_day:%d/%m/%Y}"
        )
    ]
    if period.start <= snap.frozen_at < period.end:
        lines.append(T.IN_PROGRESS.format(date=f"{snap.frozen_at.astimezone(local_zone()):%d/%m/%Y}"))
    # Outlets count once they carried items; registry outlets in force count as followed even when silent.
    active = {s["id"] for s in snap.sources if snap.summary.by_source.get(s["id"], {}).get("collected")}
    followed = active | {s["id"] for s in snap.sources if s["enabled"]}
    lines.append(T.SOURCES_LINE.format(active=len(active), followed=len(followed)))
    return lines


def _method(snap: Snapshot, issuer: ReportSettings) -> list[str]:
    prev_label = snap.period.previous().title_vi_inline
    previous = (
        T.METHOD_PREVIOUS_SNAPSHOT.format(label=prev_label, frozen=_vn_time(snap.previous_frozen_at))
        if snap.previous_basis == "snapshot"
        else T.METHOD_PREVIOUS_LIVE.format(label=prev_label)
    )
    versions = ", ".join(f"{v} ({n} tin, bài)" for v, n in model_versions(snap.items)) or "—"
    return [
        T.METHOD_ISSUER.format(issuer=issuer.issuer, unit=issuer.unit),
        T.METHOD,
        T.METHOD_SNAPSHOT.format(frozen=_vn_time(snap.frozen_at.isoformat())),
        previous,
        T.METHOD_MODELS.format(versions=versions),
    ]


def _vn_time(iso: str) -> str:
    return f"{datetime.fromisoformat(iso).astimezone(local_zone()):%H:%M ngày %d/%m/%Y}" if iso else "—"


def _paragraphs(edited: str | None, drafted: str) -> list[str]:
    """The analyst's text when there is one (even emptied on purpose), else the draft; one item per line."""
    text = drafted if edited is None else edited
    return [line.strip() for line in text.splitlines() if line.strip()]


def build_content(snap: Snapshot, tax: Taxonomy, issuer: ReportSettings) -> ReportContent:
    """The report's texts and tables for ``snap``, issued by ``issuer``."""
    period = snap.period
    edits = snap.editorial
    intro = T.INTRO.format(
        issuer=issuer.issuer,
        unit=issuer.unit,
        period_lower=period.title_vi_inline,
        start=f"{period.start:%d/%m/%Y}",
        end=f"{period.last_day:%d/%m/%Y}",
    )
    return ReportContent(
        snapshot=snap,
        issuer=issuer,
        title=f"{T.SUBJECT} {period.title_vi_inline}",
        intro=intro,
        period_lines=_period_lines(snap),
        empty=empty_reason(snap),
        figures=figure_tables(snap, tax),
        positive=positive_tables(snap, tax),
        flagged=flagged_table(snap, tax),
        still_open=open_table(snap, tax),
        case_lines=case_lines(snap.cases),
        cases=cases_table(snap.cases),
        case_outcomes=outcomes_table(snap.cases),
        assessment=_paragraphs(edits.assessment, draft_assessment(snap, tax)),
        proposals=_paragraphs(edits.proposals, draft_proposals(snap, tax)),
        sources=source_list_table(snap),
        method=_method(snap, issuer),
        items=items_table(snap, tax),
    )
