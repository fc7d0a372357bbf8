"""Accounts, roles and personal API tokens: the use cases behind ``nhacviec user`` and the web.

A password is kept as its Argon2 hash; a token is shown once, when made, and kept as its
SHA-256 (a token is long and random: a fast hash is enough, and a lookup is one indexed read).
Each function is part of one transaction the caller owns.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session

from nhacviec.errors import InputError, Unauthenticated, UserExists, UserNotFound
from nhacviec.services.units import find_unit
from nhacviec.store import users as stored
from nhacviec.store.models import User
from nhacviec.store.users import UserLine

TOKEN_PREFIX = "nv_"
PREFIX_SHOWN = 10  # "nv_" and seven characters: enough to tell tokens apart in a listing
MIN_PASSWORD = 8
MAX_LOGIN = 100
TOUCH_EVERY = timedelta(minutes=1)  # how fresh a token's "last used" is kept

_hasher = PasswordHasher()


class AccountRole(StrEnum):
    ADMIN = "admin"  # accounts, units, everything the office may do
    OFFICE = "office"  # the plans: import, and the office's moves
    LEADER = "leader"  # reads everything, changes nothing
    UNIT = "unit"  # its own tasks: reads them and acts on them


@dataclass(frozen=True)
class Account:
    """Who a request comes from, as the faces check it."""

    id: int
    login: str
    role: AccountRole
    unit_id: int | None


@dataclass(frozen=True)
class NewAccount:
    login: str
    role: AccountRole
    password: str
    unit: str | None = None  # the unit's name (required for the unit role)


def add_user(session: Session, new: NewAccount, now: datetime) -> User:
    """Create the account; ``UserExists``, or ``InputError`` for a bad login, password or unit."""
    login = new.login.strip()
    if not login or len(login) > MAX_LOGIN or any(char.isspace() for char in login):
        raise InputError("users.bad_login", login=new.login, limit=MAX_LOGIN)
    if len(new.password) < MIN_PASSWORD:
        raise InputError("users.password_short", minimum=MIN_PASSWORD)
    if stored.get_user(session, login) is not None:
        raise UserExists(login)
    if new.role is AccountRole.UNIT and not new.unit:
        raise InputError("users.unit_required")
    unit_id = _unit_id(session, new.unit) if new.unit else None
    user = User(
        login=login,
        role=new.role.value,
        unit_id=unit_id,
        password_hash=_hasher.hash(new.password),
        created_at=now,
        updated_at=now,
    )
    return stored.add_user(session, user)


def _unit_id(session: Session, name: str) -> int:
    unit = find_unit(session, name)
    assert unit.id is not None
    return unit.id


def check_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(session: Session, login: str, now: datetime) -> str:
    """A new personal token for the account: returned once, stored as its hash."""
    user = _user(session, login)
    assert user.id is not None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    stored.add_token(session, user.id, token_hash(token), token[:PREFIX_SHOWN], now)
    return token


def revoke_tokens(session: Session, login: str, now: datetime) -> int:
    """Refuse every token the account has (a lost device, a leaked script); the account stays
    usable and may get a new token. How many were revoked."""
    user = _user(session, login)
    assert user.id is not None
    return stored.revoke_tokens(session, user.id, now)


def disable_user(session: Session, login: str, now: datetime) -> User:
    """The account can no longer act: its tokens are refused from now on."""
    user = _user(session, login)
    user.disabled = True
    stored.save_user(session, user, now)
    return user


def list_users(session: Session) -> list[UserLine]:
    return stored.list_users(session)


def authenticate(session: Session, token: str, now: datetime) -> Account:
    """The account a bearer token belongs to, its use recorded; ``Unauthenticated`` otherwise."""
    if not token.startswith(TOKEN_PREFIX):
        raise Unauthenticated()
    found = stored.user_of_token(session, token_hash(token))
    if found is None or found[1].disabled:
        raise Unauthenticated()
    api_token, user = found
    if api_token.last_used_at is None or now - api_token.last_used_at >= TOUCH_EVERY:
        stored.touch_token(session, api_token, now)  # not every request: a write each time
    assert user.id is not None
    return Account(user.id, user.login, AccountRole(user.role), user.unit_id)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(session: Session, login: str) -> User:
    user = stored.get_user(session, login)
    if user is None:
        raise UserNotFound(login)
    return user
