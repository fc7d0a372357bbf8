"""The Zalo bot beside ``nhacviec run``, built from the settings when a Zalo token is set
(``zalo.bot`` on): in ``polling`` mode the ``getUpdates`` long poll (a webhook left set is
deleted first: Zalo's ``getUpdates`` does not work while one is); in ``webhook`` mode
``setWebhook`` with ``zalo.webhook_url`` and the secret, then the webhook served on
``zalo.webhook_listen:webhook_port`` behind the reverse proxy. A bot that fails is logged and
left off: reminders go on without it.

In polling mode, of several services on one PostgreSQL database only the leader polls (a
PostgreSQL advisory lock of the Zalo bot's own, ``zalo_lock_name``, held by a session named
``zalo:<host>:<pid>``): Zalo serves each update once, so two pollers would split them. When the
leader dies another takes over; on SQLite the one service polls. In webhook mode every instance
behind the load balancer answers what reaches it: the numbers a chat was offered are kept in the
database (``ChoiceBook.stored``), so any instance understands them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from nhacviec.app import App, zalo_token
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.dispatcher import ChatCore
from nhacviec.bot.evidence_service import EvidenceBotService
from nhacviec.bot.service import BotService
from nhacviec.errors import ConfigError
from nhacviec.store.leader import leadership_for
from nhacviec.zalo.poller import ZaloPoller
from nhacviec.zalo.responder import CoreResponder
from nhacviec.zalo.webhook import ZaloWebhook, listening_socket, serve
from notifiers.zalo.api import ZaloApiError, ZaloBotApi, ZaloNetworkError
from scheduler.leader import Leadership, SoleLeadership
from scheduler.service import default_owner

log = logging.getLogger("nhacviec.zalo")


@dataclass(frozen=True)
class ZaloBeside:
    """The Zalo bot as the settings describe it: the poller, and the webhook in webhook mode."""

    poller: ZaloPoller
    webhook: ZaloWebhook | None = None
    webhook_url: str = ""
    secret: str = ""
    host: str = "127.0.0.1"
    port: int = 8444
    leadership: Leadership = field(default_factory=SoleLeadership)  # polling: who polls

    @property
    def mode(self) -> str:
        return "polling" if self.webhook is None else "webhook"


def zalo_lock_name(token: str) -> str:
    """The name of the Zalo bot's polling lock: one per bot (its id, never its secret)."""
    return f"nhacviec.zalo.poller:{token.split(':', 1)[0]}"


def zalo_holder(owner: str) -> str:
    """How the polling lock's session is named (``nhacviec status`` reads it)."""
    return f"zalo:{owner}"


def zalo_beside_from(app: App, owner: str | None = None) -> ZaloBeside | None:
    """The Zalo bot the settings ask for; ``None`` without a token or with ``zalo.bot`` off;
    ``ConfigError`` for webhook mode without its address or secret. ``owner`` (the service's
    ``host:pid``) names this instance when it leads the polling."""
    zalo = app.settings.zalo
    if not zalo.bot or zalo.token is None:
        return None
    token = zalo_token(zalo)
    api = ZaloBotApi(token, base_url=zalo.base_url, timeout_s=zalo.timeout_s)
    responder = CoreResponder(zalo_core(app))
    poller = ZaloPoller(api, responder, poll_timeout_s=zalo.poll_timeout_s, clock=app.clock)
    if zalo.mode == "polling":
        holder = zalo_holder(owner or default_owner())
        leadership = leadership_for(app.settings.database_url, zalo_lock_name(token), holder=holder)
        return ZaloBeside(poller, leadership=leadership)
    secret = zalo.webhook_secret.get_secret_value() if zalo.webhook_secret else ""
    if not zalo.webhook_url or not 8 <= len(secret) <= 256 or not secret.isascii():
        raise ConfigError("zalo.webhook_incomplete")
    webhook = ZaloWebhook(poller, secret, urlsplit(zalo.webhook_url).path or "/")
    return ZaloBeside(
        poller, webhook, zalo.webhook_url, secret, zalo.webhook_listen, zalo.webhook_port
    )


def zalo_core(app: App, choices: ChoiceBook | None = None) -> ChatCore:
    """The bot core as Zalo uses it: the app's use cases, clock and language; its numbers are
    kept in the app's database (``ChoiceBook.stored``: shared with the Zalo notifier's
    reminders and with every instance on the database) unless a test hands in ``choices``."""
    service = BotService(
        app,
        app.clock,
        extension_cap=app.settings.workflow.extension_cap,
        console_url=app.settings.web.public_url,
    )
    book = choices if choices is not None else ChoiceBook.stored(app)
    return ChatCore(
        service,
        app.settings.language,
        app.clock,
        book,
        evidence=EvidenceBotService(app, service),  # /denghi, /traloi as on Telegram
    )


async def zalo_beside(bot: ZaloBeside, stop: asyncio.Event) -> None:
    """Run the Zalo bot until ``stop``."""
    api = bot.poller.api
    try:
        if bot.webhook is None:
            with contextlib.suppress(ZaloApiError, ZaloNetworkError):
                await api.delete_webhook()
            await bot.poller.run(stop, bot.leadership)
        else:
            with listening_socket(bot.host, bot.port) as listening:
                await api.set_webhook(bot.webhook_url, bot.secret)
                await serve(bot.webhook, listening, stop)
    except Exception:
        log.exception("zalo bot failed: reminders go on without it")
    finally:
        await api.aclose()
