"""Nguồn tin: the source registry with each source's last crawl, counts, errors and confidence, whether it
is followed (the registry file, an administrator's switch, what is in force), and the switch itself."""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.queries.sources import SWITCH_CHOICES, shown_table
from dashboard.ui import cached
from dashboard.ui.filters import namer
from dashboard.ui.page import open_page
from pipeline.storage.engine import transaction
from pipeline.storage.sources import set_admin_enabled

url, eng, who, _ = open_page(texts.PAGE_SOURCES)
with st.spinner(texts.LOADING):
    frame = cached.sources(url)
if frame.empty:
    st.info(texts.SOURCES_EMPTY)
    st.stop()
st.dataframe(shown_table(frame), hide_index=True, width="stretch")
st.caption(texts.SOURCES_SWITCH_NOTE)

if who.can("admin"):
    done = st.session_state.pop("src_done", None)
    if done:
        st.success(done)
    names = dict(zip(frame["id"], frame["name"], strict=True))
    with st.form("source_switch"):
        st.subheader(texts.SOURCE_SWITCH, anchor=False)
        chosen = st.selectbox(texts.FILTER_SOURCE, list(names), format_func=namer(names), key="src_pick")
        choice = st.selectbox(
            texts.SOURCE_SWITCH_TO,
            list(SWITCH_CHOICES),
            format_func=namer(texts.SOURCE_SWITCH_CHOICES),
            key="src_choice",
        )
        if st.form_submit_button(texts.SOURCE_SWITCH_APPLY) and chosen:
            with transaction(eng) as session:
                changed = set_admin_enabled(session, chosen, SWITCH_CHOICES[choice], who.name)
            cached.invalidate()
            message = texts.SOURCE_SWITCHED if changed else texts.SOURCE_UNCHANGED
            state = texts.SOURCE_SWITCH_CHOICES[choice]
            st.session_state["src_done"] = message.format(source=names.get(chosen, chosen), state=state)
            st.rerun()
