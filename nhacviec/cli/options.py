"""Parsing option values people type: periods, issuer levels, channel lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from nhacviec.errors import InputError
from workflows.plan import IssuerLevel, Period
from workflows.typed_dates import check_year, read_day
from workflows.typed_dates import parse_day as parse_day  # the commands' import of it

# Database ids (plans, occurrences) fit a 32-bit integer column on every backend.
MAX_ID = 2**31 - 1


def parse_period(value: str | None) -> Period | None:
    """``START..END`` with ISO or Vietnamese dates; a bare year means its first/last day."""
    if value is None:
        return None
    start_text, separator, end_text = value.partition("..")
    start = read_day(start_text.strip(), first=True)
    end = read_day(end_text.strip(), first=False)
    if not separator or start is None or end is None or end < start:
        raise InputError("import.bad_period", value=value)
    for day in (start, end):
        check_year(day.year, "cli.date_out_of_range", value)
    return Period(start, end)


def parse_issuer_level(value: str | None) -> IssuerLevel | None:
    if value is None:
        return None
    try:
        return IssuerLevel(value.strip().lower())
    except ValueError:
        choices = ", ".join(level.value for level in IssuerLevel)
        raise InputError("import.bad_issuer_level", value=value, choices=choices) from None


LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def parse_instant(value: str) -> datetime:
    """An ISO instant ("2025-09-29T08:00+07:00"); without an offset it is Hà Nội time."""
    try:
        instant = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError("cli.bad_now", value=value) from None
    check_year(instant.year, "cli.now_out_of_range", value)
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=LOCAL_TZ)


def within(option: str, low: int, high: int) -> Callable[[int | None], int | None]:
    """A typer callback refusing a number outside ``low..high`` with a sentence (exit 2)."""

    def check(value: int | None) -> int | None:
        if value is not None and not low <= value <= high:
            raise InputError(
                "cli.number_out_of_range", option=option, value=value, low=low, high=high
            )
        return value

    return check


def channel_list(
    given: Sequence[str] | None, *, allowed: Sequence[str], default: tuple[str, ...]
) -> tuple[str, ...]:
    """``--channel email --channel telegram`` or ``--channels email,telegram``: the names in
    order, each once; ``default`` when none is given."""
    names = tuple(
        dict.fromkeys(
            part.strip().lower() for text in given or () for part in text.split(",") if part.strip()
        )
    )
    for name in names:
        if name not in allowed:
            raise InputError("channels.bad_channel", channel=name, channels=", ".join(allowed))
    return names or default
