"""The bot's task lists (``/viec``, ``/quahan``, ``/sapden``): which occurrence each task shows,
in which group, in what order, page by page. Pure: statuses in, a page out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from nhacviec.services.queries import OccurrenceStatus, Tally, TaskFilter, TaskStatus
from workflows.standing import LOCAL_TZ, Bucket

PAGE_SIZE = 8
LISTINGS = ("viec", "quahan", "sapden")
NO_DATE = "no_date"  # the group of open work still without a due date
GROUP_ORDER = (Bucket.OPEN_LATE.value, Bucket.OPEN_ON_TIME.value, NO_DATE)


@dataclass(frozen=True)
class Entry:
    """One line of a list: a task and the occurrence it is listed for."""

    status: TaskStatus
    item: OccurrenceStatus

    @property
    def group(self) -> str:
        return self.item.bucket.value if self.item.bucket else NO_DATE

    @property
    def occurrence_id(self) -> int:
        assert self.item.occurrence.id is not None
        return self.item.occurrence.id


@dataclass(frozen=True)
class TaskList:
    listing: str
    days: int
    entries: tuple[Entry, ...]  # this page's
    page: int  # 1-based
    pages: int
    total: int
    counts: Tally | None = None  # /viec: the four standings


def task_filter(listing: str, days: int) -> TaskFilter:
    if listing == "quahan":
        return TaskFilter(overdue=True)
    if listing == "sapden":
        return TaskFilter(due_within_days=days)
    return TaskFilter()


def entries(
    listing: str, statuses: Sequence[TaskStatus], now: datetime, days: int = 0
) -> list[Entry]:
    """The list's lines, grouped (overdue, on time, undated) and by due date within a group."""
    today = now.astimezone(LOCAL_TZ).date()
    found = []
    for status in statuses:
        item = _shown(listing, status, today, days)
        if item is not None:
            found.append(Entry(status, item))
    return sorted(found, key=_order)


def paginate(items: Sequence[Entry], page: int) -> tuple[tuple[Entry, ...], int, int]:
    """The entries of ``page`` (clamped to the pages there are), the page and the page count."""
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PAGE_SIZE
    return tuple(items[start : start + PAGE_SIZE]), page, pages


def _shown(listing: str, status: TaskStatus, today: date, days: int) -> OccurrenceStatus | None:
    if listing == "quahan":
        return next((o for o in status.occurrences if o.bucket is Bucket.OPEN_LATE), None)
    if listing == "sapden":
        last = today + timedelta(days=days)
        return next(
            (
                o
                for o in status.occurrences
                if o.is_open and o.occurrence.due_date and today <= o.occurrence.due_date <= last
            ),
            None,
        )
    current = status.current
    return current if current is not None and current.is_open else None


def _order(entry: Entry) -> tuple[int, bool, date, int, int]:
    due = entry.item.occurrence.due_date
    task = entry.status.view.task
    return (
        GROUP_ORDER.index(entry.group),
        due is None,
        due or date.max,
        task.plan_id,
        task.position,
    )
