"""The Zalo bot beside ``nhacviec run``, built from the settings when a Zalo token is set
(``zalo.bot`` on): in ``polling`` mode the ``getUpdates`` long poll (a webhook left set is
deleted first: Zalo's ``getUpdates`` does not work while one is); in ``webhook`` mode
``setWebhook`` with ``zalo.webhook_url`` and the secret, then the webhook served on
``zalo.webhook_listen:webhook_port`` behind the reverse proxy. A bot that fails is logged and
left off: reminders go on without it.

One instance should poll: Zalo serves each update once, so two pollers would split them (the
PostgreSQL polling leader of the Telegram bot comes to Zalo with the bot core, issue 16 item 4).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from nhacviec.app import App, zalo_token
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.dispatcher import ChatCore
from nhacviec.bot.evidence_service import EvidenceBotService
from nhacviec.bot.service import BotService
from nhacviec.errors import ConfigError
from nhacviec.zalo.poller import ZaloPoller
from nhacviec.zalo.reminders import CHOICES, SERVING
from nhacviec.zalo.responder import CoreResponder
from nhacviec.zalo.webhook import ZaloWebhook, listening_socket, serve
from notifiers.zalo.api import ZaloApiError, ZaloBotApi, ZaloNetworkError

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

    @property
    def mode(self) -> str:
        return "polling" if self.webhook is None else "webhook"


def zalo_beside_from(app: App) -> ZaloBeside | None:
    """The Zalo bot the settings ask for; ``None`` without a token or with ``zalo.bot`` off;
    ``ConfigError`` for webhook mode without its address or secret."""
    zalo = app.settings.zalo
    if not zalo.bot or zalo.token is None:
        return None
    api = ZaloBotApi(zalo_token(zalo), base_url=zalo.base_url, timeout_s=zalo.timeout_s)
    responder = CoreResponder(zalo_core(app))
    poller = ZaloPoller(api, responder, poll_timeout_s=zalo.poll_timeout_s)
    if zalo.mode == "polling":
        return ZaloBeside(poller)
    secret = zalo.webhook_secret.get_secret_value() if zalo.webhook_secret else ""
    if not zalo.webhook_url or not 8 <= len(secret) <= 256 or not secret.isascii():
        raise ConfigError("zalo.webhook_incomplete")
    webhook = ZaloWebhook(poller, secret, urlsplit(zalo.webhook_url).path or "/")
    return ZaloBeside(
        poller, webhook, zalo.webhook_url, secret, zalo.webhook_listen, zalo.webhook_port
    )


def zalo_core(app: App, choices: ChoiceBook | None = None) -> ChatCore:
    """The bot core as Zalo uses it: the app's use cases, clock and language; its numbers are
    the process's (``reminders.CHOICES``, shared with the Zalo notifier's reminders) unless a
    test hands in its own ``choices``."""
    service = BotService(app, app.clock, extension_cap=app.settings.workflow.extension_cap)
    return ChatCore(
        service,
        app.settings.language,
        app.clock,
        choices if choices is not None else CHOICES,
        evidence=EvidenceBotService(app, service),  # /denghi, /traloi as on Telegram
    )


async def zalo_beside(bot: ZaloBeside, stop: asyncio.Event) -> None:
    """Run the Zalo bot until ``stop``."""
    api = bot.poller.api
    SERVING.set()  # reminders sent from this process now offer numbers the bot knows
    try:
        if bot.webhook is None:
            with contextlib.suppress(ZaloApiError, ZaloNetworkError):
                await api.delete_webhook()
            await bot.poller.run(stop)
        else:
            with listening_socket(bot.host, bot.port) as listening:
                await api.set_webhook(bot.webhook_url, bot.secret)
                await serve(bot.webhook, listening, stop)
    except Exception:
        log.exception("zalo bot failed: reminders go on without it")
    finally:
        SERVING.clear()
        await api.aclose()
