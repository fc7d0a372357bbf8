"""Planning from a quiet start (nothing missed yet): every date below was worked out by hand
from the Vietnamese calendar (weekends; 1/9 and 2/9/2025 Quốc khánh; 1/1/2026; Tết Nguyên đán
2026 closes Monday 16 to Friday 20 February, between two weekends)."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest

from notifiers.message import RecipientRole, ReminderKind
from scheduler.planning.reminders import plan_occurrence
from scheduler.policy import ReminderPolicy
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
)
from workflows.standing import LOCAL_TZ

EARLY = local(2025, 6, 2, 0, 0)  # before every reminder below
EARLY_2026 = local(2025, 12, 1, 0, 0)


def test_so_plan_due_saturday_31_8_is_reminded_friday_and_overdue_after_national_day() -> None:
    # "Trước ngày 31/8/2025": the last on-time day is Saturday 30/8, so the work is due on
    # Friday 29/8 (the due-day reminder); "N working days before" counts back from Friday.
    planned = plan_occurrence(facts(date(2025, 8, 30)), POLICY, CALENDAR, EARLY)
    assert for_unit(planned, LEAD, "lead") == [
        # 7 working days back from Fri 29/8: 28, 27, 26, 25, 22, 21, 20 → Wednesday 20/8
        ("before_due", 7, LEAD, "lead", local(2025, 8, 20)),
        ("before_due", 3, LEAD, "lead", local(2025, 8, 26)),
        ("before_due", 1, LEAD, "lead", local(2025, 8, 28)),
        ("due", 0, LEAD, "lead", local(2025, 8, 29)),
        # 31/8 Sunday, 1/9 and 2/9 holidays: the first overdue notice on Wednesday 3/9
        ("overdue", 1, LEAD, "lead", local(2025, 9, 3)),
        ("overdue", 2, LEAD, "lead", local(2025, 9, 5)),
        ("overdue", 3, LEAD, "lead", local(2025, 9, 9)),
        ("overdue", 4, LEAD, "lead", local(2025, 9, 11)),
        ("overdue", 5, LEAD, "lead", local(2025, 9, 15)),
        ("overdue", 6, LEAD, "lead", local(2025, 9, 17)),
        ("overdue", 7, LEAD, "lead", local(2025, 9, 19)),
        ("overdue", 8, LEAD, "lead", local(2025, 9, 23)),
        ("overdue", 9, LEAD, "lead", local(2025, 9, 25)),
        ("overdue", 10, LEAD, "lead", local(2025, 9, 29)),  # the cap: no 11th notice
    ]
    # 5 working days late: 3, 4, 5, 8, 9 September
    assert for_unit(planned, OFFICE, "office") == [
        ("escalation", 5, OFFICE, "office", local(2025, 9, 9))
    ]
    assert for_unit(planned, LEAD, "head") == [("escalation", 5, LEAD, "head", local(2025, 9, 9))]
    assert for_unit(planned, PARTNER, "partner") == [
        ("before_due", 3, PARTNER, "partner", local(2025, 8, 26))
    ]
    assert len(planned) == 14 + 1 + 1 + 1


def test_reminders_go_at_0800_local_as_utc_instants() -> None:
    planned = plan_occurrence(facts(date(2025, 8, 30)), POLICY, CALENDAR, EARLY)
    first_overdue = next(r for r in planned if r.kind is ReminderKind.OVERDUE)
    assert first_overdue.due_at.tzinfo is UTC
    assert first_overdue.due_at == local(2025, 9, 3).astimezone(UTC)
    assert first_overdue.due_at.hour == 1  # 08:00 at UTC+7
    assert first_overdue.due == date(2025, 8, 30)
    assert first_overdue.task_ref == "I.1"


def test_seed_deadline_before_31_7_due_wednesday_30_7() -> None:
    planned = plan_occurrence(facts(date(2025, 7, 30)), POLICY, CALENDAR, EARLY)
    lead = for_unit(planned, LEAD, "lead")
    assert lead[:7] == [
        ("before_due", 7, LEAD, "lead", local(2025, 7, 21)),
        ("before_due", 3, LEAD, "lead", local(2025, 7, 25)),
        ("before_due", 1, LEAD, "lead", local(2025, 7, 29)),
        ("due", 0, LEAD, "lead", local(2025, 7, 30)),
        ("overdue", 1, LEAD, "lead", local(2025, 7, 31)),
        ("overdue", 2, LEAD, "lead", local(2025, 8, 4)),  # 1/8 Friday, then Monday 4/8
        ("overdue", 3, LEAD, "lead", local(2025, 8, 6)),
    ]
    # late on 31/7, 1/8, 4/8, 5/8, 6/8: the fifth working day late is Wednesday 6/8
    assert for_unit(planned, OFFICE, "office") == [
        ("escalation", 5, OFFICE, "office", local(2025, 8, 6))
    ]


def test_office_leading_its_own_task_hears_the_escalation_not_also_the_notice() -> None:
    # Văn phòng Sở leads I.1 and is the plan's office: on 6/8 one reminder, the escalation.
    planned = plan_occurrence(
        facts(date(2025, 7, 30), leads=(OFFICE,), partners=()), POLICY, CALENDAR, EARLY
    )
    on_6_8 = [row for row in rows(planned) if row[4].date() == date(2025, 8, 6)]
    assert on_6_8 == [
        ("escalation", 5, OFFICE, "head", local(2025, 8, 6)),
        ("escalation", 5, OFFICE, "office", local(2025, 8, 6)),
    ]
    assert ("overdue", 4, OFFICE, "lead", local(2025, 8, 8)) in rows(planned)


def test_seed_deadline_before_18_11_due_monday_17_11() -> None:
    planned = plan_occurrence(facts(date(2025, 11, 17)), POLICY, CALENDAR, EARLY)
    assert for_unit(planned, LEAD, "lead")[:5] == [
        ("before_due", 7, LEAD, "lead", local(2025, 11, 6)),
        ("before_due", 3, LEAD, "lead", local(2025, 11, 12)),
        ("before_due", 1, LEAD, "lead", local(2025, 11, 14)),
        ("due", 0, LEAD, "lead", local(2025, 11, 17)),
        ("overdue", 1, LEAD, "lead", local(2025, 11, 18)),
    ]
    assert for_unit(planned, LEAD, "head") == [("escalation", 5, LEAD, "head", local(2025, 11, 24))]


def test_quarter_iii_window_opens_on_1_7_and_is_due_30_9() -> None:
    planned = plan_occurrence(
        facts(date(2025, 9, 30), start=date(2025, 7, 1)), POLICY, CALENDAR, EARLY
    )
    assert for_unit(planned, LEAD, "lead")[:6] == [
        ("window_start", 0, LEAD, "lead", local(2025, 7, 1)),
        ("before_due", 7, LEAD, "lead", local(2025, 9, 19)),
        ("before_due", 3, LEAD, "lead", local(2025, 9, 25)),
        ("before_due", 1, LEAD, "lead", local(2025, 9, 29)),
        ("due", 0, LEAD, "lead", local(2025, 9, 30)),
        ("overdue", 1, LEAD, "lead", local(2025, 10, 1)),
    ]
    assert for_unit(planned, PARTNER, "partner") == [
        ("window_start", 0, PARTNER, "partner", local(2025, 7, 1)),
        ("before_due", 3, PARTNER, "partner", local(2025, 9, 25)),
    ]


def test_quarter_iv_window_runs_into_new_year_2026() -> None:
    planned = plan_occurrence(
        facts(date(2025, 12, 31), start=date(2025, 10, 1)), POLICY, CALENDAR, EARLY
    )
    assert for_unit(planned, LEAD, "lead")[:7] == [
        ("window_start", 0, LEAD, "lead", local(2025, 10, 1)),
        ("before_due", 7, LEAD, "lead", local(2025, 12, 22)),
        ("before_due", 3, LEAD, "lead", local(2025, 12, 26)),
        ("before_due", 1, LEAD, "lead", local(2025, 12, 30)),
        ("due", 0, LEAD, "lead", local(2025, 12, 31)),
        ("overdue", 1, LEAD, "lead", local(2026, 1, 2)),  # 1/1/2026 is a holiday
        ("overdue", 2, LEAD, "lead", local(2026, 1, 6)),
    ]
    assert for_unit(planned, OFFICE, "office") == [
        ("escalation", 5, OFFICE, "office", local(2026, 1, 8))
    ]
    assert for_unit(planned, PARTNER, "partner") == [
        ("window_start", 0, PARTNER, "partner", local(2025, 10, 1)),
        ("before_due", 3, PARTNER, "partner", local(2025, 12, 26)),
    ]


def test_quarter_i_2026_opens_on_the_first_working_day() -> None:
    planned = plan_occurrence(
        facts(date(2026, 3, 31), start=date(2026, 1, 1)), POLICY, CALENDAR, EARLY_2026
    )
    assert for_unit(planned, LEAD, "lead")[:6] == [
        ("window_start", 0, LEAD, "lead", local(2026, 1, 2)),
        ("before_due", 7, LEAD, "lead", local(2026, 3, 20)),
        ("before_due", 3, LEAD, "lead", local(2026, 3, 26)),
        ("before_due", 1, LEAD, "lead", local(2026, 3, 30)),
        ("due", 0, LEAD, "lead", local(2026, 3, 31)),
        ("overdue", 1, LEAD, "lead", local(2026, 4, 1)),
    ]


def test_quarter_i_2026_planned_during_tet_waits_for_the_first_day_back() -> None:
    # Imported on the first day of Tết: the open window is announced on Monday 23/2.
    during_tet = local(2026, 2, 16, 9, 30)
    planned = plan_occurrence(
        facts(date(2026, 3, 31), start=date(2026, 1, 1)), POLICY, CALENDAR, during_tet
    )
    assert for_unit(planned, LEAD, "lead")[:2] == [
        ("window_start", 0, LEAD, "lead", local(2026, 2, 23)),
        ("before_due", 7, LEAD, "lead", local(2026, 3, 20)),
    ]


def test_february_2026_window_counts_back_over_tet() -> None:
    # "Tháng 2/2026": 1/2 (Sunday) to 28/2 (Saturday).
    planned = plan_occurrence(
        facts(date(2026, 2, 28), start=date(2026, 2, 1)), POLICY, CALENDAR, EARLY_2026
    )
    assert for_unit(planned, LEAD, "lead")[:5] == [
        ("window_start", 0, LEAD, "lead", local(2026, 2, 2)),
        # due Saturday 28/2, so Friday 27/2; back: 26, 25, 24, 23, then over Tết: 13, 12, 11
        ("before_due", 7, LEAD, "lead", local(2026, 2, 11)),
        ("before_due", 3, LEAD, "lead", local(2026, 2, 24)),
        ("before_due", 1, LEAD, "lead", local(2026, 2, 26)),
        ("due", 0, LEAD, "lead", local(2026, 2, 27)),
    ]
    assert for_unit(planned, LEAD, "head") == [("escalation", 5, LEAD, "head", local(2026, 3, 6))]


def test_deadline_inside_tet_is_reminded_before_and_overdue_after() -> None:
    # "Trước ngày 19/02/2026": the last on-time day, 18/2, is the second day of Tết.
    planned = plan_occurrence(facts(date(2026, 2, 18)), POLICY, CALENDAR, EARLY_2026)
    assert for_unit(planned, LEAD, "lead")[:5] == [
        ("before_due", 7, LEAD, "lead", local(2026, 2, 4)),  # counted back from Friday 13/2
        ("before_due", 3, LEAD, "lead", local(2026, 2, 10)),
        ("before_due", 1, LEAD, "lead", local(2026, 2, 12)),
        ("due", 0, LEAD, "lead", local(2026, 2, 13)),  # the last working day before Tết
        ("overdue", 1, LEAD, "lead", local(2026, 2, 23)),  # the first day back
    ]
    assert for_unit(planned, OFFICE, "office") == [
        ("escalation", 5, OFFICE, "office", local(2026, 2, 27))
    ]


def test_nothing_lands_on_a_day_off_over_tet() -> None:
    tet = {date(2026, 2, 14) + timedelta(days=offset) for offset in range(9)}  # 14/2 to 22/2
    for due in (date(2026, 2, 18), date(2026, 2, 24), date(2026, 2, 28), date(2026, 3, 31)):
        planned = plan_occurrence(facts(due, start=date(2026, 1, 1)), POLICY, CALENDAR, EARLY_2026)
        assert planned
        assert not {r.due_at.astimezone(LOCAL_TZ).date() for r in planned} & tet


@pytest.mark.parametrize("state", ["verified", "cancelled"])
def test_closed_occurrences_get_nothing(state: str) -> None:
    closed = facts(date(2025, 8, 30), state=state, reported_at=local(2025, 8, 1))
    assert plan_occurrence(closed, POLICY, CALENDAR, EARLY) == []


def test_undated_occurrences_get_nothing() -> None:
    assert plan_occurrence(facts(None), POLICY, CALENDAR, EARLY) == []


@pytest.mark.parametrize("state", ["in_progress", "returned", "reopened"])
def test_every_other_open_state_is_reminded(state: str) -> None:
    planned = plan_occurrence(facts(date(2025, 7, 30), state=state), POLICY, CALENDAR, EARLY)
    assert for_unit(planned, LEAD, "lead")[0] == ("before_due", 7, LEAD, "lead", local(2025, 7, 21))


def test_partners_hear_only_what_the_policy_lists() -> None:
    only_due = ReminderPolicy(partner_reminders=frozenset({(ReminderKind.DUE, 0)}))
    window = facts(date(2025, 9, 30), start=date(2025, 7, 1), partners=(PARTNER, 21))
    planned = plan_occurrence(window, only_due, CALENDAR, EARLY)
    partner_rows = [row for row in rows(planned) if row[3] == "partner"]
    assert partner_rows == [
        ("due", 0, PARTNER, "partner", local(2025, 9, 30)),
        ("due", 0, 21, "partner", local(2025, 9, 30)),
    ]
    silent = ReminderPolicy(partner_reminders=frozenset())
    assert not [r for r in plan_occurrence(window, silent, CALENDAR, EARLY) if r.role == "partner"]


def test_a_unit_leading_and_partnering_hears_as_lead_only() -> None:
    both = facts(date(2025, 7, 30), leads=(LEAD, 11), partners=(11, PARTNER))
    planned = plan_occurrence(both, POLICY, CALENDAR, EARLY)
    assert {(r.recipient_unit, r.role) for r in planned} == {
        (LEAD, RecipientRole.LEAD),
        (11, RecipientRole.LEAD),
        (PARTNER, RecipientRole.PARTNER),
        (OFFICE, RecipientRole.OFFICE),
        (LEAD, RecipientRole.HEAD),
        (11, RecipientRole.HEAD),
    }


def test_without_an_office_only_heads_hear_the_escalation() -> None:
    planned = plan_occurrence(facts(date(2025, 7, 30), office=None), POLICY, CALENDAR, EARLY)
    escalations = [r for r in planned if r.kind is ReminderKind.ESCALATION]
    assert [(r.recipient_unit, r.role) for r in escalations] == [(LEAD, RecipientRole.HEAD)]


def test_reported_work_waiting_for_verification_reminds_only_the_office() -> None:
    # Reported Monday 4/8/2025 at 15:00 (late), not verified.
    reported = facts(date(2025, 7, 30), state="reported", reported_at=local(2025, 8, 4, 15, 0))
    planned = plan_occurrence(reported, POLICY, CALENDAR, local(2025, 8, 4, 16, 0))
    assert rows(planned) == [
        ("verify_pending", 1, OFFICE, "office", local(2025, 8, 7)),  # 5, 6, 7 August
        ("verify_pending", 2, OFFICE, "office", local(2025, 8, 12)),  # 8, 11, 12
        ("verify_pending", 3, OFFICE, "office", local(2025, 8, 15)),
        ("verify_pending", 4, OFFICE, "office", local(2025, 8, 20)),
        ("verify_pending", 5, OFFICE, "office", local(2025, 8, 25)),  # the cap
    ]


def test_the_report_day_is_the_local_day() -> None:
    # 00:30 on Tuesday 5/8 local is still Monday in UTC: the count starts from Tuesday.
    after_midnight = local(2025, 8, 5, 0, 30)
    assert after_midnight.astimezone(UTC).date() == date(2025, 8, 4)
    reported = facts(date(2025, 7, 30), state="reported", reported_at=after_midnight)
    planned = plan_occurrence(reported, POLICY, CALENDAR, local(2025, 8, 5, 1, 0))
    assert rows(planned)[0] == ("verify_pending", 1, OFFICE, "office", local(2025, 8, 8))


def test_a_monthly_check_in_is_one_due_day_reminder_to_the_lead() -> None:
    # "Thường xuyên", August 2025: due Sunday 31/8, checked in on Friday 29/8; never overdue.
    check_in = facts(date(2025, 8, 31), start=date(2025, 8, 1), check_in=True)
    planned = plan_occurrence(check_in, POLICY, CALENDAR, EARLY)
    assert rows(planned) == [("due", 0, LEAD, "lead", local(2025, 8, 29))]
    late = plan_occurrence(check_in, POLICY, CALENDAR, local(2025, 9, 20))
    assert late == []


def test_a_reported_check_in_needs_no_reminder() -> None:
    reported = facts(
        date(2025, 7, 31),
        start=date(2025, 7, 1),
        check_in=True,
        state="reported",
        reported_at=local(2025, 7, 30, 10, 0),
    )
    assert plan_occurrence(reported, POLICY, CALENDAR, EARLY) == []


def test_another_send_time_moves_every_reminder() -> None:
    half_past_nine = ReminderPolicy(send_at=time(9, 30))
    planned = plan_occurrence(facts(date(2025, 7, 30)), half_past_nine, CALENDAR, EARLY)
    assert {r.due_at.astimezone(LOCAL_TZ).time() for r in planned} == {time(9, 30)}


def test_planning_twice_yields_the_same_keys() -> None:
    window = facts(date(2025, 12, 31), start=date(2025, 10, 1), partners=(PARTNER, 21))
    for now in (EARLY, local(2025, 12, 29, 10, 0), local(2026, 1, 9, 22, 0)):
        first = plan_occurrence(window, POLICY, CALENDAR, now)
        second = plan_occurrence(window, POLICY, CALENDAR, now)
        assert first == second
        assert len({r.key for r in first}) == len(first)


def test_keys_name_the_occurrence_kind_stage_and_recipient() -> None:
    planned = plan_occurrence(facts(date(2025, 7, 30), occurrence_id=42), POLICY, CALENDAR, EARLY)
    assert {r.key for r in planned if r.recipient_unit == PARTNER} == {
        "o42:before_due:3:u20:partner"
    }
    assert "o42:escalation:5:u10:head" in {r.key for r in planned}


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        plan_occurrence(facts(date(2025, 7, 30)), POLICY, CALENDAR, EARLY.replace(tzinfo=None))
