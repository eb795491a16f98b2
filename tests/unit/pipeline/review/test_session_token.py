"""The signed session token of the dashboard's cookie, against a real SQLite database: it restores the
session, and stops doing so when forged, expired, signed out, disabled or after a new password; the
one-minute pass that carries it to the cookie is accepted once; the key file is made once, 0600."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from pipeline.review.accounts import add_user, set_disabled, set_password, set_role
from pipeline.review.auth import (
    GRANT_TTL,
    SESSION_TTL,
    Identity,
    cookie_grant,
    identity_from_token,
    redeem_grant,
    session_secret,
    session_token,
    sign_out,
    still_valid,
)
from pipeline.storage.engine import transaction
from tests.support.accounts import PASSWORD, attempt
from tests.support.clock import SIGN_IN_NOW as T0

KEY = b"k" * 32


@pytest.fixture
def engine(engine: Engine) -> Engine:
    """The empty database with one analyst, ``lan``."""
    with transaction(engine) as session:
        add_user(session, "lan", "analyst", PASSWORD, actor="test")
    return engine


def _token(engine: Engine) -> str:
    identity, _ = attempt(engine, "lan", PASSWORD, T0)
    assert identity is not None
    with transaction(engine) as session:
        return session_token(session, identity, KEY)


def _restored(
    engine: Engine, token: str, later: timedelta = timedelta(minutes=5), key: bytes = KEY
) -> Identity | None:
    with transaction(engine) as session:
        return identity_from_token(session, token, key, T0 + later)


def test_a_token_restores_the_session_with_the_current_role(engine: Engine) -> None:
    token = _token(engine)
    assert _restored(engine, token) == Identity("lan", "analyst", T0)
    with transaction(engine) as session:
        set_role(session, "lan", "viewer", actor="test")
    assert _restored(engine, token) == Identity("lan", "viewer", T0)


def test_a_forged_or_damaged_token_or_another_key_restores_nothing(engine: Engine) -> None:
    token = _token(engine)
    body, _, mac = token.partition(".")
    other, _, _ = session_token_for(engine, "admin-gia").partition(".")
    for bad in (f"{other}.{mac}", f"{body}.{mac[:-2]}", "", "x.y", "....", body, token + "A"):
        assert _restored(engine, bad) is None, bad
    assert _restored(engine, token, key=b"another key") is None


def session_token_for(engine: Engine, name: str) -> str:
    """A token signed with another key for a name: only its body is reused by the forgery above."""
    with transaction(engine) as session:
        return session_token(session, Identity(name, "admin", T0), b"attacker key")


def test_the_token_ends_after_eight_hours(engine: Engine) -> None:
    token = _token(engine)
    assert _restored(engine, token, SESSION_TTL - timedelta(seconds=1)) is not None
    assert _restored(engine, token, SESSION_TTL + timedelta(seconds=1)) is None


def test_disabling_or_a_new_password_ends_the_token(engine: Engine) -> None:
    token = _token(engine)
    with transaction(engine) as session:
        set_disabled(session, "lan", True, actor="test")
    assert _restored(engine, token) is None
    with transaction(engine) as session:
        set_disabled(session, "lan", False, actor="test")
    assert _restored(engine, token) is not None
    with transaction(engine) as session:
        set_password(session, "lan", "mat-khau-moi-du-dai", actor="test")
    assert _restored(engine, token) is None


def test_signing_out_ends_every_session_begun_before(engine: Engine) -> None:
    token = _token(engine)
    identity = Identity("lan", "analyst", T0)
    with transaction(engine) as session:
        sign_out(session, identity, T0 + timedelta(minutes=1))
    assert _restored(engine, token) is None
    with transaction(engine) as session:
        assert still_valid(session, identity, T0 + timedelta(minutes=2)) is None  # the other tabs too
        later = Identity("lan", "analyst", T0 + timedelta(minutes=3))  # signed in again afterwards
        assert still_valid(session, later, T0 + timedelta(minutes=4)) == later


def test_a_pass_is_accepted_once_and_for_one_minute(engine: Engine) -> None:
    token = _token(engine)
    used: dict[str, float] = {}
    grant = cookie_grant(token, KEY, T0)
    assert redeem_grant(grant, KEY, used, T0 + GRANT_TTL + timedelta(seconds=1)) is None  # too late
    assert redeem_grant(grant, b"another key", used, T0) is None
    assert redeem_grant(grant, KEY, used, T0 + timedelta(seconds=5)) == token
    assert redeem_grant(grant, KEY, used, T0 + timedelta(seconds=6)) is None  # already used
    # A session token is not a pass, nor the other way round: each is signed for its purpose.
    assert redeem_grant(token, KEY, {}, T0) is None
    assert _restored(engine, grant) is None


def test_the_key_is_the_setting_or_a_file_made_once_for_the_owner_only(tmp_path: Path) -> None:
    assert session_secret("from-settings", tmp_path) == b"from-settings"
    assert not (tmp_path / "session.key").exists()
    first = session_secret("", tmp_path / "var")
    assert len(first) == 64 and session_secret("", tmp_path / "var") == first
    mode = stat.S_IMODE((tmp_path / "var" / "session.key").stat().st_mode)
    assert mode == 0o600
