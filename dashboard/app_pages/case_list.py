"""Vụ việc: the cases, newest first, filtered by status; a click on a row opens the case."""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.queries.cases import case_table
from dashboard.queries.display import vi_table
from dashboard.ui.case_form import open_case_page
from dashboard.ui.filters import namer
from dashboard.ui.page import open_page
from dashboard.ui.rows import clickable_table
from pipeline.review.cases import STATUSES
from pipeline.text.vi_format import vi_number

url, eng, who, tax = open_page(texts.PAGE_CASES)

choices = ["", *STATUSES]  # "": every status
status = st.selectbox(
    texts.FILTER_STATUS, choices, format_func=namer(texts.CASE_STATUSES, texts.ALL), key="cases_status"
)
frame = case_table(eng, status or None)
if frame.empty:
    st.info(texts.CASES_NONE_FILTERED if status else texts.CASES_EMPTY)
    st.stop()

st.caption(texts.CASES_COUNT.format(n=vi_number(len(frame))) + " · " + texts.CASES_CLICK_HINT)
shown = vi_table(
    frame.assign(owner=frame["owner"].map(lambda o: o or texts.NOBODY)),
    texts.CASES_COLUMNS,
    days=("opened",),
    numbers={"items": 0},
    flags=("responded",),
    labels={"status": texts.CASE_STATUSES},
)
column = st.column_config
clickable_table(
    shown,
    frame["id"],
    key="cases_table",
    opener=open_case_page,
    width="stretch",
    column_config={texts.CASES_COLUMNS["title"]: column.TextColumn(width=420)},
)
