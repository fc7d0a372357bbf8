"""The scheduled reports' outbox as the office follows it (the deliveries page): its rows with
their plan, and a dead report put back in the queue («Gửi lại»)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from nhacviec.store.models import Plan
from nhacviec.store.report_outbox import DEAD, PENDING, ScheduledReport


@dataclass(frozen=True)
class ReportLine:
    """A scheduled report as the deliveries page lists it."""

    report: ScheduledReport
    plan_number: str  # the plan's number, or its title when it has none


def report_lines(session: Session, limit: int) -> tuple[list[ReportLine], int]:
    """The newest ``limit`` scheduled reports (due latest first) with their plan, and how many
    there are in all."""
    total = int(session.exec(select(func.count()).select_from(ScheduledReport)).one())
    query = (
        select(ScheduledReport, Plan.number, Plan.title)
        .join(Plan, col(Plan.id) == col(ScheduledReport.plan_id))
        .order_by(col(ScheduledReport.due_at).desc(), col(ScheduledReport.id).desc())
        .limit(limit)
    )
    lines = [ReportLine(row, number or title) for row, number, title in session.exec(query)]
    return lines, total


def get_report(session: Session, report_id: int) -> ScheduledReport | None:
    return session.get(ScheduledReport, report_id)


def requeue_dead_report(session: Session, report: ScheduledReport, now: datetime) -> None:
    """A dead report back in its outbox, due now, its attempts counted afresh; the addresses
    that took it already (``done``) are not sent it again; its last error kept until the next
    attempt."""
    assert report.status == DEAD
    report.status = PENDING
    report.attempts = 0
    report.next_attempt_at = now
    report.lease_owner = None
    report.lease_until = None
    session.add(report)
    session.flush()
