"""What the task pages are asked for (the GET form's fields) and the groupings they show: the
four standings by plan, by section and by unit, each count the size of the list its link opens.

Pure: the caller reads the statuses (``services.queries``) and the units of the tasks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from nhacviec.errors import InputError
from nhacviec.services.queries import Tally, TaskFilter, TaskStatus, tally
from workflows.standing import Bucket
from workflows.units.normalize import unit_key
from workflows.workflow import OPEN_STATES

MAX_DAYS_AHEAD = 3660  # as the CLI's --due-within


@dataclass(frozen=True)
class TaskQuery:
    """The list's filters, as the URL carries them (bookmarkable)."""

    plan: int | None = None
    section: str | None = None
    unit: str | None = None
    due_within: int | None = None
    flagged: bool = False
    bucket: Bucket | None = None
    page: int = 1

    def task_filter(self) -> TaskFilter:
        """What ``services.queries.task_statuses`` filters (the CLI's and the API's filter)."""
        return TaskFilter(
            plan_id=self.plan, unit=self.unit, due_within_days=self.due_within, bucket=self.bucket
        )

    def keeps(self, status: TaskStatus) -> bool:
        """The page's own filters, over the statuses ``task_filter`` gave."""
        task = status.view.task
        if self.flagged and not task.needs_review:
            return False
        return self.section is None or task.section == self.section

    def link(self, path: str = "/tasks", **changes: Any) -> str:
        """``path`` with these filters, some changed (a new filter starts on page 1)."""
        chosen = replace(self, **({"page": 1} | changes))
        params = {name: value for name, value in chosen.params().items() if value not in ("", None)}
        return f"{path}?{urlencode(params)}" if params else path

    def params(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "section": self.section,
            "unit": self.unit,
            "due_within": self.due_within,
            "flagged": "1" if self.flagged else None,
            "bucket": self.bucket.value if self.bucket else None,
            "page": self.page if self.page > 1 else None,
        }


def read_query(params: Mapping[str, str]) -> TaskQuery:
    """The filters of a GET form (empty fields: no filter); ``InputError`` for a bad value."""
    return TaskQuery(
        plan=_number(params.get("plan", ""), "plan", 1, 2**31 - 1),
        section=params.get("section", "").strip() or None,
        unit=params.get("unit", "").strip()[:500] or None,
        due_within=_number(params.get("due_within", ""), "due_within", 0, MAX_DAYS_AHEAD),
        flagged=params.get("flagged", "") in {"1", "on", "true"},
        bucket=_bucket(params.get("bucket", "")),
        page=_number(params.get("page", ""), "page", 1, 10**6) or 1,
    )


def _number(text: str, name: str, low: int, high: int) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise InputError("console.tasks.bad_number", field=name, value=value, low=low, high=high)
    return int(value)


def _bucket(text: str) -> Bucket | None:
    value = text.strip().lower()
    if not value:
        return None
    try:
        return Bucket(value)
    except ValueError:
        choices = ", ".join(item.value for item in Bucket)
        raise InputError("cli.bad_bucket", value=value, choices=choices) from None


# -- groupings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One row of a standings table: what it groups, the link's filter, its counts."""

    label: str
    detail: str  # a second line: a section's title, a plan's number
    changes: Mapping[str, Any]  # the filters its links add to the page's
    counts: Tally


def by_plan(statuses: Sequence[TaskStatus]) -> list[Group]:
    groups: dict[int, list[TaskStatus]] = {}
    for status in statuses:
        groups.setdefault(status.view.plan.id or 0, []).append(status)
    rows = []
    for plan_id, members in groups.items():
        plan = members[0].view.plan
        rows.append(Group(plan.title, plan.number, {"plan": plan_id}, tally(members)))
    return rows


def by_section(statuses: Sequence[TaskStatus]) -> list[Group]:
    """Per section of each plan, in document order."""
    groups: dict[tuple[int, str], list[TaskStatus]] = {}
    for status in statuses:
        groups.setdefault((status.view.plan.id or 0, status.view.task.section), []).append(status)
    rows = []
    for (plan_id, section), members in groups.items():
        title = members[0].view.task.section_title
        changes = {"plan": plan_id, "section": section}
        rows.append(Group(section, title, changes, tally(members)))
    return rows


def by_unit(statuses: Sequence[TaskStatus], names: Mapping[int, Iterable[str]]) -> list[Group]:
    """Per unit taking part (lead or partner, groups counted for each member: as the list's
    unit filter, ``tasks --unit``, finds them), by name; ``names``: each task's unit names."""
    groups: dict[str, list[TaskStatus]] = {}
    for status in statuses:
        for name in names.get(status.view.task.id or 0, ()):
            groups.setdefault(name, []).append(status)
    ordered = sorted(groups, key=unit_key)  # once per unit: folding names costs
    return [Group(name, "", {"unit": name}, tally(groups[name])) for name in ordered]


@dataclass(frozen=True)
class DueSoon:
    status: TaskStatus
    seq: int
    due: date


def due_between(statuses: Sequence[TaskStatus], first: date, days: int) -> list[DueSoon]:
    """Open occurrences due from ``first`` for ``days`` more days, soonest first (what the
    list's ``due_within`` filter keeps, from today)."""
    last = first + timedelta(days=days)
    found = [
        DueSoon(status, item.occurrence.seq, item.occurrence.due_date)
        for status in statuses
        for item in status.occurrences
        if item.state in OPEN_STATES
        and item.occurrence.due_date is not None
        and first <= item.occurrence.due_date <= last
    ]
    return sorted(found, key=lambda soon: (soon.due, soon.status.view.task.position))


@dataclass(frozen=True)
class Paged:
    items: list[TaskStatus] = field(default_factory=list)
    page: int = 1
    pages: int = 1


def paged(statuses: Sequence[TaskStatus], page: int, size: int) -> Paged:
    pages = max(1, -(-len(statuses) // size))
    page = min(page, pages)
    return Paged(list(statuses[(page - 1) * size : page * size]), page, pages)
