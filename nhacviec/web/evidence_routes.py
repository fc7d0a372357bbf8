"""The REST API's routes for evidence files and partner requests (``/api/v1``): a report with
files, a request to a partner, a partner's answer, a file's download (the office's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from nhacviec.web.evidence_http import download_response, evidence_web, read_uploads
from nhacviec.web.routes import Caller

router = APIRouter(prefix="/api/v1")
T = TypeVar("T")
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Files = Annotated[list[UploadFile], File(description="Evidence files (repeat the field).")]
Words = Annotated[str, Form(max_length=4000)]


class AskIn(BaseModel):
    """The lead asks a partner of the task for its part by a date."""

    partner_unit_id: int = Field(ge=1, le=2**31 - 1)
    by: str = Field(max_length=40, description="The date asked for: 15/08/2025 or 2025-08-15.")
    text: str = Field(max_length=4000)


@router.post(
    "/occurrences/{occurrence_id}/report",
    operation_id="report_with_files",
    summary="The lead unit reports with evidence files (multipart)",
)
async def report(
    request: Request,
    occurrence_id: Id,
    caller: Caller,
    note: Words = "",
    evidence: Words = "",
    files: Files = [],  # noqa: B006 (FastAPI copies a default)
) -> dict[str, Any]:
    uploads = await read_uploads(files)
    web = evidence_web(request)
    return await _threaded(web.report, caller, occurrence_id, note, evidence, uploads)


@router.post(
    "/tasks/{task_id}/requests",
    operation_id="ask_partner",
    summary="The lead unit asks a partner for its part by a date",
)
async def ask(request: Request, task_id: Id, body: AskIn, caller: Caller) -> dict[str, Any]:
    web = evidence_web(request)
    return await _threaded(web.ask, caller, task_id, body.partner_unit_id, body.by, body.text)


@router.post(
    "/tasks/{task_id}/answers",
    operation_id="answer_request",
    summary="A partner answers the lead's request (words, files; multipart)",
)
async def answer(
    request: Request,
    task_id: Id,
    caller: Caller,
    text: Words = "",
    files: Files = [],  # noqa: B006 (FastAPI copies a default)
) -> dict[str, Any]:
    uploads = await read_uploads(files)
    return await _threaded(evidence_web(request).answer, caller, task_id, text, uploads)


@router.get(
    "/evidence/{link_id}",
    operation_id="evidence_file",
    summary="Download an evidence file (the plan's office only)",
)
async def download(request: Request, link_id: Id, caller: Caller) -> Response:
    return download_response(await _threaded(evidence_web(request).download, caller, link_id))


async def _threaded(function: Callable[..., T], *args: Any) -> T:
    """A synchronous service call (the database, the folder) in a worker thread."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)
