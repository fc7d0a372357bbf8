"""The web application: the REST API, its errors as JSON, security headers on every answer,
and an OpenAPI page that runs no script (``/api/docs``; the schema at ``/api/openapi.json``)."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nhacviec import __version__
from nhacviec.errors import NhacviecError, UploadTooLarge
from nhacviec.i18n import Language, translate
from nhacviec.services.logins import LoginRules
from nhacviec.web import calendar_feed, evidence_routes, ops, routes
from nhacviec.web.console.errors import page_error, page_problem
from nhacviec.web.console.login_service import LoginDesk
from nhacviec.web.console.mount import mount_console
from nhacviec.web.console.pages import page_language
from nhacviec.web.errors import error_response, language_of, plain_error
from nhacviec.web.evidence import EvidenceWeb
from nhacviec.web.service import WebService, Workspace
from nhacviec.web.uploads import CHUNK

OPENAPI_URL = "/api/openapi.json"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_FORM_OVERHEAD = 64 * 1024  # a multipart body's boundaries and fields beside the file


def create_api(
    workspace: Workspace,
    *,
    clock: Callable[[], datetime],
    language: Language,
    max_upload_mb: int,
    login_rules: LoginRules | None = None,
    bot_username: str = "",
    zalo_linking: bool = False,
) -> FastAPI:
    """The console and the REST API over ``workspace`` (the composition root's units of work);
    ``bot_username``: the Telegram bot's, for the invitations' ``t.me`` links;
    ``zalo_linking``: a Zalo bot answers (the invitations say how to link on Zalo too)."""
    api = FastAPI(
        title="nhacviec",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=OPENAPI_URL,
    )
    api.state.service = WebService(workspace, clock)
    api.state.evidence_web = EvidenceWeb(workspace, clock)
    api.state.language = language
    api.state.max_upload_mb = max_upload_mb
    api.state.workspace, api.state.clock = workspace, clock
    api.state.login_desk = LoginDesk(workspace, clock, login_rules or LoginRules())
    api.state.bot_username = bot_username.strip().removeprefix("@")
    api.state.zalo_linking = zalo_linking
    api.add_middleware(BodyLimit, limit_bytes=max_upload_mb * CHUNK + _FORM_OVERHEAD)
    api.add_middleware(SecurityHeaders)
    api.add_exception_handler(NhacviecError, _nhacviec_error)
    api.add_exception_handler(HTTPException, _http_error)
    api.add_exception_handler(RequestValidationError, _invalid)
    api.include_router(routes.router)
    api.include_router(evidence_routes.router)
    api.include_router(ops.router)
    api.include_router(calendar_feed.router)  # /calendar/<token>.ics, no login
    api.add_api_route("/api/docs", _docs_page, include_in_schema=False, methods=["GET"])
    mount_console(api)
    return api


def _lang(request: Request) -> Language:
    default: Language = request.app.state.language
    return language_of(request, default)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _nhacviec_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NhacviecError)
    if not _is_api(request):
        return page_error(request, exc)
    return error_response(exc, _lang(request))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        key, params = "web.not_found", {}
    else:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        key, params = "web.bad_request", {"detail": detail}
    return _problem(request, key, exc.status_code, params)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()
    )
    return _problem(request, "web.bad_request", 422, {"detail": problems})


def _problem(request: Request, key: str, status: int, params: Mapping[str, object]) -> Response:
    if _is_api(request):
        return plain_error(key, status, _lang(request), **params)
    return page_problem(request, status, translate(key, page_language(request), **params))


class SecurityHeaders:
    """Sets the security headers on every HTTP answer (a CSP allowing no inline script)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses a request whose declared length is over the upload limit before reading it
    (413); a body sent without a length is counted as the file is saved."""

    def __init__(self, app: ASGIApp, limit_bytes: int) -> None:
        self.app, self.limit_bytes = app, limit_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = dict(scope["headers"]).get(b"content-length", b"0")
            if declared.isdigit() and int(declared) > self.limit_bytes:
                request = Request(scope)
                default: Language = request.app.state.language
                error = UploadTooLarge((self.limit_bytes - _FORM_OVERHEAD) // CHUNK)
                response: JSONResponse = error_response(error, language_of(request, default))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _docs_page(request: Request) -> HTMLResponse:
    """The API's routes as a plain page in the reader's language (no script: the CSP holds);
    the OpenAPI schema beside it has every parameter and answer."""
    lang = _lang(request)
    schema: dict[str, Any] = request.app.openapi()
    rows = [
        f"<li><code>{html.escape(method.upper())} {html.escape(path)}</code> — "
        f"{html.escape(translate('web.docs.route.' + operation['operationId'], lang))}</li>"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]
    title = html.escape(translate("web.docs.title", lang))
    link = f'<a href="{OPENAPI_URL}">{OPENAPI_URL}</a>'
    intro = html.escape(translate("web.docs.intro", lang, schema="{schema}"))
    body = (
        f'<!doctype html><html lang="{lang.value}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>{intro.replace('{schema}', link)}</p><ul>{''.join(rows)}</ul></body></html>"
    )
    return HTMLResponse(body)
