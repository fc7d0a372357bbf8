"""Numbered replies under Zalo reminders: the Zalo notifier's ``numbered`` hook.

Zalo draws no buttons, so a reminder ends with lines such as «Trả lời 1 để bắt đầu thực hiện
II.1b», the moves Telegram's buttons would offer (``nhacviec.bot.core.reminders``). What the
numbers mean is kept in the process's ``CHOICES`` (a bounded in-process map with expiry, see
``nhacviec.bot.core.choices``), which the Zalo bot's core reads: so numbers are offered only
while this process also runs the Zalo bot (``SERVING``: ``nhacviec run`` with a Zalo token and
``zalo.bot`` on); a reminder sent without it (a cron ``nhacviec send``) offers none. A reminder
adds to the numbers a chat holds (two reminders in a row: 1–2, then 3–4), so an older
reminder's numbers keep their meaning until the chat is shown something newer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.reminders import choices_text, reminder_choices
from nhacviec.zalo.responder import CHANNEL
from notifiers.message import Message

CHOICES = ChoiceBook()  # the process's: the notifier writes, the Zalo bot reads
SERVING = threading.Event()  # set while the Zalo bot runs in this process (``runner``)


def numbered(
    chat_id: str, message: Message, clock: Callable[[], datetime], choices: ChoiceBook = CHOICES
) -> str:
    """The lines offering the reminder's moves to ``chat_id`` (remembered); "" for none, and
    for the process's own book while no Zalo bot here could answer them."""
    if choices is CHOICES and not SERVING.is_set():
        return ""
    offered = reminder_choices(message)
    if not offered:
        return ""
    kept = choices.add(CHANNEL, chat_id, offered, clock())
    return choices_text(kept, message)
