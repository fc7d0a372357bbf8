"""Reports on a schedule (``reports:`` in the settings): planned into their outbox, built at the
instant they go out, emailed to the plan's office with the file attached and announced (the
file itself, ``sendDocument``) in the office's Telegram chat.

Planning (``plan``) stores one row per (plan, schedule, period) — ``scheduler.report_plan`` says
which — and a row already there is left alone, so passes, restarts and several instances plan
each report once. Dispatching (``dispatch``) leases the due rows, builds each report at that
instant (``nhacviec.services.reports.plan_report``), has the outlet (handed in by the
composition root: the words, the file and the channels live above this layer) make the email
and the caption and send them to every address of the office on the enabled channels that has
not taken it yet, writes every attempt in the delivery log, and settles the row: sent once no
address is left to try again; a temporary failure is retried with backoff, a dead letter after
``max_attempts``. An office without an email address is a warning in the delivery log
(outcome ``warning``), never a crash.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel import Session, col, select

from nhacviec.services.reports import PlanReport, plan_report
from nhacviec.store import report_outbox
from nhacviec.store.models import Delivery as DeliveryRow
from nhacviec.store.models import Plan
from nhacviec.store.report_outbox import DueReport
from nhacviec.store.units import contacts_of, names_of
from notifiers.attachment import Attachment
from notifiers.base import Address, Delivery, DeliveryStatus
from scheduler.report_plan import ReportSchedule, plan_reports
from scheduler.retry import gives_up, next_attempt
from workflows.calendar import WorkingCalendar

log = logging.getLogger("nhacviec.reports")
WARNING = "warning"  # the delivery log's outcome for a report no address could take


@dataclass(frozen=True)
class ComposedReport:
    """What the office receives: the email's subject and words, the chat's caption, the file."""

    subject: str
    text: str
    html: str
    caption_html: str
    attachment: Attachment


class Outlet(Protocol):
    """Words, files and channels: what lives above this layer (handed in by the composition
    root, ``nhacviec.reports.scheduled``)."""

    @property
    def channels(self) -> Sequence[str]:
        """The enabled channels a report can go out on ("email", "telegram")."""
        ...

    def compose(self, report: PlanReport, due: DueReport) -> ComposedReport: ...

    def no_address(self, office: str, channel: str, language: str) -> str:
        """The delivery log's warning: the office has no address on ``channel``."""
        ...

    async def send(
        self, address: Address, composed: ComposedReport, *, key: str, language: str, now: datetime
    ) -> Delivery:
        """Hand the report to ``address``'s channel; never raises for a delivery problem."""
        ...


@dataclass
class ReportStats:
    planned: int = 0
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    warned: int = 0


Transactions = Callable[[], AbstractContextManager[Session]]
_ADDRESSED = ("email", "telegram")  # the channels a report goes out on


class ReportDelivery:
    """Plans and sends the scheduled reports of one store."""

    def __init__(
        self,
        transactions: Transactions,
        schedules: Sequence[ReportSchedule],
        outlet: Outlet,
        *,
        owner: str,
        lease: timedelta = timedelta(minutes=10),
        max_attempts: int = 8,
        rng: random.Random | None = None,
        days: WorkingCalendar | None = None,
    ) -> None:
        self.transactions, self.schedules = transactions, tuple(schedules)
        self.outlet = outlet
        self.owner, self.lease, self.max_attempts = owner, lease, max_attempts
        self.rng = rng or random.Random()
        self.days = days  # working days, for the schedules that keep to them

    def plan(self, now: datetime) -> int:
        """Store the reports due now or next that the outbox lacks; how many were added.
        Nothing without email or Telegram on: no channel could carry the file."""
        if not self.schedules or not set(_ADDRESSED) & set(self.outlet.channels):
            return 0
        with self.transactions() as session:
            query = select(Plan.id).where(col(Plan.office_unit_id).is_not(None))
            plan_ids = [plan_id for plan_id in session.exec(query).all() if plan_id is not None]
            return report_outbox.add_planned(
                session, plan_reports(self.schedules, plan_ids, now, self.days), now
            )

    async def dispatch(self, now: datetime) -> ReportStats:
        """Send every report due at ``now``."""
        stats = ReportStats()
        with self.transactions() as session:
            claimed = report_outbox.claim_due(session, now, self.owner, self.lease)
        stats.claimed = len(claimed)
        for due in claimed:
            await self._deliver(due, now, stats)
        return stats

    async def tick(self, now: datetime) -> ReportStats:
        """Plan, then dispatch, at ``now`` (one pass)."""
        planned = self.plan(now)
        stats = await self.dispatch(now)
        stats.planned = planned
        return stats

    # -- one report ------------------------------------------------------------------------

    async def _deliver(self, due: DueReport, now: datetime, stats: ReportStats) -> None:
        try:
            with self.transactions() as session:
                report = plan_report(session, due.plan_id, now)
                office = report.plan.office_unit_id
                contacts = contacts_of(session, [office])[office] if office is not None else []
                office_name = names_of(session, [office]).get(office, "") if office else ""
            composed = self.outlet.compose(report, due)
        except (
            Exception
        ) as exc:  # not built: retried with backoff, then a dead row; the pass goes on
            log.exception("scheduled report not built", extra={"key": due.key})
            failure = Delivery.temporary(f"{type(exc).__name__}: {exc}")
            self._settle(due, now, [], list(due.done), [failure], stats)
            return
        records: list[DeliveryRow] = []
        done = list(due.done)
        temporary: list[Delivery] = []
        for channel in _ADDRESSED:
            if channel not in self.outlet.channels:
                continue
            addresses = [
                Address(channel, c.address, office_name)
                for c in contacts
                if c.channel == channel and not c.for_head
            ]
            if not addresses:
                if due.attempts == 0:  # once, not at every retry
                    detail = self.outlet.no_address(office_name, channel, due.language)
                    log.warning(
                        "report without address", extra={"key": due.key, "channel": channel}
                    )
                    records.append(_record(now, channel, "", office, due.key, WARNING, detail))
                    stats.warned += 1
                continue
            for address in addresses:
                if f"{channel}:{address.value}" in done:
                    continue
                delivery = await self._send(address, composed, due, now)
                records.append(
                    _record(
                        now,
                        channel,
                        address.value,
                        office,
                        due.key,
                        delivery.status,
                        delivery.detail,
                    )
                )
                if delivery.ok:
                    done.append(f"{channel}:{address.value}")
                elif delivery.status is DeliveryStatus.TEMPORARY:
                    temporary.append(delivery)
        self._settle(due, now, records, done, temporary, stats)

    async def _send(
        self, address: Address, composed: ComposedReport, due: DueReport, now: datetime
    ) -> Delivery:
        key = f"{due.key}:{address.channel}:{address.value}"
        try:
            return await self.outlet.send(
                address, composed, key=key, language=due.language, now=now
            )
        except Exception as exc:  # a channel bug must not stop the pass: retried, logged
            log.exception("report delivery failed", extra={"channel": address.channel})
            return Delivery.temporary(f"{type(exc).__name__}: {exc}")

    def _settle(
        self,
        due: DueReport,
        now: datetime,
        records: list[DeliveryRow],
        done: list[str],
        temporary: list[Delivery],
        stats: ReportStats,
    ) -> None:
        attempts = due.attempts + 1
        with self.transactions() as session:
            session.add_all(records)
            if not temporary:
                stats.sent += report_outbox.settle(
                    session, due.id, self.owner, status=report_outbox.SENT, done=done,
                    attempts=attempts, now=now,
                )  # fmt: skip
            elif gives_up(attempts, self.max_attempts):
                stats.dead += report_outbox.settle(
                    session, due.id, self.owner, status=report_outbox.DEAD, done=done,
                    attempts=attempts, now=now, error=temporary[0].detail,
                )  # fmt: skip
            else:
                retry_at = next_attempt(
                    attempts, now, rng=self.rng, retry_after=temporary[0].retry_after
                )
                stats.retried += report_outbox.settle(
                    session, due.id, self.owner, status=report_outbox.PENDING, done=done,
                    attempts=attempts, now=now, retry_at=retry_at, error=temporary[0].detail,
                )  # fmt: skip


def _record(
    now: datetime,
    channel: str,
    address: str,
    unit: int | None,
    key: str,
    outcome: str,
    detail: str,
) -> DeliveryRow:
    return DeliveryRow(
        at=now,
        channel=channel,
        address=address,
        recipient_unit_id=unit,
        message_key=key[:100],
        reminders=0,
        outcome=str(outcome),
        detail=detail[:2000],
    )
