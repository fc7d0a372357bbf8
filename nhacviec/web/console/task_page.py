"""One task's page (``/tasks/{id}``): its occurrences, history, evidence and notes, and the
moves the account may make, as forms posted to ``/tasks/{id}/actions``: through the API's own
path (``WebService.act``: ``access`` then ``services.tasks``). A refused move shows the CLI's
and the bot's sentence beside its form (409); a forbidden one is a 403 page."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from nhacviec.errors import ConflictError, InputError, NotFoundError, RefusedError
from nhacviec.i18n import Language, translate
from nhacviec.i18n.errors import render_error
from nhacviec.i18n.extensions import deadline_lines
from nhacviec.i18n.workflow import action_name, state_name
from nhacviec.services.evidence import Upload
from nhacviec.web.console import auth
from nhacviec.web.console.auth import SignedIn
from nhacviec.web.console.pages import page_language, render
from nhacviec.web.console.tasks import BADGES, task_desk
from nhacviec.web.console.tasks_service import TaskPage
from nhacviec.web.errors import status_of
from nhacviec.web.evidence_http import evidence_web
from nhacviec.web.service import ActionBody, WebService
from workflows.workflow import Action, State

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=4000)]
Day = Annotated[str, Form(max_length=40)]
TaskId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Seq = Annotated[int | None, Query(ge=1, le=10**6)]


@dataclass(frozen=True)
class Sent:
    """A form as it was sent, shown again with the sentence that refused it."""

    occurrence: int
    action: str
    note: str = ""
    evidence: str = ""
    date: str = ""
    start: str = ""
    sentence: str = ""
    unit: str = ""


@router.get("/tasks/{task_id:int}")
def task_page(request: Request, account: SignedIn, task_id: TaskId, occ: Seq = None) -> Response:
    page = task_desk(request).task_page(account, task_id, occ)
    deadlines = _deadlines(page, page_language(request))
    extras = evidence_web(request).extras(account, task_id)
    return render(
        request,
        "task.html",
        page=page,
        badges=BADGES,
        sent=None,
        deadlines=deadlines,
        extras=extras,
    )


@router.post("/tasks/{task_id:int}/actions")
def act(
    request: Request,
    account: SignedIn,
    task_id: TaskId,
    occurrence: Annotated[int, Form(ge=1, le=2**31 - 1)],
    action: Annotated[str, Form(max_length=20)],
    note: Text = "",
    evidence: Text = "",
    date: Day = "",
    start: Day = "",
    unit: Annotated[str, Form(max_length=500)] = "",
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006 (FastAPI copies a default)
) -> Response:
    body = ActionBody(action, note, evidence, date, start, unit)
    lang = page_language(request)
    uploads = [Upload(f.filename or "", f.file.read()) for f in files if f.filename]
    try:
        if uploads:  # a report with files: the files are checked and kept with it
            done = evidence_web(request).report(account, occurrence, note, evidence, uploads)
        else:
            done = _service(request).act(account, occurrence, body)
    except (RefusedError, ConflictError, InputError) as exc:
        if isinstance(exc, NotFoundError):
            raise
        sentence = render_error(exc, lang)
        sent = Sent(occurrence, action, note, evidence, date, start, sentence, unit)
        return again(request, account, task_id, sent, status_of(exc))
    cookie = request.cookies.get(auth.SESSION_COOKIE, "")
    auth.desk(request).leave_message(cookie, done_sentence(done, lang))
    return RedirectResponse(f"/tasks/{done['task']}?occ={done['seq']}", status_code=303)


def again(request: Request, account: SignedIn, task_id: int, sent: Sent, status: int) -> Response:
    """The task page again, focused on the refused form's occurrence, the sentence beside it."""
    page = task_desk(request).task_page(account, task_id)
    mine = next((o for o in page.status.occurrences if o.occurrence.id == sent.occurrence), None)
    if mine is not None:
        page = replace(page, focus=mine)
    deadlines = _deadlines(page, page_language(request))
    extras = evidence_web(request).extras(account, task_id)
    return render(
        request,
        "task.html",
        status,
        page=page,
        badges=BADGES,
        sent=sent,
        deadlines=deadlines,
        extras=extras,
    )


def _deadlines(page: TaskPage, lang: Language) -> list[str]:
    """Issue 14: each occurrence's deadline history and extension requests, as sentences."""
    return [
        line
        for found in page.deadlines
        for line in deadline_lines(found.label, found.history, found.requests, lang)
    ]


def done_sentence(done: dict[str, object], lang: Language) -> str:
    """What changed, in the catalogue's words (the page shows it once, after the redirect)."""
    seq = int(str(done["seq"]))
    ref = str(done["ref"]) if seq == 1 else f"{done['ref']} ({seq})"
    action = Action(str(done["action"]))
    if action is Action.NOTE:
        return translate("console.task.noted", lang, ref=ref)
    if action is Action.SET_DATE:
        due = str(done.get("due") or "")
        shown = "/".join(reversed(due.split("-"))) if due else ""
        return translate("console.task.dated", lang, ref=ref, due=shown)
    state = state_name(State(str(done["state"])), lang)
    named = action_name(action, lang)
    return translate("console.task.moved", lang, ref=ref, action=named, state=state)


def _service(request: Request) -> WebService:
    found: WebService = request.app.state.service
    return found
