"""Cảnh báo: the signed-in user's unread alerts (each opens its item) and their own subscription: where
alerts go (e-mail, webhook), for what (scopes, topics, minimum score), how (immediately or a daily digest,
quiet hours)."""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.queries.alerts import subscription_values, unread_lines
from dashboard.ui.filters import namer
from dashboard.ui.page import open_page
from pipeline.clock import utcnow
from pipeline.errors import PressmonError
from pipeline.storage import alerts as store
from pipeline.storage.engine import transaction
from pipeline.taxonomy import RELEVANT_SCOPES

url, eng, who, tax = open_page(texts.PAGE_ALERTS)

lines = unread_lines(eng, who.name)
if not lines:
    st.info(texts.ALERTS_NONE)
for line in lines:
    with st.container(border=True):
        st.markdown(
            texts.ALERT_LINE.format(when=line.when, kind=line.kind, outlet=line.outlet, score=line.score)
        )
        st.text(line.title)
        if line.article_id:
            st.page_link("app_pages/item.py", label=texts.ALERT_OPEN, query_params={"id": line.article_id})
if lines and st.button(texts.ALERTS_MARK_READ):
    with transaction(eng) as session:
        store.mark_read(session, who.name, [line.alert_id for line in lines], utcnow())
    st.rerun()

st.subheader(texts.SUBSCRIPTION, anchor=False)
done = st.session_state.pop("alerts_done", None)
if done:
    st.success(done)
values = subscription_values(eng, who.name)
with st.form("subscription"):
    email = st.text_input(texts.SUB_EMAIL, value=values["email"])
    webhook = st.text_input(texts.SUB_WEBHOOK, value=values["webhook_url"])
    scope_names = {code: tax.scopes.get(code, code) for code in RELEVANT_SCOPES}
    scopes = st.multiselect(
        texts.SUB_SCOPES,
        list(scope_names),
        default=values["scopes"],
        format_func=namer(scope_names),
        placeholder=texts.CHOOSE,
    )
    topics = st.multiselect(
        texts.SUB_TOPICS,
        list(tax.topics),
        default=values["topics"],
        format_func=namer(tax.topics),
        placeholder=texts.TOPICS_PLACEHOLDER,
    )
    min_score = st.slider(texts.SUB_MIN_SCORE, 0.0, 1.0, float(values["min_score"]), 0.05)
    digest = st.checkbox(texts.SUB_DIGEST, value=bool(values.get("digest", False)))
    quiet = st.text_input(texts.SUB_QUIET, value=values.get("quiet", ""), placeholder="22:00-06:00")
    if st.form_submit_button(texts.SUB_SAVE):
        try:
            with transaction(eng) as session:
                store.subscribe(
                    session,
                    who.name,
                    email=email.strip(),
                    webhook_url=webhook.strip(),
                    scopes=scopes,
                    topics=topics,
                    min_score=min_score,
                    digest=digest,
                    quiet=quiet.strip(),
                    actor=who.name,
                )
        except PressmonError:
            st.error(texts.SUB_INVALID)
        else:
            st.session_state["alerts_done"] = texts.SUB_SAVED
            st.rerun()
