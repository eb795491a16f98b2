"""Dashboard accounts: roles and argon2 password hashes (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.db import User
from pipeline.store import audit
from pressmon.errors import UserError

ROLES = ("viewer", "analyst", "admin")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def add_user(session: Session, name: str, role: str, password: str, actor: str) -> User:
    """Create an account; the name must be new, the role known and the password long enough."""
    if role not in ROLES:
        raise UserError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"The password must have at least {MIN_PASSWORD} characters.")
    if not name.strip() or session.get(User, name) is not None:
        raise UserError(f"User {name!r} already exists or is not a valid name.")
    user = User(name=name, password_hash=hash_password(password), role=role)
    session.add(user)
    audit(session, actor, "user", name, "created", new={"role": role})
    return user


def list_users(session: Session) -> list[User]:
    """All accounts by name."""
    return list(session.scalars(select(User).order_by(User.name)))
