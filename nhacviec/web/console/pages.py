"""Rendering the console's pages: one Jinja2 environment, every sentence from the catalogue.

A page's context always has ``t`` (the catalogue in the reader's language), ``lang``, ``viewer``
(the signed-in account or None), ``csrf`` (its token, for every form) and ``flash`` (the message
left for it by the previous request, shown once).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from nhacviec.i18n import Language, translate
from nhacviec.web.console.nav import current, menu
from nhacviec.web.errors import language_of
from workflows.standing import LOCAL_TZ

LANG_COOKIE = "nhacviec_lang"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("nhacviec.web.console", "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = _day
    env.filters["moment"] = _moment
    return env


def page_language(request: Request) -> Language:
    """The language the reader chose (the switch's cookie), else their browser's, else the
    settings'."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in {language.value for language in Language}:
        return Language(chosen)
    default: Language = request.app.state.language
    return language_of(request, default)


def translator(lang: Language) -> Callable[..., str]:
    """``t(key, **params)`` in ``lang``: the only way a template says anything."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    return t


def render(
    request: Request, template: str, status_code: int = 200, /, **context: Any
) -> HTMLResponse:
    """The page ``template`` for this request, with the common context added."""
    lang = page_language(request)
    visitor = getattr(request.state, "visitor", None)
    common = {
        "request": request,
        "t": translator(lang),
        "lang": lang.value,
        "viewer": visitor.account if visitor else None,
        "csrf": visitor.csrf_token if visitor else "",
        "flash": visitor.flash if visitor else None,
        "path": request.url.path,
        "menu": menu(request.app.state.console_menu, visitor.account if visitor else None),
        "current": current,
    }
    html = environment().get_template(template).render(**common, **context)
    return HTMLResponse(html, status_code=status_code)


def _day(value: date | datetime | None) -> str:
    """A date as Vietnamese offices write it: 31/07/2026 (an instant on its Vietnamese day)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ)
    return value.strftime("%d/%m/%Y")


def _moment(value: datetime | None) -> str:
    """An instant in Vietnamese time: 31/07/2026 08:30."""
    return "" if value is None else value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
