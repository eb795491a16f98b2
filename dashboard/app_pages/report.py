"""Báo cáo quý: preview a quarter's (or a year's) press briefing and download it in every format.

Shows the stored snapshot when the period is frozen, else a live preview that is not stored; an
analyst can freeze it here (the same snapshot ``pressmon report`` would store on its first run).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import texts_report as TR
from dashboard.ui.resources import database_url, engine, schema_ready, taxonomy
from pipeline.clock import iso_local, utcnow
from pipeline.report.content import ReportContent, build_content
from pipeline.report.output import downloads, obtain_snapshot, preview_snapshot
from pipeline.report.period import Period, parse_quarter, parse_year
from pipeline.report.render.charts import render_charts
from pipeline.report.snapshot import Snapshot
from pipeline.report.tables import ReportTable

st.title(TR.TITLE)
url = database_url()
eng = engine(url)
if not schema_ready(eng):
    st.warning(TR.NO_DATABASE)
    st.stop()
tax = taxonomy()
FIRST_YEAR = 2020  # the earliest year offered; the office's records start later


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


def _choose_period() -> Period:
    this_year = utcnow().year
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
        col.metric(label, now[key], delta=now[key] - before.get(key, 0))


def _freeze(period: Period) -> None:
    obtain_snapshot(eng, period, utcnow(), refresh=False)
    _snapshot.clear()
    st.session_state["frozen_message"] = TR.FROZEN_NOW.format(period=period.short_vi)


period = _choose_period()
with st.spinner(TR.LOADING):
    snap, frozen = _snapshot(url, period.label)
    content = build_content(snap, tax)
if message := st.session_state.pop("frozen_message", None):
    st.success(message)
if frozen:
    st.caption(TR.FROZEN.format(period=period.short_vi, at=iso_local(snap.frozen_at)[:16].replace("T", " ")))
else:
    st.caption(TR.NOT_FROZEN)
    who = st.session_state.get("identity")
    if content.empty is None and who is not None and who.can("review"):
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

st.subheader(TR.SECTION_DOWNLOAD)
with st.spinner(TR.LOADING):
    files = _files(url, period.label, snap.frozen_at.isoformat(), content)
for fmt, name, mime, data in files:
    label = TR.DOWNLOAD["csv-tables" if name.endswith(".tables.csv") else fmt]
    st.download_button(label, data=data, file_name=name, mime=mime, key=f"download-{name}")
