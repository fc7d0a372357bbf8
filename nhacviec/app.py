"""The composition root: settings in, ready-to-use parts out. Nothing else wires things."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TextIO

from config.settings import Settings, SmtpSettings, TelegramSettings, ZaloSettings, default_home
from nhacviec.errors import ConfigError
from nhacviec.i18n import Language
from nhacviec.store.listing import PlanLine, read_plan_lines, sqlite_file

if TYPE_CHECKING:  # each part imports what it needs when it is first built: a command that
    # lists plans loads no SQLAlchemy, one that reads tasks no channel, none the bot.
    import random

    from sqlalchemy import Engine
    from sqlmodel import Session

    from nhacviec.services.evidence import EvidenceStore
    from nhacviec.services.operations import (
        Instance,
        InstanceRecord,
        Schema,
        StatusReport,
        ZaloChannel,
    )
    from nhacviec.services.report_delivery import ReportDelivery
    from notifiers.base import Notifier
    from notifiers.email import EmailNotifier
    from notifiers.pacer import Clock as PaceClock
    from notifiers.pacer import Limits
    from notifiers.telegram import Keyboard, TelegramNotifier
    from notifiers.zalo import Numbered, ZaloNotifier
    from scheduler.config import SchedulerConfig
    from scheduler.policy import ReminderPolicy
    from scheduler.service import SchedulerService
    from scheduler.store.base import SchedulerStore
    from workflows.calendar import WorkingCalendar
    from workflows.importing import Directories
    from workflows.readers.limits import ReadLimits
    from workflows.units.directory import UnitDirectory


class App:
    """Lazily builds the engine and directories, so commands that need neither stay fast."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime] | None = None,
        reminder_buttons: Keyboard | None = None,
        reminder_numbers: Numbered | None = None,
    ) -> None:
        self.settings = settings
        # The one clock of the application: the parts that tell time get it from here.
        self.clock: Callable[[], datetime] = clock or system_time
        # The bot's buttons under a Telegram reminder: handed in by the faces, which own the
        # bot, so that the root never imports a face.
        self.reminder_buttons = reminder_buttons
        # The bot's numbered replies under a Zalo reminder (Zalo has no buttons): the same.
        self.reminder_numbers = reminder_numbers

    @property
    def language(self) -> Language:
        return Language(self.settings.language)

    @cached_property
    def engine(self) -> Engine:
        from nhacviec.store.database import ensure_schema

        ensure_schema(self.unmigrated_engine)
        return self.unmigrated_engine

    @cached_property
    def unmigrated_engine(self) -> Engine:
        """The engine as it is, schema not touched: for reporting on a database (``status``,
        ``/readyz``) without migrating it."""
        from nhacviec.store.database import make_engine

        return make_engine(self.settings.database_url)

    def close(self) -> None:
        if "unmigrated_engine" in self.__dict__:
            self.unmigrated_engine.dispose()

    def schema(self) -> Schema:
        """The stored revision beside the code's; ``StoreError`` if the database is out of
        reach."""
        from nhacviec.services.operations import Schema
        from nhacviec.store.database import head_revision, stored_revision

        return Schema(stored_revision(self.unmigrated_engine), head_revision())

    def status(self, now: datetime) -> StatusReport:
        """The operator's report at ``now`` (only the schema's state while it is not current:
        the tables read may not exist yet)."""
        from sqlmodel import Session

        from nhacviec.services.operations import StatusReport, status_report

        schema = self.schema()
        if not schema.current:
            return StatusReport(schema=schema, at=now)
        with Session(self.unmigrated_engine) as session:
            return status_report(session, schema, now, self._stale, self.zalo_channel())

    def zalo_channel(self) -> ZaloChannel:
        """The Zalo channel as the settings have it: a token set, and how its bot runs."""
        from nhacviec.services.operations import ZaloChannel

        zalo = self.settings.zalo
        configured = zalo.token is not None and bool(zalo.token.get_secret_value().strip())
        return ZaloChannel(configured, zalo.mode if configured and zalo.bot else "off")

    def services(self, now: datetime) -> list[Instance]:
        """The running services alone (``/readyz``): the schema must be current."""
        from sqlmodel import Session

        from nhacviec.services.operations import service_instances

        with Session(self.unmigrated_engine) as session:
            return service_instances(session, now, self._stale)

    @property
    def _stale(self) -> timedelta:
        """A service silent for three passes (at least 90 s) is counted gone."""
        return timedelta(seconds=max(3 * self.settings.scheduler.every_s, 90))

    def instance_record(self, owner: str, bot: str, zalo: str = "off") -> InstanceRecord:
        """The running service's own row (``nhacviec status``), on the application's clock."""
        from nhacviec.services.operations import InstanceRecord

        return InstanceRecord(self.transaction, owner, self.clock, bot, zalo)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        from sqlalchemy.exc import SQLAlchemyError
        from sqlmodel import Session

        from nhacviec.store.database import write_error, writing

        with Session(writing(self.engine), expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except SQLAlchemyError as exc:
                session.rollback()
                raise write_error(self.engine, exc) from exc
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def scheduler_transaction(self) -> Iterator[SchedulerStore]:
        """One unit of work on the scheduler's store port (``transaction``, seen through it)."""
        with self.transaction() as session:
            yield self.scheduler_store(session)

    def scheduler_store(self, session: Session) -> SchedulerStore:
        """The scheduler's store port on ``session`` (the caller's transaction)."""
        from nhacviec.store.scheduling import SqlSchedulerStore

        return SqlSchedulerStore(session, awaited=_awaited_names)

    def scheduler_service(
        self,
        notifiers: Mapping[str, Notifier],
        config: SchedulerConfig,
        *,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> SchedulerService:
        """The scheduler on this store with these channels; it reads the application's clock
        (or ``clock``)."""
        from scheduler.service import SchedulerService

        reports = self.report_delivery(notifiers, config.owner, rng=rng)
        return SchedulerService(
            self.scheduler_transaction,
            notifiers,
            config,
            clock=clock or self.clock,
            rng=rng,
            side_passes=[reports] if reports is not None else [],
        )

    def report_delivery(
        self, notifiers: Mapping[str, Notifier], owner: str, *, rng: random.Random | None = None
    ) -> ReportDelivery | None:
        """The reports on a schedule (``reports:``), sent on these channels; None without any."""
        if not self.settings.reports:
            return None
        from nhacviec.reports.scheduled import ReportOutlet
        from nhacviec.services.report_delivery import ReportDelivery
        from scheduler.report_plan import Cadence, ReportSchedule

        schedules = [
            ReportSchedule(
                cadence=Cadence(entry.every),
                day=entry.day,
                at=entry.at,
                format=entry.format,
                language=entry.language or self.settings.language,
                plans=entry.plans,
                name=entry.name,
                working_day=entry.working_day,
            )
            for entry in self.settings.reports
        ]
        knobs = self.settings.scheduler
        return ReportDelivery(
            self.transaction,
            schedules,
            ReportOutlet(notifiers),
            owner=owner,
            lease=timedelta(seconds=max(knobs.lease_s, 600)),
            max_attempts=knobs.max_attempts,
            rng=rng,
            days=self.calendar,
        )

    def plan_lines(self) -> list[PlanLine]:
        """Every plan with its counts; on an SQLite file at the newest schema, through plain
        SQL (``plan list`` then starts without SQLAlchemy)."""
        path = sqlite_file(self.settings.database_url)
        lines = read_plan_lines(path) if path is not None else None
        if lines is not None:
            return lines
        from nhacviec.store.listing import line_of
        from nhacviec.store.plans import list_plans

        with self.reading() as session:
            return [line_of(summary) for summary in list_plans(session)]

    @property
    def extension_cap(self) -> int:
        """Extension requests an occurrence may have open or approved (issue 14)."""
        return self.settings.workflow.extension_cap

    @cached_property
    def calendar(self) -> WorkingCalendar:
        from workflows.calendar import WorkingCalendar

        days = self.settings.calendar
        return WorkingCalendar(
            extra_days_off=frozenset(days.extra_days_off),
            swapped_working_days=frozenset(days.swapped_working_days),
        )

    @cached_property
    def policy(self) -> ReminderPolicy:
        from scheduler.policy import policy_from_mapping

        try:
            return policy_from_mapping(self.settings.reminders)
        except ValueError as exc:
            raise ConfigError("cli.bad_reminders", detail=str(exc)) from exc

    def scheduler_config(self, owner: str) -> SchedulerConfig:
        from scheduler.config import SchedulerConfig

        knobs = self.settings.scheduler
        return SchedulerConfig(
            policy=self.policy,
            calendar=self.calendar,
            channels=self.settings.notify.channels,
            language=self.settings.language,
            owner=owner,
            lease=timedelta(seconds=knobs.lease_s),
            batch=knobs.batch,
            max_attempts=knobs.max_attempts,
            senders=knobs.senders,
        )

    def notifiers(self, console: TextIO | None = None) -> dict[str, Notifier]:
        """The enabled channels' notifiers (email and Telegram read their secrets here)."""
        built: dict[str, Notifier] = {}
        for channel in self.settings.notify.channels:
            built[channel] = self.notifier(channel, console)
        return built

    def notifier(
        self,
        channel: str,
        console: TextIO | None = None,
        *,
        wall_clock: Callable[[], datetime] | None = None,
        pace_clock: PaceClock | None = None,
    ) -> Notifier:
        """One channel's notifier; ``ConfigError`` if the channel is unknown or not configured.
        The clocks default to the real ones (the demo passes simulated ones: the email's Date
        header, Telegram's pacing)."""
        if channel == "console":
            from notifiers.console import ConsoleNotifier

            return ConsoleNotifier(console or sys.stdout, language=self.settings.language)
        if channel == "file":
            from notifiers.file import FileNotifier

            path = self.settings.notify.file_path or default_home() / "reminders.txt"
            return FileNotifier(path, language=self.settings.language)
        if channel == "email":
            if not self.settings.smtp.host or not self.settings.smtp.from_address:
                raise ConfigError("cli.email_not_configured")
            return email_notifier(
                self.settings.smtp, language=self.settings.language, clock=wall_clock or system_time
            )
        if channel == "telegram":
            return telegram_notifier(
                self.settings.telegram,
                language=self.settings.language,
                clock=pace_clock,
                keyboard=self.reminder_buttons,
            )
        if channel == "zalo":
            return zalo_notifier(
                self.settings.zalo,
                language=self.settings.language,
                clock=pace_clock,
                numbered=self.reminder_numbers,
            )
        raise ConfigError("cli.unknown_channel", channel=channel)

    @cached_property
    def directory_files(self) -> Directories:
        """The units directories of the settings' files, read once."""
        from workflows.importing import Directories
        from workflows.units.directory import load_directory

        return Directories(tuple(load_directory(p) for p in self.settings.units_directories))

    @cached_property
    def evidence(self) -> EvidenceStore:
        """Evidence files: the folder they are kept in and the limits they must keep."""
        from nhacviec.services.evidence import EvidenceStore
        from workflows.evidence import FileLimits

        chosen = self.settings.evidence
        beside = sqlite_file(self.settings.database_url)
        folder = chosen.folder or (beside.parent if beside else default_home()) / "evidence"
        limits = FileLimits(chosen.max_file_mb * 1024 * 1024, frozenset(chosen.allowed_types))
        return EvidenceStore(folder, limits)

    @property
    def read_limits(self) -> ReadLimits:
        """The most a plan file may hold (the settings' ``reading`` section)."""
        from workflows.readers.limits import ReadLimits

        return ReadLimits(**self.settings.reading.model_dump())

    @property
    def directories(self) -> Directories:
        """The directories plans are read with: the settings' files, each replaced by the
        store's copy once imported or edited in the console (read at each use: another
        process may have changed it); the files alone while there is no SQLite file yet."""
        path = sqlite_file(self.settings.database_url)
        if path is not None and not path.is_file():
            return self.directory_files
        from nhacviec.services.directory import current_directories

        with self.reading() as session:
            return current_directories(session, self.directory_files)

    def directory_file(self, path: Path) -> UnitDirectory:
        from workflows.units.directory import load_directory

        return load_directory(path)


def _awaited_names(session: Session, plan_id: int) -> list[str]:
    """The external events the plan's tasks wait on (a use case's reading, for the store)."""
    from nhacviec.services.events import awaited_events

    return [event.name for event in awaited_events(session, plan_id)]


def system_time() -> datetime:
    """The real wall clock (aware, UTC): what the composition root hands parts that tell time."""
    return datetime.now(UTC)


def email_notifier(
    smtp: SmtpSettings, *, clock: Callable[[], datetime], language: str | None = None
) -> EmailNotifier:
    """The email notifier the settings describe (the channel itself never reads settings);
    ``clock`` dates its mail."""
    from notifiers.email import EmailNotifier

    return EmailNotifier(
        smtp.host,
        smtp.port,
        from_address=smtp.from_address,
        from_name=smtp.from_name,
        security=smtp.security,
        user=smtp.user,
        password=smtp.password,
        ca_file=smtp.ca_file,
        timeout_s=smtp.timeout_s,
        connections=smtp.connections,
        language=language,
        clock=clock,
    )


def telegram_notifier(
    telegram: TelegramSettings,
    *,
    language: str | None = None,
    limits: Limits | Literal["default"] | None = "default",
    clock: PaceClock | None = None,
    keyboard: Keyboard | None = None,
) -> TelegramNotifier:
    """The Telegram notifier the settings describe; ``ConfigError`` without a token (the channel
    itself never reads settings). ``limits``: the pacer's, ``"default"`` for the channel's own."""
    from notifiers.telegram import DEFAULT_LIMITS, TOKEN_SHAPE, TelegramNotifier

    token = telegram.token.get_secret_value().strip() if telegram.token else ""
    if not token:
        raise ConfigError("telegram.token_missing")
    if not TOKEN_SHAPE.fullmatch(token):  # never shown: it may be most of a real token
        raise ConfigError("telegram.token_malformed")
    return TelegramNotifier(
        token,
        base_url=telegram.base_url,
        timeout_s=telegram.timeout_s,
        language=language,
        limits=DEFAULT_LIMITS if limits == "default" else limits,
        clock=clock,
        keyboard=keyboard,
    )


def zalo_token(zalo: ZaloSettings) -> str:
    """The Zalo bot token from the settings; ``ConfigError`` when missing or malformed (never
    shown: it may be most of a real token)."""
    from notifiers.zalo import TOKEN_SHAPE

    token = zalo.token.get_secret_value().strip() if zalo.token else ""
    if not token:
        raise ConfigError("zalo.token_missing")
    if not TOKEN_SHAPE.fullmatch(token):
        raise ConfigError("zalo.token_malformed")
    return token


def zalo_notifier(
    zalo: ZaloSettings,
    *,
    language: str | None = None,
    limits: Limits | Literal["default"] | None = "default",
    clock: PaceClock | None = None,
    numbered: Numbered | None = None,
) -> ZaloNotifier:
    """The Zalo notifier the settings describe (pacing from ``zalo.overall_per_s`` and
    ``zalo.chat_interval_s``); ``ConfigError`` without a token."""
    from notifiers.pacer import Limits
    from notifiers.zalo import ZaloNotifier

    if limits == "default":
        limits = Limits(
            overall_per_s=zalo.overall_per_s,
            chat_interval_s=zalo.chat_interval_s or None,
            group_count=None,
        )
    return ZaloNotifier(
        zalo_token(zalo),
        base_url=zalo.base_url,
        timeout_s=zalo.timeout_s,
        language=language,
        limits=limits,
        clock=clock,
        numbered=numbered,
    )
