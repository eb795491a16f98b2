"""The item page's forms: review actions with optimistic locking, and label corrections.

The form is drawn from the review state the analyst last saw (kept in the session). When the database
holds a newer version, the analyst is told who changed it and when, and the form is redrawn from the
new state (its widget keys include the version), so an edit made on an old state is never saved.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from dashboard import texts
from dashboard.queries.item import ItemDetail
from dashboard.ui import cached
from dashboard.ui.filters import namer
from dashboard.ui.highlight import escape_markdown
from dashboard.ui.resources import taxonomy
from pipeline.clock import local_zone
from pipeline.review.accounts import active_names
from pipeline.review.auth import Identity
from pipeline.review.reviews import (
    PRIORITIES,
    TRANSITIONS,
    ReviewError,
    ReviewState,
    StaleReview,
    correct_labels,
    update_review,
)
from pipeline.storage.engine import transaction
from pipeline.text.vi_format import vi_datetime

DEADLINE_TIME = time(17, 0)  # end of the office day, Vietnam time


def _when(value: datetime) -> str:
    return vi_datetime(value)


def _fields(eng: Engine, review: ReviewState) -> dict[str, Any]:
    """The form's widgets, pre-filled from ``review``; returns the values chosen."""
    v = f"{review.article_id}_{review.version}"
    statuses = [review.status, *TRANSITIONS[review.status]]
    with transaction(eng) as session:
        people = ["", *active_names(session)]
    if review.assignee not in people:
        people.append(review.assignee)
    values: dict[str, Any] = {
        "status": st.selectbox(
            texts.REVIEW_STATUS, statuses, format_func=namer(taxonomy().statuses), key=f"rs_{v}"
        ),
        "assignee": st.selectbox(
            texts.REVIEW_ASSIGNEE, people, index=people.index(review.assignee),
            format_func=namer({}, texts.NOBODY), key=f"ra_{v}",
        ),
        "priority": st.selectbox(
            texts.REVIEW_PRIORITY, PRIORITIES, index=PRIORITIES.index(review.priority),
            format_func=namer(texts.PRIORITIES), key=f"rp_{v}",
        ),
        "note": _note(review),
        "response_url": st.text_input(texts.REVIEW_URL, review.response_url, key=f"ru_{v}").strip(),
    }  # fmt: skip
    has_deadline = st.checkbox(texts.REVIEW_HAS_DEADLINE, review.deadline is not None, key=f"rh_{v}")
    default_day = (review.deadline or datetime.now(local_zone())).astimezone(local_zone()).date()
    day = st.date_input(texts.REVIEW_DEADLINE, default_day, key=f"rd_{v}", format="DD/MM/YYYY")
    values["deadline"] = datetime.combine(day, DEADLINE_TIME, local_zone()) if has_deadline and day else None
    if (
        values["deadline"] is not None
        and review.deadline is not None
        and values["deadline"] == review.deadline
    ):
        values["deadline"] = review.deadline
    return values


def _note(review: ReviewState) -> str:
    """The note field: the note this analyst typed before a conflict, if any, with the saved one beside it."""
    key = f"rn_{review.article_id}_{review.version}"
    draft = st.session_state.get(_draft_key(review.article_id))
    if draft is None or draft == review.note:
        return str(st.text_area(texts.REVIEW_NOTE, review.note, key=key))
    saved = escape_markdown(review.note or "—")
    st.caption(texts.REVIEW_NOTE_SAVED.format(who=review.updated_by, note=saved))
    return str(st.text_area(texts.REVIEW_NOTE_DRAFT, draft, key=key))


def _draft_key(article_id: str) -> str:
    return f"draft_note_{article_id}"


def _keep_draft(seen: ReviewState, typed: object) -> None:
    """Keep the note typed on the state ``seen`` when the analyst changed it (an edit conflict)."""
    if isinstance(typed, str) and typed != seen.note:
        st.session_state[_draft_key(seen.article_id)] = typed


def show(eng: Engine, detail: ItemDetail, who: Identity) -> None:
    """The review box of an item: its state, and the form for analysts."""
    review = detail.review
    assert review is not None
    key = f"seen_{detail.id}"
    seen: ReviewState | None = st.session_state.get(key)
    if seen is not None and seen.version != review.version:
        st.warning(texts.REVIEW_STALE.format(who=review.updated_by, at=_when(review.updated_at)))
        # The form on the old state is gone; the note typed into it is kept for the new one.
        _keep_draft(seen, st.session_state.get(f"rn_{seen.article_id}_{seen.version}"))
    st.session_state[key] = review
    st.subheader(texts.REVIEW_TITLE, anchor=False)
    saved = st.session_state.pop("review_saved", None)
    if saved:
        st.success(saved)
    st.caption(
        texts.REVIEW_VERSION.format(
            version=review.version, who=review.updated_by, at=_when(review.updated_at)
        )
    )
    if not who.can("review"):
        st.markdown(f"**{texts.REVIEW_STATUS}:** {taxonomy().statuses.get(review.status, review.status)}")
        return
    with st.form(f"review_{detail.id}_{review.version}"):
        values = _fields(eng, review)
        submitted = st.form_submit_button(texts.REVIEW_SAVE, type="primary")
    if submitted:
        _save(eng, review, who, values)


def _save(eng: Engine, review: ReviewState, who: Identity, values: dict[str, Any]) -> None:
    try:
        with transaction(eng) as session:
            new = update_review(session, review.article_id, review.version, who, **values)
    except StaleReview:
        # Someone saved between this page's load and the click: the next run shows their state, with
        # the note this analyst typed kept in the field (a note is work; the other fields are choices).
        _keep_draft(review, values["note"])
        st.rerun()
    except ReviewError as exc:
        st.error(
            texts.refusal(texts.REVIEW_ERRORS, exc.code, exc.params, taxonomy().statuses, escape_markdown)
        )
        return
    st.session_state[f"seen_{review.article_id}"] = new
    st.session_state.pop(_draft_key(review.article_id), None)
    st.session_state["review_saved"] = texts.REVIEW_SAVED.format(version=new.version)
    cached.invalidate()
    st.rerun()


def corrections(eng: Engine, detail: ItemDetail, who: Identity) -> None:
    """The label-correction form (analysts and admins): scope, topics, tone."""
    if not who.can("review") or not detail.scope:
        return
    tax = taxonomy()
    with st.expander(texts.CORRECT_TITLE), st.form(f"correct_{detail.id}"):
        scopes, tones = list(tax.scopes), list(tax.tones)
        scope = st.selectbox(
            texts.CORRECT_SCOPE, scopes, scopes.index(detail.scope), format_func=namer(tax.scopes)
        )
        topics = st.multiselect(
            texts.CORRECT_TOPICS, list(tax.topics), [t for t in detail.topics if t in tax.topics],
            format_func=namer(tax.topics), placeholder=texts.TOPICS_PLACEHOLDER,
        )  # fmt: skip
        tone = st.selectbox(texts.CORRECT_TONE, tones, tones.index(detail.tone), format_func=namer(tax.tones))
        if st.form_submit_button(texts.CORRECT_SAVE):
            with transaction(eng) as session:
                changed = correct_labels(session, detail.id, who, scope, topics, tone)
            st.success(texts.CORRECT_SAVED if changed else texts.CORRECT_SAME)
