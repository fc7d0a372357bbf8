"""The REST API's routes under ``/api/v1``: parse, call one ``WebService`` method, return JSON.

Every route needs ``Authorization: Bearer <token>`` (``nhacviec user token LOGIN``) or the
console's login cookie (with its CSRF token on a change); what the account may see or do is
checked by the service (``access``), never by the client.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from nhacviec.errors import Unauthenticated
from nhacviec.i18n import Language
from nhacviec.services.accounts import Account, token_hash
from nhacviec.store.tasks import Window
from nhacviec.web.console.auth import SAFE_METHODS, check_csrf, visitor_of
from nhacviec.web.errors import language_of
from nhacviec.web.service import ActionBody, WebService
from nhacviec.web.uploads import saved_upload

router = APIRouter(prefix="/api/v1")
LIST_READERS = 4  # task lists read at once (worker threads; the store's pool keeps 5 connections)
MAX_PAGE = 1000  # tasks per page: a page of the list stays quick however big the store
_bearer = HTTPBearer(auto_error=False, description="A token from `nhacviec user token LOGIN`.")


def service(request: Request) -> WebService:
    found: WebService = request.app.state.service
    return found


def language(request: Request) -> Language:
    default: Language = request.app.state.language
    return language_of(request, default)


async def _caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> tuple[Account, str | None]:
    """The account of the bearer token, else of the console's login (with its CSRF token).
    A token verified in the last seconds is known at once (``verified``); anything that
    reads the store does it in a worker thread."""
    web = service(request)
    if credentials is not None:
        token = credentials.credentials
        known = web.verified.get(token_hash(token))
        if known is not None:
            return known, None
        return await run_in_threadpool(web.authenticate, token), None
    visitor = await run_in_threadpool(visitor_of, request)
    if visitor is None:
        raise Unauthenticated()
    return visitor.account, visitor.csrf_token


async def account(
    request: Request, caller: Annotated[tuple[Account, str | None], Depends(_caller)]
) -> Account:
    """A browser's unsafe request carries its CSRF token; a bearer token needs none (a browser
    never sends one by itself)."""
    found, csrf_token = caller
    if csrf_token is not None and request.method not in SAFE_METHODS:
        await check_csrf(request, csrf_token)
    return found


Service = Annotated[WebService, Depends(service)]
Caller = Annotated[Account, Depends(account)]
Lang = Annotated[Language, Depends(language)]
Upload = Annotated[UploadFile, File(description="The plan: DOCX, PDF, XLSX or plain text.")]


class ActionIn(BaseModel):
    """A move on an occurrence: ``start``, ``report``, ``verify``, ``return``, ``cancel``,
    ``reopen``, ``note`` or ``set_date`` (the office's), with the words, the evidence or the
    date it needs; issue 14's ``extend`` (date and reason), ``approve_extension`` (date
    optional), ``refuse_extension``, ``reassign`` (unit and reason), ``suspend``, ``resume``,
    and ``return`` with a redo date."""

    action: str = Field(max_length=20)
    note: str = Field(default="", max_length=4000)
    evidence: str = Field(default="", max_length=4000)
    date: str = Field(
        default="", max_length=40, description="set_date: the due date, 31/12/2025 or 2025-12-31."
    )
    start: str = Field(default="", max_length=40, description="set_date: a start date (optional).")
    unit: str = Field(default="", max_length=500, description="reassign: the new lead unit.")


@router.get(
    "/units",
    operation_id="units",
    summary="The units of the store (directories' units, names met in plans)",
)
def units(_: Caller, web: Service) -> list[dict[str, Any]]:
    return web.units()


@router.get(
    "/tasks",
    operation_id="tasks",
    summary="Tasks with their state and standing: `nhacviec tasks --json`",
    response_model=list[dict[str, Any]],
)
async def tasks(
    request: Request,
    caller: Caller,
    web: Service,
    plan: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    unit: Annotated[str | None, Query(max_length=500)] = None,
    bucket: Annotated[str | None, Query(max_length=50)] = None,
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_PAGE, description="At most this many tasks (a page).")
    ] = None,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1, description="Tasks skipped first.")] = 0,
) -> Response:
    paged = limit is not None or offset > 0  # else the whole list, as `nhacviec tasks --json`
    window = Window(limit or 2**31 - 1, offset) if paged else None
    # The store is read in a worker thread (the change marker, and the list when not kept), a
    # few at a time: past that, requests wait their turn in the event loop instead of
    # contending for the interpreter and the pool's connections. The JSON is encoded once,
    # as FastAPI would, and kept (``task_list``).
    read = partial(web.tasks_json, caller, plan, unit, bucket, window)
    body = await to_thread.run_sync(read, limiter=_list_readers(request))
    return Response(body, media_type="application/json")


def _list_readers(request: Request) -> CapacityLimiter:
    state = request.app.state
    found: CapacityLimiter | None = getattr(state, "list_readers", None)
    if found is None:
        found = state.list_readers = CapacityLimiter(LIST_READERS)
    return found


@router.get(
    "/tasks/{task_id}",
    operation_id="task",
    summary="A task with its occurrences' files and partner requests: `nhacviec task show --json`",
)
def task(
    task_id: Annotated[int, Path(ge=1, le=2**31 - 1)], caller: Caller, web: Service
) -> dict[str, Any]:
    return web.task(caller, task_id)


@router.post(
    "/plans/preview",
    operation_id="preview",
    summary="Read a plan: `nhacviec plan import --dry-run --json`",
)
def preview(request: Request, _: Caller, web: Service, lang: Lang, file: Upload) -> Any:
    with _saved(request, file) as path:
        return web.preview(path, lang)


@router.post(
    "/plans",
    operation_id="import_plan",
    summary="Import a plan (or amend one): `nhacviec plan import --json`",
)
def import_plan(
    request: Request,
    caller: Caller,
    web: Service,
    lang: Lang,
    file: Upload,
    amends: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
) -> Any:
    with _saved(request, file) as path:
        if amends is None:
            return web.import_plan(caller, path, lang)
        return web.amend_plan(caller, amends, path, lang)


@router.post(
    "/occurrences/{occurrence_id}/actions",
    operation_id="act",
    summary="Move an occurrence through the workflow; the new state",
)
def act(occurrence_id: int, body: ActionIn, caller: Caller, web: Service) -> dict[str, Any]:
    moved = ActionBody(body.action, body.note, body.evidence, body.date, body.start, body.unit)
    return web.act(caller, occurrence_id, moved)


def _saved(request: Request, file: UploadFile) -> Any:
    limit_mb: int = request.app.state.max_upload_mb
    return saved_upload(file.file, file.filename, limit_mb)
