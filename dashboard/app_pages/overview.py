"""Tổng quan: items per week and source, scope, topics, tone, flagged items by status; what is new."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import texts
from dashboard.queries.overview import OverviewFilter, by
from dashboard.ui import cached, filters
from dashboard.ui.page import open_page
from pipeline.clock import iso_local
from pipeline.review.auth import previous_sign_in
from pipeline.storage.engine import transaction
from pipeline.taxonomy import OPEN_STATUSES, RELEVANT_SCOPES

url, eng, who, tax = open_page(texts.PAGE_OVERVIEW)

with transaction(eng) as session:
    last_visit = previous_sign_in(session, who.name)
if last_visit is not None:
    news = cached.arrived_since(url, last_visit)
    st.info(texts.SINCE_LAST_VISIT.format(at=iso_local(last_visit)[:16].replace("T", " "), **news))

cols = st.columns(4)
since, until = filters.period(cols[0], "ov")
flt = OverviewFilter(
    since=since,
    until=until,
    source=filters.source(cols[1], url, "ov"),
    scope=filters.scope(cols[2], "ov"),
    topic=filters.topic(cols[3], "ov"),
)
with st.spinner(texts.LOADING):
    data = cached.overview(url, flt)
if data.empty:
    st.info(texts.NO_DATA)
    st.stop()

states, statuses = data.states, data.statuses
metrics = st.columns(4)
metrics[0].metric(texts.METRIC_ARTICLES, int(states["n"].sum()))
metrics[1].metric(texts.METRIC_RELEVANT, int(states[states["scope"].isin(RELEVANT_SCOPES)]["n"].sum()))
metrics[2].metric(texts.METRIC_FLAGGED, int(states[states["flagged"]]["n"].sum()))
metrics[3].metric(texts.METRIC_OPEN, int(statuses[statuses["status"].isin(OPEN_STATUSES)]["n"].sum()))


def _bars(data: pd.DataFrame, column: str, title: str, names: dict[str, str] | None = None) -> None:
    data = data.assign(label=data[column].map(lambda v: (names or {}).get(v, v) or "—"))
    chart = (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("n:Q", title=texts.AXIS_COUNT, axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("label:N", sort="-x", title=None),
            tooltip=[alt.Tooltip("label:N", title=title), alt.Tooltip("n:Q", title=texts.AXIS_COUNT)],
        )
    )
    st.altair_chart(chart, width="stretch")


weekly = data.weekly[data.weekly["week"] != ""]
st.altair_chart(
    alt.Chart(weekly, title=texts.CHART_WEEK)
    .mark_bar()
    .encode(
        x=alt.X("week:O", title=texts.AXIS_WEEK),
        y=alt.Y("n:Q", title=texts.AXIS_COUNT, axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("source:N", title=texts.FILTER_SOURCE),
        tooltip=["week", "source", "n"],
    ),
    width="stretch",
)
left, right = st.columns(2)
with left:
    _bars(by(data.weekly, "source"), "source", texts.CHART_SOURCE)
    _bars(data.topics, "topic", texts.CHART_TOPIC, tax.topics)
    _bars(statuses, "status", texts.CHART_STATUS, tax.statuses)
with right:
    _bars(by(states, "scope"), "scope", texts.CHART_SCOPE, tax.scopes)
    _bars(by(states, "tone"), "tone", texts.CHART_TONE, tax.tones)
