"""Báo cáo quý: preview a quarter's (or a year's) press briefing and download it in every format.

Shows the stored snapshot when the period is frozen, else a live preview that is not stored; an
analyst can pin or drop highlights and edit the drafted sections (saved as the period's draft), then
freeze it here (the same snapshot ``pressmon report`` would store on its first run). The period opens
on the latest quarter with items. The issuing body's settings are shown to administrators, read-only.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import texts
from dashboard import texts_report as TR
from dashboard.ui.highlight import escape_markdown
from dashboard.ui.resources import database_url, engine, schema_ready, settings, taxonomy
from pipeline.clock import iso_local, utcnow
from pipeline.report.content import ReportContent, build_content
from pipeline.report.drafts import Editorial, save_editorial
from pipeline.report.figures import highlight_candidates
from pipeline.report.output import downloads, obtain_snapshot, preview_snapshot
from pipeline.report.period import Period, parse_quarter, parse_year, quarter_of
from pipeline.report.remarks import draft_assessment, draft_proposals
from pipeline.report.render.charts import render_charts
from pipeline.report.snapshot import Snapshot, latest_published
from pipeline.report.tables import ReportTable, vn_date
from pipeline.settings import ReportSettings
from pipeline.storage.engine import transaction

st.title(TR.TITLE)
url = database_url()
eng = engine(url)
if not schema_ready(eng):
    st.warning(TR.NO_DATABASE)
    st.stop()
tax = taxonomy()
issuer = settings().report
FIRST_YEAR = 2020  # the earliest year offered; the office's records start later
CANDIDATES = 40  # highlight stories offered for pinning or dropping, widest reach first


@st.cache_data(ttl=60, show_spinner=False)
def _snapshot(db_url: str, label: str) -> tuple[Snapshot, bool]:
    # Keyed by URL and period; a stored snapshot never changes, a live preview is at most a minute old.
    period = parse_year(label) if len(label) == 4 else parse_quarter(label)
    return preview_snapshot(engine(db_url), period, utcnow())


@st.cache_data(ttl=600, show_spinner=False)
def _files(
    db_url: str, label: str, frozen_at: str, _content: ReportContent
) -> list[tuple[str, str, str, bytes]]:
    return downloads(_content, tax)


def _open_on_latest_data() -> None:
    """On the first run, preselect the quarter of the newest item (not an empty current quarter)."""
    if "year" in st.session_state:
        return
    with transaction(eng) as session:
        newest = latest_published(session, utcnow())
    latest = quarter_of(newest or utcnow())
    st.session_state["year"] = latest.start.year
    st.session_state["quarter"] = (latest.start.month - 1) // 3 + 1


def _choose_period() -> Period:
    this_year = utcnow().year
    _open_on_latest_data()
    cols = st.columns(3)
    kind = cols[0].radio(TR.KIND, [TR.KIND_QUARTER, TR.KIND_YEAR], key="kind", horizontal=True)
    year = cols[1].selectbox(TR.YEAR, list(range(this_year, FIRST_YEAR - 1, -1)), key="year")
    if kind == TR.KIND_YEAR:
        return parse_year(str(year))
    quarter = cols[2].selectbox(TR.QUARTER, [1, 2, 3, 4], key="quarter", format_func=lambda q: f"Quý {q}")
    return parse_quarter(f"{year}Q{quarter}")


def _table(table: ReportTable) -> None:
    st.markdown(f"**{table.title}**")
    if table.rows:
        frame = pd.DataFrame([[str(c) for c in row] for row in table.rows], columns=table.headers)
        st.dataframe(frame, hide_index=True, width="stretch")
    else:
        st.caption(TR.NONE)


def _metrics(snap: Snapshot) -> None:
    now, before = snap.summary.totals, snap.previous.totals
    for col, (key, label) in zip(st.columns(len(TR.METRICS)), TR.METRICS.items(), strict=True):
        # More items needing review is bad news: shown red, fewer green.
        col.metric(
            label,
            now[key],
            delta=now[key] - before.get(key, 0),
            delta_color="inverse" if key == "flagged" else "normal",
        )


def _freeze(period: Period) -> None:
    obtain_snapshot(eng, period, utcnow(), refresh=False)
    _snapshot.clear()
    st.session_state["report_message"] = TR.FROZEN_NOW.format(period=period.title_vi_inline)


def _issuer_settings(report: ReportSettings) -> None:
    """The issuing body as configured, for the administrator to check (edited in the settings, not here)."""
    with st.expander(TR.ISSUER_TITLE):
        st.caption(TR.ISSUER_HELP)
        values = report.model_dump()
        rows = [
            [label, "; ".join(values[k]) if isinstance(values[k], list) else values[k]]
            for k, label in TR.ISSUER_FIELDS.items()
        ]
        st.dataframe(pd.DataFrame(rows, columns=TR.ISSUER_COLUMNS), hide_index=True)


def _story_label(snap: Snapshot) -> dict[str, str]:
    names = snap.source_names
    return {
        s.story_id: f"{s.first['title']} — {names.get(s.first['source'], s.first['source'])}, "
        f"{vn_date(s.first['published'])}" + (TR.PROMO_MARK if s.promotional else "")
        for s in highlight_candidates(snap.items)[:CANDIDATES]
    }


def _draft_keys(period: Period) -> dict[str, str]:
    """Widget keys per period, so one period's edits never show up in another's form."""
    return {name: f"{name}-{period.label}" for name in ("pin", "drop", "assessment", "proposals")}


def _save_draft(period: Period, snap: Snapshot, actor: str) -> None:
    state, key = st.session_state, _draft_keys(period)
    drafted = {"assessment": draft_assessment(snap, tax), "proposals": draft_proposals(snap, tax)}
    # A text left as drafted is stored as "no edit", so it follows the figures until frozen.
    texts = {k: None if state[key[k]].strip() == v.strip() else state[key[k]] for k, v in drafted.items()}
    pins, drops = tuple(state[key["pin"]]), tuple(state[key["drop"]])
    editorial = Editorial(pins, drops, texts["assessment"], texts["proposals"])
    with transaction(eng) as session:
        save_editorial(session, period.label, editorial, actor)
    _snapshot.clear()
    state["report_message"] = TR.DRAFT_SAVED.format(period=period.title_vi_inline)


def _edit_draft(period: Period, snap: Snapshot, content: ReportContent, actor: str) -> None:
    """Pins, drops and the two drafted sections, saved together as the period's draft."""
    labels = _story_label(snap)
    edits = snap.editorial
    for story_id in (*edits.pinned, *edits.dropped):  # an earlier choice stays offered
        labels.setdefault(story_id, story_id)
    key = _draft_keys(period)
    with st.form(f"draft-{period.label}"):
        st.markdown(f"**{TR.EDIT_TITLE}**")
        st.caption(TR.EDIT_HELP)
        options = list(labels)
        for label, chosen, name in ((TR.PIN, edits.pinned, "pin"), (TR.DROP, edits.dropped, "drop")):
            st.multiselect(
                label,
                options,
                default=list(chosen),
                format_func=labels.__getitem__,
                placeholder=texts.CHOOSE,
                key=key[name],
            )
        st.text_area(TR.SECTION_ASSESSMENT, "\n".join(content.assessment), height=180, key=key["assessment"])
        st.text_area(TR.SECTION_PROPOSALS, "\n".join(content.proposals), height=150, key=key["proposals"])
        st.form_submit_button(TR.SAVE_DRAFT, on_click=_save_draft, args=(period, snap, actor))


def _paragraphs(title: str, lines: list[str]) -> None:
    st.subheader(title)
    for line in lines or [TR.NONE]:
        st.markdown(escape_markdown(line))  # typed by an analyst: shown as written, never as Markdown


period = _choose_period()
with st.spinner(TR.LOADING):
    snap, frozen = _snapshot(url, period.label)
    content = build_content(snap, tax, issuer)
if message := st.session_state.pop("report_message", None):
    st.success(message)
who = st.session_state.get("identity")
if who is not None and who.can("admin"):
    _issuer_settings(issuer)
if frozen:
    at = iso_local(snap.frozen_at)[:16].replace("T", " ")
    st.caption(TR.FROZEN.format(period=period.title_vi_inline, at=at))
else:
    st.caption(TR.NOT_FROZEN)
    if content.empty is None and who is not None and who.can("review"):
        _edit_draft(period, snap, content, who.name)
        st.button(TR.FREEZE, key="freeze", on_click=_freeze, args=(period,))
for line in content.period_lines:
    st.write(line)
if content.empty:
    st.info(content.empty)
else:
    _metrics(snap)
    st.subheader(TR.SECTION_FIGURES)
    for table in content.figures:
        _table(table)
    st.subheader(TR.SECTION_CHARTS)
    for chart in render_charts(snap, tax):
        st.image(chart.png, caption=chart.title)
    st.subheader(TR.SECTION_POSITIVE)
    for table in content.positive:
        _table(table)
    st.subheader(TR.SECTION_FLAGGED)
    _table(content.flagged)
    _table(content.still_open)
    _paragraphs(TR.SECTION_ASSESSMENT, content.assessment)
    _paragraphs(TR.SECTION_PROPOSALS, content.proposals)

st.subheader(TR.SECTION_DOWNLOAD)
with st.spinner(TR.LOADING):
    files = _files(url, period.label, snap.frozen_at.isoformat(), content)
for fmt, name, mime, data in files:
    label = TR.DOWNLOAD["csv-tables" if name.endswith(".tables.csv") else fmt]
    st.download_button(label, data=data, file_name=name, mime=mime, key=f"download-{name}")
