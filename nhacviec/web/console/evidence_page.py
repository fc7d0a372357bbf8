"""The task page's evidence files and partner requests: a file's download (``/evidence/{id}``,
the office's), the lead's request to a partner (``/tasks/{id}/ask``) and the partner's answer
(``/tasks/{id}/answer``), through ``nhacviec.web.evidence.EvidenceWeb``. A refused form shows
the task page again with the sentence (as the moves' forms do)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from nhacviec.errors import InputError, NotFoundError, RefusedError
from nhacviec.i18n import translate
from nhacviec.i18n.errors import render_error
from nhacviec.web.console import auth
from nhacviec.web.console.auth import SignedIn
from nhacviec.web.console.pages import page_language
from nhacviec.web.console.task_page import Sent, again
from nhacviec.web.errors import status_of
from nhacviec.web.evidence_http import download_response, evidence_web, read_uploads

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str, Form(max_length=4000)]
Files = Annotated[list[UploadFile], File()]


@router.get("/evidence/{link_id:int}")
def download(request: Request, account: SignedIn, link_id: Id) -> Response:
    return download_response(evidence_web(request).download(account, link_id))


@router.post("/tasks/{task_id:int}/ask")
def ask(
    request: Request,
    account: SignedIn,
    task_id: Id,
    occurrence: Annotated[int, Form(ge=1, le=2**31 - 1)],
    partner: Annotated[int, Form(ge=1, le=2**31 - 1)],
    date: Annotated[str, Form(max_length=40)] = "",
    text: Text = "",
) -> Response:
    lang = page_language(request)
    try:
        done = evidence_web(request).ask(account, task_id, partner, date, text)
    except (RefusedError, InputError) as exc:
        if isinstance(exc, NotFoundError):
            raise
        sent = Sent(occurrence, "ask", text, date=date, sentence=render_error(exc, lang))
        return again(request, account, task_id, sent, status_of(exc))
    return _back(request, done["task"], done["seq"], translate("evidence.console.asked", lang))


@router.post("/tasks/{task_id:int}/answer")
async def answer(
    request: Request,
    account: SignedIn,
    task_id: Id,
    occurrence: Annotated[int, Form(ge=1, le=2**31 - 1)],
    text: Text = "",
    files: Files = [],  # noqa: B006 (FastAPI copies a default)
) -> Response:
    from starlette.concurrency import run_in_threadpool

    lang = page_language(request)
    uploads = await read_uploads(files)
    try:
        done = await run_in_threadpool(
            evidence_web(request).answer, account, task_id, text, uploads
        )
    except (RefusedError, InputError) as exc:
        if isinstance(exc, NotFoundError):
            raise
        sent = Sent(occurrence, "answer", text, sentence=render_error(exc, lang))
        return await run_in_threadpool(again, request, account, task_id, sent, status_of(exc))
    message = translate("evidence.console.answered", lang, count=len(uploads))
    return _back(request, done["task"], done["seq"], message)


def _back(request: Request, task_id: int, seq: int, sentence: str) -> Response:
    cookie = request.cookies.get(auth.SESSION_COOKIE, "")
    auth.desk(request).leave_message(cookie, sentence)
    return RedirectResponse(f"/tasks/{task_id}?occ={seq}#evidence", status_code=303)
