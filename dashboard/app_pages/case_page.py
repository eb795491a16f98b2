"""Chi tiết vụ việc (``?case=ID``): the claim, the official response and the form changing them, the
items with what the rechecks found, the outcome per outlet, and the timeline: first appearance, each
outlet's publication, every edit with the word diff of its stored revisions, removals, alerts, response.
Publisher text (titles, outlets, revisions) is shown escaped, never as HTML or Markdown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import texts
from dashboard.queries.cases import CaseView, Event, case_titles, case_view
from dashboard.queries.display import vi_table
from dashboard.ui import case_form
from dashboard.ui.diff_view import diff_markdown
from dashboard.ui.highlight import escape_markdown
from dashboard.ui.page import open_page
from dashboard.ui.picker import address_picker
from dashboard.ui.rows import clickable_table
from pipeline.text.vi_format import vi_date, vi_datetime, vi_number

# How each kind of event is marked on the timeline (the removals stand out in red).
EVENT_MARKS = {
    "removed": ":red-background[**{}**]",
    "edited": ":orange-background[**{}**]",
    "response": ":green-background[**{}**]",
}

url, eng, who, tax = open_page(texts.PAGE_CASE)

# A case opens by its id (from a row of the case list, an item's link, or a shared ``?case=`` link).
asked = st.query_params.get("case") or st.session_state.get("case_id") or ""
case_id = int(asked) if asked.isdigit() else None
choices = case_titles(eng)
if not choices:
    st.info(texts.CASES_EMPTY)
    st.stop()
address_picker(
    texts.CASE_PICK, choices, case_id, param="case", prefix="case", placeholder=texts.CASE_PICK_PLACEHOLDER
)
if case_id is None:
    st.info(texts.CASE_NONE)
    st.stop()
view = case_view(eng, case_id)
if view is None:
    st.error(texts.CASE_UNKNOWN)
    st.stop()
st.session_state["case_id"] = st.query_params["case"] = str(case_id)  # the address: a link to share
case = view.case


def _items(view: CaseView) -> None:
    """The items, each row opening its item page; the link to the outlet's page beside it."""
    frame = pd.DataFrame(
        [
            {
                "id": i.article_id,
                "outlet": i.outlet,
                "title": i.title,
                # Never a javascript: or data: link from scraped data.
                "url": i.url if i.url.startswith(("http://", "https://")) else "",
                "published": vi_datetime(i.published_at) if i.published_at else texts.UNDATED_NO_FETCH,
                "state": i.state,
                "checked": i.last_checked_at,
            }
            for i in view.items
        ]
    )
    shown = vi_table(
        frame, texts.CASE_ITEMS_COLUMNS, moments=("checked",), labels={"state": texts.CASE_ITEM_STATES}
    )
    column = st.column_config
    clickable_table(
        shown,
        frame["id"],
        key=f"case_items_{view.case.id}",
        width="stretch",
        column_config={
            texts.CASE_ITEMS_COLUMNS["title"]: column.TextColumn(width=300),
            texts.CASE_ITEMS_COLUMNS["url"]: column.LinkColumn(width=120, display_text=texts.CASE_ITEM_LINK),
        },
    )


def _event(item: Event) -> None:
    """One event of the timeline: when, what, which outlet; an edit's diff, a removal's reason."""
    event = item.event
    kind = escape_markdown(texts.CASE_EVENTS.get(event.kind, event.kind))
    parts = [f"**{vi_datetime(event.at)}**", EVENT_MARKS.get(event.kind, "**{}**").format(kind)]
    if event.outlet:
        parts.append(escape_markdown(event.outlet))
    st.markdown(" · ".join(parts))
    if event.title and event.kind != "response":
        st.markdown(escape_markdown(event.title))
    if event.kind == "edited":
        _edit(item)
    elif event.kind == "removed":
        reason = texts.CASE_EVENT_REMOVED if event.detail else texts.CASE_EVENT_REMOVED_PLAIN
        st.markdown(f":red[{escape_markdown(reason.format(detail=event.detail))}]")
    elif event.kind == "alert":
        st.caption(escape_markdown(texts.ALERT_KINDS.get(event.detail, event.detail)))
    elif event.kind == "response" and event.detail.startswith(("http://", "https://")):
        st.link_button(texts.CASE_RESPONSE_LINK, event.detail)


def _edit(item: Event) -> None:
    event = item.event
    if event.revision_from is not None and event.revision_to is not None:
        st.caption(texts.CASE_EVENT_REVISIONS.format(old=event.revision_from, new=event.revision_to))
    if item.diff is None:
        st.info(texts.CASE_DIFF_MISSING)
    elif all(op == "equal" for op, _ in item.diff):
        st.info(texts.CASE_DIFF_SAME)
    else:
        st.caption(texts.CASE_DIFF_LEGEND)
        st.markdown(diff_markdown(item.diff))


st.header(escape_markdown(case.title), anchor=False)
st.markdown(
    texts.CASE_META.format(
        status=texts.CASE_STATUSES.get(case.status, case.status),
        owner=escape_markdown(case.owner or texts.NOBODY),
        opened=vi_datetime(case.opened_at),
        by=escape_markdown(case.opened_by),
    )
)
left, right = st.columns([3, 2])
with left:
    st.subheader(texts.CASE_CLAIM, anchor=False)
    st.markdown(escape_markdown(case.claim))
    st.subheader(texts.CASE_RESPONSE, anchor=False)
    if case.response_text or case.response_url or case.response_date:
        if case.response_date:
            st.markdown(texts.CASE_RESPONSE_ON.format(day=vi_date(case.response_date.isoformat())))
        st.markdown(escape_markdown(case.response_text))
        if case.response_url.startswith(("http://", "https://")):
            st.link_button(texts.CASE_RESPONSE_LINK, case.response_url)
    else:
        st.info(texts.CASE_RESPONSE_NONE)
    st.subheader(texts.CASE_OUTCOMES_TITLE, anchor=False)
    outcomes = pd.DataFrame([o.__dict__ for o in view.outcomes], columns=["outlet", "items", "outcome"])
    st.dataframe(
        vi_table(
            outcomes,
            texts.CASE_OUTCOMES_COLUMNS,
            numbers={"items": 0},
            labels={"outcome": texts.CASE_OUTCOMES},
        ),
        hide_index=True,
        width="stretch",
    )
with right:
    case_form.show(eng, case, who)

st.subheader(texts.CASE_ITEMS, anchor=False)
st.caption(texts.CASE_ITEMS_COUNT.format(n=vi_number(len(view.items))))
if view.items:
    _items(view)

st.subheader(texts.CASE_TIMELINE, anchor=False)
if not view.events:
    st.info(texts.CASE_TIMELINE_EMPTY)
for item in view.events:
    with st.container(border=True):
        _event(item)
