"""Errors on the console's pages: the sign-in page for a stranger, otherwise a page with the
sentence the CLI and the bot would say, under the status the API would answer."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from nhacviec.errors import NhacviecError, Unauthenticated
from nhacviec.i18n.errors import render_error
from nhacviec.web.console.pages import page_language, render
from nhacviec.web.errors import status_of


def page_error(request: Request, error: NhacviecError) -> Response:
    if isinstance(error, Unauthenticated):
        return to_sign_in(request)
    sentence = render_error(error, page_language(request))
    return render(request, "error.html", status_of(error), sentence=sentence)


def page_problem(request: Request, status: int, sentence: str) -> Response:
    """What FastAPI itself refuses on a page (an unknown address, a malformed form)."""
    return render(request, "error.html", status, sentence=sentence)


def to_sign_in(request: Request) -> Response:
    """To the sign-in page, and back here afterwards (htmx follows ``HX-Redirect``)."""
    back = request.url.path if request.method == "GET" else request.headers.get("hx-current-url")
    target = "/login" if not back or not back.startswith("/") else f"/login?next={quote(back)}"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)
