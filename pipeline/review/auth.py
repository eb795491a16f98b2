"""Dashboard sign-in: password check, roles and what they may do, session expiry, failed-login limits.

Failed attempts are appended to the audit log (``object_type="login"``), so the limit holds across
dashboard processes and restarts and an administrator can see them. The same answer is given for an
unknown name and a wrong password, so the form does not tell which accounts exist.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.clock import utcnow
from pipeline.review.accounts import hash_password, verify_password
from pipeline.storage.audit import record_login
from pipeline.storage.schema import AuditLog, User

log = logging.getLogger(__name__)

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=8)
# What each role may do; a role includes the rights of those before it.
PERMISSIONS = {"viewer": {"read"}, "analyst": {"read", "review"}, "admin": {"read", "review", "admin"}}
# Verifying against a real hash for unknown names keeps their answer as slow as a wrong password's.
_DUMMY_HASH = hash_password("pressmon-no-such-user")


@dataclass(frozen=True)
class Identity:
    """A signed-in user: name, role and when the sign-in happened."""

    name: str
    role: str
    signed_in_at: datetime

    def can(self, action: str) -> bool:
        """Whether the role allows ``action`` (read, review, admin)."""
        return action in PERMISSIONS.get(self.role, set())

    def expired(self, now: datetime | None = None) -> bool:
        """Whether the session is older than ``SESSION_TTL``."""
        return (now or utcnow()) - self.signed_in_at > SESSION_TTL


@dataclass(frozen=True)
class LoginResult:
    """The identity when sign-in succeeded; otherwise ``refused`` is "invalid" or "locked"."""

    identity: Identity | None
    refused: str = ""


def recent_failures(session: Session, name: str, now: datetime) -> int:
    """Failed sign-ins for ``name`` within the window, counted since its last successful one."""
    key = name[:64]
    last_ok = session.scalar(
        select(func.max(AuditLog.at)).where(
            AuditLog.object_type == "login", AuditLog.object_id == key, AuditLog.action == "succeeded"
        )
    )
    since = now - FAILURE_WINDOW
    if last_ok is not None and last_ok > since:
        since = last_ok
    query = select(func.count(AuditLog.id)).where(
        AuditLog.object_type == "login",
        AuditLog.object_id == key,
        AuditLog.action == "failed",
        AuditLog.at > since,
    )
    return int(session.scalar(query) or 0)


def login(session: Session, name: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check ``name``/``password``; the caller commits, so a refusal is recorded too.

    Every attempt is written to the audit log; after ``MAX_FAILURES`` failures in ``FAILURE_WINDOW``
    the name is refused without checking the password until the window has passed.
    """
    now = now or utcnow()
    name = name.strip()
    if recent_failures(session, name, now) >= MAX_FAILURES:
        record_login(session, name, "refused", now, {"reason": "locked"})
        return LoginResult(None, "locked")
    user = session.get(User, name) if name else None
    valid = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or user.disabled or not valid:
        log.info("failed sign-in for %r", name)
        record_login(session, name, "failed", now)
        return LoginResult(None, "invalid")
    record_login(session, name, "succeeded", now, {"role": user.role})
    return LoginResult(Identity(user.name, user.role, now))


def still_valid(session: Session, identity: Identity, now: datetime | None = None) -> Identity | None:
    """The identity with its current role, or None when it expired or the account was disabled or removed."""
    if identity.expired(now):
        return None
    user = session.get(User, identity.name)
    if user is None or user.disabled:
        return None
    return Identity(user.name, user.role, identity.signed_in_at)


def previous_sign_in(session: Session, name: str) -> datetime | None:
    """When ``name`` signed in before the current sign-in (for "what arrived since your last visit")."""
    times = session.scalars(
        select(AuditLog.at)
        .where(
            AuditLog.object_type == "login", AuditLog.object_id == name[:64], AuditLog.action == "succeeded"
        )
        .order_by(AuditLog.at.desc())
        .limit(2)
    ).all()
    return times[1] if len(times) == 2 else None
