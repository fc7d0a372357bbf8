"""Signing in to the web console: a password checked, a browser login made, guessing throttled.

A browser login is a random cookie kept in the store as its SHA-256 (as an API token is), with
its own CSRF token; it ends after ``idle`` without a request, when the person signs out, or when
the account is disabled. Failed passwords are counted by login and by address over ``window``:
from ``per_login`` (or ``per_address``) failures on, the next try waits until the oldest of them
leaves the window. Every instance sharing the store counts the same failures.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from nhacviec.errors import BadLogin, LoginThrottled, Unauthenticated
from nhacviec.services.accounts import TOUCH_EVERY, Account, AccountRole, check_password
from nhacviec.store import logins as stored
from nhacviec.store import users
from nhacviec.store.models import WebLogin


@dataclass(frozen=True)
class LoginRules:
    idle: timedelta = timedelta(hours=12)
    window: timedelta = timedelta(minutes=15)
    per_login: int = 5
    per_address: int = 20


@dataclass(frozen=True)
class SignedIn:
    """A browser that signed in: the account, the cookie (shown once), the CSRF token."""

    account: Account
    cookie: str
    csrf_token: str


@dataclass(frozen=True)
class Visitor:
    """The account behind a browser's cookie, its CSRF token and a message left for it."""

    account: Account
    csrf_token: str
    flash: str | None


def sign_in(
    session: Session, login: str, password: str, address: str, now: datetime, rules: LoginRules
) -> SignedIn:
    """A new browser login; ``LoginThrottled`` while guessing is throttled (checked before the
    password, so a throttled guess learns nothing), ``BadLogin`` for a wrong login or password."""
    login = login.strip()
    _check_throttle(session, login, address, now, rules)
    user = users.get_user(session, login)
    if user is None or user.disabled or not check_password(user, password):
        stored.add_failure(session, login[:100], address[:64], now)
        raise BadLogin()
    assert user.id is not None
    stored.forget_failures(session, login=login)
    stored.forget_failures(session, before=now - rules.window)
    stored.end_logins_seen_before(session, now - rules.idle)
    cookie, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    stored.add_login(
        session,
        WebLogin(
            token_hash=cookie_hash(cookie),
            user_id=user.id,
            csrf_token=csrf_token,
            created_at=now,
            last_seen_at=now,
        ),
    )
    account = Account(user.id, user.login, AccountRole(user.role), user.unit_id)
    return SignedIn(account, cookie, csrf_token)


def visitor(session: Session, cookie: str, now: datetime, rules: LoginRules) -> Visitor:
    """The signed-in account behind ``cookie``, its message taken; ``Unauthenticated`` for an
    unknown, ended or idle login or a disabled account."""
    found = stored.login_of(session, cookie_hash(cookie)) if cookie else None
    if found is None:
        raise Unauthenticated()
    login, user = found
    if user.disabled or now - login.last_seen_at > rules.idle:
        stored.end_login(session, login.token_hash)
        raise Unauthenticated()
    flash = login.flash
    if flash is not None or now - login.last_seen_at >= TOUCH_EVERY:
        login.flash, login.last_seen_at = None, now
        stored.save_login(session, login)
    assert user.id is not None
    account = Account(user.id, user.login, AccountRole(user.role), user.unit_id)
    return Visitor(account, login.csrf_token, flash)


def leave_message(session: Session, cookie: str, text: str) -> None:
    """A sentence the browser sees on its next page (after a redirect)."""
    found = stored.login_of(session, cookie_hash(cookie))
    if found is not None:
        found[0].flash = text[:2000]
        stored.save_login(session, found[0])


def sign_out(session: Session, cookie: str) -> None:
    stored.end_login(session, cookie_hash(cookie))


def cookie_hash(cookie: str) -> str:
    return hashlib.sha256(cookie.encode("utf-8")).hexdigest()


def _check_throttle(
    session: Session, login: str, address: str, now: datetime, rules: LoginRules
) -> None:
    since = now - rules.window
    by_login, by_address = stored.failures_since(session, since, login=login, address=address)
    waits = [
        min(times) + rules.window - now
        for times, limit in ((by_login, rules.per_login), (by_address, rules.per_address))
        if len(times) >= limit
    ]
    if waits:
        raise LoginThrottled(max(1, math.ceil(max(waits).total_seconds() / 60)))
