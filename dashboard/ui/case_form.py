"""The case forms: a case's title, claim, status, owner and official response under optimistic locking
(as the review form), and, on the item page, opening a case from an item and the links to its cases.

The form is drawn from the case version the analyst last saw (kept in the session, widget keys include
the version). When the database holds a newer one, the analyst is told, the form is redrawn from it and
nothing typed on the old state is saved.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from dashboard import texts
from dashboard.queries.cases import item_cases
from dashboard.ui import cached
from dashboard.ui.filters import namer
from dashboard.ui.highlight import escape_markdown
from pipeline.clock import local_zone
from pipeline.review.accounts import active_names
from pipeline.review.auth import Identity
from pipeline.review.cases import STATUSES, TITLE_MAX, CaseError, CaseState, StaleCase, open_case, update_case
from pipeline.storage.engine import transaction

CASE_PAGE = "app_pages/case_page.py"


def open_case_page(case_id: int | str) -> None:
    """Go to the page of case ``case_id`` (ends the run)."""
    st.session_state["case_id"] = str(case_id)
    st.switch_page(CASE_PAGE, query_params={"case": str(case_id)})


def _seen_key(case_id: int) -> str:
    return f"case_seen_{case_id}"


def _fields(eng: Engine, case: CaseState) -> dict[str, Any]:
    """The form's widgets, pre-filled from ``case``; the values chosen."""
    v = f"{case.id}_{case.version}"
    with transaction(eng) as session:
        people = ["", *active_names(session)]
    if (case.owner or "") not in people:
        people.append(case.owner or "")
    statuses = list(STATUSES)
    return {
        "title": st.text_input(texts.CASE_TITLE, case.title, max_chars=TITLE_MAX, key=f"ct_{v}"),
        "claim": st.text_area(texts.CASE_CLAIM_INPUT, case.claim, key=f"cc_{v}"),
        "status": st.selectbox(
            texts.CASE_STATUS, statuses, index=statuses.index(case.status),
            format_func=namer(texts.CASE_STATUSES), key=f"cs_{v}",
        ),
        "owner": st.selectbox(
            texts.CASE_OWNER, people, index=people.index(case.owner or ""),
            format_func=namer({}, texts.NOBODY), key=f"co_{v}",
        ),
        "response_text": st.text_area(texts.CASE_RESPONSE_TEXT, case.response_text, key=f"crt_{v}"),
        "response_url": st.text_input(texts.CASE_RESPONSE_URL, case.response_url, key=f"cru_{v}").strip(),
        "response_date": st.date_input(
            texts.CASE_RESPONSE_DATE, case.response_date, max_value=datetime.now(local_zone()).date(),
            format="DD/MM/YYYY", key=f"crd_{v}",
        ),
    }  # fmt: skip


def _changes(case: CaseState, values: dict[str, Any]) -> dict[str, Any]:
    """The fields the analyst changed (a field left as it was is not sent: it would count as a change
    of its own, e.g. a response text resent with the status 'open')."""
    current = {**case.__dict__, "owner": case.owner or ""}
    day = values["response_date"]
    values = {**values, "response_date": day if isinstance(day, date) else None}
    return {k: v for k, v in values.items() if v != current[k]}


def show(eng: Engine, case: CaseState, who: Identity) -> None:
    """The case's form for analysts (the version line for everyone), with the edit-conflict warning."""
    seen = st.session_state.get(_seen_key(case.id))
    if seen is not None and seen != case.version:
        st.warning(texts.CASE_STALE)
    st.session_state[_seen_key(case.id)] = case.version
    saved = st.session_state.pop("case_saved", None)
    if saved:
        st.success(saved)
    st.caption(texts.CASE_VERSION.format(version=case.version))
    if not who.can("review"):
        return
    # Folded away: the case is read far more often than changed.
    with st.expander(texts.CASE_FORM), st.form(f"case_{case.id}_{case.version}"):
        values = _fields(eng, case)
        submitted = st.form_submit_button(texts.CASE_SAVE, type="primary")
    if submitted:
        _save(eng, case, who, _changes(case, values))


def _save(eng: Engine, case: CaseState, who: Identity, changes: dict[str, Any]) -> None:
    if not changes:
        return
    try:
        with transaction(eng) as session:
            new = update_case(session, case.id, case.version, who, **changes)
    except StaleCase:
        st.rerun()  # the next run reads the newer version and says so
    except CaseError as exc:
        st.error(texts.CASE_FAILED.format(why=escape_markdown(str(exc))))
        return
    st.session_state[_seen_key(case.id)] = new.version
    st.session_state["case_saved"] = texts.CASE_SAVED.format(version=new.version)
    cached.invalidate()
    st.rerun()


def item_cases_and_opening(eng: Engine, article_id: str, title: str, who: Identity) -> None:
    """On the item page: links to the cases the item belongs to, and the form opening a new one."""
    cases = item_cases(eng, article_id)
    if cases:
        st.subheader(texts.CASE_OF_ITEM, anchor=False)
        for case in cases:
            label = texts.CASE_LINK.format(
                title=escape_markdown(case.title), status=texts.CASE_STATUSES.get(case.status, case.status)
            )
            st.page_link(CASE_PAGE, label=label, query_params={"case": str(case.id)})
    if not who.can("review"):
        return
    with st.expander(texts.CASE_OPEN), st.form(f"open_case_{article_id}"):
        st.caption(texts.CASE_OPEN_INTRO)
        case_title = st.text_input(
            texts.CASE_TITLE, title[:TITLE_MAX], max_chars=TITLE_MAX, key=f"oc_title_{article_id}"
        )
        claim = st.text_area(texts.CASE_CLAIM_INPUT, key=f"oc_claim_{article_id}")
        submitted = st.form_submit_button(texts.CASE_OPEN_SUBMIT, type="primary")
    if submitted:
        try:
            with transaction(eng) as session:
                case_id = open_case(session, who, article_id=article_id, title=case_title, claim=claim)
        except CaseError as exc:
            st.error(texts.CASE_FAILED.format(why=escape_markdown(str(exc))))
            return
        cached.invalidate()
        open_case_page(case_id)
