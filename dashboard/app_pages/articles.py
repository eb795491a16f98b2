"""Bài viết: the collected articles with their scope, topics, tone and flag, filterable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import texts
from dashboard.queries import ArticleFilter, list_articles, list_sources
from dashboard.resources import database_url, engine, schema_ready

st.title(texts.PAGE_ARTICLES)
url = database_url()
eng = engine(url)
if not schema_ready(eng):
    st.warning(texts.NO_DATABASE)
    st.stop()


@st.cache_data(ttl=60)
def _articles(db_url: str, flt: ArticleFilter) -> tuple[pd.DataFrame, int]:
    # The URL is part of the cache key, so two databases never share cached rows.
    return list_articles(engine(db_url), flt)


cols = st.columns(4)
scope_labels = {texts.ALL: None} | {v: k for k, v in texts.SCOPES.items()}
scope = cols[0].selectbox(texts.FILTER_SCOPE, list(scope_labels), key="scope")
source = cols[1].selectbox(texts.FILTER_SOURCE, [texts.ALL, *list_sources(eng)], key="source")
flagged = cols[2].checkbox(texts.FILTER_FLAGGED, key="flagged")
search = cols[3].text_input(texts.FILTER_SEARCH, key="search")

flt = ArticleFilter(
    scope=scope_labels[scope],
    source=None if source == texts.ALL else source,
    flagged_only=flagged,
    text=search,
)
with st.spinner():
    frame, total = _articles(url, flt)
if frame.empty:
    st.info(texts.NO_ARTICLES)
else:
    st.caption(texts.COUNT.format(shown=len(frame), total=total))
    shown = frame.assign(
        scope=frame["scope"].map(lambda s: texts.SCOPES.get(s, s)),
        tone=frame["tone"].map(lambda t: texts.TONES.get(t, t)),
        topics=frame["topics"].map(", ".join),
    )
    st.dataframe(
        shown.rename(columns=texts.COLUMNS),
        hide_index=True,
        width="stretch",
        column_config={texts.COLUMNS["url"]: st.column_config.LinkColumn()},
    )
