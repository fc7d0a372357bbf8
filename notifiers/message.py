"""The notifier port's message model: what one recipient hears about at one time (the kinds of
reminder, the recipient's role, digest items grouped in sections). The scheduler builds messages;
the channels render and deliver them. Pure values: imports nothing from this project."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ReminderKind(StrEnum):
    WINDOW_START = "window_start"  # work in a window begins ("Quý III" opens on 01/07)
    BEFORE_DUE = "before_due"  # N working days before the due date (stage = N)
    DUE = "due"  # on the due date (or the last working day before it)
    OVERDUE = "overdue"  # every few working days after the due date (stage = 1, 2, …)
    ESCALATION = "escalation"  # long overdue: the plan's office and the unit's head hear of it
    VERIFY_PENDING = "verify_pending"  # reported, not verified after N working days: the office
    OFFICE_WEEKLY = "office_weekly"  # Monday: undated tasks, awaited events, failed deliveries
    RETURNED = "returned"  # action item: the office sent a report back (at once)
    NEW_PLAN = "new_plan"  # action item: a plan assigns tasks to the unit (at once)
    EXTENSION_ASKED = "extension_asked"  # action item: the office decides on a request (issue 14)
    LEAD_ASSIGNED = "lead_assigned"  # action item: the office made the unit the task's lead
    LEAD_REMOVED = "lead_removed"  # notice: the office moved the task to another lead
    PARTNER_REQUEST = "partner_request"  # action item: the lead asks a partner for its part


class RecipientRole(StrEnum):
    LEAD = "lead"
    PARTNER = "partner"
    OFFICE = "office"
    HEAD = "head"  # the head of the lead unit (escalations)


@dataclass(frozen=True)
class DigestItem:
    """One line of a message: a task occurrence and why the recipient hears of it."""

    kind: ReminderKind
    plan_id: int
    task_ref: str
    task_text: str  # short title
    lead: str  # the lead unit's name(s), as the plan prints them
    due: date | None
    due_words: str  # the deadline in the plan's words ("trước ngày 31/07/2025")
    time_text: str  # the "Thời gian" cell as printed
    label: str = ""  # the occurrence's label ("Quý III/2025")
    days: int = 0  # working days before due, or overdue by
    state: str = ""
    occurrence_id: int | None = None
    version: int = 1  # for buttons acting on what the recipient saw (bot)
    note: str = ""  # returned: the office's reason; failed: why the delivery failed
    count: int = 0  # new_plan: how many tasks the plan gives the recipient
    recipient: str = ""  # failed: the unit (or head) the undelivered reminder was for
    role: str = ""  # the recipient's part in this item (a RecipientRole value; "" = the message's)


class DigestSection(StrEnum):
    """How a digest groups its items, in this order."""

    OVERDUE = "overdue"  # quá hạn
    DUE_TODAY = "due_today"  # đến hạn hôm nay
    UPCOMING = "upcoming"  # sắp đến hạn
    STARTING = "starting"  # bắt đầu thực hiện: a window opens (the due date is further off)
    TO_VERIFY = "to_verify"  # cần xác nhận
    ACTION = "action"  # việc cần làm ngay (returned, new plan)
    OFFICE_LIST = "office_list"  # chưa có thời hạn, sự kiện đang chờ
    FAILED = "failed"  # nhắc việc không gửi được


@dataclass(frozen=True)
class Message:
    """Everything one recipient hears about at one time, rendered by a notifier's templates."""

    recipient_unit: int
    recipient_name: str
    role: RecipientRole
    day: date  # the local day it is for
    sections: dict[DigestSection, tuple[DigestItem, ...]] = field(default_factory=dict)
    awaited_events: tuple[str, ...] = ()  # office weekly: events not recorded yet
    language: str = "vi"
    reply_to: str = ""  # the plan's office email: where a unit answers an email reminder
    office_name: str = ""  # the plan's office (cơ quan thường trực), for the message's voice
    probe: bool = False  # a test message (nhacviec check-channels): says the channel works

    @property
    def is_empty(self) -> bool:
        return not self.probe and not any(self.sections.values()) and not self.awaited_events
