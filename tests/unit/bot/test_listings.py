"""Which occurrence a list shows for each task, in which group and order, page by page."""

from __future__ import annotations

from datetime import date

from nhacviec.bot.listings import PAGE_SIZE, entries, paginate, task_filter
from nhacviec.services.queries import TaskStatus
from tests.unit.bot.factories import NOW, occurrence, status
from workflows.standing import Bucket

LATE = occurrence(date(2026, 2, 27))
SOON = occurrence(date(2026, 3, 6))
LATER = occurrence(date(2026, 4, 30))


def _shown(listing: str, *statuses: TaskStatus, days: int = 7) -> list[tuple[str, str]]:
    return [
        (entry.status.view.task.ref, entry.group) for entry in entries(listing, statuses, NOW, days)
    ]


def test_open_tasks_by_group_then_due_date() -> None:
    found = _shown(
        "viec",
        status("A", occurrence(date(2026, 4, 30)), position=1),
        status("B", occurrence(None), position=2),
        status("C", occurrence(date(2026, 2, 27)), position=3),
        status("D", occurrence(date(2026, 3, 6)), position=4),
        status("E", occurrence(date(2026, 3, 1), "verified", reported=NOW), position=5),
        status("F", occurrence(date(2026, 3, 1), "cancelled"), position=6),
    )
    assert found == [
        ("C", Bucket.OPEN_LATE.value),
        ("D", Bucket.OPEN_ON_TIME.value),
        ("A", Bucket.OPEN_ON_TIME.value),
        ("B", "no_date"),
    ]


def test_a_task_is_listed_by_its_earliest_open_occurrence() -> None:
    done = occurrence(date(2026, 1, 31), "verified", reported=NOW)
    march = occurrence(date(2026, 3, 31), seq=2, label="Tháng 3/2026")
    [entry] = entries("viec", [status("III.1", done, march)], NOW)
    assert entry.item.occurrence is march


def test_overdue_and_upcoming() -> None:
    tasks = [
        status("A", occurrence(date(2026, 2, 27)), position=1),
        status("B", occurrence(date(2026, 3, 9)), position=2),
        status("C", occurrence(date(2026, 3, 20)), position=3),
        status("D", occurrence(date(2026, 3, 2), "reported", reported=NOW), position=4),
    ]
    assert [ref for ref, _ in _shown("quahan", *tasks)] == ["A"]
    assert [ref for ref, _ in _shown("sapden", *tasks)] == ["D", "B"]  # today counts
    assert [ref for ref, _ in _shown("sapden", *tasks, days=30)] == ["D", "B", "C"]
    assert task_filter("sapden", 30).due_within_days == 30
    assert task_filter("quahan", 7).overdue


def test_pages_are_clamped() -> None:
    many = entries("viec", [status(str(n), occurrence(None), position=n) for n in range(19)], NOW)
    page, number, pages = paginate(many, 3)
    assert (len(page), number, pages) == (19 - 2 * PAGE_SIZE, 3, 3)
    assert paginate(many, 0)[1:] == (1, 3)
    assert paginate(many, 99)[1:] == (3, 3)
    assert paginate([], 5) == ((), 1, 1)
