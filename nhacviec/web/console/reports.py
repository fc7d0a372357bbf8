"""The report upward from the console: ``/plans/{id}/report.docx`` and ``.xlsx`` (admin, office
and leader accounts, as the plans' list), at the end of ``?as_of=DD/MM/YYYY`` or now."""

from __future__ import annotations

from datetime import datetime, time

from fastapi import APIRouter, Request
from fastapi.responses import Response

from nhacviec.errors import NotFoundError
from nhacviec.reports.files import ReportFormat, render_report, report_file_name
from nhacviec.services.reports import plan_report
from nhacviec.web import access
from nhacviec.web.console.auth import SignedIn
from nhacviec.web.console.pages import page_language
from workflows.standing import LOCAL_TZ
from workflows.typed_dates import parse_day

router = APIRouter(include_in_schema=False)
DOWNLOADS = (ReportFormat.DOCX, ReportFormat.XLSX)
END_OF_DAY = time(23, 59, 59)


@router.get("/plans/{plan_id}/report.{kind}")
def report_file(
    request: Request, account: SignedIn, plan_id: int, kind: str, as_of: str | None = None
) -> Response:
    access.require_reader(account)
    chosen = next((item for item in DOWNLOADS if item.value == kind), None)
    if chosen is None:
        raise NotFoundError("console.reports.no_such_format", kind=kind)
    instant = (
        datetime.combine(parse_day(as_of), END_OF_DAY, tzinfo=LOCAL_TZ)
        if as_of
        else request.app.state.clock()
    )
    with request.app.state.workspace.reading() as session:
        report = plan_report(session, plan_id, instant)
    content = render_report(report, page_language(request), chosen)
    name = report_file_name(report, chosen)
    return Response(
        content,
        media_type=chosen.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
