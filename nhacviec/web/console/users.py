"""The accounts page (``/users``, administrator only): the accounts with their role, unit, state
and tokens; add one (login, role, unit, first password), disable one, revoke its tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from nhacviec.errors import InputError, NhacviecError
from nhacviec.i18n import translate
from nhacviec.i18n.errors import render_error
from nhacviec.services.accounts import AccountRole, NewAccount
from nhacviec.web.console import auth
from nhacviec.web.console.auth import SignedIn
from nhacviec.web.console.pages import page_language, render
from nhacviec.web.console.users_service import AccountsDesk, role_of
from nhacviec.web.errors import status_of

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=200)]


def desk(request: Request) -> AccountsDesk:
    state = request.app.state
    return AccountsDesk(state.workspace, state.clock, state.service.verified)


@router.get("/users")
def users_page(request: Request, account: SignedIn) -> Response:
    return _page(request, account)


@router.post("/users")
def add_user(
    request: Request,
    account: SignedIn,
    login: Text = "",
    role: Text = "",
    unit: Text = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    password_again: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    form = {"login": login, "role": role, "unit": unit}
    try:
        if password != password_again:
            raise InputError("users.password_mismatch")
        new = NewAccount(login, role_of(role), password, unit or None)
        user = desk(request).add(account, new)
    except NhacviecError as exc:
        if status_of(exc) == 403:
            raise
        sentence = render_error(exc, page_language(request))
        return _page(request, account, status_of(exc), error=sentence, form=form)
    words = translate("cli.user.added", page_language(request), login=user.login, role=user.role)
    return _back(request, words)


@router.post("/users/{login}/disable")
def disable_user(request: Request, account: SignedIn, login: str) -> Response:
    user = desk(request).disable(account, login)
    return _back(request, translate("cli.user.disabled", page_language(request), login=user.login))


@router.post("/users/{login}/revoke")
def revoke_tokens(request: Request, account: SignedIn, login: str) -> Response:
    count = desk(request).revoke_tokens(account, login)
    words = translate("cli.user.revoked", page_language(request), login=login, count=count)
    return _back(request, words)


def _page(
    request: Request,
    account: SignedIn,
    status_code: int = 200,
    *,
    error: str = "",
    form: dict[str, str] | None = None,
) -> Response:
    lines, units = desk(request).accounts(account)
    return render(
        request,
        "users.html",
        status_code,
        lines=lines,
        units=units,
        roles=[role.value for role in AccountRole],
        error=error,
        form=form or {"login": "", "role": AccountRole.UNIT.value, "unit": ""},
    )


def _back(request: Request, words: str) -> Response:
    auth.desk(request).leave_message(request.cookies.get(auth.SESSION_COOKIE, ""), words)
    return RedirectResponse("/users", status_code=303)
