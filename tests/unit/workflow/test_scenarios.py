"""The workflow as people meet it: a task's life, and refusals exactly as they are worded."""

from __future__ import annotations

import pytest

from nhacviec.i18n.workflow import refusal_message
from workflows.workflow import Action, Move, Refusal, Request, Role, State, decide

LEAD = frozenset({Role.LEAD})
PARTNER = frozenset({Role.PARTNER})
OFFICE = frozenset({Role.OFFICE})
OFFICE_AND_LEAD = frozenset({Role.OFFICE, Role.LEAD})
EVIDENCE = "Số 123/BC-SCT"


def move(state: State, roles: frozenset[Role], request: Request) -> Move:
    got = decide(state, roles, request)
    assert isinstance(got, Move), got
    return got


def refusal(state: State, roles: frozenset[Role], request: Request) -> Refusal:
    got = decide(state, roles, request)
    assert isinstance(got, Refusal), got
    return got


def test_a_task_through_its_whole_life() -> None:
    steps = [
        (LEAD, Request(Action.START), State.IN_PROGRESS),
        (PARTNER, Request(Action.NOTE, note="Đã gửi số liệu"), State.IN_PROGRESS),
        (LEAD, Request(Action.REPORT, evidence=EVIDENCE), State.REPORTED),
        (OFFICE, Request(Action.RETURN, note="Thiếu số liệu quý III"), State.RETURNED),
        (LEAD, Request(Action.REPORT, note="Đã bổ sung"), State.REPORTED),
        (OFFICE, Request(Action.VERIFY), State.VERIFIED),
        (OFFICE, Request(Action.REOPEN, note="Thiếu phụ lục"), State.REOPENED),
        (OFFICE, Request(Action.SET_DATE), State.REOPENED),
        (OFFICE, Request(Action.REPORT, evidence="Số 130/BC-SCT", on_behalf=True), State.REPORTED),
        (OFFICE, Request(Action.VERIFY), State.VERIFIED),
    ]
    state = State.ASSIGNED
    for roles, request, expected in steps:
        state = move(state, roles, request).to_state
        assert state is expected


def test_report_instant_is_recorded_and_cleared() -> None:
    reported = move(State.IN_PROGRESS, LEAD, Request(Action.REPORT, note="Xong"))
    returned = move(State.REPORTED, OFFICE, Request(Action.RETURN, note="Thiếu"))
    verified = move(State.REPORTED, OFFICE, Request(Action.VERIFY))
    reopened = move(State.VERIFIED, OFFICE, Request(Action.REOPEN, note="Sai số liệu"))
    assert (reported.records_report, reported.clears_report, reported.closes) == (
        True,
        False,
        False,
    )
    assert (returned.records_report, returned.clears_report, returned.closes) == (
        False,
        True,
        False,
    )
    assert (verified.records_report, verified.clears_report, verified.closes) == (
        False,
        False,
        True,
    )
    assert (reopened.records_report, reopened.clears_report, reopened.closes) == (
        False,
        True,
        False,
    )


def test_an_office_that_also_leads_reports_as_the_lead() -> None:
    got = move(State.ASSIGNED, OFFICE_AND_LEAD, Request(Action.REPORT, note="Xong", on_behalf=True))
    assert got.on_behalf is False


def test_paper_report_recorded_by_the_office_is_marked() -> None:
    got = move(State.ASSIGNED, OFFICE, Request(Action.REPORT, evidence=EVIDENCE, on_behalf=True))
    assert (got.to_state, got.on_behalf, got.records_report) == (State.REPORTED, True, True)


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_blank_words_do_not_count(blank: str) -> None:
    assert refusal(State.REPORTED, OFFICE, Request(Action.RETURN, note=blank)).code == (
        "missing_reason"
    )
    assert refusal(State.ASSIGNED, LEAD, Request(Action.REPORT, blank, blank)).code == (
        "missing_report"
    )


MESSAGES = [
    (
        State.VERIFIED,
        OFFICE,
        Request(Action.REPORT, evidence=EVIDENCE, on_behalf=True),
        "Không thể «báo cáo» khi nhiệm vụ đang ở trạng thái «đã xác nhận». "
        "Các thao tác được phép: mở lại.",
        "Cannot “report” while the task is “verified”. Allowed actions: reopen.",
    ),
    (
        State.IN_PROGRESS,
        LEAD,
        Request(Action.START),
        "Không thể «bắt đầu thực hiện» khi nhiệm vụ đang ở trạng thái «đang thực hiện». "
        "Các thao tác được phép: báo cáo, ghi chú, xin gia hạn, đề nghị đơn vị phối hợp.",
        "Cannot “start” while the task is “in progress”. "
        "Allowed actions: report, add a note, ask for an extension, ask a partner.",
    ),
    (
        State.CANCELLED,
        LEAD,
        Request(Action.NOTE, note="x"),
        "Không thể «ghi chú» khi nhiệm vụ đang ở trạng thái «đã hủy». "
        "Hiện bạn không có thao tác nào khác với nhiệm vụ này.",
        "Cannot “add a note” while the task is “cancelled”. "
        "There is nothing else you can do with this task now.",
    ),
    (
        State.REPORTED,
        LEAD,
        Request(Action.VERIFY),
        "Bạn không có quyền thực hiện thao tác «xác nhận hoàn thành» với nhiệm vụ này; "
        "thao tác này dành cho cơ quan thường trực của kế hoạch.",
        "You may not “verify” this task; that is for the plan's office.",
    ),
    (
        State.REPORTED,
        OFFICE,
        Request(Action.CANCEL),
        "Vui lòng ghi rõ lý do khi «hủy» nhiệm vụ, ví dụ «Nhiệm vụ “nếu có” không phát sinh "
        "trong kỳ».",
        "Please give the reason to “cancel” the task, e.g. “The ‘if any’ task did not arise "
        "this period”.",
    ),
]


@pytest.mark.parametrize(("state", "roles", "request_", "vi", "en"), MESSAGES)
def test_refusal_wording(
    state: State, roles: frozenset[Role], request_: Request, vi: str, en: str
) -> None:
    got = refusal(state, roles, request_)
    assert refusal_message(got) == vi
    assert refusal_message(got, "en") == en


def test_partner_is_told_it_cannot_report_for_the_lead() -> None:
    got = refusal(State.IN_PROGRESS, PARTNER, Request(Action.REPORT, note="x", evidence=EVIDENCE))
    assert refusal_message(got).startswith(
        "Đơn vị phối hợp không được báo cáo thay đơn vị chủ trì."
    )


def test_uninvolved_unit_has_no_right() -> None:
    got = refusal(State.IN_PROGRESS, frozenset(), Request(Action.NOTE, note="x"))
    assert got.code == "not_involved"
    assert "không có quyền" in refusal_message(got)
