"""What the office and units look at: tasks with their state and standing at an instant."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TypeVar

from sqlmodel import Session

from nhacviec.services.as_of import views_as_of
from nhacviec.store import tasks as stored
from nhacviec.store.models import Occurrence
from nhacviec.store.occurrence_extras import OccurrenceExtras, extras_of_tasks
from nhacviec.store.tasks import TaskView, Window
from workflows.progress import current_occurrence, task_state, tracked
from workflows.standing import LOCAL_TZ, Bucket, bucket
from workflows.workflow import OPEN_STATES, State


@dataclass(frozen=True)
class OccurrenceStatus:
    occurrence: Occurrence
    state: State
    bucket: Bucket | None  # None: cancelled, or no date yet

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def extended(self) -> bool:
        """An approved extension moved its due date: on time means «đúng hạn (đã gia hạn)»."""
        return self.occurrence.extended

    @property
    def suspended(self) -> bool:
        """Paused by the office: no standing (no overdue clock), shown apart."""
        return self.state is State.SUSPENDED


@dataclass(frozen=True)
class TaskStatus:
    view: TaskView
    state: State
    occurrences: tuple[OccurrenceStatus, ...]

    @property
    def current(self) -> OccurrenceStatus | None:
        """The occurrence a command aimed at the task acts on."""
        occurrences = [status.occurrence for status in self.occurrences]
        chosen = current_occurrence(occurrences, self.view.plan.period_start)
        return next((s for s in self.occurrences if s.occurrence is chosen), None)


@dataclass(frozen=True)
class TaskFilter:
    plan_id: int | None = None
    unit: str | None = None
    states: frozenset[State] = frozenset()  # the task's state is one of these (any when empty)
    overdue: bool = False  # some occurrence is open and late
    due_within_days: int | None = None  # some open occurrence is due in the next N days
    bucket: Bucket | None = None  # some occurrence stands in this bucket


def task_statuses(
    session: Session,
    now: datetime,
    wanted: TaskFilter = TaskFilter(),
    window: Window | None = None,
) -> list[TaskStatus]:
    """The tasks ``wanted`` keeps, in plan and document order, as they stood at ``now`` (a past
    instant replays the log: ``services.as_of``); ``window``: only that page of them, read
    alone in SQL when the filter needs no task's status or units (a plan at most)."""
    if window is not None and replace(wanted, plan_id=None) == TaskFilter():
        views = stored.list_tasks(session, plan_id=wanted.plan_id, window=window)
        views = views_as_of(session, views, now, wanted.plan_id)
        return [status_of(view, now) for view in views]
    views = stored.list_tasks(session, plan_id=wanted.plan_id, unit=wanted.unit)
    views = views_as_of(session, views, now, wanted.plan_id)
    statuses = [status_of(view, now) for view in views]
    kept = [status for status in statuses if _keeps(status, wanted, now)]
    return kept if window is None else window.of(kept)


def extras_of(session: Session, statuses: Sequence[TaskStatus]) -> OccurrenceExtras:
    """The evidence files and partner requests of every occurrence of these tasks (a few
    statements, whatever their number): for ``results.task_json``."""
    return extras_of_tasks(session, (s.view.task.id for s in statuses if s.view.task.id))


def status_of(view: TaskView, now: datetime) -> TaskStatus:
    start = view.plan.period_start
    occurrences = tuple(
        OccurrenceStatus(o, State(o.state), _bucket(o, now) if tracked(o, start) else None)
        for o in view.occurrences
    )
    followed = [o.state for o in occurrences if tracked(o.occurrence, start)]
    return TaskStatus(view, task_state(followed or [o.state for o in occurrences]), occurrences)


@dataclass(frozen=True)
class Tally:
    """The four standings over tasks and their occurrences (lượt/kỳ: a month, a quarter of a
    recurring task). Each occurrence stands in one bucket; a task counts in every bucket one
    of its occurrences stands in, so the buckets' task counts may add up to more than
    ``tasks``."""

    tasks: int
    occurrences: int
    buckets: dict[Bucket, tuple[int, int]]  # bucket → (tasks, occurrences), every bucket
    # issue 14: of each bucket, the part standing against an extended date; suspended work
    extended: dict[Bucket, tuple[int, int]] = field(default_factory=dict)
    suspended: tuple[int, int] = (0, 0)

    def extra(self) -> dict[str, int]:
        """The extended-and-suspended line's counts (catalogue ``extensions.tally.line``)."""
        extended = {kind: self.extended.get(kind, (0, 0))[1] for kind in Bucket}
        return {
            "done": extended[Bucket.DONE_ON_TIME],
            "open": extended[Bucket.OPEN_ON_TIME],
            "late": extended[Bucket.DONE_LATE] + extended[Bucket.OPEN_LATE],
            "suspended_tasks": self.suspended[0],
            "suspended": self.suspended[1],
        }

    @property
    def shows_extra(self) -> bool:
        """Whether extended or suspended work exists (its line is shown apart)."""
        return self.suspended != (0, 0) or any(n for n, _ in self.extended.values())


def tally(statuses: Sequence[TaskStatus]) -> Tally:
    """How many tasks and occurrences ``statuses`` hold, in all and in each standing."""
    occurrences = count_by_bucket(statuses)
    tasks = Counter(
        kind for status in statuses for kind in {item.bucket for item in status.occurrences}
    )
    return Tally(
        tasks=len(statuses),
        occurrences=sum(len(status.occurrences) for status in statuses),
        buckets={kind: (tasks[kind], occurrences[kind]) for kind in Bucket},
        extended=_count(statuses, lambda item: item.bucket if item.extended else None),
        suspended=_count(statuses, lambda item: True if item.suspended else None).get(True, (0, 0)),
    )


K = TypeVar("K")


def _count(
    statuses: Sequence[TaskStatus], key: Callable[[OccurrenceStatus], K | None]
) -> dict[K, tuple[int, int]]:
    """(tasks, occurrences) per key of the occurrences that have one."""
    occurrences = Counter(
        found for status in statuses for item in status.occurrences if (found := key(item))
    )
    tasks = Counter(
        found
        for status in statuses
        for found in {key(item) for item in status.occurrences}
        if found is not None
    )
    return {found: (tasks[found], occurrences[found]) for found in occurrences}


def count_by_bucket(statuses: Sequence[TaskStatus]) -> dict[Bucket, int]:
    """The four standings over every occurrence of ``statuses`` (each bucket present)."""
    counts = Counter(item.bucket for status in statuses for item in status.occurrences)
    return {kind: counts[kind] for kind in Bucket}


def _bucket(occurrence: Occurrence, now: datetime) -> Bucket | None:
    return bucket(
        State(occurrence.state),
        occurrence.due_date,
        occurrence.reported_at,
        now,
        check_in=occurrence.check_in,
    )


def _keeps(status: TaskStatus, wanted: TaskFilter, now: datetime) -> bool:
    if wanted.states and status.state not in wanted.states:
        return False
    if wanted.overdue and not any(o.bucket is Bucket.OPEN_LATE for o in status.occurrences):
        return False
    if wanted.bucket is not None and not any(o.bucket is wanted.bucket for o in status.occurrences):
        return False
    if wanted.due_within_days is not None:
        today = now.astimezone(LOCAL_TZ).date()
        last = today + timedelta(days=wanted.due_within_days)
        return any(
            o.is_open
            and o.occurrence.due_date is not None
            and today <= o.occurrence.due_date <= last
            for o in status.occurrences
        )
    return True
