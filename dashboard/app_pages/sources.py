"""Nguồn tin: the source registry with each source's last crawl, counts, errors and confidence."""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.ui import cached
from dashboard.ui.filters import namer
from dashboard.ui.resources import database_url, engine
from dashboard.ui.session import identity
from pipeline.registry import SOURCE_KINDS
from pipeline.storage.audit import audit
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Source

url = database_url()
eng = engine(url)
who = identity()
st.title(texts.PAGE_SOURCES)
with st.spinner(texts.LOADING):
    frame = cached.sources(url)
if frame.empty:
    st.info(texts.SOURCES_EMPTY)
    st.stop()
shown = frame.assign(
    kind=frame["kind"].map(lambda k: SOURCE_KINDS.get(k, k)),
    last_status=frame["last_status"].map(lambda s: texts.CRAWL_STATUSES.get(s, s)),
)
st.dataframe(shown.rename(columns=texts.SOURCES_COLUMNS), hide_index=True, width="stretch")

if who.can("admin"):
    names = dict(zip(frame["id"], frame["name"], strict=True))
    with st.form("source_toggle"):
        st.subheader(texts.SOURCE_TOGGLE)
        chosen = st.selectbox(texts.FILTER_SOURCE, list(names), format_func=namer(names), key="src_pick")
        if st.form_submit_button(texts.SOURCE_TOGGLE_APPLY):
            with transaction(eng) as session:
                source = session.get(Source, chosen)
                if source is not None:
                    audit(
                        session,
                        who.name,
                        "source",
                        chosen,
                        "enabled",
                        {"enabled": source.enabled},
                        {"enabled": not source.enabled},
                    )
                    source.enabled = not source.enabled
            cached.invalidate()
            st.session_state["src_done"] = chosen
            st.rerun()
    done = st.session_state.pop("src_done", None)
    if done:
        st.success(texts.SOURCE_TOGGLED.format(source=names.get(done, done)))
