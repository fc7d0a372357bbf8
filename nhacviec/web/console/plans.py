"""The plans' pages: the list, the upload form, and a kept file's reading to check, correct,
import or cancel. Each route parses the request and calls one ``PlanDesk`` method."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from nhacviec.errors import InputError, NhacviecError, UploadTooLarge
from nhacviec.i18n import translate
from nhacviec.i18n.amendments import notice_lines, summarize
from nhacviec.i18n.errors import render_error
from nhacviec.services.kept_documents import Decided, Decision
from nhacviec.web import access
from nhacviec.web.console import auth, plan_views
from nhacviec.web.console.auth import SignedIn
from nhacviec.web.console.pages import page_language, render
from nhacviec.web.console.plans_service import PlanDesk, Upload
from nhacviec.web.errors import status_of
from nhacviec.web.uploads import CHUNK, saved_upload
from workflows.corrections import TaskCorrection
from workflows.standing import Bucket

router = APIRouter(include_in_schema=False)
PASTED_NAME = "van-ban-dan.txt"  # pasted text is read as a text file of this name
MAX_PASTED = 2_000_000  # characters: far above any plan, far below the upload limit


def desk(request: Request) -> PlanDesk:
    return PlanDesk(request.app.state.workspace, request.app.state.clock)


@router.get("/plans")
def plans_page(request: Request, account: SignedIn) -> Response:
    rows, waiting = desk(request).plans(account)
    writer = account.role in access.WRITERS
    return render(request, "plans.html", rows=rows, waiting=waiting, writer=writer, buckets=Bucket)


@router.get("/plans/upload")
def upload_page(request: Request, account: SignedIn) -> Response:
    access.require_writer(account)
    return render(request, "plan_upload.html", sentence=None, amends="")


@router.post("/plans/upload")
def upload(
    request: Request,
    account: SignedIn,
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str, Form(max_length=MAX_PASTED)] = "",
    amends: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    access.require_writer(account)
    try:
        upload = _upload(request, file, text, amends)
        document_id = desk(request).keep(account, upload)
    except NhacviecError as exc:
        sentence = render_error(exc, page_language(request))
        return render(request, "plan_upload.html", status_of(exc), sentence=sentence, amends=amends)
    return RedirectResponse(f"/plans/uploads/{document_id}", status_code=303)


@router.get("/plans/uploads/{document_id}")
def kept_page(request: Request, account: SignedIn, document_id: int) -> Response:
    lang = page_language(request)
    view = desk(request).kept(account, document_id)
    context: dict[str, object] = {"view": view, "rows": [], "names": [], "diff": None}
    if view.reading is not None and view.original is not None:
        directory = view.reading.directory
        context["rows"] = plan_views.rows(
            view.original, view.reading.parsed, view.corrections, directory, lang
        )
        context["names"] = plan_views.directory_names(directory)
        context["has_directory"] = directory is not None
    if view.diff is not None:
        context["diff"] = plan_views.diff_lines(view.diff, lang)
    return render(request, "plan_reading.html", **context)


@router.post("/plans/uploads/{document_id}/rows/{position}")
async def correct(request: Request, account: SignedIn, document_id: int, position: int) -> Response:
    form = await request.form()
    correction = _correction(
        [str(v) for v in form.getlist("lead")],
        [str(v) for v in form.getlist("partners")],
        str(form.get("due") or ""),
        form.get("no_deadline") is not None,
        form.get("reset") is not None,
    )
    await run_in_threadpool(desk(request).correct, account, document_id, position, correction)
    return RedirectResponse(f"/plans/uploads/{document_id}#row-{position}", status_code=303)


@router.post("/plans/uploads/{document_id}/confirm")
def confirm(request: Request, account: SignedIn, document_id: int) -> Response:
    decided = desk(request).decide(account, document_id, accept=True)
    _leave(request, decided_sentence(decided, page_language(request).value))
    target = f"/plans#plan-{decided.plan_id}" if decided.plan_id else "/plans"
    return RedirectResponse(target, status_code=303)


@router.post("/plans/uploads/{document_id}/cancel")
def cancel(request: Request, account: SignedIn, document_id: int) -> Response:
    decided = desk(request).decide(account, document_id, accept=False)
    _leave(request, decided_sentence(decided, page_language(request).value))
    return RedirectResponse("/plans", status_code=303)


def decided_sentence(decided: Decided, lang: str) -> str:
    """What the decision did, in the CLI's and the bot's words."""
    if decided.decision is Decision.CANCELLED:
        return translate("console.plans.cancelled", lang)
    if decided.decision is Decision.ALREADY:
        return translate(
            "import.already_imported", lang, plan_id=decided.plan_id, source=decided.source
        )
    if decided.decision is Decision.AMENDED:
        assert decided.diff is not None
        summary = " ".join([summarize(decided.diff, lang), *notice_lines(decided.diff, lang)])
        return translate(
            "bot.document.amended",
            lang,
            plan=decided.plan_id,
            version=decided.version,
            summary=summary,
        )
    assert decided.parsed is not None
    tasks = decided.parsed.tasks
    return translate(
        "import.imported",
        lang,
        plan_id=decided.plan_id,
        tasks=len(tasks),
        occurrences=sum(len(task.schedule.occurrences) for task in tasks),
        review=sum(task.schedule.needs_review for task in tasks),
    )


def _upload(request: Request, file: UploadFile | None, text: str, amends: str) -> Upload:
    plan = _amends(amends)
    limit_mb: int = request.app.state.max_upload_mb
    if file is not None and file.filename:
        with saved_upload(file.file, file.filename, limit_mb) as path:
            return Upload(path.name, path.read_bytes(), plan)
    pasted = text.replace("\r\n", "\n").strip()  # a browser sends CRLF line ends
    if not pasted:
        raise InputError("console.plans.nothing_sent")
    content = (pasted + "\n").encode("utf-8")
    if len(content) > limit_mb * CHUNK:
        raise UploadTooLarge(limit_mb)
    return Upload(PASTED_NAME, content, plan)


def _amends(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) < 2**31:
        raise InputError("console.plans.bad_plan_number", value=value)
    return int(value)


def _correction(
    lead: list[str], partners: list[str], due: str, no_deadline: bool, reset: bool
) -> TaskCorrection:
    if reset:
        return TaskCorrection()
    return TaskCorrection(
        lead=tuple(lead) or None,
        partners=tuple(partners) or None,
        due=_date(due) if due.strip() and not no_deadline else None,
        no_deadline=no_deadline,
    )


def _date(value: str) -> date:
    """A typed date: 2025-12-31 (a date field) or 31/12/2025 (as offices write it)."""
    value = value.strip()
    for shape in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, shape).date()
        except ValueError:
            continue
    raise InputError("console.plans.bad_date", value=value)


def _leave(request: Request, sentence: str) -> None:
    auth.desk(request).leave_message(request.cookies.get(auth.SESSION_COOKIE, ""), sentence)
