"""Dashboard sign-in: password check, roles and what they may do, session expiry, failed-login limits.

Failed attempts are appended to the audit log (``object_type="login"``, the client's address in
``new``), so the limits hold across dashboard processes and restarts and an administrator can see them.
Two limits: a name is locked *from one address* after ``MAX_FAILURES`` failures there (so strangers
guessing an administrator's password elsewhere never lock the administrator out), and an address is
throttled for every name after ``MAX_ADDRESS_FAILURES`` (so one client cannot try name after name).
The same answer is given for an unknown name and a wrong password, so the form does not tell which
accounts exist.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.clock import utcnow
from pipeline.review.accounts import hash_password, verify_password
from pipeline.storage.audit import record_login
from pipeline.storage.schema import AuditLog, User

log = logging.getLogger(__name__)

MAX_FAILURES = 5  # for one name from one address
MAX_ADDRESS_FAILURES = 20  # from one address, all names together
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


def _failed_addresses(session: Session, since: datetime, name: str | None = None) -> list[str]:
    """The address of every failed sign-in after ``since`` (for ``name`` only, when given)."""
    query = select(AuditLog.new).where(
        AuditLog.object_type == "login", AuditLog.action == "failed", AuditLog.at > since
    )
    if name is not None:
        query = query.where(AuditLog.object_id == name[:64])
    # The address is in the row's JSON; read in Python, the same on SQLite and PostgreSQL. A window
    # holds few rows, and an address past its limit adds "refused" rows, not "failed" ones.
    return [str((new or {}).get("address", "")) for new in session.scalars(query)]


def recent_failures(session: Session, name: str, now: datetime, address: str = "") -> int:
    """Failed sign-ins for ``name`` from ``address`` within the window, since its last successful one."""
    last_ok = session.scalar(
        select(func.max(AuditLog.at)).where(
            AuditLog.object_type == "login", AuditLog.object_id == name[:64], AuditLog.action == "succeeded"
        )
    )
    since = now - FAILURE_WINDOW
    if last_ok is not None and last_ok > since:
        since = last_ok
    return _failed_addresses(session, since, name).count(address)


def address_failures(session: Session, address: str, now: datetime) -> int:
    """Failed sign-ins from ``address`` within the window, whatever the name (a success does not reset
    it: a stranger with a viewer account of their own must not clear it by signing in)."""
    return _failed_addresses(session, now - FAILURE_WINDOW).count(address)


def _locked(session: Session, name: str, now: datetime, address: str) -> str:
    """Why this attempt is refused unchecked: "name" or "address" locked, or "" when it may proceed."""
    if address_failures(session, address, now) >= MAX_ADDRESS_FAILURES:
        return "address"
    return "name" if recent_failures(session, name, now, address) >= MAX_FAILURES else ""


def login(
    session: Session, name: str, password: str, now: datetime | None = None, address: str = ""
) -> LoginResult:
    """Check ``name``/``password`` from the client at ``address``; the caller commits, so a refusal
    is recorded too.

    Every attempt is written to the audit log with the address; after ``MAX_FAILURES`` failures for
    the name from this address, or ``MAX_ADDRESS_FAILURES`` from this address for any names, within
    ``FAILURE_WINDOW``, the attempt is refused without checking the password until the window has passed.
    """
    now = now or utcnow()
    name = name.strip()
    where = {"address": address}
    locked = _locked(session, name, now, address)
    if locked:
        record_login(session, name, "refused", now, {"reason": "locked", "locked": locked, **where})
        return LoginResult(None, "locked")
    user = session.get(User, name) if name else None
    valid = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or user.disabled or not valid:
        log.info("failed sign-in for %r from %r", name, address)
        record_login(session, name, "failed", now, where)
        return LoginResult(None, "invalid")
    record_login(session, name, "succeeded", now, {"role": user.role, **where})
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


def client_address(connection_ip: str | None, headers: Mapping[str, str]) -> str:
    """The sign-in's client address for the limits: the connection's own address; on a loopback
    connection (``None``: a reverse proxy on this server, or a local browser) the address the proxy
    reports (``X-Real-IP``, else the last ``X-Forwarded-For`` hop, the one the proxy added), else
    "local". Headers are believed only from loopback: from anywhere else they are the client's word."""
    if connection_ip:
        return connection_ip[:64]
    lowered = {k.lower(): v for k, v in headers.items()}
    forwarded = [hop.strip() for hop in lowered.get("x-forwarded-for", "").split(",") if hop.strip()]
    return (lowered.get("x-real-ip", "").strip() or (forwarded[-1] if forwarded else "") or "local")[:64]
