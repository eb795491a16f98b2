"""The sign-in gate of every page: login form, session cookie, session expiry, role checks, sign-out.

The identity lives in ``st.session_state`` (one browser tab's session) and, for a reload or a link
opened later, in the signed HttpOnly cookie ``dashboard.ui.cookie`` sets; either is re-checked against
the database on every run, so a disabled account, a changed password, a sign-out or an expired
session ends at its next click. The page asked for (``?id=`` of an item included) is kept through the
sign-in form, so a shared link lands where it points.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import NoReturn

import streamlit as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from dashboard import texts
from dashboard.ui.cookie import COOKIE, SESSION_PATH, SIGNOUT_PATH, secret
from pipeline.review.auth import (
    Identity,
    client_address,
    cookie_grant,
    identity_from_token,
    login,
    session_token,
    sign_out,
    still_valid,
)
from pipeline.storage.engine import transaction
from pipeline.storage.schema import User

KEY = "identity"
_GRANT = "cookie_grant"  # the pass to hand the browser once, right after a sign-in
_CLEAR = "cookie_clear"  # set by the sign-out: the browser is asked to drop the cookie


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
        if result.identity is not None:
            st.session_state[_GRANT] = cookie_grant(
                session_token(session, result.identity, secret()), secret()
            )
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


def _from_cookie(eng: Engine) -> Identity | None:
    """The identity of the browser's session cookie, when it holds a valid one."""
    token = st.context.cookies.get(COOKIE)
    if not isinstance(token, str) or not token:  # none, or no browser at all (AppTest)
        return None
    with transaction(eng) as session:
        return identity_from_token(session, token, secret())


def _ask_browser(path: str) -> None:
    """Have the browser request ``path`` of the dashboard's own server (its answer sets or clears the
    cookie): an image the page loads, so no script is needed."""
    st.sidebar.html(f'<img src="{html.escape(path)}" alt="" width="1" height="1">')


def current_identity(eng: Engine) -> Identity | None:
    """The signed-in identity (this tab's, or the browser's cookie), checked against the database; None
    when nobody is signed in (with a notice when a session just ended)."""
    identity: Identity | None = st.session_state.get(KEY)
    if identity is None:
        if (restored := _from_cookie(eng)) is not None:
            st.session_state[KEY] = restored
        return restored
    with transaction(eng) as session:
        current = still_valid(session, identity)
    if current is None:
        del st.session_state[KEY]
        st.info(texts.LOGIN_EXPIRED)
        return None
    st.session_state[KEY] = current
    if grant := st.session_state.pop(_GRANT, None):
        _ask_browser(f"{SESSION_PATH}?grant={grant}")
    return current


def login_page(eng: Engine) -> NoReturn:
    """The login form, and nothing else: the run stops here. The address (page and ``?id=``) is left as
    it is, so after signing in the user lands where the link pointed."""
    if st.session_state.pop(_CLEAR, False):
        _ask_browser(SIGNOUT_PATH)
    _login_form(eng)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; this keeps type checkers honest


def identity() -> Identity:
    """The identity the entry script checked (pages run only after the gate)."""
    who: Identity = st.session_state[KEY]
    return who


def sidebar(eng: Engine, who: Identity) -> None:
    """Who is signed in, and the sign-out button (which ends the session everywhere and drops the cookie)."""
    st.sidebar.markdown(texts.SIGNED_IN_AS.format(name=who.name, role=texts.ROLES.get(who.role, who.role)))
    if st.sidebar.button(texts.LOGOUT, key="logout"):
        with transaction(eng) as session:
            sign_out(session, who)
        st.session_state.pop(KEY, None)
        st.session_state[_CLEAR] = True
        st.rerun()
