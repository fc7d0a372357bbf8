"""``GET /calendar/<token>.ics``: a unit's calendar feed for calendar apps to subscribe to.

No login (a calendar app has none): the secret token is the credential (``nhacviec unit
calendar-link``). An unknown or revoked token gets a plain 404, like an address that never was.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.exceptions import HTTPException

from nhacviec.i18n import Language
from nhacviec.ics import MEDIA_TYPE, feed_host, unit_calendar
from nhacviec.services.calendar_feed import unit_feed, unit_of_token

if TYPE_CHECKING:
    from config.settings import Settings
    from scheduler.policy import ReminderPolicy
    from workflows.calendar import WorkingCalendar

router = APIRouter()


class FeedWorkspace(Protocol):
    """What the feed needs of the composition root (``nhacviec.app.App`` is one)."""

    def reading(self) -> AbstractContextManager[Session]: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def policy(self) -> ReminderPolicy: ...

    @property
    def calendar(self) -> WorkingCalendar: ...


@router.get("/calendar/{token}.ics", include_in_schema=False)
def calendar_feed(request: Request, token: str) -> Response:
    workspace: FeedWorkspace = request.app.state.workspace
    language: Language = request.app.state.language
    with workspace.reading() as session:
        unit = unit_of_token(session, token)
        if unit is None:
            raise HTTPException(404)
        feed = unit_feed(session, unit, policy=workspace.policy, calendar=workspace.calendar)
    public_url = workspace.settings.web.public_url
    data = unit_calendar(feed, language, host=feed_host(public_url), public_url=public_url)
    headers = {"Cache-Control": "private, no-cache"}
    return Response(data, media_type=MEDIA_TYPE, headers=headers)
