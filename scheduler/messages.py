"""From outbox rows to the message one address receives: a digest of everything the unit
should hear about now, with the task lines it needs (ref, title, lead, due date, the plan's
words), action items (a report sent back, a new plan), and for the office its weekly list and
the reminders that could not be delivered."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from notifiers.base import Address
from notifiers.message import DigestItem, Message, RecipientRole, ReminderKind
from scheduler.config import SchedulerConfig
from scheduler.digest import build_message
from scheduler.store.base import OutboxEntry, PlanHeadline, SchedulerStore, TaskLine
from workflows.standing import LOCAL_TZ

_TIMED = {ReminderKind.OVERDUE, ReminderKind.ESCALATION}
# The role a message is written for when the unit hears in several at once.
_ROLE_ORDER = (RecipientRole.OFFICE, RecipientRole.LEAD, RecipientRole.HEAD, RecipientRole.PARTNER)


def _main_role(roles: set[RecipientRole]) -> RecipientRole:
    return next(role for role in _ROLE_ORDER if role in roles)


@dataclass(frozen=True)
class Envelope:
    """One message to one address, and the outbox rows it carries."""

    address: Address
    message: Message
    rows: tuple[OutboxEntry, ...]
    failures_told: tuple[int, ...] = ()  # dead letters this message tells the office about

    @property
    def key(self) -> str:
        """Stable for the same rows: a re-sent message can be recognised (email Message-ID)."""
        joined = "|".join(sorted(row.key for row in self.rows))
        return hashlib.sha256(joined.encode()).hexdigest()[:40]


class MessageBuilder:
    """Builds one pass's messages. Each fact (a task line, a unit's name, a plan's office, the
    plan's lists) is read once per pass: ``prefetch`` reads what every message of the pass
    needs in a few queries, and whatever is still missing is read on first use and kept."""

    def __init__(self, store: SchedulerStore, config: SchedulerConfig, now: datetime) -> None:
        self.store, self.config, self.now = store, config, now
        self.day = now.astimezone(LOCAL_TZ).date()
        self._details: dict[int, TaskLine | None] = {}
        self._lead_names: dict[int, tuple[str, ...]] = {}
        self._unit_names: dict[int, str] = {}
        self._reasons: dict[int, str] = {}
        self._offices: dict[int, tuple[str, str]] = {}
        self._new_plans: dict[int, tuple[PlanHeadline | None, dict[int, list[date | None]]]] = {}
        self._weekly: dict[int, list[DigestItem]] = {}
        self._awaited: dict[int, tuple[str, ...]] = {}

    def prefetch(self, groups: Iterable[Sequence[OutboxEntry]]) -> None:
        """Read at once what the messages of these rows will need."""
        rows = [row for group in groups for row in group]
        self._read_details(row.occurrence_id for row in rows if row.occurrence_id is not None)
        self._read_reasons(
            row.occurrence_id
            for row in rows
            if row.occurrence_id is not None and row.kind == ReminderKind.RETURNED.value
        )
        self._read_offices({row.plan_id for row in rows})
        self._read_unit_names(row.recipient_unit_id for row in rows)

    def envelope(self, rows: list[OutboxEntry]) -> Envelope:
        """One message to one address: every row's item, whichever unit it is for. An address
        serving several units (a shared mailbox, one group chat) names each item's unit."""
        first = rows[0]
        units = list(dict.fromkeys(row.recipient_unit_id for row in rows))
        names = {unit: self._unit_name(unit) for unit in units}
        name = "; ".join(names.values())
        items: list[DigestItem] = []
        for unit in units:
            own = [row for row in rows if row.recipient_unit_id == unit]
            found = self.task_items([r for r in own if r.occurrence_id is not None])
            found += self.new_plan_items([r for r in own if r.kind == ReminderKind.NEW_PLAN.value])
            if len(units) > 1:
                found = [replace(item, recipient=names.get(unit, "")) for item in found]
            items += found
        awaited: tuple[str, ...] = ()
        failed: list[DigestItem] = []
        told: list[int] = []
        if any(RecipientRole(row.role) is RecipientRole.OFFICE for row in rows):
            plans = {row.plan_id for row in rows}
            failures = self.store.untold_failures(plans)
            failed = self.failed_items(failures)
            told = [failure.id for failure in failures]
            if any(row.kind == ReminderKind.OFFICE_WEEKLY.value for row in rows):
                items += self.weekly_items(plans)
                awaited = self.awaited(plans)
        message = build_message(
            first.recipient_unit_id,
            name,
            _main_role({RecipientRole(row.role) for row in rows}),
            self.day,
            items,
            awaited_events=awaited,
            failed=failed,
            language=self.config.language,
        )
        office_name, reply_to = self._office_of(rows[0].plan_id)
        message = replace(message, office_name=office_name, reply_to=reply_to)
        return Envelope(
            Address(first.channel, first.address, name), message, tuple(rows), tuple(told)
        )

    def _office_of(self, plan_id: int) -> tuple[str, str]:
        """The plan's office: its name for the message's voice, its email for replies."""
        self._read_offices([plan_id])
        return self._offices[plan_id]

    def _read_offices(self, plan_ids: Iterable[int]) -> None:
        missing = {plan_id for plan_id in plan_ids if plan_id not in self._offices}
        if not missing:
            return
        offices = self.store.offices_of(missing)
        self._read_unit_names(offices.values())
        contacts = self.store.contacts_of(set(offices.values()))
        for plan_id in missing:
            office = offices.get(plan_id)
            if office is None:
                self._offices[plan_id] = ("", "")
                continue
            email = next(
                (c.address for c in contacts[office] if c.channel == "email" and not c.for_head),
                "",
            )
            self._offices[plan_id] = (self._unit_names[office], email)

    # -- facts read once per pass -------------------------------------------------------------

    def _read_details(self, occurrence_ids: Iterable[int]) -> None:
        missing = {i for i in occurrence_ids if i not in self._details}
        if not missing:
            return
        found = self.store.task_lines(missing)
        self._details |= {i: found.get(i) for i in missing}
        self._read_lead_names(line.task_id for line in found.values())

    def _read_lead_names(self, task_ids: Iterable[int]) -> None:
        missing = {i for i in task_ids if i not in self._lead_names}
        if missing:
            found = self.store.lead_names(missing)
            self._lead_names |= {i: found.get(i, ()) for i in missing}

    def _read_reasons(self, occurrence_ids: Iterable[int]) -> None:
        missing = [i for i in dict.fromkeys(occurrence_ids) if i not in self._reasons]
        if missing:
            found = self.store.latest_notes(missing, action="return")
            self._reasons |= {i: found.get(i, "") for i in missing}

    def _asked(self, occurrence_id: int, action: str = "extend") -> str:
        """The reason of the occurrence's latest extension request (or reassignment)."""
        return self.store.latest_notes([occurrence_id], action=action).get(occurrence_id, "")

    def _read_unit_names(self, unit_ids: Iterable[int]) -> None:
        missing = {i for i in unit_ids if i not in self._unit_names}
        if missing:
            found = self.store.unit_names(missing)
            self._unit_names |= {i: found.get(i, "") for i in missing}

    def _unit_name(self, unit_id: int) -> str:
        self._read_unit_names([unit_id])
        return self._unit_names[unit_id]

    def _details_of(self, occurrence_ids: Sequence[int]) -> dict[int, TaskLine]:
        self._read_details(occurrence_ids)
        return {i: found for i in occurrence_ids if (found := self._details[i]) is not None}

    # -- task lines ---------------------------------------------------------------------------

    def task_items(self, rows: Sequence[OutboxEntry]) -> list[DigestItem]:
        ids = [row.occurrence_id for row in rows if row.occurrence_id is not None]
        details = self._details_of(ids)
        returned = [i for r, i in zip(rows, ids, strict=True) if r.kind == ReminderKind.RETURNED]
        self._read_reasons(returned)
        asked = [
            i for r, i in zip(rows, ids, strict=True) if r.kind == ReminderKind.PARTNER_REQUEST
        ]
        requests = self.store.latest_notes(asked, action="ask") if asked else {}
        items = []
        for row in rows:
            if row.occurrence_id in details:
                line = details[row.occurrence_id]
                kind = ReminderKind(row.kind)
                if kind is ReminderKind.PARTNER_REQUEST:  # the partner's own date and request
                    line = replace(line, due=row.due_date, due_words="")
                    items.append(
                        self._item(
                            kind, line, note=requests.get(line.occurrence_id, ""), role=row.role
                        )
                    )
                    continue
                note = self._reasons[row.occurrence_id] if kind is ReminderKind.RETURNED else ""
                if kind is ReminderKind.EXTENSION_ASKED:  # issue 14: the lead's reason
                    note = self._asked(row.occurrence_id)
                if kind in {ReminderKind.LEAD_ASSIGNED, ReminderKind.LEAD_REMOVED}:
                    note = self._asked(row.occurrence_id, "reassign")  # the office's reason
                items.append(self._item(kind, line, note=note, role=row.role))
        return items

    def _item(self, kind: ReminderKind, line: TaskLine, **extra: str | int) -> DigestItem:
        lead = self._leads(line)
        return DigestItem(
            kind=kind,
            plan_id=line.plan_id,
            task_ref=line.ref,
            task_text=line.text,
            lead=lead,
            due=line.due,
            due_words=line.due_words,
            time_text=line.time_text,
            label=line.label,
            days=self._days(kind, line.due),
            state=line.state,
            occurrence_id=line.occurrence_id,
            version=line.version,
            **extra,  # type: ignore[arg-type]
        )

    def _leads(self, line: TaskLine) -> str:
        self._read_lead_names([line.task_id])
        return "; ".join(self._lead_names[line.task_id]) or line.lead_text.replace("\n", "; ")

    def _days(self, kind: ReminderKind, due: date | None) -> int:
        """Working days late (overdue kinds), or left before the due date (the others)."""
        if due is None:
            return 0
        calendar = self.config.calendar
        if kind in _TIMED:
            return calendar.working_days_between(due, self.day)
        return calendar.working_days_between(self.day, due)

    # -- action items and the office's lists ---------------------------------------------------

    def new_plan_items(self, rows: Sequence[OutboxEntry]) -> list[DigestItem]:
        """A plan gives the unit tasks: the plan, how many tasks, the first deadline."""
        items = []
        for row in rows:
            plan, dues_by_lead = self._new_plan(row.plan_id)
            if plan is None:
                continue
            dues = dues_by_lead.get(row.recipient_unit_id, [])
            items.append(
                DigestItem(
                    kind=ReminderKind.NEW_PLAN,
                    plan_id=row.plan_id,
                    task_ref=plan.number or str(plan.id),
                    task_text=plan.title,
                    lead="",
                    due=min((due for due in dues if due is not None), default=None),
                    due_words="",
                    time_text="",
                    count=len(dues),
                )
            )
        return items

    def _new_plan(self, plan_id: int) -> tuple[PlanHeadline | None, dict[int, list[date | None]]]:
        if plan_id not in self._new_plans:
            plan = self.store.plan_headline(plan_id)
            dues = self.store.lead_dues_by_unit(plan_id) if plan is not None else {}
            self._new_plans[plan_id] = (plan, dues)
        return self._new_plans[plan_id]

    def failed_items(self, failures: Sequence[OutboxEntry]) -> list[DigestItem]:
        """Reminders that could not be delivered: to whom, about what, and why."""
        ids = [f.occurrence_id for f in failures if f.occurrence_id is not None]
        details = self._details_of(ids)
        self._read_unit_names(f.recipient_unit_id for f in failures)
        items = []
        for failure in failures:
            if failure.occurrence_id not in details:
                continue
            items.append(
                self._item(
                    ReminderKind(failure.kind),
                    details[failure.occurrence_id],
                    note=failure.last_error,
                    recipient=self._unit_names[failure.recipient_unit_id],
                )
            )
        return items

    def weekly_items(self, plan_ids: set[int]) -> list[DigestItem]:
        """Tasks still without a date, and work overdue past the last overdue notice."""
        return [item for plan_id in sorted(plan_ids) for item in self._weekly_of(plan_id)]

    def _weekly_of(self, plan_id: int) -> list[DigestItem]:
        if plan_id not in self._weekly:
            undated = self.store.undated_open(plan_id)
            overdue = self._long_overdue(plan_id)
            self._read_lead_names(line.task_id for line in undated + overdue)
            self._weekly[plan_id] = [
                self._item(ReminderKind.OFFICE_WEEKLY, line) for line in undated
            ] + [self._item(ReminderKind.OVERDUE, line) for line in overdue]
        return self._weekly[plan_id]

    def _long_overdue(self, plan_id: int) -> list[TaskLine]:
        policy = self.config.policy
        notices_end = policy.overdue_every_days * policy.overdue_max_notices
        # More working days than that lie between the due date and today: more days, too.
        due_before = self.day - timedelta(days=notices_end)
        return [
            line
            for line in self.store.dated_open(plan_id, due_before=due_before)
            if line.due is not None
            and not line.check_in
            and self.config.calendar.working_days_between(line.due, self.day) > notices_end
        ]

    def awaited(self, plan_ids: set[int]) -> tuple[str, ...]:
        names = [name for plan_id in sorted(plan_ids) for name in self._awaited_of(plan_id)]
        return tuple(dict.fromkeys(names))

    def _awaited_of(self, plan_id: int) -> tuple[str, ...]:
        if plan_id not in self._awaited:
            self._awaited[plan_id] = self.store.awaited_events(plan_id)
        return self._awaited[plan_id]
