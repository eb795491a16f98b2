"""Accounts for the sign-in tests: a password long enough to be accepted, and one attempt at signing
in through pipeline.review.auth, in its own transaction, as the dashboard's login form makes it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from pipeline.review.auth import Identity, login
from pipeline.storage.engine import transaction

PASSWORD = "mật-khẩu-đủ-dài"


def attempt(
    engine: Engine, name: str, password: str, at: datetime, address: str = ""
) -> tuple[Identity | None, str]:
    """The identity signed in (or None) and why it was refused ("" when it was not)."""
    with transaction(engine) as session:
        result = login(session, name, password, at, address)
    return result.identity, result.refused
