"""The outbox as the office follows it: its rows, and a dead letter sent again («Gửi lại»).

One path for the CLI (``nhacviec reminders resend``) and the web console (``/deliveries``).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from nhacviec.errors import InputError, NotFoundError
from nhacviec.store.models import Reminder
from nhacviec.store.outbox_log import get_reminder, requeue_dead
from nhacviec.store.report_log import get_report, requeue_dead_report
from nhacviec.store.report_outbox import ScheduledReport
from scheduler.store.base import DEAD

MAX_ID = 2**63 - 1  # beyond, no row: the database would refuse the number itself


def resend(session: Session, reminder_id: int, now: datetime) -> Reminder:
    """Put a dead letter back in the queue, due now: the next dispatch pass tries it again.
    A row that is not dead is refused (a pending one is already queued; a sent one went)."""
    reminder = get_reminder(session, reminder_id) if 0 < reminder_id <= MAX_ID else None
    if reminder is None:
        raise NotFoundError("deliveries.not_found", id=reminder_id)
    if reminder.status != DEAD:
        raise InputError("deliveries.not_dead", id=reminder_id)
    requeue_dead(session, reminder, now)
    return reminder


def resend_report(session: Session, report_id: int, now: datetime) -> ScheduledReport:
    """A dead scheduled report back in its outbox, due now (the next pass builds and sends it
    to the addresses that have not taken it); one that is not dead is refused."""
    report = get_report(session, report_id) if 0 < report_id <= MAX_ID else None
    if report is None:
        raise NotFoundError("deliveries.report_not_found", id=report_id)
    if report.status != DEAD:
        raise InputError("deliveries.report_not_dead", id=report_id)
    requeue_dead_report(session, report, now)
    return report
