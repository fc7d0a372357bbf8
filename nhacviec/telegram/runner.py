"""The bot inside ``nhacviec run``: a python-telegram-bot Application served in the service's
event loop until the service stops.

PTB's ``run_polling``/``run_webhook`` own the event loop and the signals, so the runner drives
the Application's parts itself: ``initialize``, ``start``, the updater's polling or webhook,
and the reverse on stop. Updates arrive by polling — only while this instance leads (see
``scheduler.leader``) — or by a webhook, whose requests must carry Telegram's secret-token
header. Telegram being out of reach is waited out; the scheduler beside it never stops for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, Updater

from config.settings import TelegramSettings
from nhacviec.bot.commands import published
from nhacviec.errors import ConfigError
from nhacviec.i18n import Language
from nhacviec.store.leader import leadership_for
from notifiers.telegram import TOKEN_SHAPE
from scheduler.leader import Leadership, SoleLeadership

log = logging.getLogger("nhacviec.bot")
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
# What Telegram accepts as a webhook's secret token.
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass(frozen=True)
class Polling:
    """``getUpdates`` long polls of ``timeout_s``; ``retry_s`` between attempts to lead (and
    to reach Telegram again)."""

    timeout_s: int = 30
    retry_s: float = 5.0


@dataclass(frozen=True)
class Webhook:
    """Telegram posts updates to ``url``; a local server on ``listen:port`` receives them at
    the same path (a reverse proxy in front terminates HTTPS)."""

    url: str
    secret: str = field(repr=False)
    listen: str = "127.0.0.1"
    port: int = 8443
    retry_s: float = 5.0

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"


Transport = Polling | Webhook


async def publish_commands(bot: Bot) -> None:
    """``setMyCommands``: the list in Vietnamese for everyone, in English for English users."""
    for language, code in ((Language.VI, None), (Language.EN, "en")):
        commands = [BotCommand(name, description) for name, description in published(language)]
        await bot.set_my_commands(commands, language_code=code)


class BotRunner:
    def __init__(
        self,
        application: AnyApplication,
        transport: Transport,
        *,
        leadership: Leadership | None = None,
    ) -> None:
        self.application = application
        self.transport = transport
        self.leadership = leadership or SoleLeadership()

    @classmethod
    def from_settings(
        cls,
        application: AnyApplication,
        telegram: TelegramSettings,
        *,
        database_url: str,
        holder: str,
    ) -> BotRunner:
        """The runner the settings describe; ``ConfigError`` for a webhook set up wrong.
        Pollers of the same bot on one PostgreSQL database elect one leader."""
        transport = transport_from_settings(telegram)
        if isinstance(transport, Webhook):
            return cls(application, transport)
        bot_id = application.bot.token.split(":", 1)[0]
        leadership = leadership_for(
            database_url, f"nhacviec.telegram.poller:{bot_id}", holder=holder
        )
        return cls(application, transport, leadership=leadership)

    @property
    def updater(self) -> Updater:
        if self.application.updater is None:
            raise ValueError("the bot's Application was built without an updater")
        return self.application.updater

    @property
    def retry_s(self) -> float:
        return self.transport.retry_s

    async def run(self, stop: asyncio.Event) -> None:
        """Serve updates until ``stop`` is set."""
        if not await self._initialize(stop):
            return
        try:
            await self._publish_commands()
            await self.application.start()
            if isinstance(self.transport, Webhook):
                await self._serve_webhook(self.transport, stop)
            else:
                await self._poll_while_leading(self.transport, stop)
        finally:
            await self._close()

    async def _initialize(self, stop: asyncio.Event) -> bool:
        """``initialize`` (which asks Telegram ``getMe``), retried while Telegram is out of
        reach; False if the service stops first or Telegram refuses the token."""
        while not stop.is_set():
            try:
                await self.application.initialize()
                log.info("bot starting", extra={"bot": self.application.bot.username})
                return True
            except InvalidToken:
                log.error("bot token refused by Telegram: the bot stays off")
                await self._release_connections()
                return False
            except TelegramError as exc:
                log.warning("bot cannot reach Telegram", extra={"error": str(exc)})
                await self._release_connections()
            if await stopped(stop, self.retry_s):
                break
        return False

    async def _release_connections(self) -> None:
        """An Application that never initialised cannot shut down: shut its bot down (a
        failed ``getMe`` may leave a connection open; the next attempt opens new ones)."""
        await self.application.bot.shutdown()

    async def _publish_commands(self) -> None:
        try:
            await publish_commands(self.application.bot)
        except TelegramError as exc:  # the commands still work, only the menu is missing
            log.warning("bot commands not published", extra={"error": str(exc)})

    async def _poll_while_leading(self, polling: Polling, stop: asyncio.Event) -> None:
        following = False
        while True:
            if await self.leadership.try_lead():
                await self._poll_until_deposed(polling, stop)
                following = False
            elif not following:
                log.info("bot following: another instance polls")
                following = True
            if await stopped(stop, polling.retry_s):
                return

    async def _poll_until_deposed(self, polling: Polling, stop: asyncio.Event) -> None:
        """Poll while the lead holds (checked every ``retry_s``) and the service runs."""
        try:
            await self.updater.start_polling(
                poll_interval=0,
                timeout=polling.timeout_s,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
            )
        except TelegramError as exc:
            log.warning("bot cannot start polling", extra={"error": str(exc)})
            return
        log.info("bot polling")
        try:
            while not await stopped(stop, polling.retry_s):
                if not await self.leadership.try_lead():
                    log.warning("bot lost the lead: polling stops")
                    return
        finally:
            await self.updater.stop()

    async def _serve_webhook(self, webhook: Webhook, stop: asyncio.Event) -> None:
        while True:
            try:
                await self.updater.start_webhook(
                    listen=webhook.listen,
                    port=webhook.port,
                    url_path=webhook.path,
                    webhook_url=webhook.url,
                    secret_token=webhook.secret,
                    allowed_updates=Update.ALL_TYPES,
                    drop_pending_updates=False,
                )
            except (TelegramError, OSError) as exc:
                log.warning("bot webhook cannot start", extra={"error": str(exc)})
                if await stopped(stop, webhook.retry_s):
                    return
                continue
            log.info(
                "bot webhook listening", extra={"listen": webhook.listen, "port": webhook.port}
            )
            await stop.wait()
            return

    async def _close(self) -> None:
        """Stop receiving, let the handlers under way finish, then give the lead up."""
        try:
            if self.updater.running:
                await self.updater.stop()
            if self.application.running:
                await self.application.stop()
            await self.application.shutdown()
        finally:
            await self.leadership.resign()
            log.info("bot stopped")


async def stopped(stop: asyncio.Event, within_s: float) -> bool:
    """Wait up to ``within_s`` for ``stop``; whether it is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), within_s)
    return stop.is_set()


def transport_from_settings(telegram: TelegramSettings) -> Transport:
    if telegram.mode == "polling":
        return Polling(timeout_s=telegram.poll_timeout_s, retry_s=telegram.leader_retry_s)
    url = telegram.webhook_url.strip()
    if not url:
        raise ConfigError("bot_runner.webhook_url_missing")
    if urlsplit(url).scheme not in ("https", "http") or not urlsplit(url).hostname:
        raise ConfigError("bot_runner.webhook_url_invalid", url=url)
    secret = telegram.webhook_secret.get_secret_value() if telegram.webhook_secret else ""
    if not secret:
        raise ConfigError("bot_runner.webhook_secret_missing")
    if not SECRET_SHAPE.fullmatch(secret):  # never shown
        raise ConfigError("bot_runner.webhook_secret_malformed")
    return Webhook(
        url,
        secret,
        listen=telegram.webhook_listen,
        port=telegram.webhook_port,
        retry_s=telegram.leader_retry_s,
    )


def bot_token(telegram: TelegramSettings) -> str | None:
    """The configured token, None without one; ``ConfigError`` when it has the wrong shape."""
    token = telegram.token.get_secret_value().strip() if telegram.token else ""
    if not token:
        return None
    if not TOKEN_SHAPE.fullmatch(token):
        raise ConfigError("telegram.token_malformed")
    return token
