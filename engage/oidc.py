"""Signing in through an organisation's identity provider (OpenID Connect).

The app uses Streamlit's ``st.login`` for the OIDC exchange itself; this module only decides
which local account (if any) the person the provider vouched for may use. Accounts are matched
by email address: the local account's name must be that address (letter case does not matter
unless two accounts differ only by case, when only an exact match counts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from engage import users

#: What to tell the person when the provider's sign-in does not give access, by reason.
NO_EMAIL = "no_email"
UNVERIFIED = "unverified"
NO_ACCOUNT = "no_account"
INACTIVE = "inactive"

MESSAGES = {
    NO_EMAIL: (
        "Your organisation's sign-in did not tell us your email address, so we cannot find "
        "your account. Ask an administrator to check how sign-in is set up."
    ),
    UNVERIFIED: (
        "Your organisation has not confirmed your email address, so it cannot be used to sign "
        "in here. Ask an administrator for help."
    ),
    NO_ACCOUNT: "Your organisation account has no access yet: ask an administrator to add you.",
    INACTIVE: (
        "Your account here has been switched off: ask an administrator if you still need it."
    ),
}


@dataclass(frozen=True)
class Match:
    """The outcome of matching a provider's sign-in to a local account."""

    email: str
    account: users.Account | None
    problem: str | None = None

    @property
    def message(self) -> str | None:
        """Why this sign-in gives no access, in plain words (None when it does)."""
        return MESSAGES[self.problem] if self.problem else None


def _email(claims: Mapping[str, Any]) -> str:
    email = claims.get("email")
    return email.strip() if isinstance(email, str) else ""


def _verified(claims: Mapping[str, Any]) -> bool:
    """False only when the provider says outright the address is not verified (some providers,
    such as Microsoft Entra ID, do not send ``email_verified`` at all)."""
    flag = claims.get("email_verified", True)
    if isinstance(flag, str):  # some providers send "true"/"false"
        return flag.strip().lower() != "false"
    return flag is not False


def find_account(session: Session, email: str) -> users.Account | None:
    """The account named ``email``: an exact match, else the only one equal ignoring case."""
    email = (email or "").strip()
    if not email:
        return None
    try:
        return users.get_user(session, email)
    except users.UserError:
        pass
    folded = email.casefold()
    same = [a for a in users.list_users(session) if a.name.casefold() == folded]
    return same[0] if len(same) == 1 else None


def match_account(session: Session, claims: Mapping[str, Any]) -> Match:
    """Which local account a provider's sign-in (the ID token's claims, ``st.user``) may use.

    Access needs an email address the provider has not marked unverified, and an active
    account whose name is that address.
    """
    email = _email(claims)
    if not email:
        return Match(email, None, NO_EMAIL)
    if not _verified(claims):
        return Match(email, None, UNVERIFIED)
    account = find_account(session, email)
    if account is None:
        return Match(email, None, NO_ACCOUNT)
    if not account.active:
        return Match(email, None, INACTIVE)
    return Match(email, account)


#: The ``[auth]`` keys in ``.streamlit/secrets.toml`` the app's sign-in button needs.
REQUIRED_SETTINGS = (
    "redirect_uri",
    "cookie_secret",
    "client_id",
    "client_secret",
    "server_metadata_url",
)


def missing_settings(auth: Mapping[str, Any] | None) -> list[str]:
    """The required ``[auth]`` settings that are missing or empty (all of them for None)."""
    auth = auth or {}
    return [key for key in REQUIRED_SETTINGS if not str(auth.get(key) or "").strip()]
