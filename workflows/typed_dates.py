"""Days as people type them (``31/12/2025`` or ``2025-12-31``): one reading for every face.

The CLI's options, the REST API's ``set_date`` and the console's forms read dates here, so a
date the CLI accepts is accepted everywhere, and refused with the same sentence.
"""

from __future__ import annotations

import re
from datetime import date

from nhacviec.errors import InputError

# The years nhacviec reasons about: plans, instants and dates outside are refused with a sentence
# (date arithmetic near year 9999 overflows; such values are typing mistakes).
FIRST_YEAR, LAST_YEAR = 2000, 2099

_DAY = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4}))$")


def check_year(year: int, key: str, value: str) -> None:
    """Refuse (``key``, with ``value``) a year outside ``FIRST_YEAR..LAST_YEAR``."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(key, value=value, first=FIRST_YEAR, last=LAST_YEAR)


def read_day(text: str, *, first: bool) -> date | None:
    """ISO, Vietnamese (day first) or a bare year (its first or last day); None otherwise."""
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


def parse_day(value: str) -> date:
    """A day written DD/MM/YYYY (or ISO YYYY-MM-DD); a bare year is not a day."""
    text = value.strip()
    day = read_day(text, first=True) if "/" in text or "-" in text or "." in text else None
    if day is None or text.isdigit():
        raise InputError("cli.bad_date", value=value)
    check_year(day.year, "cli.date_out_of_range", value)
    return day
