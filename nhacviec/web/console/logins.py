"""Signing in and out, the language switch, and the home page."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from nhacviec.errors import BadLogin, LoginThrottled
from nhacviec.i18n import Language
from nhacviec.i18n.errors import render_error
from nhacviec.web.console import auth
from nhacviec.web.console.auth import SignedIn
from nhacviec.web.console.pages import LANG_COOKIE, page_language, render
from nhacviec.web.console.tasks import BADGES, task_desk
from workflows.standing import Bucket

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "nhacviec_login_csrf"  # before a login exists: a double-submitted token
ONE_YEAR_S = 365 * 24 * 3600


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    if auth.visitor_of(request) is not None:
        return RedirectResponse(local_path(next), status_code=303)
    return _login_form(request, local_path(next))


@router.post("/login")
def sign_in(
    request: Request,
    login: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    target = local_path(next)
    if not expected or not secrets.compare_digest(csrf, expected):
        return _login_form(request, target, error="web.csrf_rejected", status_code=403)
    try:
        signed = auth.desk(request).sign_in(login, password, auth.address_of(request))
    except (BadLogin, LoginThrottled) as exc:
        sentence = render_error(exc, page_language(request))
        return _login_form(request, target, sentence=sentence, login=login, status_code=401)
    response = RedirectResponse(target, status_code=303)
    auth.set_session_cookie(request, response, signed.cookie)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def sign_out(request: Request, _: SignedIn) -> Response:
    auth.desk(request).sign_out(request.cookies.get(auth.SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    auth.clear_session_cookie(response)
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    """Remember the reader's language (a cookie) and go back to the page they were on."""
    response = RedirectResponse(local_path(next), status_code=303)
    if code in {language.value for language in Language}:
        response.set_cookie(
            LANG_COOKIE, code, max_age=ONE_YEAR_S, samesite="lax", httponly=True, path="/"
        )
    return response


@router.get("/")
def home(request: Request, account: SignedIn) -> Response:
    """The viewer's summary: the four standings of what they see, what is due this week."""
    summary = task_desk(request).summary(account)
    return render(
        request, "home.html", account=account, summary=summary, buckets=list(Bucket), badges=BADGES
    )


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for this address on pages without an icon link (the API's)."""
    return RedirectResponse("/static/icon.svg", status_code=301)


def local_path(target: str) -> str:
    """Where to go after signing in: a path of this site only (never another site's address)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_form(
    request: Request,
    target: str,
    *,
    error: str | None = None,
    sentence: str | None = None,
    login: str = "",
    status_code: int = 200,
) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        status_code,
        login_csrf=token,
        target=target,
        error=error,
        sentence=sentence,
        login=login,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/login",
    )
    return response
