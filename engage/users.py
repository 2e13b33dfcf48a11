"""Local accounts for the review app: Argon2-hashed passwords and three roles.

Roles: ``team`` (upload, run analysis, export), ``reviewer`` (review and label) and ``admin``
(everything, plus accounts and frameworks). Every function takes an open session; the caller
commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engage.models import User

ROLES = ("team", "reviewer", "admin")
MIN_PASSWORD = 10
MAX_NAME = 200

#: What each role may do in the app.
_TEAM = frozenset({"view", "upload", "analyse", "export", "redact", "safeguarding", "samples"})
_REVIEWER = frozenset({"view", "review", "themes"})
RIGHTS: dict[str, frozenset[str]] = {
    "team": _TEAM,
    "reviewer": _REVIEWER,
    "admin": _TEAM | _REVIEWER | {"users", "frameworks"},
}

_hasher = PasswordHasher()
# Verifying against this when the name is unknown keeps sign-in time the same either way.
_DUMMY_HASH = _hasher.hash("not a real password, only used to even out timing")


class UserError(ValueError):
    """A request about accounts that cannot be done; the message says why in plain words."""


@dataclass(frozen=True)
class Account:
    """A user account as the app sees it (never the password hash)."""

    name: str
    role: str
    active: bool
    created_at: datetime

    def can(self, right: str) -> bool:
        """True when this account's role includes ``right`` (see :data:`RIGHTS`)."""
        return self.active and right in RIGHTS.get(self.role, frozenset())


def can(role: str, right: str) -> bool:
    """True when ``role`` includes ``right``."""
    return right in RIGHTS.get(role, frozenset())


def _account(user: User) -> Account:
    return Account(user.name, user.role, bool(user.active), user.created_at)


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise UserError("a user name is needed")
    if len(name) > MAX_NAME:
        raise UserError(f"user names can be at most {MAX_NAME} characters")
    if any(ch.isspace() and ch != " " for ch in name) or not name.isprintable():
        raise UserError("a user name cannot contain tabs, line breaks or control characters")
    return name


def _check_role(role: str) -> str:
    role = (role or "").strip().lower()
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)} (got {role!r})")
    return role


def check_password(password: str) -> None:
    """Raise :class:`UserError` when ``password`` is too weak to use."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    if not password.strip():
        raise UserError("a password cannot be only spaces")


def _find(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name == name.strip()))


def _get(session: Session, name: str) -> User:
    user = _find(session, name)
    if user is None:
        raise UserError(f"there is no user called {name.strip()!r}")
    return user


def has_users(session: Session) -> bool:
    """True when at least one active account exists."""
    return bool(session.scalar(select(func.count()).select_from(User).where(User.active)))


def add_user(session: Session, name: str, role: str, password: str) -> Account:
    """Create an account; the password is stored only as an Argon2 hash."""
    name = _check_name(name)
    role = _check_role(role)
    check_password(password)
    if _find(session, name) is not None:
        raise UserError(f"there is already a user called {name!r}")
    user = User(name=name, role=role, password_hash=_hasher.hash(password), active=True)
    session.add(user)
    session.flush()
    return _account(user)


def list_users(session: Session) -> list[Account]:
    """Every account, by name."""
    return [_account(u) for u in session.scalars(select(User).order_by(User.name))]


def get_user(session: Session, name: str) -> Account:
    """One account by name."""
    return _account(_get(session, name))


def remove_user(session: Session, name: str) -> None:
    """Delete an account (what the person did stays in the audit trail under their name)."""
    session.delete(_get(session, name))
    session.flush()


def reset_password(session: Session, name: str, password: str) -> Account:
    """Give an account a new password."""
    check_password(password)
    user = _get(session, name)
    user.password_hash = _hasher.hash(password)
    session.flush()
    return _account(user)


def set_role(session: Session, name: str, role: str) -> Account:
    """Change what an account may do."""
    user = _get(session, name)
    user.role = _check_role(role)
    session.flush()
    return _account(user)


def set_active(session: Session, name: str, active: bool) -> Account:
    """Switch an account off (it can no longer sign in) or back on."""
    user = _get(session, name)
    user.active = active
    session.flush()
    return _account(user)


def authenticate(session: Session, name: str, password: str) -> Account | None:
    """The account when ``name`` and ``password`` match an active user, else None.

    A hash made with older Argon2 settings is upgraded on a successful sign-in.
    """
    user = _find(session, name or "")
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        session.flush()
    return _account(user)
