"""Reports on a schedule (issue 12.3) through a real SMTP server and a Bot API server on
loopback: a monthly schedule over three months sends three reports, each built at its instant,
attached to an email to the plan's office (opened with python-docx, its counts those of the
report at that instant) and sent to the office's Telegram chat; a restart sends nothing twice;
an office without an email address is a warning in the delivery log. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from pathlib import Path

import docx
import openpyxl
import pytest
import time_machine
from sqlmodel import col, delete, select

from config.settings import ReportScheduleSettings, Settings
from nhacviec.app import App
from nhacviec.services.report_delivery import WARNING, ReportDelivery
from nhacviec.services.reports import plan_report
from nhacviec.store import outbox, report_outbox
from nhacviec.store.models import Plan, UnitContact
from notifiers.base import Notifier
from notifiers.console import ConsoleNotifier
from notifiers.telegram import TelegramNotifier
from scheduler.config import SchedulerConfig
from scheduler.policy import ReminderPolicy
from tests.conftest import migrated_store
from tests.integration.workflow.conftest import import_seed
from tests.smtp_server import SmtpServer
from tests.telegram_api import BotApiServer, serve_in_thread
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ

OFFICE_MAIL = "vanphong.sct@example.org"  # Văn phòng Sở, config/units/so-cong-thuong.yaml
OFFICE_CHAT = -1001000000001
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def at(month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=LOCAL_TZ)


class World:
    """The Sở plan (its office Văn phòng Sở), a monthly report on the 20th at 08:00."""

    def __init__(
        self,
        url: str,
        smtp: SmtpServer,
        telegram: BotApiServer,
        schedule: ReportScheduleSettings | None = None,
    ) -> None:
        monthly = schedule or ReportScheduleSettings(every="monthly", day=20, at=time(8, 0))
        self.app = App(Settings(database_url=url, reports=(monthly,)))
        import_seed(self.app)
        self.smtp, self.telegram = smtp, telegram
        self.loop = asyncio.new_event_loop()
        self.notifiers = self.channels()

    def channels(self) -> dict[str, Notifier]:
        bot = TelegramNotifier(self.telegram.token, base_url=self.telegram.base_url, limits=None)
        return {"email": self.smtp.notifier(), "telegram": bot}

    def delivery(
        self, owner: str = "t:1", notifiers: dict[str, Notifier] | None = None
    ) -> ReportDelivery:
        built = self.app.report_delivery(notifiers or self.notifiers, owner)
        assert built is not None
        return built

    def tick(self, delivery: ReportDelivery, instant: datetime) -> None:
        with time_machine.travel(instant, tick=False):
            self.loop.run_until_complete(delivery.tick(self.app.clock()))

    def reports_mailed(self) -> list[EmailMessage]:
        return [
            mail
            for mail in self.smtp.messages()
            if mail["To"].addresses[0].addr_spec == OFFICE_MAIL
            and any(True for _ in mail.iter_attachments())
        ]

    def log(self) -> list[tuple[str, str, str]]:
        with self.app.reading() as session:
            rows = outbox.deliveries(session, limit=1000)
        return [(row.channel, row.outcome, row.detail) for row in rows if row.reminders == 0]

    def close(self) -> None:
        for notifier in self.notifiers.values():
            self.loop.run_until_complete(notifier.aclose())
        self.loop.close()
        self.app.close()


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer(any_chat=True)) as server:
        yield server


@pytest.fixture
def world(database_url: str, smtp: SmtpServer, telegram: BotApiServer) -> Iterator[World]:
    built = World(database_url, smtp, telegram)
    yield built
    built.close()


def _attachment(mail: EmailMessage) -> tuple[str, str, bytes]:
    (part,) = list(mail.iter_attachments())
    content = part.get_payload(decode=True)
    assert isinstance(content, bytes)
    return part.get_filename() or "", part.get_content_type(), content


def _total_line(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs if p.text.startswith("Tổng số:")]
    assert len(lines) == 1, lines
    return lines[0]


def test_a_monthly_schedule_over_three_months_sends_three_reports(world: World) -> None:
    delivery = world.delivery()
    instants = [at(10, 1) + timedelta(days=day, hours=hour) for day in range(92) for hour in (0, 2)]
    for instant in instants:  # two passes a day, 01/10 to 31/12
        world.tick(delivery, instant)

    mails = world.reports_mailed()
    assert len(mails) == 3
    assert [str(mail["Subject"]) for mail in mails] == [
        f"Báo cáo kết quả thực hiện Kế hoạch số {_plan_number(world)} – tháng {m}/2025"
        for m in ("10", "11", "12")
    ]
    for mail, month in zip(mails, (10, 11, 12), strict=True):
        name, kind, content = _attachment(mail)
        assert name == f"Báo cáo KH1 tháng {month}-2025.docx"  # RFC 2231, decoded
        assert kind == DOCX
        with world.app.reading() as session:  # built at its instant: the same counts
            expected = plan_report(session, 1, at(month, 20)).total
        assert _total_line(content) == (
            f"Tổng số: {expected.tasks} nhiệm vụ ({expected.occurrences} lượt/kỳ thực hiện)."
        )
    # The months differ: the report is the standing at its own instant, not one file resent.
    assert len({_attachment(mail)[2] for mail in mails}) == 3

    documents = [d for d in world.telegram.sent_documents if d[0] == OFFICE_CHAT]
    assert [name for _, name, _ in documents] == [
        f"Báo cáo KH1 tháng {m}-2025.docx" for m in ("10", "11", "12")
    ]
    captions = [call.params.get("caption", "") for call in world.telegram.calls("sendDocument")]
    assert all("Báo cáo kết quả thực hiện" in caption for caption in captions)
    with world.app.reading() as session:
        rows = report_outbox.reports(session)
    sent = [row for row in rows if row.status == report_outbox.SENT]
    assert [row.period for row in sent] == ["2025-10", "2025-11", "2025-12"]
    assert [row.sent_at for row in sent] == [at(10, 20), at(11, 20), at(12, 20)]
    assert [row.period for row in rows if row.status == "pending"] == ["2026-01"]  # the next


def test_a_restart_on_the_same_instant_sends_nothing_twice(world: World) -> None:
    world.tick(world.delivery("first:1"), at(10, 20))
    assert len(world.reports_mailed()) == 1
    restarted = world.delivery("second:2", world.channels())  # a new process, its own channels
    world.tick(restarted, at(10, 20))
    world.tick(restarted, at(10, 20, 9))
    world.tick(world.delivery("first:1"), at(10, 20))
    assert len(world.reports_mailed()) == 1
    assert len(world.telegram.sent_documents) == 1
    accepted = [entry for entry in world.log() if entry[1] == "accepted"]
    assert sorted(channel for channel, _, _ in accepted) == ["email", "telegram"]


def test_a_mail_failure_is_retried_without_sending_the_chat_twice(world: World) -> None:
    delivery = world.delivery()
    world.smtp.answer(451, at="data", times=1)
    world.tick(delivery, at(10, 20))
    assert world.reports_mailed() == []
    assert len(world.telegram.sent_documents) == 1
    with world.app.reading() as session:
        (row,) = [r for r in report_outbox.reports(session) if r.period == "2025-10"]
    assert row.status == "pending"
    assert row.attempts == 1
    assert row.next_attempt_at > at(10, 20)
    world.tick(delivery, at(10, 20, 12))
    assert len(world.reports_mailed()) == 1
    assert len(world.telegram.sent_documents) == 1  # the chat had it: not sent again
    outcomes = [(channel, outcome) for channel, outcome, _ in world.log()]
    assert sorted(outcomes) == [
        ("email", "accepted"),
        ("email", "temporary"),
        ("telegram", "accepted"),
    ]


def test_an_office_without_email_is_a_warning_in_the_delivery_log(world: World) -> None:
    with world.app.transaction() as session:
        office = session.exec(select(Plan.office_unit_id).where(Plan.id == 1)).one()
        session.exec(
            delete(UnitContact).where(
                col(UnitContact.unit_id) == office, col(UnitContact.channel) == "email"
            )
        )
    delivery = world.delivery()
    world.tick(delivery, at(10, 20))
    world.tick(delivery, at(10, 20, 10))
    assert world.reports_mailed() == []
    warnings = [(channel, detail) for channel, outcome, detail in world.log() if outcome == WARNING]
    assert len(warnings) == 1  # once, not at every pass
    channel, detail = warnings[0]
    assert channel == "email"
    assert "Văn phòng Sở" in detail
    assert "chưa có địa chỉ thư điện tử" in detail
    assert len(world.telegram.sent_documents) == 1  # the chat still has it
    with world.app.reading() as session:
        (row,) = [r for r in report_outbox.reports(session) if r.period == "2025-10"]
    assert row.status == report_outbox.SENT


def test_the_scheduler_service_sends_the_report_on_its_pass(world: World) -> None:
    config = SchedulerConfig(
        policy=ReminderPolicy(), calendar=WorkingCalendar(), channels=("email",), owner="s"
    )
    service = world.app.scheduler_service({"email": world.notifiers["email"]}, config)
    with time_machine.travel(at(11, 20), tick=False):
        world.loop.run_until_complete(service.tick(world.app.clock()))
    (mail,) = world.reports_mailed()
    assert _attachment(mail)[0] == "Báo cáo KH1 tháng 11-2025.docx"
    assert world.telegram.sent_documents == []  # the service's channels: email only


def _plan_number(world: World) -> str:
    with world.app.reading() as session:
        return session.exec(select(Plan.number).where(Plan.id == 1)).one()


def test_two_instances_passing_at_once_send_each_report_once(world: World) -> None:
    one, two = world.delivery("one:1"), world.delivery("two:2", world.channels())

    async def both(now: datetime) -> None:  # interleaved: one sends while the other plans
        await asyncio.gather(one.tick(now), two.tick(now))

    for instant in (at(10, 20), at(10, 20, 8, 1), at(11, 20)):
        with time_machine.travel(instant, tick=False):
            world.loop.run_until_complete(both(world.app.clock()))
    assert [_attachment(mail)[0] for mail in world.reports_mailed()] == [
        "Báo cáo KH1 tháng 10-2025.docx",
        "Báo cáo KH1 tháng 11-2025.docx",
    ]
    assert len(world.telegram.sent_documents) == 2


def test_a_quarterly_xlsx_in_english(
    request: pytest.FixtureRequest, tmp_path: Path, smtp: SmtpServer, telegram: BotApiServer
) -> None:
    sqlite_url = migrated_store(request, "sqlite", tmp_path)
    quarterly = ReportScheduleSettings(
        every="quarterly", day=25, at=time(14, 30), format="xlsx", language="en"
    )
    world = World(sqlite_url, smtp, telegram, quarterly)
    try:
        delivery = world.delivery()
        for instant in (at(9, 25, 14, 29), at(9, 25, 14, 30), at(10, 25, 14, 30)):
            world.tick(delivery, instant)
        (mail,) = world.reports_mailed()
        assert str(mail["Subject"]).endswith("– quarter III of 2025")
        name, kind, content = _attachment(mail)
        assert name == "Report KH1 quarter III of 2025.xlsx"
        assert kind == XLSX
        sheets = openpyxl.load_workbook(io.BytesIO(content)).sheetnames
        assert len(sheets) >= 2
    finally:
        world.close()


def test_without_email_or_telegram_nothing_is_planned(world: World) -> None:
    console = world.delivery("c:1", {"console": ConsoleNotifier(io.StringIO())})
    world.tick(console, at(10, 20))
    with world.app.reading() as session:
        assert report_outbox.reports(session) == []
    world.tick(world.delivery(), at(10, 20))  # with the channels on: planned and sent
    with world.app.reading() as session:
        assert [row.status for row in report_outbox.reports(session)] == ["sent", "pending"]
