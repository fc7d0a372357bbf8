"""Errors as HTTP answers: a status by the error's class, and its sentence in the request's
language (``Accept-Language``: vi or en, else the settings' language)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from nhacviec.errors import (
    ConflictError,
    CsrfRejected,
    Denied,
    DocumentError,
    Forbidden,
    InputError,
    NhacviecError,
    NotFoundError,
    OfficeOnly,
    RefusedError,
    StoreError,
    Unauthenticated,
    UnsupportedUpload,
    UploadTooLarge,
)
from nhacviec.i18n import Language, translate
from nhacviec.i18n.errors import render_error

# Most specific first: the first class the error is an instance of gives the status.
STATUS: tuple[tuple[type[NhacviecError], int], ...] = (
    (Unauthenticated, 401),
    (Forbidden, 403),
    (CsrfRejected, 403),
    (Denied, 403),
    (OfficeOnly, 403),
    (RefusedError, 409),
    (ConflictError, 409),
    (UploadTooLarge, 413),
    (UnsupportedUpload, 415),
    (NotFoundError, 404),
    (DocumentError, 422),
    (InputError, 400),
    (StoreError, 503),
)


def status_of(error: NhacviecError) -> int:
    return next((status for cls, status in STATUS if isinstance(error, cls)), 400)


def language_of(request: Request, default: Language) -> Language:
    """The first of vi, en the ``Accept-Language`` header prefers; else ``default``."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        ranked.append((-weight, index, tag.strip().split("-")[0].lower()))
    for weight, _, tag in sorted(ranked):
        if weight < 0 and tag in {language.value for language in Language}:
            return Language(tag)
    return default


def error_response(error: NhacviecError, lang: Language) -> JSONResponse:
    status = status_of(error)
    body: dict[str, Any] = {"error": error.key, "message": render_error(error, lang)}
    if isinstance(error, RefusedError):
        body["code"] = error.code
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def plain_error(key: str, status: int, lang: Language, **params: object) -> JSONResponse:
    """An answer for what FastAPI itself refuses (an unknown path, a malformed request)."""
    body = {"error": key, "message": translate(key, lang, **params)}
    return JSONResponse(body, status_code=status)
