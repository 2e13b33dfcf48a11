"""Local accounts for the review app: Argon2-hashed passwords and three roles.

Roles: ``team`` (upload, run analysis, export), ``reviewer`` (review and label) and ``admin``
(everything, plus accounts and frameworks). Every function takes an open session; the caller
commits.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from threading import Lock

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from engage.models import SignInSession, User, utcnow

ROLES = ("team", "reviewer", "admin")
MIN_PASSWORD = 10
MAX_NAME = 200
#: Wrong passwords in a row before sign-in is refused for a while; each one after that doubles
#: the wait, up to :data:`MAX_LOCK`.
MAX_TRIES = 5
FIRST_LOCK = timedelta(minutes=1)
MAX_LOCK = timedelta(minutes=15)
#: How long a browser stays signed in without signing in again.
SESSION_LENGTH = timedelta(hours=12)

#: What each role may do in the app.
_TEAM = frozenset({"view", "upload", "analyse", "export", "redact", "safeguarding", "samples"})
_REVIEWER = frozenset({"view", "review", "themes"})
RIGHTS: dict[str, frozenset[str]] = {
    "team": _TEAM,
    "reviewer": _REVIEWER,
    "admin": _TEAM | _REVIEWER | {"users", "frameworks"},
}

_hasher = PasswordHasher()
# Sign-ins, failed ones and pauses go to the server's log (never a password).
_log = logging.getLogger("engage.signin")
# Verifying against this when the name is unknown keeps sign-in time the same either way.
_DUMMY_HASH = _hasher.hash("not a real password, only used to even out timing")


class UserError(ValueError):
    """A request about accounts that cannot be done; the message says why in plain words."""


class SignInLocked(UserError):
    """Too many wrong passwords in a row for this name: sign-in is refused for a while."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        minutes = max(1, -(-int((until - utcnow()).total_seconds()) // 60))
        super().__init__(
            "Too many wrong passwords in a row for this name. Try again in "
            f"{minutes} minute{'s' if minutes != 1 else ''}, or ask an administrator to set "
            "a new password."
        )


@dataclass(frozen=True)
class Account:
    """A user account as the app sees it (never the password hash)."""

    name: str
    role: str
    active: bool
    created_at: datetime
    # Until when sign-in is refused after too many wrong passwords (None: it is not).
    locked_until: datetime | None = None

    def can(self, right: str) -> bool:
        """True when this account's role includes ``right`` (see :data:`RIGHTS`)."""
        return self.active and right in RIGHTS.get(self.role, frozenset())


def can(role: str, right: str) -> bool:
    """True when ``role`` includes ``right``."""
    return right in RIGHTS.get(role, frozenset())


def _account(user: User) -> Account:
    locked = _aware(user.locked_until)
    return Account(user.name, user.role, bool(user.active), user.created_at,
                   locked if locked is not None and locked > utcnow() else None)


def _audit(session: Session, actor: str, action: str, name: str,
           before: dict | None = None, after: dict | None = None) -> None:
    """Record a change to an account in the store-wide history (never a password)."""
    from engage import audit

    audit.record(session, None, actor, action, "account", name, before, after)


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


def _find(session: Session, name: str, *, exact: bool = False) -> User | None:
    """The account called ``name``; unless ``exact``, in any letter case when just one account
    has that name so ("rev" signs in as "Rev": names differing only in capitals are refused,
    though an older store may hold two, and then the case must match)."""
    name = name.strip()
    user = session.scalar(select(User).where(User.name == name))
    if user is not None or exact or not name:
        return user
    same = [u for u in session.scalars(select(User)) if u.name.casefold() == name.casefold()]
    return same[0] if len(same) == 1 else None


def _get(session: Session, name: str) -> User:
    user = _find(session, name)
    if user is None:
        raise UserError(f"there is no user called {name.strip()!r}")
    return user


def has_users(session: Session) -> bool:
    """True when at least one active account exists."""
    return bool(session.scalar(select(func.count()).select_from(User).where(User.active)))


def add_user(
    session: Session, name: str, role: str, password: str, *, actor: str = "cli"
) -> Account:
    """Create an account; the password is stored only as an Argon2 hash. ``actor``, who made
    it, is named in the history, as for every change below."""
    name = _check_name(name)
    role = _check_role(role)
    check_password(password)
    if _find(session, name, exact=True) is not None:
        raise UserError(f"there is already a user called {name!r}")
    same = [u for u in session.scalars(select(User.name)) if u.casefold() == name.casefold()]
    if same:  # "admin1" and "ADMIN1" would be two accounts nobody could tell apart
        raise UserError(f"there is already a user called {same[0]!r} (names differing only in "
                        "capital letters are too easy to mix up)")
    user = User(name=name, role=role, password_hash=_hasher.hash(password), active=True)
    session.add(user)
    session.flush()
    _audit(session, actor, "add", name, after={"role": role})
    return _account(user)


def list_users(session: Session) -> list[Account]:
    """Every account, by name."""
    return [_account(u) for u in session.scalars(select(User).order_by(User.name))]


def get_user(session: Session, name: str) -> Account:
    """One account by name."""
    return _account(_get(session, name))


def find_user(session: Session, name: str) -> Account | None:
    """One account by name, or None when there is none (it was never made, or was removed)."""
    user = _find(session, name)
    return None if user is None else _account(user)


def _keep_an_admin(session: Session, user: User, change: str) -> None:
    """Refuse ``change`` when ``user`` is the last active administrator: nobody would be left
    to manage accounts or frameworks (short of the command line on the server)."""
    if user.role != "admin" or not user.active:
        return
    others = session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active, User.id != user.id))
    if not others:
        raise UserError(f"{user.name!r} is the only administrator who can sign in: make "
                        f"another administrator first, then {change}")


def remove_user(session: Session, name: str, *, actor: str = "cli") -> None:
    """Delete an account (what the person did stays in the audit trail under their name)."""
    user = _get(session, name)
    _keep_an_admin(session, user, "remove this account")
    _end_all_sessions(session, user)
    _audit(session, actor, "remove", user.name, before={"role": user.role})
    session.delete(user)
    session.flush()


def reset_password(session: Session, name: str, password: str, *, actor: str = "cli") -> Account:
    """Give an account a new password (signing it out everywhere, lifting any lock)."""
    check_password(password)
    user = _get(session, name)
    user.password_hash = _hasher.hash(password)
    user.failed_sign_ins = 0
    user.locked_until = None
    _end_all_sessions(session, user)
    _audit(session, actor, "reset_password", user.name)
    session.flush()
    return _account(user)


def set_role(session: Session, name: str, role: str, *, actor: str = "cli") -> Account:
    """Change what an account may do."""
    user = _get(session, name)
    if _check_role(role) != "admin":
        _keep_an_admin(session, user, "change this account's role")
    before, user.role = user.role, _check_role(role)
    if before != user.role:
        _audit(session, actor, "set_role", user.name, {"role": before}, {"role": user.role})
    session.flush()
    return _account(user)


def set_active(session: Session, name: str, active: bool, *, actor: str = "cli") -> Account:
    """Switch an account off (it can no longer sign in, and is signed out) or back on."""
    user = _get(session, name)
    if not active:
        _keep_an_admin(session, user, "switch this account off")
    before, user.active = bool(user.active), active
    if not active:
        _end_all_sessions(session, user)
    if before != active:
        _audit(session, actor, "switch_on" if active else "switch_off", user.name,
               {"active": before}, {"active": active})
    session.flush()
    return _account(user)


def authenticate(session: Session, name: str, password: str) -> Account | None:
    """The account when ``name`` and ``password`` match an active user, else None.

    After :data:`MAX_TRIES` wrong passwords in a row for a name, sign-in with it is refused
    (:class:`SignInLocked`, even with the right password) for :data:`FIRST_LOCK`, doubling with
    each further wrong one up to :data:`MAX_LOCK`. Names with no account are counted the same
    way (in this process), so the refusal does not tell a guesser which names exist. A hash
    made with older Argon2 settings is upgraded on a successful sign-in.
    """
    name = (name or "").strip()
    user = _find(session, name) if name else None
    now = utcnow()
    failures, locked_until = (
        (user.failed_sign_ins or 0, _aware(user.locked_until))
        if user is not None
        else _unknown_names.get(name.casefold())
    )
    if locked_until is not None and locked_until > now:
        _log.warning("sign-in refused for %r: paused after wrong passwords", name[:80])
        raise SignInLocked(locked_until)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        failures += 1
        locked_until = _lock_end(failures, now)
        _log.warning("sign-in failed for %r: wrong name or password (%d in a row)%s",
                     name[:80], failures, "; paused" if locked_until else "")
        if user is not None:
            user.failed_sign_ins = failures
            user.locked_until = locked_until
            session.flush()
        else:
            _unknown_names.put(name.casefold(), failures, locked_until)
        return None
    if user is None or not user.active:
        _log.warning("sign-in refused for %r: the account is switched off", name[:80])
        return None
    _log.info("signed in: %r", user.name)
    user.failed_sign_ins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.flush()
    return _account(user)


def tries_left(session: Session, name: str) -> int:
    """Wrong passwords ``name`` may still give before sign-in with it pauses (0 once it has).
    Names with no account are counted the same way, so this tells nobody which names exist."""
    name = (name or "").strip()
    user = _find(session, name) if name else None
    failures = (user.failed_sign_ins or 0) if user is not None else (
        _unknown_names.get(name.casefold())[0])
    return max(0, MAX_TRIES - failures)


def switched_off(session: Session, name: str, password: str) -> bool:
    """True when ``name`` is a switched-off account and ``password`` is its password (to say
    so after :func:`authenticate` refused it). With a wrong password it is False whether or
    not the name exists, and takes as long either way, so it tells nobody which names exist."""
    user = _find(session, name or "") if (name or "").strip() else None
    off = user is not None and not user.active
    try:
        _hasher.verify(user.password_hash if off else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return False
    return off


def _lock_end(failures: int, now: datetime) -> datetime | None:
    """When sign-in opens again after ``failures`` wrong passwords in a row (None: open)."""
    if failures < MAX_TRIES:
        return None
    return now + min(MAX_LOCK, FIRST_LOCK * 2 ** (failures - MAX_TRIES))


def _aware(moment: datetime | None) -> datetime | None:
    """A stored time as timezone-aware UTC (SQLite gives them back naive)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class _UnknownNames:
    """Wrong-password counts for names with no account, kept in memory (bounded)."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._counts: OrderedDict[str, tuple[int, datetime | None]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: str) -> tuple[int, datetime | None]:
        with self._lock:
            return self._counts.get(key, (0, None))

    def put(self, key: str, failures: int, locked_until: datetime | None) -> None:
        with self._lock:
            self._counts[key] = (failures, locked_until)
            self._counts.move_to_end(key)
            while len(self._counts) > self._size:
                self._counts.popitem(last=False)


_unknown_names = _UnknownNames()


# --- sessions that survive a reload ----------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, name: str, *, length: timedelta = SESSION_LENGTH) -> str:
    """A new sign-in token for ``name``'s browser (only its hash is stored); expired ones go."""
    user = _get(session, name)
    now = utcnow()
    session.execute(delete(SignInSession).where(SignInSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(
        SignInSession(token_sha256=_token_hash(token), user_id=user.id, expires_at=now + length)
    )
    session.flush()
    return token


def resume_session(session: Session, token: str | None) -> Account | None:
    """The account a browser's token signs in, if the token is current and the account on."""
    if not token:
        return None
    row = session.scalar(
        select(SignInSession).where(SignInSession.token_sha256 == _token_hash(token))
    )
    if row is None or _aware(row.expires_at) <= utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return _account(user)


def end_session(session: Session, token: str | None) -> None:
    """Forget a browser's token (signing out)."""
    if token:
        session.execute(
            delete(SignInSession).where(SignInSession.token_sha256 == _token_hash(token))
        )
        session.flush()


def _end_all_sessions(session: Session, user: User) -> None:
    """Sign ``user`` out everywhere (a new password, an account switched off or removed)."""
    session.execute(delete(SignInSession).where(SignInSession.user_id == user.id))
