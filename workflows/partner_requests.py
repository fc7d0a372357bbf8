"""Partner requests: the lead asks a partner unit for its part by a date; the partner answers.
Pure: the caller passes the task's units, the requests and ``now``.

Whether the actor may ask or answer at all is the transition table's (``Action.ASK`` for the
lead, ``Action.ANSWER`` for a partner); this module checks what the table cannot see: the
unit asked is one of the task's partners, the date is not past, and an answer has a request.
A refusal's sentence is catalogue key ``requests.refused.<code>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from workflows.standing import LOCAL_TZ


class RequestRefusal(StrEnum):
    NOT_A_PARTNER = "not_a_partner"  # the unit asked is not a partner of the task
    DATE_PAST = "date_past"  # the date asked for is before today
    NOTHING_ASKED = "nothing_asked"  # an answer with no open request to this unit


@dataclass(frozen=True)
class Asked:
    """What ``check_ask`` needs to know about one request (the store's rows fit)."""

    partner_unit_id: int
    due_date: date
    answered_at: datetime | None


def local_today(now: datetime) -> date:
    return now.astimezone(LOCAL_TZ).date()


def check_ask(
    partner: int, partners: frozenset[int], lead: frozenset[int], due: date, now: datetime
) -> RequestRefusal | None:
    """Why the lead may not ask ``partner`` for its part by ``due`` (None: it may)."""
    if partner not in partners or partner in lead:
        return RequestRefusal.NOT_A_PARTNER
    if due < local_today(now):
        return RequestRefusal.DATE_PAST
    return None


def open_to(requests: Sequence[Asked], unit: int) -> list[Asked]:
    return [r for r in requests if r.partner_unit_id == unit and r.answered_at is None]


def check_answer(requests: Sequence[Asked], unit: int) -> RequestRefusal | None:
    """Why ``unit`` may not answer (None: a request to it is open)."""
    return None if open_to(requests, unit) else RequestRefusal.NOTHING_ASKED


def is_late(request: Asked, now: datetime) -> bool:
    """An open request whose date has passed (the lead still waits)."""
    return request.answered_at is None and request.due_date < local_today(now)
