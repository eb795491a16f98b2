"""The report's tables, built once from a snapshot and rendered alike by every format.

Each table has a machine key (used as the CSV table name and XLSX sheet), a Vietnamese title,
header cells and rows of strings or integers; a final total row is marked so renderers can bold it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.registry import SOURCE_KINDS
from pipeline.report import texts as T
from pipeline.report.cases import hours_between, median_hours
from pipeline.report.figures import (
    TOTAL_KEYS,
    UNTAGGED,
    Story,
    change,
    flagged_items,
    open_stories,
    percent,
    positive_stories,
)
from pipeline.report.snapshot import ITEM_FIELDS, Snapshot
from pipeline.taxonomy import Taxonomy
from pipeline.text.vi_format import vi_bool, vi_date, vi_datetime, vi_number

Cell = str | int


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    total_row: bool = False


def vn_date(iso: str) -> str:
    """``2026-08-14T09:30:00+07:00`` → ``14/08/2026`` (Vietnam time)."""
    return vi_date(iso)


def items_table(snap: Snapshot, tax: Taxonomy) -> ReportTable:
    """The counted items as a reader reworking the figures sees them: Vietnamese headings, names for
    codes, "; " between names, Vietnamese times and numbers (the CSV keeps ``pressmon export``'s codes)."""
    names = snap.source_names
    labels: dict[str, Any] = {
        "published": vi_datetime,
        "source": lambda s: names.get(s, s),
        "scope": lambda c: tax.scopes.get(c, c),
        "places": "; ".join,
        "topics": lambda cs: "; ".join(tax.topics.get(c, c) for c in cs),
        "tone": lambda c: tax.tones.get(c, c),
        "needs_response": vi_bool,
        "flag_score": lambda v: vi_number(v, 2),
        "reasons": lambda cs: "; ".join(tax.reasons.get(c, c) for c in cs),
        "review_status": lambda c: tax.statuses.get(c, c) if c else "",
        "promotional": vi_bool,
    }
    rows: list[list[Cell]] = []
    for item in snap.items:
        row: list[Cell] = []
        for field in ITEM_FIELDS:
            value = item.get(field, "")
            shown = labels[field](value) if field in labels and value not in (None, "") else value
            row.append(
                shown if isinstance(shown, str | int) and not isinstance(shown, bool) else str(shown or "")
            )
        rows.append(row)
    return ReportTable("items", T.ITEMS_SHEET, [T.ITEM_COLUMNS[f] for f in ITEM_FIELDS], rows)


def totals_table(snap: Snapshot) -> ReportTable:
    now, prev = snap.summary.totals, snap.previous.totals
    rows: list[list[Cell]] = [
        [T.TOTAL_LABELS[k], now[k], prev.get(k, 0), change(now[k], prev.get(k, 0))] for k in TOTAL_KEYS
    ]
    return ReportTable("totals", T.SUB_TOTALS, [T.COL_ITEM, T.COL_NOW, T.COL_PREV, T.COL_CHANGE], rows)


def sources_table(snap: Snapshot) -> ReportTable:
    now, prev, names = snap.summary.by_source, snap.previous.by_source, snap.source_names
    ids = sorted(
        set(now) | set(prev),
        key=lambda s: (-now.get(s, {}).get("hai_phong", 0), -now.get(s, {}).get("collected", 0), s),
    )
    rows: list[list[Cell]] = []
    for source in ids:
        row = now.get(source, {"collected": 0, "hai_phong": 0, "an_lao": 0, "incidental": 0})
        before = prev.get(source, {}).get("hai_phong", 0)
        cells = [row["collected"], row["hai_phong"], row["an_lao"], row["incidental"], before]
        rows.append([names.get(source, source), *cells, change(row["hai_phong"], before)])
    totals, prev_totals = snap.summary.totals, snap.previous.totals
    keys = ("collected", "hai_phong", "an_lao", "incidental")
    hp_before = prev_totals.get("hai_phong", 0)
    rows.append([T.TOTAL_ROW, *(totals[k] for k in keys), hp_before, change(totals["hai_phong"], hp_before)])
    headers = [
        T.COL_SOURCE,
        T.COL_COLLECTED,
        T.COL_HAI_PHONG,
        T.COL_AN_LAO,
        T.COL_INCIDENTAL,
        T.COL_PREV_HP,
        T.COL_CHANGE,
    ]
    return ReportTable("sources", T.SUB_SOURCES, headers, rows, total_row=True)


def topics_table(snap: Snapshot, tax: Taxonomy) -> ReportTable:
    now, prev = snap.summary.by_topic, snap.previous.by_topic
    rows: list[list[Cell]] = []
    names = dict(tax.topics)
    if UNTAGGED in now or UNTAGGED in prev:
        names[UNTAGGED] = T.UNTAGGED_TOPIC
    for code, name in names.items():
        row, before = now.get(code, {}), prev.get(code, {}).get("hai_phong", 0)
        hp = row.get("hai_phong", 0)
        rows.append([name, hp, row.get("an_lao", 0), before, change(hp, before)])
    headers = [T.COL_TOPIC, T.COL_HAI_PHONG, T.COL_AN_LAO, T.COL_PREV_HP, T.COL_CHANGE]
    return ReportTable("topics", T.SUB_TOPICS, headers, rows)


def _share(part: int, whole: int) -> str:
    return percent(part / whole) if whole else "—"


def tones_table(snap: Snapshot, tax: Taxonomy) -> ReportTable:
    now, prev, whole = snap.summary.by_tone, snap.previous.by_tone, snap.summary.totals["hai_phong"]
    rows: list[list[Cell]] = []
    for code, name in tax.tones.items():
        row, before = now.get(code, {}), prev.get(code, {}).get("hai_phong", 0)
        hp = row.get("hai_phong", 0)
        rows.append([name, hp, _share(hp, whole), row.get("an_lao", 0), before, change(hp, before)])
    headers = [T.COL_TONE, T.COL_HAI_PHONG, T.COL_SHARE, T.COL_AN_LAO, T.COL_PREV_HP, T.COL_CHANGE]
    return ReportTable("tones", T.SUB_TONES, headers, rows)


def figure_tables(snap: Snapshot, tax: Taxonomy) -> list[ReportTable]:
    """Section II: totals, by outlet, by topic, by tone."""
    return [totals_table(snap), sources_table(snap), topics_table(snap, tax), tones_table(snap, tax)]


def _story_row(story: Story, names: dict[str, str]) -> list[Cell]:
    outlets = ", ".join(names.get(s, s) for s in story.sources)
    return [story.first["title"], outlets, vn_date(story.first["published"]), story.items]


def positive_tables(snap: Snapshot, tax: Taxonomy) -> list[ReportTable]:
    """Section III: per topic of the plan, its main positive stories (one row per story)."""
    headers = [T.COL_TITLE, T.COL_SOURCE, T.COL_DATE, T.COL_REPUBLISHED]
    return [
        ReportTable(
            f"positive:{code}",
            tax.topics.get(code, T.UNTAGGED_TOPIC),
            headers,
            [_story_row(s, snap.source_names) for s in stories],
        )
        for code, stories in positive_stories(
            snap.items, list(tax.topics), snap.editorial.pinned, snap.editorial.dropped
        ).items()
    ]


def _status_and_response(item: dict[str, Any], tax: Taxonomy) -> str:
    """The review status, then the official response's note and link when there is one (one column, so
    the list leaves room for the titles and reasons)."""
    status = tax.statuses.get(item["review_status"] or "new", item["review_status"] or "—")
    parts = [p for p in (item["response_note"].strip(), item["response_url"].strip()) if p]
    return "\n".join([status, *parts])


def flagged_table(snap: Snapshot, tax: Taxonomy) -> ReportTable:
    """Section IV.1: every flagged item with reasons, review status and the official response."""
    names = snap.source_names
    rows: list[list[Cell]] = [
        [
            vn_date(i["published"]),
            names.get(i["source"], i["source"]),
            i["title"],
            # "; " between reasons: their names hold commas ("Sai phạm, tiêu cực").
            "; ".join(tax.reasons.get(r, r) for r in i["reasons"]),
            _status_and_response(i, tax),
        ]
        for i in flagged_items(snap.items)
    ]
    headers = [T.COL_DATE, T.COL_SOURCE, T.COL_TITLE, T.COL_REASON, T.COL_STATUS_RESPONSE]
    return ReportTable("flagged", T.SUB_FLAGGED, headers, rows)


def open_table(snap: Snapshot, tax: Taxonomy) -> ReportTable:
    """Section IV.2: stories with a flagged item not yet responded to or dismissed."""
    rows: list[list[Cell]] = [
        [
            *_story_row(story, snap.source_names),
            ", ".join(tax.statuses.get(s, s) for s in story.statuses),
        ]
        for story in open_stories(snap.items)
    ]
    headers = [T.COL_TITLE, T.COL_SOURCES, T.COL_DATE, T.COL_REPUBLISHED, T.COL_STATUS]
    return ReportTable("open", T.SUB_OPEN, headers, rows)


def source_list_table(snap: Snapshot) -> ReportTable:
    """Appendix: the sources followed, with their kind, confidence and items in the period."""
    counts = snap.summary.by_source
    rows: list[list[Cell]] = [
        [
            s["id"],
            s["name"],
            SOURCE_KINDS.get(s["kind"], s["kind"] or "—"),
            s["confidence"] or "—",
            counts.get(s["id"], {}).get("collected", 0),
        ]
        for s in snap.sources
    ]
    headers = [T.COL_ID, T.COL_SOURCE, T.COL_KIND, T.COL_CONFIDENCE, T.COL_COLLECTED]
    return ReportTable("source_list", T.SUB_SOURCE_LIST, headers, rows)


CASE_STATUS_NAMES = {"open": "Đang theo dõi", "responded": "Đã phản hồi", "closed": "Đã kết thúc"}
OUTCOME_COLUMNS = ("corrected", "removed", "updated", "unchanged", "pending")


def _vi_hours(value: float | None) -> str:
    return "—" if value is None else vi_number(value, 1)


def case_lines(cases: list[dict[str, Any]]) -> list[str]:
    """The section's sentences: how many cases, and the two medians."""
    if not cases:
        return [T.CASES_NONE]
    to_alert, to_response = median_hours(cases)
    alerted = sum(1 for c in cases if c["first_alert"])
    answered = sum(1 for c in cases if c["response"])
    return [
        T.CASES_COUNT.format(n=vi_number(len(cases)), answered=vi_number(answered)),
        T.CASES_TO_ALERT.format(hours=_vi_hours(to_alert), n=vi_number(alerted)),
        T.CASES_TO_RESPONSE.format(hours=_vi_hours(to_response), n=vi_number(answered)),
    ]


def cases_table(cases: list[dict[str, Any]]) -> ReportTable:
    """One row per case: title, status, first appearance, hours to alert and to response, items."""
    rows: list[list[Cell]] = [
        [
            c["title"],
            CASE_STATUS_NAMES.get(c["status"], c["status"]),
            vi_date(c["first_seen"]) or "—",
            _vi_hours(hours_between(c["first_seen"], c["first_alert"])),
            _vi_hours(hours_between(c["first_seen"], c["response"])),
            c["items"],
        ]
        for c in cases
    ]
    headers = [
        T.COL_CASE,
        T.COL_STATUS,
        T.COL_FIRST_SEEN,
        T.COL_HOURS_ALERT,
        T.COL_HOURS_RESPONSE,
        T.COL_ITEMS,
    ]
    return ReportTable("cases", T.SUB_CASES, headers, rows)


def outcomes_table(cases: list[dict[str, Any]]) -> ReportTable:
    """Per outlet: in how many cases it carried the claim, and what it did after each response."""
    counts: dict[str, dict[str, int]] = {}
    for case in cases:
        for outlet, _items, outcome in case["outcomes"]:
            row = counts.setdefault(outlet, dict.fromkeys(("cases", *OUTCOME_COLUMNS), 0))
            row["cases"] += 1
            row[outcome] += 1
    rows: list[list[Cell]] = [
        [outlet, row["cases"], *(row[k] for k in OUTCOME_COLUMNS)] for outlet, row in sorted(counts.items())
    ]
    headers = [T.COL_SOURCE, T.COL_CASES, *(T.OUTCOME_NAMES[k] for k in OUTCOME_COLUMNS)]
    return ReportTable("case_outcomes", T.SUB_CASE_OUTCOMES, headers, rows)
