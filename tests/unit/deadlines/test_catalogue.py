"""Every reason the reader gives has a Vietnamese and an English message that renders."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from nhacviec.i18n import catalogue, translate
from workflows.deadlines.reader import read_deadline, review_hints
from workflows.deadlines.reasons import ReasonCode
from workflows.importing import read_task
from workflows.plan import IssuerLevel, Period, PlanContext, SourceRef, TaskRow

PLACEHOLDER = re.compile(r"{(\w+)}")


@pytest.mark.parametrize("code", list(ReasonCode))
def test_reason_has_both_languages(code: ReasonCode) -> None:
    texts = catalogue()[f"deadline.reason.{code.value}"]
    assert texts["vi"].strip()
    assert texts["en"].strip()
    assert set(PLACEHOLDER.findall(texts["vi"])) == set(PLACEHOLDER.findall(texts["en"]))


@pytest.mark.parametrize("code", list(ReasonCode))
def test_reason_renders_with_its_params(code: ReasonCode) -> None:
    texts = catalogue()[f"deadline.reason.{code.value}"]
    params = dict.fromkeys(PLACEHOLDER.findall(texts["vi"]), "X")
    for lang in ("vi", "en"):
        rendered = translate(f"deadline.reason.{code.value}", lang, **params)
        assert "{" not in rendered


def test_no_stray_reason_keys() -> None:
    keys = {key for key in catalogue() if key.startswith("deadline.reason.")}
    assert keys == {f"deadline.reason.{code.value}" for code in ReasonCode}


H2_2025 = Period(date(2025, 7, 1), date(2025, 12, 31))
# One cell per reason the reader gives, with the period it is read in.
EXAMPLES: dict[ReasonCode, tuple[str, Period]] = {
    ReasonCode.EMPTY: ("", H2_2025),
    ReasonCode.NO_DATE: ("Theo KH năm", H2_2025),
    ReasonCode.ON_DEMAND: ("đột xuất", H2_2025),
    ReasonCode.UNMATCHED: ("chưa rõ", H2_2025),
    ReasonCode.PARTIAL: ("Quý III để báo cáo", H2_2025),
    ReasonCode.INVALID_DATE: ("29/02", H2_2025),
    ReasonCode.SPREADSHEET_DAY: ("45869", H2_2025),
    ReasonCode.BEFORE_PERIOD: ("Quý II/2025", H2_2025),
    ReasonCode.YEARLESS_BEFORE_PERIOD: ("trước ngày 07/6", H2_2025),
    ReasonCode.NEXT_YEAR: (
        "Báo cáo năm (trước ngày 15/01)",
        Period(date(2025, 7, 1), date(2026, 6, 30)),
    ),
    ReasonCode.QUALIFIER_NOT_MATCHED: ("Quý III đối với UBND cấp xã", H2_2025),
    ReasonCode.CONDITION_IN_NOTE: ("Quý III (sau khi có chủ trương)", H2_2025),
    ReasonCode.START_ONLY: ("Từ 01/7/2025", H2_2025),
    ReasonCode.OPEN_ENDED: ("Năm 2025 và những năm tiếp theo", H2_2025),
    ReasonCode.MILESTONE: ("thường xuyên; riêng năm 2025 hoàn thành trong quý IV", H2_2025),
    ReasonCode.REFERENCE: ("Thông báo số 1/TB-UBND ngày 17/12/2025", H2_2025),
    ReasonCode.ASSUMED_CADENCE: ("Định kỳ", H2_2025),
    ReasonCode.UNSUPPORTED_CADENCE: ("Hàng tuần", H2_2025),
    ReasonCode.MIXED: ("Quý IV, sau khi có hướng dẫn", H2_2025),
    ReasonCode.EVENT_UNIT_MISSING: ("trong vòng 05 sau khi Bộ công bố", H2_2025),
}
HINTS = {
    ReasonCode.EVENT_IN_TEXT: "sau khi có hướng dẫn của Bộ",
    ReasonCode.CONDITION_IN_TEXT: "Văn bản (nếu có)",
}


# Reasons the importer gives a whole row rather than its time cell.
ROW_REASONS = {ReasonCode.NO_LEAD, ReasonCode.PERIOD_GUESSED, ReasonCode.TIME_IN_SENTENCE}


def test_every_reason_has_an_example() -> None:
    assert EXAMPLES.keys() | HINTS.keys() | ROW_REASONS == set(ReasonCode)


def test_a_row_without_a_lead_is_flagged() -> None:
    fields = ("section", "section_title", "number", "objective", "task", "activity")
    more = ("product", "lead", "partners", "budget", "notes")
    blank: dict[str, Any] = dict.fromkeys(fields + more, "")
    row = TaskRow(**blank, time_text="Quý IV", source=SourceRef(None, 1))
    task = read_task(row, PlanContext(H2_2025, IssuerLevel.SO), None)
    assert [r.code for r in task.schedule.reasons] == [ReasonCode.NO_LEAD.value]
    assert task.schedule.needs_review


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_the_reader_gives_the_params_its_message_needs(code: ReasonCode) -> None:
    text, period = EXAMPLES[code]
    schedule = read_deadline(text, PlanContext(period, IssuerLevel.SO))
    (given,) = [r for r in schedule.reasons if r.code == code.value]
    template = catalogue()[f"deadline.reason.{code.value}"]["vi"]
    assert set(given.params) == set(PLACEHOLDER.findall(template))


@pytest.mark.parametrize("code", sorted(HINTS))
def test_hints_give_the_params_their_message_needs(code: ReasonCode) -> None:
    (given,) = review_hints([HINTS[code]])
    assert given.code == code.value
    template = catalogue()[f"deadline.reason.{code.value}"]["vi"]
    assert set(given.params) == set(PLACEHOLDER.findall(template))
