"""``/deliveries`` (admin, office): the outbox, filtered by status and channel, a page at a
time, and the dead letters with «Gửi lại» (the CLI's ``nhacviec reminders resend``); below it
the scheduled reports' own outbox, a dead one with «Gửi lại» too."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from nhacviec.i18n import translate
from nhacviec.reports.scheduled import period_words
from nhacviec.web.console import auth
from nhacviec.web.console.auth import SignedIn
from nhacviec.web.console.deliveries_service import STATUSES, DeliveryDesk
from nhacviec.web.console.pages import page_language, render
from scheduler.report_plan import Cadence

router = APIRouter(include_in_schema=False)
BADGES = {"sent": "ok", "dead": "bad"}  # the others: plain


def _desk(request: Request) -> DeliveryDesk:
    return DeliveryDesk(request.app.state.workspace, request.app.state.clock)


@router.get("/deliveries")
def outbox(
    request: Request,
    account: SignedIn,
    status: Annotated[str, Query(max_length=20)] = "",
    channel: Annotated[str, Query(max_length=20)] = "",
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
) -> Response:
    wanted = status if status in STATUSES else None
    shown = _desk(request).outbox(account, wanted, channel or None, page)
    filters = {"status": wanted or "", "channel": channel}
    return render(
        request,
        "deliveries.html",
        o=shown,
        status=wanted or "",
        channel=channel,
        statuses=STATUSES,
        badges=BADGES,
        here=_link(filters, shown.page),
        link=lambda number: _link(filters, number),
        period=lambda line: period_words(
            Cadence(line.report.cadence), line.report.period, page_language(request)
        ),
    )


@router.post("/deliveries/{reminder_id:int}/resend")
def resend(
    request: Request,
    account: SignedIn,
    reminder_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    back: Annotated[str, Form(max_length=2000)] = "/deliveries",
) -> Response:
    _desk(request).resend(account, reminder_id)
    return _back_with(request, "console.deliveries.resent", reminder_id, back)


@router.post("/deliveries/reports/{report_id:int}/resend")
def resend_report(
    request: Request,
    account: SignedIn,
    report_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    back: Annotated[str, Form(max_length=2000)] = "/deliveries",
) -> Response:
    """A dead scheduled report back in its outbox (as «Gửi lại» does for a reminder)."""
    _desk(request).resend_report(account, report_id)
    return _back_with(request, "console.deliveries.report_resent", report_id, back)


def _back_with(request: Request, key: str, resent_id: int, back: str) -> Response:
    """Back to the deliveries page (``back`` only when it is one of its own addresses), with
    the sentence ``key`` saying what was put back in the outbox."""
    cookie = request.cookies.get(auth.SESSION_COOKIE, "")
    auth.desk(request).leave_message(cookie, translate(key, page_language(request), id=resent_id))
    target = back if back.startswith("/deliveries") else "/deliveries"
    return RedirectResponse(target, status_code=303)


def _link(filters: dict[str, str], page: int) -> str:
    params = {name: value for name, value in filters.items() if value}
    if page > 1:
        params["page"] = str(page)
    return f"/deliveries?{urlencode(params)}" if params else "/deliveries"
