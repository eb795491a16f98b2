"""Tổng quan: items per week and source, scope, topics, tone, flagged items by status; what is new."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import texts
from dashboard.queries.overview import OverviewFilter, by
from dashboard.ui import cached, filters
from dashboard.ui.page import open_page
from pipeline.review.auth import previous_sign_in
from pipeline.storage.engine import transaction
from pipeline.taxonomy import OPEN_STATUSES, RELEVANT_SCOPES
from pipeline.text.vi_format import vi_date, vi_datetime, vi_number

url, eng, who, tax = open_page(texts.PAGE_OVERVIEW)

with transaction(eng) as session:
    last_visit = previous_sign_in(session, who.name)
if last_visit is not None:
    news = cached.arrived_since(url, last_visit)
    counts = {k: vi_number(v) for k, v in news.items()}
    st.info(texts.SINCE_LAST_VISIT.format(at=vi_datetime(last_visit), **counts))

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
metrics[0].metric(texts.METRIC_ARTICLES, vi_number(states["n"].sum()))
metrics[1].metric(texts.METRIC_RELEVANT, vi_number(states[states["scope"].isin(RELEVANT_SCOPES)]["n"].sum()))
metrics[2].metric(texts.METRIC_FLAGGED, vi_number(states[states["flagged"]]["n"].sum()))
metrics[3].metric(texts.METRIC_OPEN, vi_number(statuses[statuses["status"].isin(OPEN_STATUSES)]["n"].sum()))
# Counts on the axes with Vietnamese digit grouping ("1.120"), whatever the browser's locale.
COUNT_AXIS = alt.Axis(tickMinStep=1, labelExpr="replace(format(datum.value, ',d'), /,/g, '.')")


def _bars(data: pd.DataFrame, column: str, title: str, names: dict[str, str] | None = None) -> None:
    data = data.assign(
        label=data[column].map(lambda v: (names or {}).get(v, v) or "—"), shown=data["n"].map(vi_number)
    )
    chart = (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("n:Q", title=texts.AXIS_COUNT, axis=COUNT_AXIS),
            y=alt.Y("label:N", sort="-x", title=None),
            tooltip=[alt.Tooltip("label:N", title=title), alt.Tooltip("shown:N", title=texts.AXIS_COUNT)],
        )
    )
    st.altair_chart(chart, width="stretch")


outlets = cached.source_names(url)
weeks = data.weeks(since, until)
weekly = data.weekly[data.weekly["week"].isin(weeks)]
weekly = weekly.assign(
    week=weekly["week"].map(vi_date),
    source=weekly["source"].map(lambda s: outlets.get(s, s)),
    shown=weekly["n"].map(vi_number),
)
st.altair_chart(
    alt.Chart(weekly, title=texts.CHART_WEEK)
    .mark_bar()
    .encode(
        # Every week of the range on the axis: a week without items is an empty slot, not dropped.
        x=alt.X("week:O", title=texts.AXIS_WEEK, scale=alt.Scale(domain=[vi_date(w) for w in weeks])),
        y=alt.Y("n:Q", title=texts.AXIS_COUNT, axis=COUNT_AXIS),
        color=alt.Color("source:N", title=texts.FILTER_SOURCE),
        tooltip=[
            alt.Tooltip("week:O", title=texts.AXIS_WEEK),
            alt.Tooltip("source:N", title=texts.FILTER_SOURCE),
            alt.Tooltip("shown:N", title=texts.AXIS_COUNT),
        ],
    ),
    width="stretch",
)
if data.undated:
    st.caption(texts.OVERVIEW_UNDATED.format(n=vi_number(data.undated)))
left, right = st.columns(2)
with left:
    _bars(by(data.weekly, "source"), "source", texts.CHART_SOURCE, outlets)
    _bars(data.topics, "topic", texts.CHART_TOPIC, tax.topics)
    _bars(statuses, "status", texts.CHART_STATUS, tax.statuses)
with right:
    _bars(by(states, "scope"), "scope", texts.CHART_SCOPE, tax.scopes)
    _bars(by(states, "tone"), "tone", texts.CHART_TONE, tax.tones)
