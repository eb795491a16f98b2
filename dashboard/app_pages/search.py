"""Tìm kiếm: full-text search ignoring diacritics and tone-mark placement, exportable to CSV and XLSX."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, filters, texts
from dashboard.resources import database_url, engine
from dashboard.search import SearchFilter, to_csv_bytes, to_xlsx_bytes

url = database_url()
eng = engine(url)
st.title(texts.PAGE_SEARCH)

text = st.text_input(texts.SEARCH_INPUT, key="s_text")
cols = st.columns(4)
source = filters.source(cols[0], eng, "s")
scope = filters.scope(cols[1], "s")
flagged = cols[2].checkbox(texts.FILTER_FLAGGED, key="s_flagged")
since, until = filters.period(cols[3], "s")
if not text.strip():
    st.info(texts.SEARCH_HINT)
    st.stop()

flt = SearchFilter(text=text, source=source, scope=scope, flagged_only=flagged, since=since, until=until)
with st.spinner(texts.LOADING):
    frame, total = cached.search_results(url, flt)
st.caption(texts.SEARCH_COUNT.format(total=total, shown=len(frame)))
if frame.empty:
    st.info(texts.NO_ARTICLES)
    st.stop()
shown = frame.assign(
    scope=frame["scope"].map(lambda s: texts.SCOPES.get(s, s)),
    tone=frame["tone"].map(lambda t: texts.TONES.get(t, t)),
    status=frame["status"].map(lambda s: texts.STATUSES.get(s, s)),
).rename(columns={**texts.COLUMNS, "status": texts.FILTER_STATUS, "id": "id"})
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_config={texts.COLUMNS["url"]: st.column_config.LinkColumn()},
)
left, right = st.columns(2)
left.download_button(texts.EXPORT_CSV, to_csv_bytes(shown), "pressmon-tim-kiem.csv", "text/csv", key="s_csv")
right.download_button(
    texts.EXPORT_XLSX,
    to_xlsx_bytes(shown),
    "pressmon-tim-kiem.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="s_xlsx",
)
