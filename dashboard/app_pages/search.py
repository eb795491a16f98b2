"""Tìm kiếm: full-text search ignoring diacritics and tone-mark placement, exportable to CSV and XLSX.

The most relevant first (or the newest, by the "Mới nhất" switch); with an empty query it lists the
newest articles matching the filters (browsing the collection). A click on a row opens the article.
"""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.queries.display import search_table
from dashboard.queries.search import COUNT_CAP, SearchFilter, to_csv_bytes
from dashboard.ui import cached, filters
from dashboard.ui.resources import database_url, taxonomy
from dashboard.ui.rows import clickable_table
from pipeline.text.vi_format import vi_number

url = database_url()
st.title(texts.PAGE_SEARCH)

text = st.text_input(texts.SEARCH_INPUT, key="s_text")
order = st.radio(texts.SEARCH_ORDER, texts.SEARCH_ORDERS, horizontal=True, key="s_order")
cols = st.columns(4)
source = filters.source(cols[0], url, "s")
scope = filters.scope(cols[1], "s")
flagged = cols[2].checkbox(texts.FILTER_FLAGGED, key="s_flagged")
since, until = filters.period(cols[3], "s")
if not text.strip():
    st.caption(texts.SEARCH_HINT)

flt = SearchFilter(
    text=text,
    source=source,
    scope=scope,
    flagged_only=flagged,
    since=since,
    until=until,
    newest_first=order == texts.SEARCH_ORDERS[1],
)
with st.spinner(texts.LOADING):
    frame, total = cached.search_results(url, flt)
if not frame.empty:
    st.caption(texts.QUEUE_CLICK_HINT)
if total > COUNT_CAP:
    st.caption(texts.SEARCH_COUNT_MANY.format(cap=vi_number(COUNT_CAP), shown=vi_number(len(frame))))
else:
    st.caption(texts.SEARCH_COUNT.format(total=vi_number(total), shown=vi_number(len(frame))))
if frame.empty:
    st.info(texts.NO_ARTICLES)
    st.stop()
tax = taxonomy()
shown = search_table(frame, tax, cached.source_names(url))
clickable_table(
    shown,
    frame["id"],
    key="s_table",
    width="stretch",
    column_config={texts.COLUMNS["url"]: st.column_config.LinkColumn()},
)
left, right = st.columns(2)
left.download_button(texts.EXPORT_CSV, to_csv_bytes(shown), "pressmon-tim-kiem.csv", "text/csv", key="s_csv")
right.download_button(
    texts.EXPORT_XLSX,
    cached.xlsx(shown),
    "pressmon-tim-kiem.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="s_xlsx",
)
