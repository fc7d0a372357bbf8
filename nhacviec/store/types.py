"""Column types that keep the store honest about time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone reached the store: it would be stored ambiguously."""


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC and read back aware in UTC.

    SQLite has no time zone type and silently drops offsets, so values are converted to UTC
    and stored without one; PostgreSQL stores ``timestamptz``. Naive values are refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise NaiveDatetimeError(f"refusing to store a naive datetime: {value!r}")
        as_utc = value.astimezone(UTC)
        return as_utc.replace(tzinfo=None) if dialect.name == "sqlite" else as_utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def required_instant() -> Any:
    """A required instant column: the code that creates the row passes ``now`` (the clock is
    read once, by the caller, never by a default)."""
    return Field(sa_type=UTCDateTime, nullable=False)
