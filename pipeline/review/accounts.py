"""Dashboard accounts: roles and argon2 password hashes (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.errors import PressmonError
from pipeline.storage.audit import audit
from pipeline.storage.schema import User

ROLES = ("viewer", "analyst", "admin")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()


class AccountError(PressmonError):
    """A refused account change; ``code`` and ``params`` let the dashboard say it in Vietnamese
    (``dashboard.texts.ACCOUNT_ERRORS``), the English message serves the command line."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError("role", f"Unknown role {role!r}; use one of {', '.join(ROLES)}.", role=role)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            "password", f"The password must have at least {MIN_PASSWORD} characters.", min=MIN_PASSWORD
        )


def add_user(session: Session, name: str, role: str, password: str, actor: str) -> User:
    """Create an account; the name must be new, the role known and the password long enough."""
    _check_role(role)
    _check_password(password)
    if not name.strip() or session.get(User, name) is not None:
        raise AccountError("name", f"User {name!r} already exists or is not a valid name.", name=name)
    user = User(name=name, password_hash=hash_password(password), role=role)
    session.add(user)
    audit(session, actor, "user", name, "created", new={"role": role})
    return user


def list_users(session: Session) -> list[User]:
    """All accounts by name."""
    return list(session.scalars(select(User).order_by(User.name)))


def _existing(session: Session, name: str) -> User:
    user = session.get(User, name)
    if user is None:
        raise AccountError("unknown", f"No user named {name!r}.", name=name)
    return user


def set_role(session: Session, name: str, role: str, actor: str) -> None:
    """Change the role of an account (audited)."""
    _check_role(role)
    user = _existing(session, name)
    if user.role != role:
        audit(session, actor, "user", name, "role", old={"role": user.role}, new={"role": role})
        user.role = role


def set_disabled(session: Session, name: str, disabled: bool, actor: str) -> None:
    """Disable or re-enable an account (audited); a disabled account cannot sign in."""
    user = _existing(session, name)
    if user.disabled != disabled:
        audit(
            session,
            actor,
            "user",
            name,
            "disabled",
            old={"disabled": user.disabled},
            new={"disabled": disabled},
        )
        user.disabled = disabled


def set_password(session: Session, name: str, password: str, actor: str) -> None:
    """Replace the password of an account (audited, without the password)."""
    _check_password(password)
    _existing(session, name).password_hash = hash_password(password)
    audit(session, actor, "user", name, "password")


def active_names(session: Session, roles: tuple[str, ...] = ("analyst", "admin")) -> list[str]:
    """Names of enabled accounts with one of ``roles`` (the people an item can be assigned to)."""
    query = select(User.name).where(User.disabled.is_(False), User.role.in_(roles)).order_by(User.name)
    return list(session.scalars(query))
