"""A reminder's numbered choices, for messengers without buttons: per item the moves the
recipient's role may make in the item's state (as Telegram's reminder buttons offer them,
``reminder_items``), numbered from 1, at most ``MAX_ITEMS`` items. Pure.
"""

from __future__ import annotations

from nhacviec.bot.core.messages import Choice, ChoiceKind
from nhacviec.bot.core.plain import choice_line
from nhacviec.bot.reminder_items import item_actions, items, role_in
from nhacviec.bot.tags import occurrence_tag
from notifiers.message import Message
from notifiers.render import resolve_language

MAX_ITEMS = 8  # as Telegram's reminder rows: the most urgent; /viec lists the rest


def reminder_choices(message: Message) -> tuple[Choice, ...]:
    found: list[Choice] = []
    for item in items(message)[:MAX_ITEMS]:
        assert item.occurrence_id is not None
        tag = occurrence_tag(item.task_ref, item.label)
        for action in item_actions(item, role_in(item, message)):
            found.append(
                Choice(
                    len(found) + 1, ChoiceKind.ACT, tag, item.occurrence_id, action, item.version
                )
            )
    return tuple(found)


def choices_text(choices: tuple[Choice, ...], message: Message) -> str:
    """The lines offering ``choices`` under the reminder's text ("" for none)."""
    language = resolve_language(message.language)
    return "\n".join(choice_line(choice, language) for choice in choices)
