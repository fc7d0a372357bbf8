"""A bot world for tests: a store with a plan, the real bot (``build_application``) polling the
loopback Bot API server from its own thread, chats linked to units by invite codes sent as
``/start <code>``, and a way to talk to it as Telegram would and wait for every answer.

``say`` and ``press`` push one update, then settle: a probe message from an unlinked chat
follows it, and the bot handles updates one at a time, so once the probe is answered the
update under test has been handled completely — no sleeping, and "no answer" is observable.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import SecretStr
from sqlmodel import select

from config.settings import Settings, TelegramSettings, WebSettings
from nhacviec.app import App
from nhacviec.cli.state import reminder_buttons
from nhacviec.i18n import translate
from nhacviec.services import links
from nhacviec.services.importing import read_plan_file, store_readings
from nhacviec.store.models import Unit
from nhacviec.telegram import callbacks
from nhacviec.telegram.application import BotApplication, build_application
from tests.telegram_api import BotApiServer, Call, Chat, User
from workflows.units.directory import load_directory

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[3]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
PROBE_CHAT = 999_999_999  # never linked: its answer marks the end of a step
ANSWERS = (
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "sendDocument",
)


def words(key: str, **params: Any) -> str:
    return translate(key, "vi", **params)


@contextlib.contextmanager
def running_world(
    url: str, telegram: BotApiServer, now: datetime, plan: Path
) -> Iterator[BotWorld]:
    """A world whose store holds ``plan``, its bot polling until the block ends (a fixture's
    body: ``with running_world(…) as world: yield world``)."""
    built = BotWorld(url, telegram, now)
    built.import_plan(plan)
    built.start()
    yield built
    built.stop()


class PlanStore:
    """A world's store (``app``, at ``now``): the Sở's plans imported, invite codes issued."""

    app: App
    now: datetime

    def import_plan(self, path: Path) -> None:
        reading = read_plan_file(path, directory=load_directory(SCT_UNITS))
        with self.app.transaction() as session:
            store_readings(session, [reading], now=self.now)

    def invite(self, unit: str, *, office: bool = False) -> str:
        with self.app.transaction() as session:
            found = session.exec(select(Unit).where(Unit.name == unit)).one()
            return links.invite(session, found, office=office, now=self.now, by="test").code


class BotWorld(PlanStore):
    def __init__(
        self,
        url: str,
        telegram: BotApiServer,
        now: datetime,
        *,
        units_directories: tuple[Path, ...] = (),
        public_url: str = "",
    ) -> None:
        self.telegram = telegram
        self.now = now
        settings = Settings(
            database_url=url,
            units_directories=units_directories,
            web=WebSettings(public_url=public_url),
            telegram=TelegramSettings(
                token=SecretStr(telegram.token), base_url=telegram.base_url, timeout_s=10
            ),
        )
        self.app = App(settings, reminder_buttons=reminder_buttons)  # as the CLI builds it
        self.url = url
        self.prober = telegram.add_user("Người thử", user_id=PROBE_CHAT)
        self.probe_chat = telegram.add_private_chat(self.prober)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.application: BotApplication | None = None

    # -- the store ----------------------------------------------------------------------------

    def link(self, chat: Chat, user: User, unit: str, *, office: bool = False) -> list[Call]:
        """Link ``chat`` the way a unit head does: ``/start <code>`` sent to the bot."""
        return self.say(chat, user, f"/start {self.invite(unit, office=office)}")

    # -- the bot ------------------------------------------------------------------------------

    def start(self) -> None:
        self.application = build_application(self.app, clock=lambda: self.now)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bot", daemon=True)
        self._thread.start()
        self.run(self._start())
        self.telegram.wait_until_polling()

    async def _start(self) -> None:
        application = self.application
        assert application is not None
        assert application.updater is not None
        await application.initialize()
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=5)

    def stop(self) -> None:
        if self._loop is None:
            self.app.close()
            return
        self.run(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        assert self._thread is not None
        self._thread.join(30)
        self._loop.close()
        self._loop = None
        self.app.close()

    async def _stop(self) -> None:
        application = self.application
        assert application is not None
        assert application.updater is not None
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await asyncio.get_running_loop().shutdown_default_executor()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(60)

    # -- talking to it ------------------------------------------------------------------------

    def say(self, chat: Chat | int, user: User | int, text: str, **extra: Any) -> list[Call]:
        """Send ``text`` as ``user`` in ``chat``; the bot's answers to it."""
        before = len(self.telegram.calls())
        self.telegram.push_message(chat, user, text, **extra)
        return self._settle(before)

    def send_file(
        self, chat: Chat | int, user: User | int, file_name: str, content: bytes, **extra: Any
    ) -> list[Call]:
        """Send a file (a Telegram Document) as ``user`` in ``chat``; the bot's answers."""
        before = len(self.telegram.calls())
        self.telegram.push_document(chat, user, file_name, content, **extra)
        return self._settle(before)

    def send_photo(
        self, chat: Chat | int, user: User | int, content: bytes, **extra: Any
    ) -> list[Call]:
        """Send a photo as ``user`` in ``chat``; the bot's answers."""
        before = len(self.telegram.calls())
        self.telegram.push_photo(chat, user, content, **extra)
        return self._settle(before)

    def edit(self, chat_id: int, message_id: int, text: str) -> list[Call]:
        before = len(self.telegram.calls())
        self.telegram.push_edited_message(chat_id, message_id, text)
        return self._settle(before)

    def press(self, chat_id: int, message_id: int, user: User | int, data: str) -> list[Call]:
        """Press a button of the bot's message ``message_id`` (``data`` need not be one the bot
        drew: a forged press)."""
        before = len(self.telegram.calls())
        self.telegram.push_callback_query(chat_id, message_id, user, data)
        return self._settle(before)

    def press_button(
        self, chat_id: int, message_id: int, user: User | int, text: str
    ) -> list[Call]:
        """Press the button labelled ``text`` under message ``message_id`` as it stands now."""
        return self.press(chat_id, message_id, user, self.button(chat_id, message_id, text))

    def button(self, chat_id: int, message_id: int, text: str) -> str:
        for row in self.keyboard(chat_id, message_id):
            for key in row:
                if key["text"] == text:
                    return str(key["callback_data"])
        raise AssertionError(f"no button {text!r} under message {message_id} in {chat_id}")

    def keyboard(self, chat_id: int, message_id: int) -> list[list[dict[str, Any]]]:
        message = next(m for m in self.telegram.messages(chat_id) if m["message_id"] == message_id)
        markup = message.get("reply_markup") or {}
        keys: list[list[dict[str, Any]]] = markup.get("inline_keyboard", [])
        return keys

    def _settle(self, before: int) -> list[Call]:
        marker = len(self.telegram.calls())
        self.telegram.push_message(self.probe_chat, self.prober, "/trogiup")
        self.telegram.wait_until(
            lambda: any(
                call.method == "sendMessage" and call.chat_id == PROBE_CHAT
                for call in self.telegram.calls()[marker:]
            ),
            failure="the bot did not answer the probe",
        )
        calls = self.telegram.calls()[before:]
        return [c for c in calls if c.method in ANSWERS and c.chat_id != PROBE_CHAT]


def texts(calls: list[Call], method: str = "sendMessage") -> list[str]:
    return [str(call.result["text"]) for call in calls if call.method == method and call.ok]


def callback(data: callbacks.Callback) -> str:
    return callbacks.encode(data)
