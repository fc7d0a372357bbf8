"""The Telegram notifier: each message as Telegram HTML through python-telegram-bot's ``Bot``.

Every piece of plan text is escaped by the templates (``Rendered.telegram_html``: only <b>/<i>
around our own words). A message longer than Telegram's 4,096 characters goes as several, cut
between items where possible (``telegram.split``); the inline keyboard, if any, rides on the
last part. Sends are paced to Telegram's limits (``pacer``; ``limits=None`` turns pacing off).

What Telegram answers, and what the dispatcher hears:

- ok → ``ACCEPTED``, ``provider_id`` the message id(s), comma-separated;
- 429 ``retry_after`` ≤ ``max_retry_wait_s`` → the chat is held, the part re-sent once after the
  wait; longer (or a second 429) → ``TEMPORARY`` with ``retry_after``, and the chat stays held so
  later messages to it in the same pass do not knock again;
- 400 "can't parse entities" → the same part re-sent as plain text (tags dropped, entities
  decoded) and counted accepted, with a note in ``detail``;
- 400 (chat not found, …) and 403 (bot blocked, kicked, chat deactivated) → ``PERMANENT``: a
  dead letter the office hears of;
- a group upgraded to a supergroup (``ChatMigrated``) → re-sent to the new id, the move noted
  in ``detail`` so the unit's chat id can be updated;
- time-outs and network errors, a rejected token, anything else from Telegram → ``TEMPORARY``
  (a time-out may have delivered: a retry can then show the message twice).

Messages to one chat go one at a time (the parts of a long one stay together). When a later
part of a long message fails, the parts already accepted are remembered under the
send's ``key``: a retry of the same key and text continues with the part that failed.

Every ``detail`` is a sentence in the message's language (``telegram.outcome``) that names the
chat, keeps Telegram's own words and says what to do.

The ``Bot`` is built and initialised (``getMe``) on first use, one per event loop, and shut down
by ``aclose``. The token never appears in a ``detail``.

The package: ``split`` (long HTML into parts Telegram accepts), ``outcome`` (a Bot API answer
as a delivery), ``transport`` (one ``Bot`` per event loop; a 429 as ``FloodWait``); this module
is the channel (``TelegramNotifier``). May import
python-telegram-bot, the channels' own modules (``notifiers.base``, ``render``) and the ground;
never the store, the scheduler or the bot (its reminder buttons come in as ``keyboard``); today's
``scheduler.model`` and ``config.settings`` imports are listed in ``pyproject.toml`` (issue 10.3).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup, InputFile, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from notifiers.attachment import Attachment
from notifiers.base import Address, Delivery
from notifiers.message import Message
from notifiers.pacer import ChatKey, Clock, Limits, Pacer, SystemClock
from notifiers.parts import Unfinished, part_failed
from notifiers.render import render, resolve_language
from notifiers.telegram import outcome
from notifiers.telegram.split import plain_text, split_html
from notifiers.telegram.transport import FloodWait, LoopBot, new_bot, retry_after_s

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
TOKEN_SHAPE = re.compile(r"\d+:[\w-]+")  # "123456789:AAF…" as @BotFather gives it
DEFAULT_LIMITS = Limits()
Keyboard = Callable[[Message], InlineKeyboardMarkup | None]

_CHAT_ID = re.compile(r"-?[0-9]{1,20}")
_CHANNEL = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def chat_key(value: str) -> ChatKey | None:
    """The chat an address names: a numeric id, or a public channel's @name; None otherwise."""
    value = value.strip()
    if _CHAT_ID.fullmatch(value):
        return int(value)
    return value if _CHANNEL.fullmatch(value) else None


@dataclass
class _Progress:
    """The parts of one long message already accepted."""

    fingerprint: int
    ids: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Sent:
    message_id: int
    chat: ChatKey  # where it went (a migrated group's new id)
    note: str = ""


@dataclass(frozen=True)
class _Attempt:
    """One message on its way: where to, and in which language the details are worded."""

    key: str
    language: str
    markup: InlineKeyboardMarkup | None


class TelegramNotifier:
    """Sends messages to Telegram chats (``Address.value``: the chat id as text)."""

    channel = "telegram"

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout_s: float = 30.0,
        language: str | None = None,
        limits: Limits | None = DEFAULT_LIMITS,
        clock: Clock | None = None,
        max_retry_wait_s: float = 5.0,
        connection_pool_size: int = 32,
        keyboard: Keyboard | None = None,
    ) -> None:
        if not token.strip():
            raise ValueError("a Telegram bot token is required")
        self.base_url = base_url
        self.server = outcome.server_name(base_url)
        self.timeout_s = timeout_s
        self.language = language  # None: each message's own language
        self.clock: Clock = clock or SystemClock()
        self.pacer = Pacer(limits, self.clock) if limits is not None else None
        self.max_retry_wait_s = max_retry_wait_s
        self.connection_pool_size = connection_pool_size
        self.keyboard = keyboard
        self._token = token
        self._session: LoopBot | None = None
        self._unfinished = Unfinished(_Progress)
        self._moved: dict[ChatKey, ChatKey] = {}  # groups that became supergroups
        self._closed = False

    # -- the port ------------------------------------------------------------------------------

    async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
        language = resolve_language(self.language or message.language)
        html = render(message, language=language).telegram_html
        markup = self.keyboard(message) if self.keyboard else None
        return await self.deliver(address, html, key=key, reply_markup=markup, language=language)

    async def deliver(
        self,
        address: Address,
        html: str,
        *,
        key: str,
        reply_markup: InlineKeyboardMarkup | None = None,
        language: str | None = None,
    ) -> Delivery:
        """Send Telegram HTML already rendered (split, paced, retried as ``send`` does);
        ``language`` words the ``detail`` (default: the notifier's, else Vietnamese)."""
        if self._closed:
            raise RuntimeError("deliver() after aclose()")
        lang = resolve_language(language or self.language)
        if address.channel != self.channel:
            text = outcome.wrong_channel(address.channel, address.value, language=lang)
            return Delivery.permanent(text)
        chat = chat_key(address.value)
        if chat is None:
            return Delivery.permanent(outcome.bad_chat_id(address.value, language=lang))
        parts = split_html(html)
        if not parts:
            raise ValueError("an empty message has nothing to say; do not send it")
        attempt = _Attempt(key, lang, reply_markup)
        async with self._current_session().chat_lock(chat):
            return await self._deliver_parts(self._moved.get(chat, chat), parts, attempt)

    async def deliver_document(
        self,
        address: Address,
        attachment: Attachment,
        *,
        caption_html: str = "",
        language: str | None = None,
    ) -> Delivery:
        """Send a file (``sendDocument``) with a short caption, paced as messages are; what
        Telegram answers as ``deliver`` words it (no 429 wait, no split: a caption is short)."""
        lang = resolve_language(language or self.language)
        if address.channel != self.channel:
            return Delivery.permanent(
                outcome.wrong_channel(address.channel, address.value, language=lang)
            )
        chat = chat_key(address.value)
        if chat is None:
            return Delivery.permanent(outcome.bad_chat_id(address.value, language=lang))
        chat = self._moved.get(chat, chat)
        async with self._current_session().chat_lock(chat):
            try:
                bot = await self._bot()
                if self.pacer is not None:
                    await self.pacer.wait(chat)
                sent = await bot.send_document(
                    chat,
                    InputFile(attachment.content, filename=attachment.name),
                    caption=caption_html or None,
                    parse_mode=ParseMode.HTML if caption_html else None,
                )
            except (FloodWait, RetryAfter) as exc:
                wait = retry_after_s(exc)
                self._hold(chat, wait)
                detail = outcome.flood_wait(chat, wait, exc.message, language=lang)
                return Delivery.temporary(detail, _seconds(wait))
            except (BadRequest, Forbidden) as exc:
                return Delivery.permanent(self._describe(exc, chat, lang))
            except TelegramError as exc:
                return Delivery.temporary(self._describe(exc, chat, lang))
        return Delivery.accepted(provider_id=str(sent.message_id))

    async def aclose(self) -> None:
        """Shut the bot's HTTP client down; the notifier is not used afterwards."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and session.loop is asyncio.get_running_loop():
            await session.bot.shutdown()

    # -- parts ---------------------------------------------------------------------------------

    async def _deliver_parts(self, chat: ChatKey, parts: list[str], attempt: _Attempt) -> Delivery:
        progress = self._unfinished.resume(attempt.key, parts)
        for index in range(len(progress.ids), len(parts)):
            markup = attempt.markup if index == len(parts) - 1 else None
            sent = await self._send_part(chat, parts[index], markup, attempt.language)
            if isinstance(sent, Delivery):
                self._unfinished.interrupted(attempt.key, progress, sent)
                return part_failed(sent, index, len(parts), outcome.part, attempt.language)
            progress.ids.append(sent.message_id)
            progress.notes += [sent.note] if sent.note else []
            chat = sent.chat
        self._unfinished.done(attempt.key)
        ids = ",".join(str(message_id) for message_id in progress.ids)
        return Delivery.accepted(provider_id=ids, detail=" ".join(dict.fromkeys(progress.notes)))

    async def _send_part(
        self, chat: ChatKey, text: str, markup: InlineKeyboardMarkup | None, language: str
    ) -> _Sent | Delivery:
        """One part, with the retries Telegram's answers call for."""
        plain_because, flood_waited, moved_from = "", False, None  # plain: Telegram's words
        while True:
            held = self.pacer.held_for(chat) if self.pacer else 0.0
            if held > self.max_retry_wait_s:
                detail = outcome.held(chat, held, language=language)
                return Delivery.temporary(detail, _seconds(held))
            try:
                message_id = await self._post(chat, text, bool(plain_because), markup)
            except (FloodWait, RetryAfter) as exc:
                wait = retry_after_s(exc)
                if flood_waited or wait > self.max_retry_wait_s:
                    self._hold(chat, wait)
                    detail = outcome.flood_wait(chat, wait, exc.message, language=language)
                    return Delivery.temporary(detail, _seconds(wait))
                flood_waited = True
                await self._wait_out(chat, wait)
            except ChatMigrated as exc:
                if moved_from is not None:
                    return Delivery.temporary(self._describe(exc, chat, language))
                moved_from, chat = chat, exc.new_chat_id
                self._moved[moved_from] = chat
            except BadRequest as exc:
                if plain_because or not _cannot_parse(exc):
                    return Delivery.permanent(self._describe(exc, chat, language))
                plain_because = f"Bad Request: {exc.message}"
            except Forbidden as exc:
                return Delivery.permanent(self._describe(exc, chat, language))
            except TelegramError as exc:  # network, time-out, rejected token, conflict
                return Delivery.temporary(self._describe(exc, chat, language))
            else:
                note = outcome.accepted_note(
                    plain_because=plain_because, moved_from=moved_from, chat=chat, language=language
                )
                return _Sent(message_id, chat, note)

    async def _post(
        self, chat: ChatKey, text: str, plain: bool, markup: InlineKeyboardMarkup | None
    ) -> int:
        bot = await self._bot()
        if self.pacer is not None:
            await self.pacer.wait(chat)
        sent = await bot.send_message(
            chat,
            plain_text(text) if plain else text,
            parse_mode=None if plain else ParseMode.HTML,
            link_preview_options=_NO_PREVIEW,
            reply_markup=markup,
        )
        return sent.message_id

    def _hold(self, chat: ChatKey, seconds: float) -> None:
        if self.pacer is not None:
            self.pacer.hold(chat, seconds)

    async def _wait_out(self, chat: ChatKey, seconds: float) -> None:
        """Wait as Telegram asked: through the pacer's hold (so other sends to the chat wait
        too), or on the clock when pacing is off."""
        if self.pacer is not None:
            self.pacer.hold(chat, seconds)
        else:
            await self.clock.sleep(seconds)

    # -- the bot -------------------------------------------------------------------------------

    async def _bot(self) -> Bot:
        return await self._current_session().initialized()

    def _current_session(self) -> LoopBot:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.loop is not loop:
            bot = new_bot(
                self._token,
                base_url=self.base_url,
                timeout_s=self.timeout_s,
                connection_pool_size=self.connection_pool_size,
            )
            self._session = LoopBot(loop, bot)
        return self._session

    def _describe(self, error: TelegramError, chat: ChatKey, language: str) -> str:
        """The detail for the delivery log, without the token."""
        return outcome.failure(
            error,
            chat,
            language=language,
            server=self.server,
            timeout_s=self.timeout_s,
            token=self._token,
        )


def _cannot_parse(error: BadRequest) -> bool:
    return "can't parse entities" in error.message.lower()


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)
