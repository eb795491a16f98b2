"""pipeline.review.auth, sign-in against a real SQLite database: argon2 check, roles, rate limiting,
expiry, disabled accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from pipeline.review.accounts import add_user, set_disabled, set_role
from pipeline.review.auth import (
    FAILURE_WINDOW,
    MAX_ADDRESS_FAILURES,
    MAX_FAILURES,
    SESSION_TTL,
    Identity,
    client_address,
    previous_sign_in,
    still_valid,
)
from pipeline.storage.engine import transaction
from pipeline.storage.schema import AuditLog, User
from tests.support.accounts import PASSWORD, attempt
from tests.support.clock import SIGN_IN_NOW as T0


@pytest.fixture
def engine(engine: Engine) -> Engine:
    """The empty database with one analyst, ``lan``."""
    with transaction(engine) as session:
        add_user(session, "lan", "analyst", PASSWORD, actor="test")
    return engine


def test_the_right_password_signs_in_with_the_role(engine: Engine) -> None:
    identity, refused = attempt(engine, "lan", PASSWORD, T0)
    assert refused == "" and identity == Identity("lan", "analyst", T0)
    assert identity.can("review") and identity.can("read") and not identity.can("admin")
    with transaction(engine) as session:
        user = session.get(User, "lan")
        assert user is not None and user.password_hash.startswith("$argon2id$")


def test_wrong_password_and_unknown_name_get_the_same_answer_and_are_logged(engine: Engine) -> None:
    assert attempt(engine, "lan", "sai-mat-khau", T0) == (None, "invalid")
    assert attempt(engine, "khong-co", PASSWORD, T0) == (None, "invalid")
    with transaction(engine) as session:
        failed = session.scalars(select(AuditLog.object_id).where(AuditLog.action == "failed")).all()
    assert sorted(failed) == ["khong-co", "lan"]


def test_too_many_failures_lock_the_name_until_the_window_passes(engine: Engine) -> None:
    for i in range(MAX_FAILURES):
        assert attempt(engine, "lan", "sai", T0 + timedelta(seconds=i))[1] == "invalid"
    # Even the right password is refused while locked.
    assert attempt(engine, "lan", PASSWORD, T0 + timedelta(minutes=1)) == (None, "locked")
    later = T0 + FAILURE_WINDOW + timedelta(seconds=MAX_FAILURES + 1)
    identity, refused = attempt(engine, "lan", PASSWORD, later)
    assert refused == "" and identity is not None


def test_a_success_resets_the_failure_count(engine: Engine) -> None:
    for i in range(MAX_FAILURES - 1):
        attempt(engine, "lan", "sai", T0 + timedelta(seconds=i))
    assert attempt(engine, "lan", PASSWORD, T0 + timedelta(seconds=10))[0] is not None
    assert attempt(engine, "lan", "sai", T0 + timedelta(seconds=11))[1] == "invalid"
    assert attempt(engine, "lan", PASSWORD, T0 + timedelta(seconds=12))[0] is not None


def test_sessions_expire_and_follow_role_changes_and_disabling(engine: Engine) -> None:
    identity, _ = attempt(engine, "lan", PASSWORD, T0)
    assert identity is not None
    with transaction(engine) as session:
        assert still_valid(session, identity, T0 + SESSION_TTL + timedelta(seconds=1)) is None
        set_role(session, "lan", "viewer", actor="admin")
    with transaction(engine) as session:
        current = still_valid(session, identity, T0 + timedelta(hours=1))
        assert current is not None and current.role == "viewer" and not current.can("review")
        set_disabled(session, "lan", True, actor="admin")
    with transaction(engine) as session:
        assert still_valid(session, identity, T0 + timedelta(hours=1)) is None
    assert attempt(engine, "lan", PASSWORD, T0 + timedelta(hours=2)) == (None, "invalid")


def test_previous_sign_in_is_the_one_before_the_current(engine: Engine) -> None:
    attempt(engine, "lan", PASSWORD, T0)
    with transaction(engine) as session:
        assert previous_sign_in(session, "lan") is None
    attempt(engine, "lan", PASSWORD, T0 + timedelta(days=1))
    with transaction(engine) as session:
        assert previous_sign_in(session, "lan") == T0


STRANGER, OFFICE = "203.0.113.9", "198.51.100.7"


def test_strangers_failures_do_not_lock_the_name_out_elsewhere(engine: Engine) -> None:
    for i in range(MAX_FAILURES + 3):
        attempt(engine, "lan", "doan-mo", T0 + timedelta(seconds=i), STRANGER)
    assert attempt(engine, "lan", PASSWORD, T0 + timedelta(minutes=1), STRANGER) == (None, "locked")
    identity, refused = attempt(engine, "lan", PASSWORD, T0 + timedelta(minutes=1), OFFICE)
    assert refused == "" and identity is not None and identity.name == "lan"


def test_an_address_trying_many_names_is_throttled_for_all_of_them(engine: Engine) -> None:
    for i in range(MAX_ADDRESS_FAILURES):
        name = f"user{i % 7}"  # never MAX_FAILURES on one name
        assert attempt(engine, name, "sai", T0 + timedelta(seconds=i), STRANGER)[1] == "invalid"
    assert attempt(engine, "lan", PASSWORD, T0 + timedelta(minutes=1), STRANGER) == (None, "locked")
    assert attempt(engine, "lan", PASSWORD, T0 + timedelta(minutes=1), OFFICE)[0] is not None
    later = T0 + FAILURE_WINDOW + timedelta(seconds=MAX_ADDRESS_FAILURES + 1)
    assert attempt(engine, "lan", PASSWORD, later, STRANGER)[0] is not None
    with transaction(engine) as session:
        refused = session.scalars(select(AuditLog.new).where(AuditLog.action == "refused")).all()
    assert refused == [{"reason": "locked", "locked": "address", "address": STRANGER}]


@pytest.mark.parametrize(
    ("ip", "headers", "expected"),
    [
        (STRANGER, {"X-Real-Ip": OFFICE, "X-Forwarded-For": OFFICE}, STRANGER),  # not believed from afar
        (None, {"X-Real-Ip": STRANGER}, STRANGER),  # a reverse proxy on this server
        (None, {"X-Forwarded-For": f"10.0.0.1, {STRANGER}"}, STRANGER),  # the hop the proxy added
        (None, {}, "local"),
    ],
)
def test_the_client_address_believes_headers_only_from_loopback(
    ip: str | None, headers: dict[str, str], expected: str
) -> None:
    assert client_address(ip, headers) == expected
