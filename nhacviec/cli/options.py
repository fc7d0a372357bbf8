"""Parsing option values people type: periods, issuer levels, channel lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from nhacviec.errors import InputError
from workflows.plan import IssuerLevel, Period

# The years nhacviec reasons about: plans, instants and dates outside are refused with a sentence
# (date arithmetic near year 9999 overflows; such values are typing mistakes).
FIRST_YEAR, LAST_YEAR = 2000, 2099
# Database ids (plans, occurrences) fit a 32-bit integer column on every backend.
MAX_ID = 2**31 - 1

_DAY = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4}))$")


def parse_period(value: str | None) -> Period | None:
    """``START..END`` with ISO or Vietnamese dates; a bare year means its first/last day."""
    if value is None:
        return None
    start_text, separator, end_text = value.partition("..")
    start = _day(start_text.strip(), first=True)
    end = _day(end_text.strip(), first=False)
    if not separator or start is None or end is None or end < start:
        raise InputError("import.bad_period", value=value)
    for day in (start, end):
        _check_year(day.year, "cli.date_out_of_range", value)
    return Period(start, end)


def _check_year(year: int, key: str, value: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(key, value=value, first=FIRST_YEAR, last=LAST_YEAR)


def _day(text: str, *, first: bool) -> date | None:
    match = _DAY.match(text)
    if match is None:
        return None
    iso_y, iso_m, iso_d, vn_d, vn_m, vn_y, year = match.groups()
    try:
        if iso_y:
            return date(int(iso_y), int(iso_m), int(iso_d))
        if vn_y:
            return date(int(vn_y), int(vn_m), int(vn_d))
        return date(int(year), 1, 1) if first else date(int(year), 12, 31)
    except ValueError:
        return None


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
    _check_year(instant.year, "cli.now_out_of_range", value)
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=LOCAL_TZ)


def parse_day(value: str) -> date:
    """A day written DD/MM/YYYY (or ISO YYYY-MM-DD)."""
    day = _day(value.strip(), first=True) if "/" in value or "-" in value or "." in value else None
    if day is None or value.strip().isdigit():
        raise InputError("cli.bad_date", value=value)
    _check_year(day.year, "cli.date_out_of_range", value)
    return day


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
