"""The tables of the people who use the web face: accounts, their personal API tokens, the
console's signed-in browsers and the failed logins that throttle guessing.

Beside ``models`` (which re-exports them, so the metadata and the migrations see every table);
created by migrations 0005 and 0008. A password is kept only as its Argon2 hash, a token only as its
SHA-256 (the token itself is shown once, when made).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from nhacviec.store.types import UTCDateTime


class User(SQLModel, table=True):
    """A person who signs in: a role (admin, office, leader, unit) and, for a unit (or an
    office), the unit they speak for."""

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(unique=True, max_length=100)
    role: str = Field(max_length=20)  # "admin" | "office" | "leader" | "unit"
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    password_hash: str = Field(max_length=200)
    disabled: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class ApiToken(SQLModel, table=True):
    """A personal API token: its SHA-256 (hex), its first characters for listing, whose it is."""

    __table_args__ = (Index("ix_apitoken_user", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    prefix: str = Field(max_length=20)
    user_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebLogin(SQLModel, table=True):
    """A signed-in browser: the SHA-256 of its session cookie, whose it is, its CSRF token, when
    it ends (idle or absolute), and a message to show on the next page (after a redirect)."""

    __table_args__ = (Index("ix_weblogin_user", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id")
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    last_seen_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    flash: str | None = Field(default=None, max_length=2000)


class LoginFailure(SQLModel, table=True):
    """A wrong password (or unknown login) from an address: counted to throttle guessing,
    by login and by address, across every instance sharing the store."""

    __table_args__ = (
        Index("ix_loginfailure_login_at", "login", "at"),
        Index("ix_loginfailure_address_at", "address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=100)
    address: str = Field(max_length=64)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
