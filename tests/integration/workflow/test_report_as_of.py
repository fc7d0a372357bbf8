"""A report «as of» a past day tells that day's truth (issue 12): a plan's half-year is lived
through the real use cases on a moving clock, the report of each day is generated ON that day
and kept; once the half-year is over, the report as of each of those days is generated again
and must say exactly what was said then — the standings, the overdue list, the ranking, the
leads, every occurrence's state and date, and ``tasks --json`` (the same replay)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import docx
import pytest
import time_machine
from sqlmodel import Session

from config.settings import Settings
from nhacviec.app import App
from nhacviec.results import task_json
from nhacviec.services import extensions
from nhacviec.services import tasks as operations
from nhacviec.services.amend import amend
from nhacviec.services.importing import read_plan_file, store_readings
from nhacviec.services.queries import TaskFilter, extras_of, task_statuses
from nhacviec.services.reports import PlanReport, plan_report, unit_scorecards
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store.models import Task
from nhacviec.store.plans import get_plan
from nhacviec.store.tasks import plan_of
from workflows.standing import LOCAL_TZ
from workflows.workflow import Action, Request

OFFICE = "Văn phòng"
PLANNING = "Phòng Kế hoạch"
ROWS = [  # TT, task, lead, time
    ("1", "Ban hành kế hoạch", OFFICE, "Trước ngày 31/7/2025"),  # due 30/07
    ("2", "Tuyên truyền", OFFICE, "Quý III, IV"),  # due 30/09 and 31/12
    ("3", "Rà soát văn bản", PLANNING, "Trước ngày 18/11/2025"),  # due 17/11
    ("4", "Kiểm tra", OFFICE, "Trước ngày 01/10/2025"),  # due 30/09
    ("5", "Hội nghị", OFFICE, "Tháng 8/2025"),  # due 31/08
    ("6", "Tổng kết", PLANNING, "Trước ngày 15/9/2025"),  # due 14/09
]


def _plan(
    folder: Path, rows: list[tuple[str, str, str, str]] = ROWS, name: str = "ke-hoach"
) -> Path:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện nhiệm vụ 06 tháng cuối năm 2025")
    table = document.add_table(rows=len(rows) + 1, cols=4)
    for row, texts in zip(
        table.rows, [("TT", "Nhiệm vụ", "Chủ trì", "Thời gian"), *rows], strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    path = folder / f"{name}.docx"
    document.save(str(path))
    return path


def _at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=LOCAL_TZ)


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=LOCAL_TZ)


Step = Callable[[Session, datetime], object]


def _as(session: Session, task: Task, unit: str) -> Actor:
    return Actor(operations.find_unit_id(session, unit, plan_of(session, task)), Channel.CLI)


def _move(
    ref: str, action: Action, unit: str = OFFICE, seq: int | None = None, **words: str
) -> Step:
    def step(session: Session, now: datetime) -> object:
        task = operations.find_task(session, ref, 1)
        request = Request(
            action, note=words.get("note", "ghi chú"), evidence=words.get("evidence", "")
        )
        return operations.act(
            session, task, request, _as(session, task, unit), now, occurrence_seq=seq
        )

    return step


def _ask_extension(ref: str, until: date) -> Step:
    def step(session: Session, now: datetime) -> object:
        task = operations.find_task(session, ref, 1)
        actor = _as(session, task, OFFICE)
        return extensions.request_extension(
            session, task, until, "thiếu số liệu", actor, now, cap=2
        )

    return step


def _grant(ref: str) -> Step:
    def step(session: Session, now: datetime) -> object:
        task = operations.find_task(session, ref, 1)
        return extensions.approve_extension(session, task, _as(session, task, OFFICE), now)

    return step


def _reassign(ref: str, to: str) -> Step:
    def step(session: Session, now: datetime) -> object:
        task = operations.find_task(session, ref, 1)
        return extensions.reassign(
            session, task, to, "đổi chủ trì", _as(session, task, OFFICE), now
        )

    return step


def _suspend(ref: str) -> Step:
    def step(session: Session, now: datetime) -> object:
        task = operations.find_task(session, ref, 1)
        return extensions.suspend(session, task, "chờ kinh phí", _as(session, task, OFFICE), now)

    return step


def _resume(ref: str) -> Step:
    def step(session: Session, now: datetime) -> object:
        task = operations.find_task(session, ref, 1)
        return extensions.resume(session, task, "đã có kinh phí", _as(session, task, OFFICE), now)

    return step


def _return_for_redo(ref: str, redo_by: date, seq: int | None = None) -> Step:
    def step(session: Session, now: datetime) -> object:
        task = operations.find_task(session, ref, 1)
        actor = _as(session, task, OFFICE)
        return extensions.return_for_redo(
            session, task, "thiếu số liệu", actor, now, redo_by=redo_by, occurrence_seq=seq
        )

    return step


def _set_date(ref: str, due: date) -> Step:
    def step(session: Session, now: datetime) -> object:
        task = operations.find_task(session, ref, 1)
        return operations.set_date(session, task, due, _as(session, task, OFFICE), now)

    return step


# The half-year: a report in time and verified, a late report returned then redone, a
# reassignment, an extension granted then used, a suspension and its resumption, work left to
# run late, a date moved by the office, a report on paper, a cancellation.
HISTORY: list[tuple[datetime, Step]] = [
    (_at(7, 28), _move("1", Action.REPORT, evidence="Số 12/BC-VP")),
    (_at(7, 29), _move("1", Action.VERIFY)),
    (_at(8, 15), _suspend("5")),
    (_at(9, 1), _reassign("3", OFFICE)),
    (_at(9, 5), _resume("5")),
    (_at(9, 10), _move("3", Action.START)),
    (_at(9, 20), _ask_extension("4", date(2025, 10, 31))),
    (_at(9, 21), _grant("4")),
    (_at(10, 2), _move("2", Action.REPORT, seq=1, evidence="Số 40/BC-VP")),
    (_at(10, 3), _return_for_redo("2", date(2025, 10, 10), seq=1)),
    (_at(10, 6), _move("2", Action.REPORT, seq=1)),
    (_at(10, 7), _move("2", Action.VERIFY, seq=1)),
    (_at(10, 9), _move("5", Action.REPORT)),
    (_at(10, 20), _set_date("6", date(2025, 10, 25))),
    (_at(10, 25), _move("4", Action.REPORT, evidence="Số 77/BC-VP")),
    (_at(10, 28), _move("5", Action.CANCEL)),
    (_at(11, 3), _move("4", Action.RETURN)),
    (_at(11, 12), _move("3", Action.REPORT)),
    (_at(11, 13), _move("3", Action.VERIFY)),
]


@dataclass(frozen=True)
class Said:
    """What a report said, in values that compare (no row objects)."""

    report: tuple[Any, ...]
    occurrences: tuple[tuple[Any, ...], ...]
    scores: tuple[Any, ...]
    tasks_json: list[dict[str, Any]]


def _said(session: Session, as_of: datetime) -> Said:
    report: PlanReport = plan_report(session, 1, as_of)
    statuses = task_statuses(session, as_of, TaskFilter(plan_id=1))
    occurrences = tuple(
        (
            status.view.task.ref,
            status.view.lead,
            status.state,
            item.occurrence.seq,
            item.state,
            item.bucket,
            item.occurrence.due_date,
            item.occurrence.start_date,
            item.occurrence.in_period,
            item.extended,
            item.suspended,
            item.occurrence.reported_at,
            item.occurrence.verified_at,
            item.occurrence.suspended_at,
        )
        for status in report.statuses
        for item in status.occurrences
    )
    return Said(
        report=(
            report.total,
            report.sections,
            report.units,
            report.overdue,
            report.evidence,
            report.undated,
            report.scorecards,
        ),
        occurrences=occurrences,
        scores=tuple(unit_scorecards(session, 1, as_of)),
        tasks_json=[task_json(s, extras_of(session, statuses)) for s in statuses],
    )


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> App:
    app = App(Settings(database_url=database_url))
    with time_machine.travel(_at(7, 10, 8), tick=False), app.transaction() as session:
        reading = read_plan_file(_plan(tmp_path))
        store_readings(session, [reading], now=_at(7, 10, 8), office=OFFICE)
    return app


def test_a_report_as_of_a_past_day_says_what_it_said_that_day(app: App) -> None:
    kept: dict[date, Said] = {}
    days = sorted(
        {when.date() for when, _ in HISTORY}
        | {date(2025, 7, 10), date(2025, 8, 20), date(2025, 9, 16)}
    )
    for day in days:
        for when, step in HISTORY:
            if when.date() == day:
                with time_machine.travel(when, tick=False), app.transaction() as session:
                    step(session, when)
        with time_machine.travel(_end_of(day), tick=False), app.reading() as session:
            kept[day] = _said(session, _end_of(day))

    with time_machine.travel(_at(12, 1), tick=False), app.reading() as session:
        for day, then in kept.items():
            assert _said(session, _end_of(day)) == then, day
        today = _said(session, _at(12, 1))
    app.close()

    # The history did change the standings: the past is not the present told again.
    assert kept[date(2025, 7, 10)].occurrences != today.occurrences
    states = {
        day: {(o[0], o[3]): o[4].value for o in said.occurrences} for day, said in kept.items()
    }
    assert states[date(2025, 9, 16)][("5", 1)] == "assigned"  # resumed, cancelled only in October
    assert states[date(2025, 8, 20)][("5", 1)] == "suspended"
    assert states[date(2025, 10, 3)][("2", 1)] == "returned"
    assert states[date(2025, 10, 25)][("4", 1)] == "reported"
    leads = {day: {o[0]: o[1] for o in said.occurrences} for day, said in kept.items()}
    assert leads[date(2025, 7, 29)]["3"] == (PLANNING,)
    assert leads[date(2025, 9, 1)]["3"] == (OFFICE,)
    dues = {day: {(o[0], o[3]): o[6] for o in said.occurrences} for day, said in kept.items()}
    assert dues[date(2025, 9, 20)][("4", 1)] == date(2025, 9, 30)
    assert dues[date(2025, 9, 21)][("4", 1)] == date(2025, 10, 31)


# The plan amended on 01/11: task 6 dropped (its work cancelled), task 3 due later, a new task.
AMENDED = [
    *(row for row in ROWS if row[0] not in {"3", "6"}),
    ("3", "Rà soát văn bản", PLANNING, "Trước ngày 16/12/2025"),  # due 15/12
    ("7", "Sơ kết công tác cải cách hành chính năm 2025", OFFICE, "Tháng 12/2025"),
]


def _standing(session: Session, as_of: datetime) -> tuple[Any, ...]:
    """The report's figures and each occurrence's state, date and bucket by task id (an
    amendment rewrites refs and words, which the log does not keep)."""
    report = plan_report(session, 1, as_of)
    items = sorted(
        (
            status.view.task.id or 0,
            item.occurrence.seq,
            item.state,
            item.occurrence.due_date,
            item.bucket,
        )
        for status in report.statuses
        for item in status.occurrences
    )
    return report.total, tuple(items), tuple(report.scorecards)


def test_an_amendment_after_the_day_is_not_in_that_days_report(app: App, tmp_path: Path) -> None:
    kept: dict[date, tuple[Any, ...]] = {}
    for when, step in HISTORY[:8]:  # up to the extension granted on 21/09
        with time_machine.travel(when, tick=False), app.transaction() as session:
            step(session, when)
    day = date(2025, 10, 15)
    with time_machine.travel(_end_of(day), tick=False), app.reading() as session:
        kept[day] = _standing(session, _end_of(day))
    amended_at = _at(11, 1)
    with time_machine.travel(amended_at, tick=False), app.transaction() as session:
        plan = get_plan(session, 1)
        assert plan is not None
        reading = read_plan_file(_plan(tmp_path, AMENDED, "ke-hoach-sua-doi"))
        actor = Actor(plan.office_unit_id, Channel.CLI)
        done = amend(session, plan, reading, actor, amended_at, cancel_reason="Bãi bỏ")
        assert done.applied

    with time_machine.travel(_at(12, 1), tick=False), app.reading() as session:
        assert _standing(session, _end_of(day)) == kept[day]
        now = _standing(session, _at(12, 1))
    app.close()
    # The amendment did change the plan: a task more, one cancelled, one later.
    assert now[0].tasks == kept[day][0].tasks + 1
    assert now != kept[day]
