"""The console's signed-in browsers and failed logins in the store.

Hashing and the rules (how long a login lasts, when guessing is throttled) live above, in
``nhacviec.services.logins``: this module stores and finds rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from nhacviec.store.models import LoginFailure, User, WebLogin


def add_login(session: Session, login: WebLogin) -> WebLogin:
    session.add(login)
    session.flush()
    return login


def login_of(session: Session, token_hash: str) -> tuple[WebLogin, User] | None:
    """The browser login with this cookie hash and its account (disabled or not)."""
    row = session.exec(
        select(WebLogin, User)
        .join(User, col(User.id) == col(WebLogin.user_id))
        .where(WebLogin.token_hash == token_hash)
    ).first()
    return None if row is None else (row[0], row[1])


def save_login(session: Session, login: WebLogin) -> None:
    session.add(login)
    session.flush()


def end_login(session: Session, token_hash: str) -> None:
    session.execute(delete(WebLogin).where(col(WebLogin.token_hash) == token_hash))


def end_logins_of(session: Session, user_id: int) -> int:
    """Sign every browser of the account out (disabled, password changed); how many."""
    result = session.execute(delete(WebLogin).where(col(WebLogin.user_id) == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def end_logins_seen_before(session: Session, cutoff: datetime) -> None:
    session.execute(delete(WebLogin).where(col(WebLogin.last_seen_at) < cutoff))


def add_failure(session: Session, login: str, address: str, at: datetime) -> None:
    session.add(LoginFailure(login=login, address=address, at=at))
    session.flush()


def failures_since(
    session: Session, since: datetime, *, login: str, address: str
) -> tuple[list[datetime], list[datetime]]:
    """The times of the failures since ``since``: of this login, and from this address."""
    by_login = session.exec(
        select(LoginFailure.at).where(LoginFailure.login == login, col(LoginFailure.at) >= since)
    ).all()
    by_address = session.exec(
        select(LoginFailure.at).where(
            LoginFailure.address == address, col(LoginFailure.at) >= since
        )
    ).all()
    return list(by_login), list(by_address)


def forget_failures(
    session: Session, *, login: str | None = None, before: datetime | None = None
) -> None:
    """Drop a login's failures (it signed in) or every failure older than ``before``."""
    statement = delete(LoginFailure)
    if login is not None:
        statement = statement.where(col(LoginFailure.login) == login)
    if before is not None:
        statement = statement.where(col(LoginFailure.at) < before)
    session.execute(statement)


def count_logins(session: Session, user_id: int) -> int:
    return int(
        session.exec(
            select(func.count()).select_from(WebLogin).where(WebLogin.user_id == user_id)
        ).one()
    )
