"""The tasks' pages: ``/tasks`` (the four standings by plan, section and unit, the filters, the
list) and ``/tasks/calendar`` (a month of due dates). Every role; a unit account sees its own
unit's tasks only."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from nhacviec.web.console.auth import SignedIn
from nhacviec.web.console.calendar import month_of, read_month
from nhacviec.web.console.pages import render
from nhacviec.web.console.task_filters import read_query
from nhacviec.web.console.tasks_service import TaskDesk
from workflows.standing import LOCAL_TZ, Bucket

router = APIRouter(include_in_schema=False)
BADGES = {
    Bucket.DONE_ON_TIME: "ok",
    Bucket.DONE_LATE: "warn",
    Bucket.OPEN_ON_TIME: "plain",
    Bucket.OPEN_LATE: "bad",
}


def task_desk(request: Request) -> TaskDesk:
    return TaskDesk(request.app.state.workspace, request.app.state.clock)


@router.get("/tasks")
def task_list(request: Request, account: SignedIn) -> Response:
    query = read_query(request.query_params)
    overview = task_desk(request).overview(account, query)
    return render(request, "tasks.html", o=overview, q=query, buckets=list(Bucket), badges=BADGES)


@router.get("/tasks/calendar")
def calendar(request: Request, account: SignedIn, month: str = "") -> Response:
    today = request.app.state.clock().astimezone(LOCAL_TZ).date()
    first = read_month(month, today)
    query = read_query(request.query_params)
    statuses = task_desk(request).statuses(account, query)
    shown = month_of(first, statuses, today)

    def month_link(day: date) -> str:
        base = query.link("/tasks/calendar")
        return f"{base}{'&' if '?' in base else '?'}month={day.year:04d}-{day.month:02d}"

    return render(request, "calendar.html", m=shown, q=query, badges=BADGES, month_link=month_link)
