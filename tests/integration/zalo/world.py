"""A Zalo bot world for tests: a store with a plan, the loopback Zalo Bot API server, and the
Zalo poller answering through the bot core (``zalo_core``) with the choice book kept in the
store, as the service's, shared with the Zalo notifier's reminders (the ``numbered`` hook, as
the CLI hands it in).

``say`` pushes one text as a person in a chat writes it, runs one ``getUpdates`` poll (Zalo
serves one update per call) and returns every message the bot sent back to that chat: "no
answer" is observable, and nothing sleeps.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from pydantic import SecretStr

from config.settings import Settings, WebSettings, ZaloSettings
from nhacviec.app import App
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.i18n import translate
from nhacviec.zalo.poller import ZaloPoller
from nhacviec.zalo.reminders import numbered
from nhacviec.zalo.responder import CoreResponder
from nhacviec.zalo.runner import zalo_core
from notifiers.message import Message
from notifiers.zalo.api import ZaloBotApi
from tests.integration.bot.harness import PlanStore
from tests.zalo_api import Chat, ZaloBotServer


def words(key: str, **params: Any) -> str:
    return translate(key, "vi", **params)


class ZaloWorld(PlanStore):
    def __init__(
        self, url: str, zalo: ZaloBotServer, now: datetime, *, public_url: str = ""
    ) -> None:
        self.url, self.zalo, self.now = url, zalo, now
        settings = Settings(
            database_url=url,
            zalo=ZaloSettings(token=SecretStr(zalo.token), base_url=zalo.base_url, timeout_s=10),
            web=WebSettings(public_url=public_url),
        )
        self.app = App(settings, clock=self.clock, reminder_numbers=self._numbered)
        self.choices = ChoiceBook.stored(self.app)
        api = ZaloBotApi(zalo.token, base_url=zalo.base_url, timeout_s=10.0)
        responder = CoreResponder(zalo_core(self.app, self.choices))
        self.poller = ZaloPoller(api, responder, poll_timeout_s=0)
        self.loop = asyncio.new_event_loop()

    def clock(self) -> datetime:
        return self.now

    def _numbered(self, chat_id: str, message: Message) -> str:
        return numbered(chat_id, message, self.clock, self.choices)

    def close(self) -> None:
        self.loop.run_until_complete(self.poller.api.aclose())
        self.loop.close()
        self.app.close()

    # -- the store ----------------------------------------------------------------------------

    def link(self, chat: Chat, unit: str, *, office: bool = False) -> list[str]:
        """Link ``chat`` the way a unit head does: ``/start <code>`` sent to the bot."""
        return self.say(chat, f"/start {self.invite(unit, office=office)}")

    # -- talking ------------------------------------------------------------------------------

    def say(
        self, chat: Chat, text: str, *, sender_id: str = "", sender_name: str = ""
    ) -> list[str]:
        """``text`` written in ``chat``; what the bot sent back to the chat."""
        before = len(self.zalo.sent(chat.id))
        self.zalo.push_text(chat, text, sender_id=sender_id, sender_name=sender_name)
        self.loop.run_until_complete(self.poller.poll_once())
        assert self.zalo.pending_updates == []
        return [call.text or "" for call in self.zalo.sent(chat.id)[before:]]

    def said(self, chat: Chat) -> list[str]:
        """Everything the chat got from the bot and the notifier."""
        return [call.text or "" for call in self.zalo.sent(chat.id)]
