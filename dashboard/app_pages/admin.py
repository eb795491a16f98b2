"""Quản trị: accounts and roles, and the audit log (administrators only)."""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.queries.accounts import audit_table, users_table
from dashboard.ui.filters import namer
from dashboard.ui.highlight import escape_markdown
from dashboard.ui.page import open_page
from pipeline.review.accounts import ROLES, AccountError, add_user, set_disabled, set_role
from pipeline.storage.engine import transaction
from pipeline.text.vi_format import vi_bool, vi_date

url, eng, who, tax = open_page(texts.PAGE_ADMIN)
if not who.can("admin"):
    st.error(texts.NOT_ALLOWED)
    st.stop()

done = st.session_state.pop("admin_done", None)
if done:
    st.success(done)
st.subheader(texts.ADMIN_USERS, anchor=False)
users = users_table(eng)
st.dataframe(
    users.assign(
        role=users["role"].map(lambda r: texts.ROLES.get(r, r)),
        disabled=users["disabled"].map(vi_bool),
        created=users["created"].map(vi_date),
    ).rename(columns=texts.USERS_COLUMNS),
    hide_index=True,
    width="stretch",
)

left, right = st.columns(2)
with left, st.form("add_user", clear_on_submit=True):
    st.markdown(f"**{texts.ADMIN_ADD}**")
    name = st.text_input(texts.LOGIN_NAME, key="adm_name")
    role = st.selectbox(texts.ADMIN_ROLE, ROLES, format_func=namer(texts.ROLES), key="adm_role")
    password = st.text_input(texts.LOGIN_PASSWORD, type="password", key="adm_password")
    if st.form_submit_button(texts.ADMIN_ADD):
        try:
            with transaction(eng) as session:
                add_user(session, name.strip(), role, password, actor=who.name)
        except AccountError as exc:
            st.error(texts.refusal(texts.ACCOUNT_ERRORS, exc.code, exc.params, escape=escape_markdown))
        else:
            st.session_state["admin_done"] = texts.ADMIN_ADDED.format(name=name.strip())
            st.rerun()
with right:
    st.markdown(f"**{texts.ADMIN_CHANGE}**")
    # Outside the form, so choosing an account redraws the form from that account's current state:
    # saving a lock then leaves the role as it is (and audits only the lock).
    target = st.selectbox(texts.ADMIN_USER, list(users["name"]), key="adm_target")
if target:
    current = users.set_index("name").loc[target]
    with right, st.form("change_user"):
        new_role = st.selectbox(
            texts.ADMIN_ROLE,
            ROLES,
            index=ROLES.index(current["role"]),
            format_func=namer(texts.ROLES),
            key=f"adm_role_{target}",
        )
        disabled = st.checkbox(texts.ADMIN_DISABLED, bool(current["disabled"]), key=f"adm_disabled_{target}")
        if st.form_submit_button(texts.ADMIN_APPLY):
            with transaction(eng) as session:
                set_role(session, target, new_role, actor=who.name)
                set_disabled(session, target, disabled, actor=who.name)
            st.session_state["admin_done"] = texts.ADMIN_UPDATED.format(name=target)
            st.rerun()

st.subheader(texts.ADMIN_AUDIT, anchor=False)
kinds = {texts.ALL: None} | {name: code for code, name in texts.AUDIT_OBJECTS.items()}
kind = st.selectbox(texts.ADMIN_AUDIT_TYPE, list(kinds), key="adm_audit_type")
audit = audit_table(eng, kinds[kind], tax=tax)
audit = audit.assign(
    object_type=audit["object_type"].map(lambda t: texts.AUDIT_OBJECTS.get(t, t)),
    action=audit["action"].map(lambda a: texts.AUDIT_ACTIONS.get(a, a)),
)
st.dataframe(audit.rename(columns=texts.AUDIT_COLUMNS), hide_index=True, width="stretch")
