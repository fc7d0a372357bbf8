"""The deliveries page's desk: the outbox a page at a time, and a dead letter sent again
through ``services.deliveries`` (the CLI's ``nhacviec reminders resend``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from nhacviec.services import deliveries
from nhacviec.services.accounts import Account
from nhacviec.store.outbox_log import OutboxLine, channels_in_outbox, outbox_page
from nhacviec.store.report_log import ReportLine, report_lines
from nhacviec.web import access
from nhacviec.web.service import Workspace

PAGE_SIZE = 50
REPORTS_SHOWN = 50  # the newest scheduled reports (a plan's are a dozen a year)
STATUSES = ("pending", "sent", "dead", "cancelled", "superseded")


@dataclass(frozen=True)
class OutboxPage:
    lines: list[OutboxLine]
    total: int
    page: int
    pages: int
    channels: list[str]
    reports: list[ReportLine]  # the scheduled reports' own outbox, newest first
    reports_total: int


class DeliveryDesk:
    def __init__(self, workspace: Workspace, clock: Callable[[], datetime]) -> None:
        self.workspace, self.clock = workspace, clock

    def outbox(
        self, account: Account, status: str | None, channel: str | None, page: int
    ) -> OutboxPage:
        access.require_writer(account)
        with self.workspace.reading() as session:
            total = outbox_page(session, status=status, channel=channel, limit=0)[1]
            pages = max(1, -(-total // PAGE_SIZE))
            page = min(max(page, 1), pages)
            lines, _ = outbox_page(
                session,
                status=status,
                channel=channel,
                offset=(page - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
            )
            channels = channels_in_outbox(session)
            reports, reports_total = report_lines(session, REPORTS_SHOWN)
        return OutboxPage(lines, total, page, pages, channels, reports, reports_total)

    def resend(self, account: Account, reminder_id: int) -> None:
        access.require_writer(account)
        with self.workspace.transaction() as session:
            deliveries.resend(session, reminder_id, self.clock())

    def resend_report(self, account: Account, report_id: int) -> None:
        access.require_writer(account)
        with self.workspace.transaction() as session:
            deliveries.resend_report(session, report_id, self.clock())
