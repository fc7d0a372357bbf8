"""Numbered replies under Zalo reminders: the Zalo notifier's ``numbered`` hook.

Zalo draws no buttons, so a reminder ends with lines such as «Trả lời 1 để bắt đầu thực hiện
II.1b», the moves Telegram's buttons would offer (``nhacviec.bot.core.reminders``). What the
numbers mean is kept in the database (``ChoiceBook.stored``, see ``nhacviec.bot.core.choices``),
which the Zalo bot's core reads in whichever instance serves it: so a reminder sent by a cron
``nhacviec send`` offers numbers the service's bot answers, as one sent by the service itself.
Numbers are offered only when the settings run a Zalo bot (``zalo.bot`` on, a token): the face
hands in no book otherwise (``None``), since nobody could answer them. A reminder adds to the
numbers a chat holds (two reminders in a row: 1–2, then 3–4), so an older reminder's numbers
keep their meaning until the chat is shown something newer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from config.settings import ZaloSettings
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.reminders import choices_text, reminder_choices
from nhacviec.zalo.responder import CHANNEL
from notifiers.message import Message


def bot_answers(zalo: ZaloSettings) -> bool:
    """Whether the settings run a Zalo bot that can answer numbers (``zalo.bot``, a token)."""
    return zalo.bot and zalo.token is not None and bool(zalo.token.get_secret_value().strip())


def numbered(
    chat_id: str, message: Message, clock: Callable[[], datetime], choices: ChoiceBook | None
) -> str:
    """The lines offering the reminder's moves to ``chat_id`` (remembered in ``choices``); ""
    for none, and without a book (no Zalo bot could answer them)."""
    if choices is None:
        return ""
    offered = reminder_choices(message)
    if not offered:
        return ""
    kept = choices.add(CHANNEL, chat_id, offered, clock())
    return choices_text(kept, message)
