"""The store's tables. Instants are aware datetimes in UTC; calendar days are plain dates.

Every table is created by an Alembic migration (``nhacviec/store/migrations``), never by
``create_all`` outside tests; a test checks that the migrations and these models agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from nhacviec.store.types import UTCDateTime, required_instant


class Unit(SQLModel, table=True):
    """A department, office or agency that receives tasks (from a units directory, or an
    unknown name met in a plan, kept so the office can map it later)."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=200)  # "<organisation>/<unit>"
    organisation: str = Field(default="", max_length=200, index=True)
    name: str = Field(max_length=500)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    is_office: bool = False
    external: bool = False  # outside the organisation (a partner such as "Sở Tư pháp")
    in_directory: bool = True  # False: a name met in a plan that no directory knows
    created_at: datetime = required_instant()


class UnitContact(SQLModel, table=True):
    """Where a unit (or its head) is reached: an email address or a Telegram chat."""

    __table_args__ = (UniqueConstraint("unit_id", "channel", "address", name="uq_contact"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    channel: str = Field(max_length=20)  # "email" | "telegram"
    address: str = Field(max_length=320)
    for_head: bool = False
    label: str = Field(default="", max_length=200)  # the head's name, for instance


class UnitGroup(SQLModel, table=True):
    """A collective phrase of plans ("Các phòng, đơn vị thuộc Sở") and the units it means."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=200)
    organisation: str = Field(default="", max_length=200, index=True)
    name: str = Field(max_length=500)
    phrases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class UnitGroupMember(SQLModel, table=True):
    group_id: int = Field(foreign_key="unitgroup.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)


class Plan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str
    issuer: str = Field(max_length=500)
    issuer_level: str = Field(max_length=20)
    number: str = Field(default="", max_length=200)
    signed_on: date | None = None
    period_start: date
    period_end: date
    period_source: str = Field(max_length=20)
    organisation: str = Field(default="", max_length=200)  # the units directory used
    office_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    source_name: str = Field(max_length=500)
    source_format: str = Field(max_length=10)
    source_sha256: str = Field(max_length=64, index=True)  # of the newest version's file
    version: int = 1  # 1 + the number of amendments applied
    imported_at: datetime = required_instant()


class Task(SQLModel, table=True):
    """One activity row of the plan's appendix, with its deadline as written and as read."""

    __table_args__ = (
        UniqueConstraint("plan_id", "ref", name="uq_task_ref"),
        Index("ix_task_plan_position", "plan_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    ref: str = Field(max_length=50)
    position: int  # document order within the plan
    section: str = Field(default="", max_length=50)
    section_title: str = ""
    number: str = Field(default="", max_length=50)
    objective: str = ""
    task_text: str = ""
    activity: str = ""
    product: str = ""
    lead_text: str = ""
    partners_text: str = ""
    time_text: str = ""
    budget: str = ""
    notes: str = ""
    schedule_kind: str = Field(max_length=20)
    recurrence: str | None = Field(default=None, max_length=20)
    event_text: str | None = None
    event_offset_days: int | None = None
    event_working_days: bool | None = None
    needs_review: bool = False
    review_reasons: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    schedule_notes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source_table: int | None = None
    source_row: int | None = None
    source_page: int | None = None


class TaskUnit(SQLModel, table=True):
    """A unit named in a task's lead or partner cell, as written and as resolved."""

    __table_args__ = (Index("ix_taskunit_unit", "unit_id"), Index("ix_taskunit_group", "group_id"))

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    role: str = Field(max_length=10)  # "lead" | "partner"
    position: int
    name: str  # as written in the plan
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    group_id: int | None = Field(default=None, foreign_key="unitgroup.id")


class Occurrence(SQLModel, table=True):
    """One period of a task's work with its own due date and its own state.

    Every task has at least one: a task the plan leaves undated (or that waits on an event)
    has one without a due date until the office sets it or records the event. ``version``
    is bumped by every change: a write names the version it read (optimistic locking).
    """

    __table_args__ = (
        UniqueConstraint("task_id", "seq", name="uq_occurrence_seq"),
        Index("ix_occurrence_due", "due_date"),
        Index("ix_occurrence_task", "task_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    seq: int  # 1-based order within the task
    label: str = ""
    start_date: date | None = None
    due_date: date | None = None  # the last on-time day; None until a date is known
    due_words: str = ""
    due_source: str = Field(default="plan", max_length=20)  # plan | office | event | amendment
    check_in: bool = False  # a check-in of continuous work: never overdue by itself
    in_period: bool = True
    qualifier: str | None = None
    state: str = Field(default="assigned", max_length=20)
    version: int = 1
    reported_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    reported_on_behalf: bool = False
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = required_instant()
    updated_at: datetime = required_instant()
    # issue 14: an approved extension moved the due date («đúng hạn (đã gia hạn)»); while
    # suspended, when and from which state (resumption goes back to it)
    extended: bool = False
    suspended_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    suspended_from: str | None = Field(default=None, max_length=20)


class HistoryEntry(SQLModel, table=True):
    """The audit trail: one append-only row per change to an occurrence (never updated)."""

    __table_args__ = (
        Index("ix_history_task", "task_id", "id"),
        Index("ix_history_occurrence", "occurrence_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    task_id: int = Field(foreign_key="task.id")
    occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id")
    action: str = Field(max_length=30)  # start, report, verify, …, set_date, amend, event
    from_state: str | None = Field(default=None, max_length=20)
    to_state: str | None = Field(default=None, max_length=20)
    at: datetime = required_instant()
    actor_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    actor_name: str = Field(default="", max_length=200)  # the person, when known
    channel: str = Field(max_length=20)  # cli | telegram | email | system
    actor_ref: str = Field(default="", max_length=200)  # e.g. the Telegram user id
    on_behalf: bool = False  # the office recorded the lead's report received on paper
    note: str = ""
    evidence: str = ""  # "Số 123/BC-SCT", a link or a file name
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class PlanEvent(SQLModel, table=True):
    """The ordered, gap-free log of what happened to plans, for consumers such as the scheduler.

    ``seq`` comes from ``EventCounter`` in the same transaction as the change it describes:
    appenders queue on the counter row, so events commit in ``seq`` order and a consumer
    that reads ``seq > position`` never misses one or sees one twice.
    """

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    kind: str = Field(max_length=40)
    at: datetime = required_instant()
    plan_id: int | None = Field(default=None, foreign_key="plan.id", index=True)
    task_id: int | None = Field(default=None, foreign_key="task.id")
    occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id")
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class EventCounter(SQLModel, table=True):
    """One row: the last ``PlanEvent.seq`` handed out."""

    id: int = Field(default=1, primary_key=True)
    last_seq: int = 0


class ExternalEvent(SQLModel, table=True):
    """Something outside the plan that starts event-relative deadlines, as the office recorded."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    name: str  # the plan's words for it: "Bộ, ngành trung ương công bố"
    occurred_on: date
    recorded_at: datetime = required_instant()
    recorded_by_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    note: str = ""


class PlanSource(SQLModel, table=True):
    """Every file a plan was imported from: its first version and each amendment."""

    __table_args__ = (UniqueConstraint("plan_id", "version", name="uq_plan_source_version"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    version: int
    source_name: str = Field(max_length=500)
    source_format: str = Field(max_length=10)
    source_sha256: str = Field(max_length=64, index=True)
    imported_at: datetime = required_instant()


class Reminder(SQLModel, table=True):
    """The outbox: one reminder to one address on one channel, sent at most once.

    ``key`` (unique) names what it is — occurrence, kind, stage, recipient, role, channel and
    address — so planning twice stores it once. ``next_attempt_at`` starts at ``due_at`` and
    moves on with each failed attempt; a dispatcher claims a row by setting a lease, and
    marks it sent only after the channel accepted it. Expired leases are claimed again.
    """

    __table_args__ = (
        Index("ix_reminder_due", "status", "next_attempt_at"),
        Index("ix_reminder_occurrence", "occurrence_id", "status"),
        Index("ix_reminder_plan_status", "plan_id", "status"),
        # A claim takes whole addresses: the due rows of the addresses it chose, found by
        # address (in a catch-up every row is due, and the due index would read them all).
        Index("ix_reminder_address_due", "channel", "address", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=400)
    plan_id: int = Field(foreign_key="plan.id")
    occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id")
    kind: str = Field(max_length=30)
    stage: int = 0
    recipient_unit_id: int = Field(foreign_key="unit.id")
    role: str = Field(max_length=20)
    channel: str = Field(max_length=20)
    address: str = Field(max_length=320)
    due_date: date | None = None  # the occurrence's due date the reminder was planned for
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    status: str = Field(default="pending", max_length=20)  # pending|sent|cancelled|superseded|dead
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    lease_owner: str | None = Field(default=None, max_length=100)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    last_error: str = ""
    failure_told_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = required_instant()


class Consumer(SQLModel, table=True):
    """How far a consumer of the plan event log has read (the scheduler's planning pass)."""

    name: str = Field(primary_key=True, max_length=50)
    position: int = 0
    updated_at: datetime = required_instant()


class Delivery(SQLModel, table=True):
    """Every attempt to deliver a message, whatever its outcome (the delivery log)."""

    __table_args__ = (Index("ix_delivery_at", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = required_instant()
    channel: str = Field(max_length=20)
    address: str = Field(max_length=320)
    recipient_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    message_key: str = Field(max_length=100)
    reminders: int = 0  # how many outbox rows the message carried
    outcome: str = Field(max_length=20)  # accepted | temporary | permanent
    detail: str = ""


# The chats' and the accounts' tables live beside these; imported here so that whoever loads the
# models registers every table.
from nhacviec.store.accounts import ApiToken as ApiToken  # noqa: E402
from nhacviec.store.accounts import LoginFailure as LoginFailure  # noqa: E402
from nhacviec.store.accounts import User as User  # noqa: E402
from nhacviec.store.accounts import WebLogin as WebLogin  # noqa: E402
from nhacviec.store.calendar_links import CalendarLink as CalendarLink  # noqa: E402
from nhacviec.store.chat_choices import ChatChoice as ChatChoice  # noqa: E402
from nhacviec.store.chats import BotPrompt as BotPrompt  # noqa: E402
from nhacviec.store.chats import ChatInvite as ChatInvite  # noqa: E402
from nhacviec.store.chats import ChatLink as ChatLink  # noqa: E402
from nhacviec.store.chats import KeptDocument as KeptDocument  # noqa: E402
from nhacviec.store.directories import DirectoryText as DirectoryText  # noqa: E402
from nhacviec.store.evidence_tables import EvidenceFile as EvidenceFile  # noqa: E402
from nhacviec.store.evidence_tables import EvidenceLink as EvidenceLink  # noqa: E402
from nhacviec.store.evidence_tables import PartnerRequest as PartnerRequest  # noqa: E402
from nhacviec.store.instances import ServiceInstance as ServiceInstance  # noqa: E402


class ExtensionRequest(SQLModel, table=True):
    """A lead unit's request for a later due date (đề nghị gia hạn) and the office's answer.

    The occurrence's ``due_date`` is the date in force; its history entries keep the original
    date and every change (``services.extensions.deadline_history_of``)."""

    __table_args__ = (Index("ix_extension_occurrence", "occurrence_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id")
    task_id: int = Field(foreign_key="task.id")
    status: str = Field(default="pending", max_length=20)  # pending | approved | refused
    due_before: date | None = None  # the due date when asked
    requested_due: date
    reason: str = ""
    late: bool = False  # asked once the occurrence was overdue
    requested_at: datetime = required_instant()
    requested_by_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    requested_by: str = Field(default="", max_length=200)  # the person, when known
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    decided_by_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    granted_due: date | None = None
    decision_reason: str = ""


from nhacviec.store.report_outbox import ScheduledReport as ScheduledReport  # noqa: E402
