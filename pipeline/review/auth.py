"""Dashboard sign-in: password check, roles and what they may do, session expiry, failed-login limits,
and the signed session token kept in the browser's cookie.

Failed attempts are appended to the audit log (``object_type="login"``, the client's address in
``new``), so the limits hold across dashboard processes and restarts and an administrator can see them.
Two limits: a name is locked *from one address* after ``MAX_FAILURES`` failures there (so strangers
guessing an administrator's password elsewhere never lock the administrator out), and an address is
throttled for every name after ``MAX_ADDRESS_FAILURES`` (so one client cannot try name after name).
The same answer is given for an unknown name and a wrong password, so the form does not tell which
accounts exist.

A session token is the name and sign-in time, signed (HMAC-SHA256) with the dashboard's secret (the
``session_secret`` setting, or ``session.key`` generated once in ``var_dir``). It holds a fingerprint of
the password hash, so a new password ends the sessions of the old one; it is checked against the
account on every use, so a disabled account's sessions end too; and a sign-out, recorded in the audit
log, ends every session begun before it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

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
SIGNED_OUT = "signed-out"  # the audit action of a sign-out
GRANT_TTL = timedelta(seconds=60)
SECRET_FILE = "session.key"
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
    """The identity with its current role, or None when it expired, was signed out, or the account was
    disabled or removed."""
    if identity.expired(now):
        return None
    user = session.get(User, identity.name)
    if user is None or user.disabled or _signed_out_since(session, identity):
        return None
    return Identity(user.name, user.role, identity.signed_in_at)


def sign_out(session: Session, identity: Identity, now: datetime | None = None) -> None:
    """Record the sign-out: every session of the account begun before it ends (cookies included)."""
    record_login(session, identity.name, SIGNED_OUT, now or utcnow())


def _signed_out_since(session: Session, identity: Identity) -> bool:
    query = select(func.count(AuditLog.id)).where(
        AuditLog.object_type == "login",
        AuditLog.object_id == identity.name[:64],
        AuditLog.action == SIGNED_OUT,
        AuditLog.at >= identity.signed_in_at,
    )
    return bool(session.scalar(query))


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


def session_secret(configured: str, var_dir: Path) -> bytes:
    """The key that signs session tokens: ``configured`` when set, else ``var_dir/session.key``, created
    once (random, readable by its owner only) so that sessions outlive a restart of the dashboard."""
    if configured:
        return configured.encode("utf-8")
    path = var_dir / SECRET_FILE
    var_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    log.info("created the dashboard's session key %s", path)
    return path.read_bytes().strip()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, purpose: str, payload: Mapping[str, object]) -> str:
    body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    mac = hmac.new(secret, f"{purpose}.{body}".encode("ascii"), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def _verified(secret: bytes, purpose: str, token: str) -> dict[str, object] | None:
    """The payload of ``token`` when its signature is right for ``purpose``; else None."""
    body, _, mac = token.partition(".")
    try:
        expected = hmac.new(secret, f"{purpose}.{body}".encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(_unb64(mac), expected):
            return None
        payload = json.loads(_unb64(body))
    except (ValueError, UnicodeError):  # not base64, not ASCII or not JSON: a forged or damaged token
        return None
    return payload if isinstance(payload, dict) else None


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def session_token(session: Session, identity: Identity, secret: bytes) -> str:
    """The signed token of ``identity``'s session, for the browser's cookie."""
    user = session.get(User, identity.name)
    fingerprint = _fingerprint(user.password_hash) if user else ""
    payload = {"n": identity.name, "t": identity.signed_in_at.isoformat(), "p": fingerprint}
    return _sign(secret, "session", payload)


def identity_from_token(
    session: Session, token: str, secret: bytes, now: datetime | None = None
) -> Identity | None:
    """The identity a session token stands for, with the account's current role; None when the token is
    forged, expired or signed out, or the account is disabled, removed or has a new password."""
    payload = _verified(secret, "session", token) or {}
    name, stamp = payload.get("n"), payload.get("t")
    if not isinstance(name, str) or not isinstance(stamp, str):
        return None
    user = session.get(User, name)
    if user is None or payload.get("p") != _fingerprint(user.password_hash):
        return None
    try:
        at = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return still_valid(session, Identity(name, user.role, at), now)


def cookie_grant(session_token_: str, secret: bytes, now: datetime | None = None) -> str:
    """A one-minute pass that lets the dashboard's server put ``session_token_`` in an HttpOnly cookie
    (the page cannot set such a cookie itself); the server accepts each pass once."""
    expires = ((now or utcnow()) + GRANT_TTL).timestamp()
    return _sign(secret, "grant", {"s": session_token_, "e": expires, "r": secrets.token_hex(8)})


def redeem_grant(
    grant: str, secret: bytes, used: dict[str, float], now: datetime | None = None
) -> str | None:
    """The session token a valid, unexpired pass carries, once: its nonce is kept in ``used`` (nonce →
    expiry) until it would have expired anyway."""
    payload = _verified(secret, "grant", grant) or {}
    token, expires, nonce = payload.get("s"), payload.get("e"), payload.get("r")
    if not isinstance(token, str) or not isinstance(expires, float) or not isinstance(nonce, str):
        return None
    moment = (now or utcnow()).timestamp()
    for old in [n for n, until in used.items() if until < moment]:
        del used[old]
    if moment > expires or nonce in used:
        return None
    used[nonce] = expires
    return token


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
