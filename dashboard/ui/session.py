"""The sign-in gate of every page: login form, session expiry, role checks, sign-out.

The identity lives in ``st.session_state`` (one browser tab's session); it is re-checked against the
database on every run, so a disabled account or an expired session is signed out at its next click.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from dashboard import texts
from pipeline.review.auth import Identity, client_address, login, still_valid
from pipeline.storage.engine import transaction
from pipeline.storage.schema import User

KEY = "identity"


def _login_form(eng: Engine) -> None:
    st.title(texts.LOGIN_TITLE)
    with transaction(eng) as session:
        has_users = bool(session.scalar(select(func.count()).select_from(User)))
    if not has_users:
        st.warning(texts.LOGIN_NO_USERS)
        return
    with st.form("login"):
        name = st.text_input(texts.LOGIN_NAME, key="login_name")
        password = st.text_input(texts.LOGIN_PASSWORD, type="password", key="login_password")
        submitted = st.form_submit_button(texts.LOGIN_SUBMIT, type="primary")
    if not submitted:
        return
    with transaction(eng) as session:
        result = login(session, name, password, address=_client_address())
    if result.identity is None:
        st.error(texts.LOGIN_LOCKED if result.refused == "locked" else texts.LOGIN_INVALID)
        return
    st.session_state[KEY] = result.identity
    st.rerun()


def _client_address() -> str:
    """The client as Streamlit knows it: the WebSocket's peer (None on loopback) and the request's
    headers; anything else (a test harness without a connection) counts as no address and no headers."""
    ip, headers = st.context.ip_address, st.context.headers
    return client_address(
        ip if isinstance(ip, str) else None,
        {str(k): str(v) for k, v in headers.items()} if isinstance(headers, Mapping) else {},
    )


def require_login(eng: Engine) -> Identity:
    """The signed-in identity; otherwise shows the login form and stops the run."""
    identity: Identity | None = st.session_state.get(KEY)
    if identity is not None:
        with transaction(eng) as session:
            current = still_valid(session, identity)
        if current is None:
            del st.session_state[KEY]
            st.info(texts.LOGIN_EXPIRED)
        else:
            st.session_state[KEY] = current
            return current
    _login_form(eng)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; this keeps type checkers honest


def identity() -> Identity:
    """The identity the entry script checked (pages run only after the gate)."""
    who: Identity = st.session_state[KEY]
    return who


def sidebar(who: Identity) -> None:
    """Who is signed in, and the sign-out button."""
    st.sidebar.markdown(texts.SIGNED_IN_AS.format(name=who.name, role=texts.ROLES.get(who.role, who.role)))
    if st.sidebar.button(texts.LOGOUT, key="logout"):
        st.session_state.pop(KEY, None)
        st.rerun()
