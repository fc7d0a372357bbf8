"""Who is signed in to the console, and the checks every page and form makes.

The browser holds a random cookie (HttpOnly, SameSite=Lax, Secure when the request came over
HTTPS, as a reverse proxy tells with ``X-Forwarded-Proto``); the store holds its hash, the
account and the login's CSRF token. Every unsafe request carries that token, as the form field
``csrf`` or the ``X-CSRF-Token`` header (htmx sends it from the page's ``hx-headers``).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response

from nhacviec.errors import CsrfRejected, Forbidden, Unauthenticated
from nhacviec.services.accounts import Account, AccountRole
from nhacviec.services.logins import Visitor
from nhacviec.web.console.login_service import LoginDesk

SESSION_COOKIE = "nhacviec_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_UNREAD = object()


def desk(request: Request) -> LoginDesk:
    found: LoginDesk = request.app.state.login_desk
    return found


def visitor_of(request: Request) -> Visitor | None:
    """The signed-in browser behind the request's cookie (read once per request), or None."""
    found: Visitor | object | None = getattr(request.state, "visitor", _UNREAD)
    if found is _UNREAD:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        try:
            found = desk(request).visitor(cookie) if cookie else None
        except Unauthenticated:
            found = None
        request.state.visitor = found
    assert found is None or isinstance(found, Visitor)
    return found


def current_visitor(request: Request) -> Visitor:
    """The signed-in browser (a store read: FastAPI runs it in a worker thread)."""
    visitor = visitor_of(request)
    if visitor is None:
        raise Unauthenticated()
    return visitor


async def signed_in(
    request: Request, visitor: Annotated[Visitor, Depends(current_visitor)]
) -> Account:
    """The page's account (``Unauthenticated``: the page answers with the sign-in page); an
    unsafe request must carry the login's CSRF token."""
    if request.method not in SAFE_METHODS:
        await check_csrf(request, visitor.csrf_token)
    return visitor.account


async def check_csrf(request: Request, expected: str) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and _is_form(request):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not secrets.compare_digest(sent, expected):
        raise CsrfRejected()


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def require_role(account: Account, *roles: AccountRole) -> None:
    if account.role not in roles:
        raise Forbidden()


def set_session_cookie(request: Request, response: Response, cookie: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def address_of(request: Request) -> str:
    """The client's address (behind a trusted proxy, uvicorn has already put the real one)."""
    return request.client.host if request.client else "unknown"


SignedIn = Annotated[Account, Depends(signed_in)]
