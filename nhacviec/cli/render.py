"""How plans, tasks and schedules look in a terminal (rich tables, Vietnamese dates)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.table import Table

from nhacviec.i18n import Language, translate
from nhacviec.i18n.schedules import event_words, review_text, schedule_summary
from nhacviec.i18n.workflow import action_name, state_name
from workflows.plan import ParsedPlan, Task
from workflows.schedule import EventTrigger, ScheduleKind
from workflows.standing import Bucket
from workflows.workflow import Action, State

if TYPE_CHECKING:  # the store is for the commands that read it; rendering needs only the shapes
    from nhacviec.services.queries import OccurrenceStatus, Tally, TaskStatus
    from nhacviec.store.journal import HistoryLine
    from nhacviec.store.listing import PlanLine
    from nhacviec.store.models import Task as StoredTask

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_TASK_TEXT_WIDTH = 70


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def local_time(value: datetime) -> str:
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def shorten(text: str, width: int = _TASK_TEXT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def schedule_words(task: StoredTask, lang: Language, *, dated_by: str | None = None) -> str:
    """How a stored task's deadline was read, in words; ``dated_by`` names who gave a date
    the plan left open (the office, or a recorded event)."""
    if dated_by is not None:
        return translate(f"cli.kind.dated_by_{dated_by}", lang)
    if task.schedule_kind == ScheduleKind.EVENT.value and task.event_text:
        event = EventTrigger(task.event_text, task.event_offset_days, task.event_working_days)
        return event_words(event, lang)
    if task.schedule_kind == ScheduleKind.RECURRING.value and task.recurrence:
        return translate(f"cli.recurrence.{task.recurrence}", lang)
    return translate(f"cli.kind.{task.schedule_kind}", lang)


def preview_table(parsed: ParsedPlan, lang: Language) -> Table:
    """Every task of a plan being imported, the rows that need review first."""
    table = _table(lang, "ref", "task", "lead", "time", "schedule", "review")
    ordered = sorted(parsed.tasks, key=lambda task: not task.schedule.needs_review)
    for task in ordered:
        table.add_row(
            task.ref,
            shorten(_task_text(task)),
            "\n".join(task.lead),
            task.row.time_text,
            schedule_summary(task.schedule, lang),
            review_text(task.schedule, lang),
            style="yellow" if task.schedule.needs_review else None,
        )
    return table


def _task_text(task: Task) -> str:
    return task.row.activity or task.row.task or task.row.objective


def plans_table(plans: Sequence[PlanLine], lang: Language) -> Table:
    table = _table(lang, "plan", "title", "issuer", "number", "period", "tasks", "imported_at")
    for plan in plans:
        table.add_row(
            str(plan.id),
            shorten(plan.title, 60),
            plan.issuer,
            plan.number,
            f"{day(plan.period_start)} – {day(plan.period_end)}",
            f"{plan.tasks} ({plan.needs_review}⚑)",
            local_time(plan.imported_at),
        )
    return table


def tasks_table(statuses: Sequence[TaskStatus], lang: Language) -> Table:
    """One row per task: its current occurrence's due date, the task's state and standing."""
    table = _table(lang, "plan", "ref", "task", "lead", "time", "next_due", "state", "standing")
    for status in statuses:
        view, current = status.view, status.current
        due = current.occurrence.due_date if current else None
        table.add_row(
            str(view.plan.id),
            view.task.ref,
            shorten(view.task.activity or view.task.task_text),
            "\n".join(view.lead),
            view.task.time_text,
            day(due) if due else translate("cli.schedule.unscheduled", lang),
            state_name(status.state, lang),
            standing_text(current, lang) if current else "",
            style=_STANDING_STYLE.get(current.bucket if current else None),
        )
    return table


def occurrences_table(status: TaskStatus, lang: Language) -> Table:
    table = _table(lang, "seq", "label", "start", "due", "state", "standing", "reported_at")
    for item in status.occurrences:
        occurrence = item.occurrence
        table.add_row(
            str(occurrence.seq),
            occurrence.label,
            day(occurrence.start_date),
            occurrence.due_words or day(occurrence.due_date),
            state_name(item.state, lang),
            standing_text(item, lang),
            local_time(occurrence.reported_at) if occurrence.reported_at else "",
            style=_STANDING_STYLE.get(item.bucket),
        )
    return table


def history_table(entries: Sequence[HistoryLine], lang: Language) -> Table:
    table = _table(lang, "at", "seq", "action", "change", "actor", "note", "evidence")
    for line in entries:
        entry = line.entry
        change = ""
        if entry.from_state and entry.to_state and entry.from_state != entry.to_state:
            change = f"{state_name(State(entry.from_state), lang)} → "
            change += state_name(State(entry.to_state), lang)
        elif entry.details.get("to"):
            change = f"{_iso_day(entry.details.get('from'))} → {_iso_day(entry.details['to'])}"
        elif entry.details.get("lead_after"):  # issue 14: a reassignment
            change = f"{'; '.join(entry.details.get('lead_before', []))} → "
            change += str(entry.details["lead_after"])
        elif entry.details.get("requested"):  # issue 14: an extension request or its refusal
            change = f"→ {_iso_day(entry.details['requested'])}?"
        table.add_row(
            local_time(entry.at),
            str(line.seq or ""),
            _action_text(entry.action, lang) + (" ✎" if entry.on_behalf else ""),
            change,
            " · ".join(filter(None, [line.unit_name, entry.actor_name, entry.channel])),
            entry.note,
            entry.evidence,
        )
    return table


def _iso_day(value: object) -> str:
    return day(date.fromisoformat(value)) if isinstance(value, str) else "—"


def bucket_summary(counts: Tally, lang: Language) -> str:
    """E.g. «30 nhiệm vụ (82 lượt/kỳ) — hoàn thành đúng hạn: 2 nhiệm vụ (3 lượt/kỳ) · …»."""
    total = translate("tally.total", lang, tasks=counts.tasks, occurrences=counts.occurrences)
    buckets = " · ".join(
        translate("tally.bucket", lang, bucket=bucket_name(kind, lang), tasks=n, occurrences=m)
        for kind, (n, m) in counts.buckets.items()
    )
    line = translate("tally.line", lang, total=total, buckets=buckets)
    if not counts.shows_extra:
        return line
    return f"{line}\n{translate('extensions.tally.line', lang, **counts.extra())}"


def standing_text(item: OccurrenceStatus, lang: Language) -> str:
    """The occurrence's bucket, «(đã gia hạn)» after it when an extension moved its date;
    «tạm dừng» for suspended work (issue 14)."""
    if item.suspended:
        return translate("extensions.standing.suspended", lang)
    if item.bucket is None:
        return ""
    name = bucket_name(item.bucket, lang)
    if item.extended:
        return translate("extensions.standing.extended", lang, bucket=name)
    return name


def tally_note(lang: Language) -> str:
    return translate("tally.note", lang)


def bucket_name(kind: Bucket, lang: Language) -> str:
    return translate(f"workflow.bucket.{kind.value}", lang)


def _action_text(action: str, lang: Language) -> str:
    if action in {item.value for item in Action}:
        return action_name(Action(action), lang)
    return translate(f"cli.history.{action}", lang)


_STANDING_STYLE: dict[Bucket | None, str] = {Bucket.OPEN_LATE: "red", Bucket.DONE_LATE: "yellow"}


def _table(lang: Language, *headings: str) -> Table:
    table = Table(show_lines=False, expand=False)
    for heading in headings:
        table.add_column(translate(f"cli.heading.{heading}", lang), overflow="fold")
    return table
