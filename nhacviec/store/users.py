"""Accounts and API tokens in the store: the queries of the web face's people.

Hashing happens above (``nhacviec.services.accounts``): this module stores and finds hashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from nhacviec.store.models import ApiToken, Unit, User


@dataclass(frozen=True)
class UserLine:
    """One account as ``user list`` shows it: its unit's name and its live tokens' count."""

    user: User
    unit_name: str | None
    tokens: int


def get_user(session: Session, login: str) -> User | None:
    return session.exec(select(User).where(User.login == login)).first()


def add_user(session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> list[UserLine]:
    """Every account, by login, with its unit's name and how many unrevoked tokens it has."""
    users = session.exec(select(User).order_by(col(User.login))).all()
    unit_ids = {user.unit_id for user in users if user.unit_id is not None}
    names = dict(session.exec(select(Unit.id, Unit.name).where(col(Unit.id).in_(unit_ids))).all())
    live = session.exec(select(ApiToken.user_id).where(col(ApiToken.revoked_at).is_(None))).all()
    return [
        UserLine(user, names.get(user.unit_id), sum(1 for owner in live if owner == user.id))
        for user in users
    ]


def save_user(session: Session, user: User, now: datetime) -> None:
    user.updated_at = now
    session.add(user)
    session.flush()


def add_token(
    session: Session, user_id: int, token_hash: str, prefix: str, now: datetime
) -> ApiToken:
    token = ApiToken(token_hash=token_hash, prefix=prefix, user_id=user_id, created_at=now)
    session.add(token)
    session.flush()
    return token


def user_of_token(session: Session, token_hash: str) -> tuple[ApiToken, User] | None:
    """The unrevoked token with this hash and its account (disabled or not: the caller tells)."""
    row = session.exec(
        select(ApiToken, User)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .where(ApiToken.token_hash == token_hash, col(ApiToken.revoked_at).is_(None))
    ).first()
    return None if row is None else (row[0], row[1])


def revoke_tokens(session: Session, user_id: int, now: datetime) -> int:
    """Revoke every live token of the account; how many there were."""
    live = session.exec(
        select(ApiToken).where(ApiToken.user_id == user_id, col(ApiToken.revoked_at).is_(None))
    ).all()
    for token in live:
        token.revoked_at = now
        session.add(token)
    session.flush()
    return len(live)


def touch_token(session: Session, token: ApiToken, now: datetime) -> None:
    token.last_used_at = now
    session.add(token)


def tokens_of(session: Session, user_id: int) -> Sequence[ApiToken]:
    return session.exec(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(col(ApiToken.id))
    ).all()
