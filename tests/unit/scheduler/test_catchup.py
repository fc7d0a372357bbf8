"""Catch-up: what planning returns after a downtime, and what dispatch still sends.

Dates worked out by hand; the occurrences are the seed plans' "trước ngày 31/7/2025" (due
Wednesday 30/7) and the Sở plan's "Trước ngày 31/8/2025" (due Saturday 30/8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from notifiers.message import RecipientRole, ReminderKind
from scheduler.catchup import fold, still_relevant
from scheduler.model import PlannedReminder
from scheduler.planning.reminders import plan_occurrence
from tests.unit.scheduler.build import (
    CALENDAR,
    LEAD,
    OFFICE,
    PARTNER,
    POLICY,
    facts,
    for_unit,
    local,
    rows,
    utc,
)

DUE_30_7 = date(2025, 7, 30)
DUE_30_8 = date(2025, 8, 30)


# -- planning after a downtime ----------------------------------------------------------------


def test_down_three_working_days_sends_each_current_reminder_once() -> None:
    # Down from Thursday 24/7 18:00 to Tuesday 29/7 09:30: "3 days before" (Friday 25/7) and
    # "1 day before" (Tuesday 29/7 08:00) were missed.
    back = local(2025, 7, 29, 9, 30)
    planned = plan_occurrence(facts(DUE_30_7), POLICY, CALENDAR, back)
    # The lead: only "1 day before", now; "3 days before" is no longer current.
    assert for_unit(planned, LEAD, "lead")[:3] == [
        ("before_due", 1, LEAD, "lead", back),
        ("due", 0, LEAD, "lead", local(2025, 7, 30)),
        ("overdue", 1, LEAD, "lead", local(2025, 7, 31)),
    ]
    # The partner hears nothing after "3 days before", so that one is still current for it.
    assert for_unit(planned, PARTNER, "partner") == [("before_due", 3, PARTNER, "partner", back)]
    # Coming back a little later does not plan anything new.
    later = plan_occurrence(facts(DUE_30_7), POLICY, CALENDAR, local(2025, 7, 29, 11, 0))
    assert {r.key for r in later} == {r.key for r in planned}


def test_long_overdue_occurrence_gets_its_latest_notice_not_five_stale_ones() -> None:
    # Imported (or back up) on Monday 15/9/2025 at 10:00; notices 1-4 (3, 5, 9, 11/9) and
    # 5 (15/9 08:00) have passed. Notice 5 is current until notice 6 on 17/9.
    now = local(2025, 9, 15, 10, 0)
    planned = plan_occurrence(facts(DUE_30_8), POLICY, CALENDAR, now)
    assert rows(planned) == [
        ("escalation", 5, LEAD, "head", now),  # 9/9, current while the notices run
        ("escalation", 5, OFFICE, "office", now),
        ("overdue", 5, LEAD, "lead", now),
        ("overdue", 6, LEAD, "lead", local(2025, 9, 17)),
        ("overdue", 7, LEAD, "lead", local(2025, 9, 19)),
        ("overdue", 8, LEAD, "lead", local(2025, 9, 23)),
        ("overdue", 9, LEAD, "lead", local(2025, 9, 25)),
        ("overdue", 10, LEAD, "lead", local(2025, 9, 29)),
    ]


def test_stale_before_due_for_work_now_overdue_is_dropped() -> None:
    # Sunday 31/8: overdue since midnight, first notice on Wednesday 3/9.
    planned = plan_occurrence(facts(DUE_30_8), POLICY, CALENDAR, local(2025, 8, 31, 10, 0))
    assert rows(planned)[0] == ("overdue", 1, LEAD, "lead", local(2025, 9, 3))
    assert not [r for r in planned if r.kind in {ReminderKind.BEFORE_DUE, ReminderKind.DUE}]


def test_a_missed_reminder_that_could_only_go_out_too_late_is_dropped() -> None:
    # Back on Friday 29/8 at 21:30 (quiet hours): the due reminder could only go on Wednesday
    # 3/9, when the work is overdue; the first overdue notice says it instead.
    planned = plan_occurrence(facts(DUE_30_8), POLICY, CALENDAR, local(2025, 8, 29, 21, 30))
    assert rows(planned)[0] == ("overdue", 1, LEAD, "lead", local(2025, 9, 3))


def test_missed_early_in_the_morning_goes_at_the_send_time() -> None:
    # Back at 06:00 on Tuesday 29/7 after missing Friday's "3 days before": the next send time,
    # 08:00, is when "1 day before" replaces it for the lead; the partner hears it at 08:00.
    planned = plan_occurrence(facts(DUE_30_7), POLICY, CALENDAR, local(2025, 7, 29, 6, 0))
    assert for_unit(planned, LEAD, "lead")[0] == ("before_due", 1, LEAD, "lead", local(2025, 7, 29))
    assert for_unit(planned, PARTNER, "partner") == [
        ("before_due", 3, PARTNER, "partner", local(2025, 7, 29))
    ]


def test_the_overdue_series_ends_at_the_cap() -> None:
    # Notice 10 went on 29/9; the 11th would have been on 1/10; on 2/10 nothing is left.
    assert plan_occurrence(facts(DUE_30_8), POLICY, CALENDAR, local(2025, 10, 2, 9, 0)) == []
    # On 30/9 the 10th notice and the escalation are still current.
    now = local(2025, 9, 30, 9, 0)
    assert [row[:2] for row in rows(plan_occurrence(facts(DUE_30_8), POLICY, CALENDAR, now))] == [
        ("escalation", 5),
        ("escalation", 5),
        ("overdue", 10),
    ]


# -- at dispatch: still relevant? --------------------------------------------------------------


def reminder(
    kind: ReminderKind,
    stage: int = 0,
    *,
    unit: int = LEAD,
    role: RecipientRole = RecipientRole.LEAD,
    at: datetime | None = None,
    due: date | None = DUE_30_8,
    occurrence_id: int | None = 1,
) -> PlannedReminder:
    return PlannedReminder(
        occurrence_id=occurrence_id,
        plan_id=7,
        kind=kind,
        stage=stage,
        recipient_unit=unit,
        role=role,
        due_at=utc(at or local(2025, 8, 27)),
        task_ref="I.1",
        due=due,
    )


BEFORE_3 = reminder(ReminderKind.BEFORE_DUE, 3)
OVERDUE_1 = reminder(ReminderKind.OVERDUE, 1, at=local(2025, 9, 3))


def test_an_open_occurrence_keeps_its_reminder() -> None:
    assert still_relevant(BEFORE_3, facts(DUE_30_8), local(2025, 8, 27, 8, 1))


@pytest.mark.parametrize("state", ["verified", "cancelled"])
def test_closed_occurrences_drop_their_reminders(state: str) -> None:
    closed = facts(DUE_30_8, state=state, reported_at=local(2025, 8, 26))
    assert not still_relevant(BEFORE_3, closed, local(2025, 8, 27, 8, 1))


def test_a_deleted_occurrence_drops_its_reminders() -> None:
    assert not still_relevant(BEFORE_3, None, local(2025, 8, 27, 8, 1))


def test_a_redated_occurrence_drops_reminders_for_the_old_date() -> None:
    moved = facts(date(2025, 9, 15))
    assert not still_relevant(BEFORE_3, moved, local(2025, 8, 27, 8, 1))


def test_before_due_for_work_now_overdue_is_folded_into_the_overdue_notice() -> None:
    back = local(2025, 9, 3, 8, 0)
    assert not still_relevant(BEFORE_3, facts(DUE_30_8), back)
    assert not still_relevant(reminder(ReminderKind.DUE), facts(DUE_30_8), back)
    assert still_relevant(OVERDUE_1, facts(DUE_30_8), back)


def test_an_overdue_notice_for_work_no_longer_overdue_is_dropped() -> None:
    # the office moved the date, keeping the reminder's due date (not yet re-read)
    assert not still_relevant(OVERDUE_1, facts(DUE_30_8), local(2025, 8, 29, 9, 0))


def test_reported_work_only_keeps_the_office_verify_reminder() -> None:
    reported = facts(DUE_30_8, state="reported", reported_at=local(2025, 9, 4, 10, 0))
    now = local(2025, 9, 9, 8, 0)
    verify = reminder(ReminderKind.VERIFY_PENDING, 1, unit=OFFICE, role=RecipientRole.OFFICE)
    assert still_relevant(replace(verify, due_at=utc(now)), reported, now)
    assert not still_relevant(OVERDUE_1, reported, now)
    escalation = reminder(ReminderKind.ESCALATION, 5, unit=OFFICE, role=RecipientRole.OFFICE)
    assert not still_relevant(escalation, reported, now)
    # a verify reminder planned for an earlier report (returned since) is stale
    earlier = replace(verify, due_at=utc(local(2025, 9, 2)))
    assert not still_relevant(earlier, reported, now)
    # and once returned there is nothing to verify
    returned = facts(DUE_30_8, state="returned")
    assert not still_relevant(replace(verify, due_at=utc(now)), returned, now)


def test_a_unit_no_longer_involved_is_not_reminded() -> None:
    amended = facts(DUE_30_8, leads=(11,), partners=(), office=OFFICE)
    assert not still_relevant(BEFORE_3, amended, local(2025, 8, 27, 8, 1))
    head = reminder(ReminderKind.ESCALATION, 5, role=RecipientRole.HEAD, at=local(2025, 9, 9))
    assert not still_relevant(head, amended, local(2025, 9, 9, 8, 1))
    partner = reminder(ReminderKind.BEFORE_DUE, 3, unit=PARTNER, role=RecipientRole.PARTNER)
    assert not still_relevant(partner, amended, local(2025, 8, 27, 8, 1))


def test_a_check_in_keeps_only_its_due_day_reminder() -> None:
    check_in = facts(date(2025, 8, 31), start=date(2025, 8, 1), check_in=True)
    due_day = reminder(ReminderKind.DUE, due=date(2025, 8, 31), at=local(2025, 8, 29))
    assert still_relevant(due_day, check_in, local(2025, 8, 29, 8, 1))
    assert not still_relevant(due_day, check_in, local(2025, 9, 1, 8, 1))
    late = reminder(ReminderKind.OVERDUE, 1, due=date(2025, 8, 31), at=local(2025, 9, 3))
    assert not still_relevant(late, check_in, local(2025, 9, 3, 8, 1))


def test_plan_wide_reminders_stay_relevant() -> None:
    weekly = reminder(ReminderKind.OFFICE_WEEKLY, 202536, unit=OFFICE, role=RecipientRole.OFFICE)
    assert still_relevant(replace(weekly, occurrence_id=None), None, local(2025, 9, 1, 8, 1))


def test_a_returned_notice_goes_only_while_the_work_is_returned() -> None:
    returned = reminder(ReminderKind.RETURNED, 3, at=local(2025, 8, 20, 14, 0))
    now = local(2025, 8, 20, 14, 1)
    assert still_relevant(returned, facts(DUE_30_8, state="returned"), now)
    again = facts(DUE_30_8, state="reported", reported_at=local(2025, 8, 20, 14, 0))
    assert not still_relevant(returned, again, now)


# -- at dispatch: folding ----------------------------------------------------------------------


def test_fold_keeps_the_latest_overdue_notice_per_recipient() -> None:
    notices = [reminder(ReminderKind.OVERDUE, stage) for stage in (1, 2, 3)]
    partner = reminder(ReminderKind.BEFORE_DUE, 3, unit=PARTNER, role=RecipientRole.PARTNER)
    send, superseded = fold([*notices, partner])
    assert send == [notices[2], partner]
    assert superseded == notices[:2]


def test_fold_prefers_the_escalation_to_the_same_unit() -> None:
    # The office leads the task itself: one message about it, the escalation.
    notice = reminder(ReminderKind.OVERDUE, 3, unit=OFFICE)
    escalation = reminder(ReminderKind.ESCALATION, 5, unit=OFFICE, role=RecipientRole.OFFICE)
    head = reminder(ReminderKind.ESCALATION, 5, unit=OFFICE, role=RecipientRole.HEAD)
    send, superseded = fold([notice, escalation, head])
    assert send == [escalation, head]  # the head is a person of their own
    assert superseded == [notice]


def test_fold_prefers_the_nearer_before_due_and_the_due_day() -> None:
    far, near = reminder(ReminderKind.BEFORE_DUE, 7), reminder(ReminderKind.BEFORE_DUE, 1)
    opens = reminder(ReminderKind.WINDOW_START)
    assert fold([opens, far, near]) == ([near], [opens, far])
    due = reminder(ReminderKind.DUE)
    assert fold([near, due]) == ([due], [near])


def test_fold_keeps_occurrences_apart_and_every_action_item() -> None:
    one = reminder(ReminderKind.OVERDUE, 2, occurrence_id=1)
    other = reminder(ReminderKind.OVERDUE, 1, occurrence_id=2)
    returned = reminder(ReminderKind.RETURNED, 4, occurrence_id=1)
    new_plan = reminder(ReminderKind.NEW_PLAN, occurrence_id=None)
    assert fold([one, other, returned, new_plan]) == ([one, other, returned, new_plan], [])


def test_fold_keeps_the_latest_weekly_list() -> None:
    weeks = [
        reminder(
            ReminderKind.OFFICE_WEEKLY,
            stage,
            unit=OFFICE,
            role=RecipientRole.OFFICE,
            occurrence_id=None,
        )
        for stage in (202535, 202536)
    ]
    assert fold(weeks) == ([weeks[1]], [weeks[0]])
