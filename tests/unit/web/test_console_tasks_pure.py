"""The task pages' pure parts: the GET form's filters and their links, the month grid, and the
forms a role is offered on an occurrence."""

from __future__ import annotations

from datetime import date

import pytest

from nhacviec.errors import InputError
from nhacviec.services.accounts import Account, AccountRole
from nhacviec.store.tasks import TaskUnits
from nhacviec.web import access
from nhacviec.web.console.calendar import month_of, read_month
from nhacviec.web.console.task_filters import TaskQuery, read_query
from workflows.standing import Bucket
from workflows.workflow import Action, Role, State

NAMED = TaskUnits(lead=frozenset({2}), partners=frozenset({3}))
OFFICE_UNIT = 1


def test_the_form_reads_into_filters_and_back_into_links() -> None:
    query = read_query({"plan": "2", "unit": " Phòng Kinh tế ", "due_within": "7", "bucket": ""})
    assert query == TaskQuery(plan=2, unit="Phòng Kinh tế", due_within=7)
    assert query.link() == "/tasks?plan=2&unit=Ph%C3%B2ng+Kinh+t%E1%BA%BF&due_within=7"
    assert query.link(bucket=Bucket.OPEN_LATE, unit=None).endswith("due_within=7&bucket=open_late")
    paged = read_query({"page": "3", "flagged": "1"})
    assert paged.link(page=4) == "/tasks?flagged=1&page=4"
    assert paged.link(section="II") == "/tasks?section=II&flagged=1"  # a new filter: page 1
    assert read_query({}) == TaskQuery()


@pytest.mark.parametrize(
    ("field", "value"), [("plan", "0"), ("plan", "x"), ("due_within", "3661"), ("page", "²")]
)
def test_a_bad_number_is_refused_with_its_field(field: str, value: str) -> None:
    with pytest.raises(InputError) as refused:
        read_query({field: value})
    assert refused.value.key == "console.tasks.bad_number"
    assert refused.value.params["field"] == field


def test_a_bad_bucket_is_the_cli_sentence() -> None:
    with pytest.raises(InputError) as refused:
        read_query({"bucket": "late"})
    assert refused.value.key == "cli.bad_bucket"


def test_months() -> None:
    today = date(2026, 3, 18)
    assert read_month("", today) == date(2026, 3, 1)
    assert read_month("2026-07", today) == date(2026, 7, 1)
    for bad in ("2026-13", "07/2026", "2026", "abcd-01"):
        with pytest.raises(InputError):
            read_month(bad, today)
    march = month_of(date(2026, 3, 1), [], today)
    assert march.weeks[0][0].day == date(2026, 2, 23)  # weeks from Monday
    assert march.weeks[-1][-1].day == date(2026, 4, 5)
    assert all(len(week) == 7 for week in march.weeks)
    assert [d.day for week in march.weeks for d in week if d.today] == [today]
    assert (march.previous, march.following) == (date(2026, 2, 1), date(2026, 4, 1))
    june = month_of(date(2026, 6, 1), [], today)  # 1 June 2026 is a Monday
    assert june.weeks[0][0].day == date(2026, 6, 1)
    assert june.weeks[-1][-1].day == date(2026, 7, 5)


@pytest.mark.parametrize(
    ("account", "roles"),
    [
        (Account(1, "admin", AccountRole.ADMIN, None), {Role.OFFICE}),
        (Account(2, "office", AccountRole.OFFICE, OFFICE_UNIT), {Role.OFFICE}),
        (Account(3, "elsewhere", AccountRole.OFFICE, 9), set()),
        (Account(4, "leader", AccountRole.LEADER, None), set()),
        (Account(5, "lead", AccountRole.UNIT, 2), {Role.LEAD}),
        (Account(6, "partner", AccountRole.UNIT, 3), {Role.PARTNER}),
        (Account(7, "other", AccountRole.UNIT, 9), set()),
        (Account(8, "the office as a unit", AccountRole.UNIT, OFFICE_UNIT), set()),
    ],
)
def test_roles_in_a_task(account: Account, roles: set[Role]) -> None:
    assert access.roles_in(account, NAMED, OFFICE_UNIT) == roles


def test_the_forms_offered() -> None:
    office, lead = frozenset({Role.OFFICE}), frozenset({Role.LEAD})
    assert access.page_actions(lead, State.ASSIGNED) == (
        Action.START,
        Action.REPORT,
        Action.NOTE,
        Action.EXTEND,  # issue 14
    )
    assert Action.REPORT not in access.page_actions(office, State.ASSIGNED)  # on paper: the CLI
    assert access.page_actions(office, State.REPORTED) == (
        Action.VERIFY,
        Action.RETURN,
        Action.CANCEL,
        Action.NOTE,
        Action.SET_DATE,
        # issue 14 (the page keeps approve/refuse only while a request waits)
        Action.APPROVE_EXTENSION,
        Action.REFUSE_EXTENSION,
        Action.REASSIGN,
        Action.SUSPEND,
    )
    assert access.page_actions(office, State.VERIFIED) == (Action.REOPEN,)
    assert access.page_actions(frozenset({Role.PARTNER}), State.VERIFIED) == ()
    assert access.page_actions(frozenset(), State.ASSIGNED) == ()
