"""Hàng đợi rà soát: flagged items by score and recency, one row per story, filters and bulk actions."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import texts
from dashboard.queries.display import names_of, published_label
from dashboard.queries.queue import QueueFilter
from dashboard.ui import cached, filters
from dashboard.ui.filters import namer
from dashboard.ui.highlight import escape_markdown
from dashboard.ui.page import open_page
from pipeline.review.accounts import active_names
from pipeline.review.reviews import bulk_update
from pipeline.storage.engine import transaction
from pipeline.taxonomy import OPEN_STATUSES, REVIEW_STATUSES
from pipeline.text.vi_format import vi_date, vi_number

url, eng, who, tax = open_page(texts.PAGE_QUEUE)
with transaction(eng) as session:
    people = active_names(session)

cols = st.columns(4)
statuses = cols[0].multiselect(
    texts.FILTER_STATUS,
    REVIEW_STATUSES,
    default=list(OPEN_STATUSES),
    format_func=namer(tax.statuses),
    key="q_status",
)
assignee_options = [texts.ALL, texts.UNASSIGNED, *people]
assignee = cols[1].selectbox(texts.FILTER_ASSIGNEE, assignee_options, key="q_assignee")
topic = filters.topic(cols[2], "q")
source = filters.source(cols[3], url, "q")
since, until = filters.period(st.container(), "q")
flt = QueueFilter(
    statuses=tuple(statuses),
    topic=topic,
    source=source,
    assignee=None if assignee == texts.ALL else ("" if assignee == texts.UNASSIGNED else assignee),
    since=since,
    until=until,
)
with st.spinner(texts.LOADING):
    frame, total = cached.queue(url, flt)
if frame.empty:
    st.info(texts.QUEUE_EMPTY)
    st.stop()

st.caption(texts.QUEUE_COUNT.format(shown=vi_number(len(frame)), total=vi_number(total)))
shown = frame.assign(
    status=frame["status"].map(lambda s: tax.statuses.get(s, s)),
    priority=frame["priority"].map(lambda p: texts.PRIORITIES.get(p, p)),
    reasons=frame["reasons"].map(lambda rs: names_of(rs, tax.reasons)),
    topics=frame["topics"].map(lambda ts: names_of(ts, tax.topics)),
    published=[published_label(p, f) for p, f in zip(frame["published"], frame["fetched"], strict=True)],
    deadline=frame["deadline"].map(vi_date),
    flag_score=frame["flag_score"].map(lambda v: vi_number(v, 2)),
)
st.dataframe(
    shown[list(texts.QUEUE_COLUMNS)].rename(columns=texts.QUEUE_COLUMNS), hide_index=True, width="stretch"
)
titles = dict(zip(frame["id"], frame["title"], strict=True))
versions = dict(zip(frame["id"], frame["version"], strict=True))

with st.form("open_item"):
    picked = st.selectbox(texts.QUEUE_PICK, list(titles), format_func=namer(titles), key="q_pick")
    if st.form_submit_button(texts.QUEUE_OPEN_ITEM, type="primary"):
        st.session_state["item_id"] = picked
        st.switch_page("app_pages/item.py")

if who.can("review"):
    actions: dict[str, dict[str, Any]] = {
        texts.BULK_SET_STATUS.format(status=tax.statuses[s]): {"status": s} for s in REVIEW_STATUSES
    }
    actions |= {texts.BULK_ASSIGN.format(name=p): {"assignee": p} for p in people}
    actions[texts.BULK_ASSIGN.format(name=texts.NOBODY)] = {"assignee": ""}
    with st.form("bulk"):
        st.subheader(texts.BULK_TITLE)
        chosen = st.multiselect(
            texts.BULK_ITEMS,
            list(titles),
            format_func=namer(titles),
            placeholder=texts.BULK_PLACEHOLDER,
            key="q_bulk_items",
        )
        action = st.selectbox(texts.BULK_ACTION, list(actions), key="q_bulk_action")
        apply = st.form_submit_button(texts.BULK_APPLY)
    if apply and chosen:
        result = bulk_update(eng, {i: int(versions[i]) for i in chosen}, who, **actions[action])
        cached.invalidate()
        st.session_state["q_bulk_result"] = result
        st.rerun()
    result = st.session_state.pop("q_bulk_result", None)
    if result is not None:
        st.success(texts.BULK_DONE.format(updated=len(result.updated)))
        if result.stale:
            st.warning(texts.BULK_STALE.format(n=len(result.stale)))
        if result.refused:
            why = {
                texts.refusal(texts.REVIEW_ERRORS, e.code, e.params, tax.statuses, escape_markdown)
                for e in result.refused.values()
            }
            st.warning(texts.BULK_REFUSED.format(n=len(result.refused), why="; ".join(sorted(why))))
