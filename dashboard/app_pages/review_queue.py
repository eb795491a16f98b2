"""Hàng đợi rà soát: flagged items by score and recency, one row per story, filters and bulk actions.

A click on a row opens the item; "Của tôi" lists the items assigned to the signed-in user by deadline.
"""

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
from dashboard.ui.rows import clickable_table
from pipeline.review.accounts import active_names
from pipeline.review.reviews import bulk_update
from pipeline.storage.engine import transaction
from pipeline.taxonomy import OPEN_STATUSES, REVIEW_STATUSES
from pipeline.text.vi_format import vi_date, vi_number

# What an analyst decides by, first; the rest after (scrolled to when needed).
QUEUE_SHOWN = (
    "title", "reasons", "status", "assignee", "deadline", "flag_score", "published",
    "outlets", "items", "source", "topics", "priority",
)  # fmt: skip

url, eng, who, tax = open_page(texts.PAGE_QUEUE)
with transaction(eng) as session:
    people = active_names(session)

mine = st.radio(texts.QUEUE_VIEW, texts.QUEUE_VIEWS, horizontal=True, key="q_view") == texts.QUEUE_VIEWS[1]
cols = st.columns(4)
statuses = cols[0].multiselect(
    texts.FILTER_STATUS,
    REVIEW_STATUSES,
    default=list(OPEN_STATUSES),
    format_func=namer(tax.statuses),
    placeholder=texts.CHOOSE,
    key="q_status",
)
if mine:
    chosen_assignee: str | None = who.name
    cols[1].text_input(texts.FILTER_ASSIGNEE, who.name, disabled=True, key="q_assignee_mine")
else:
    options = [texts.ALL, texts.UNASSIGNED, *people]
    assignee = cols[1].selectbox(texts.FILTER_ASSIGNEE, options, key="q_assignee")
    chosen_assignee = None if assignee == texts.ALL else ("" if assignee == texts.UNASSIGNED else assignee)
topic = filters.topic(cols[2], "q")
source = filters.source(cols[3], url, "q")
since, until = filters.period(st.container(), "q")
flt = QueueFilter(
    statuses=tuple(statuses),
    topic=topic,
    source=source,
    assignee=chosen_assignee,
    since=since,
    until=until,
    by_deadline=mine,
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
st.caption(texts.QUEUE_CLICK_HINT)
# The columns an analyst decides by come first, at fixed widths, so they fit at 1440 px (about 980 px
# beside the sidebar); the rows are three lines high, so long titles and reasons wrap rather than hide.
column = st.column_config
clickable_table(
    shown[list(QUEUE_SHOWN)].rename(columns=texts.QUEUE_COLUMNS),
    frame["id"],
    key="q_table",
    width="stretch",
    row_height=70,  # above 4 rem, Streamlit wraps long text in the cells
    column_config={
        texts.QUEUE_COLUMNS[name]: config
        for name, config in {
            "title": column.TextColumn(width=290),
            "reasons": column.TextColumn(width=175),
            "status": column.TextColumn(width=95),
            "assignee": column.TextColumn(width=95),
            "deadline": column.TextColumn(width=85),
            "flag_score": column.TextColumn(
                width=75
            ),  # "0,83": Streamlit's number columns have no decimal comma
            "published": column.TextColumn(width=115),
        }.items()
    },
)
titles = dict(zip(frame["id"], frame["title"], strict=True))
versions = dict(zip(frame["id"], frame["version"], strict=True))

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
