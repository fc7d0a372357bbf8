"""Digests: one message per recipient and day, grouped and ordered most pressing first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from notifiers.message import DigestItem, DigestSection, RecipientRole, ReminderKind
from scheduler.digest import build_message, ref_key, section_of


def item(
    kind: ReminderKind,
    ref: str,
    *,
    due: date | None = date(2025, 9, 30),
    days: int = 0,
    occurrence_id: int | None = None,
    plan_id: int = 1,
) -> DigestItem:
    return DigestItem(
        kind=kind,
        plan_id=plan_id,
        task_ref=ref,
        task_text=f"task {ref}",
        lead="Văn phòng Sở",
        due=due,
        due_words="",
        time_text="",
        days=days,
        occurrence_id=occurrence_id,
    )


@pytest.mark.parametrize(
    ("kind", "section"),
    [
        (ReminderKind.OVERDUE, DigestSection.OVERDUE),
        (ReminderKind.ESCALATION, DigestSection.OVERDUE),
        (ReminderKind.DUE, DigestSection.DUE_TODAY),
        (ReminderKind.BEFORE_DUE, DigestSection.UPCOMING),
        (ReminderKind.WINDOW_START, DigestSection.STARTING),  # a window opens: not due soon
        (ReminderKind.VERIFY_PENDING, DigestSection.TO_VERIFY),
        (ReminderKind.RETURNED, DigestSection.ACTION),
        (ReminderKind.NEW_PLAN, DigestSection.ACTION),
        (ReminderKind.OFFICE_WEEKLY, DigestSection.OFFICE_LIST),
    ],
)
def test_section_of_every_kind(kind: ReminderKind, section: DigestSection) -> None:
    assert section_of(kind) is section


def test_every_kind_has_a_section() -> None:
    assert {section_of(kind) for kind in ReminderKind} == set(DigestSection) - {
        DigestSection.FAILED
    }


def test_a_day_s_message_is_grouped_and_ordered() -> None:
    late_2 = item(ReminderKind.OVERDUE, "II.3", due=date(2025, 9, 1), days=2, occurrence_id=1)
    late_9 = item(ReminderKind.OVERDUE, "I.1", due=date(2025, 8, 20), days=9, occurrence_id=2)
    escalated = replace(late_9, kind=ReminderKind.ESCALATION)
    due_today = item(ReminderKind.DUE, "III.3", occurrence_id=3)
    soon = item(ReminderKind.BEFORE_DUE, "IV.1", due=date(2025, 9, 10), days=3, occurrence_id=4)
    later = item(ReminderKind.BEFORE_DUE, "I.2", due=date(2025, 9, 15), days=7, occurrence_id=5)
    opens = item(ReminderKind.WINDOW_START, "V.1", due=date(2025, 12, 31), occurrence_id=6)
    verify = item(ReminderKind.VERIFY_PENDING, "II.2", occurrence_id=7)
    new_plan = item(ReminderKind.NEW_PLAN, "", due=None, plan_id=2)
    returned = item(ReminderKind.RETURNED, "VI.1", occurrence_id=8)
    undated_10 = item(ReminderKind.OFFICE_WEEKLY, "II.10", due=None)
    undated_9 = item(ReminderKind.OFFICE_WEEKLY, "II.9", due=None)
    failed = item(ReminderKind.OVERDUE, "VII.2", occurrence_id=9)
    shuffled = [undated_10, opens, late_2, new_plan, soon, verify, late_9, escalated]
    shuffled += [due_today, returned, later, undated_9]
    message = build_message(
        99,
        "Văn phòng Sở",
        RecipientRole.OFFICE,
        date(2025, 9, 3),
        shuffled,
        awaited_events=["Bộ công bố TTHC", "Bộ công bố TTHC"],
        failed=[failed],
    )
    assert list(message.sections) == list(DigestSection)
    assert message.sections == {
        # the longest late first; the escalation and the notice about it are one line
        DigestSection.OVERDUE: (escalated, late_2),
        DigestSection.DUE_TODAY: (due_today,),
        DigestSection.UPCOMING: (soon, later),  # the nearest due date first
        DigestSection.STARTING: (opens,),  # a window opens; its due date is months away
        DigestSection.TO_VERIFY: (verify,),
        DigestSection.ACTION: (returned, new_plan),
        DigestSection.OFFICE_LIST: (undated_9, undated_10),  # II.9 before II.10
        DigestSection.FAILED: (failed,),
    }
    assert message.awaited_events == ("Bộ công bố TTHC",)
    assert (message.recipient_unit, message.role, message.language) == (
        99,
        RecipientRole.OFFICE,
        "vi",
    )


def test_empty_sections_are_left_out_and_an_empty_message_says_so() -> None:
    lead = RecipientRole.LEAD
    one = build_message(10, "Phòng", lead, date(2025, 9, 3), [item(ReminderKind.DUE, "I.1")])
    assert list(one.sections) == [DigestSection.DUE_TODAY]
    assert not one.is_empty
    empty = build_message(10, "Phòng", lead, date(2025, 9, 3), [], language="en")
    assert empty.is_empty
    assert empty.language == "en"


def test_task_numbers_sort_as_a_clerk_reads_them() -> None:
    refs = ["II.10", "IX.1", "II.9", "V.2", "I.1", "IV", "1.b", "1.a", "1", "10", "2"]
    assert sorted(refs, key=ref_key) == [
        "1",
        "I.1",
        "1.a",
        "1.b",
        "2",
        "II.9",
        "II.10",
        "IV",
        "V.2",
        "IX.1",
        "10",
    ]
