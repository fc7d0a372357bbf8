"""The Zalo linking poller beside ``nhacviec run``: built from the settings when a Zalo token is
set (``zalo.bot`` on, ``zalo.mode`` polling), run until the service stops. A poller that fails is
logged and left off: reminders go on without it.

One instance should poll: Zalo serves each update once, so two pollers would split them (the
PostgreSQL polling leader of the Telegram bot comes to Zalo with the bot core, issue 16 item 4).
"""

from __future__ import annotations

import asyncio
import logging

from nhacviec.app import App, zalo_token
from nhacviec.zalo.linking import LinkingResponder
from nhacviec.zalo.poller import ZaloPoller
from notifiers.zalo.api import ZaloBotApi

log = logging.getLogger("nhacviec.zalo")


def zalo_poller(app: App) -> ZaloPoller | None:
    """The poller the settings ask for; ``None`` without a token, with ``zalo.bot`` off or in
    webhook mode (not served yet)."""
    zalo = app.settings.zalo
    if not zalo.bot or zalo.token is None or zalo.mode != "polling":
        return None
    api = ZaloBotApi(zalo_token(zalo), base_url=zalo.base_url, timeout_s=zalo.timeout_s)
    responder = LinkingResponder(app, app.clock, app.settings.language)
    return ZaloPoller(api, responder, poll_timeout_s=zalo.poll_timeout_s)


async def zalo_beside(poller: ZaloPoller, stop: asyncio.Event) -> None:
    try:
        await poller.run(stop)
    except Exception:
        log.exception("zalo poller failed: reminders go on without it")
    finally:
        await poller.api.aclose()
