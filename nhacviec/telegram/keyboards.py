"""Inline buttons: under task cards, lists and reminder messages. Pure: values in, markup out.

Every button carries callback data from ``callbacks`` (≤ 64 bytes); what it asks is checked
again on the server when pressed. Labels come from the catalogue (``bot.button.*``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from nhacviec.bot.listings import TaskList
from nhacviec.bot.reminder_items import item_actions as _item_actions
from nhacviec.bot.reminder_items import items as _items
from nhacviec.bot.reminder_items import role_in as _role_in
from nhacviec.bot.tags import occurrence_tag
from nhacviec.i18n import translate
from nhacviec.i18n.workflow import state_name
from nhacviec.telegram import callbacks
from nhacviec.telegram.callbacks import ActOn, Callback, Page, ViewCard
from notifiers.message import DigestItem, Message
from notifiers.render import resolve_language
from workflows.workflow import Action, Role, State

MAX_REMINDER_ROWS = 8  # item rows under a reminder; a "more" button opens the full list
CARDS_PER_ROW = 4  # "open the card" buttons per row under a list


_EXTENSION_LABELS = {
    Action.APPROVE_EXTENSION: "extensions.bot.approve",
    Action.REFUSE_EXTENSION: "extensions.bot.refuse",
}


def button(text: str, callback: Callback) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callbacks.encode(callback))


def action_label(action: Action, language: str) -> str:
    if action in _EXTENSION_LABELS:  # issue 14's buttons, in extensions.yaml
        return translate(_EXTENSION_LABELS[action], language)
    return translate(f"bot.button.{action.value}", language)


# -- reminders ----------------------------------------------------------------------------------


def reminder_keyboard(message: Message) -> InlineKeyboardMarkup | None:
    """Buttons for a reminder (the Telegram notifier's ``keyboard`` hook): per item, the moves
    the recipient's role may make in the item's state and "Xem"; at most a few rows, then one
    button to the whole list."""
    language = resolve_language(message.language)
    items = _items(message)
    rows = [
        _reminder_row(item, _role_in(item, message), language) for item in items[:MAX_REMINDER_ROWS]
    ]
    if len(items) > MAX_REMINDER_ROWS:
        more = translate("bot.button.more", language, count=len(items))
        rows.append([button(more, Page("viec", 1))])
    return InlineKeyboardMarkup(rows) if rows else None


def _reminder_row(item: DigestItem, role: Role | None, language: str) -> list[InlineKeyboardButton]:
    assert item.occurrence_id is not None
    actions = _item_actions(item, role)
    row = [
        button(action_label(action, language), ActOn(action, item.occurrence_id, item.version))
        for action in actions
    ]
    tag = occurrence_tag(item.task_ref, item.label)
    row.append(
        button(translate("bot.button.view", language, tag=tag), ViewCard(item.occurrence_id))
    )
    return row


def ticked(markup: InlineKeyboardMarkup, occurrence_id: int, text: str) -> InlineKeyboardMarkup:
    """``markup`` with the row(s) about ``occurrence_id`` replaced by one "✓" row (it opens the
    task card); the other rows as they were."""
    rows: list[Sequence[InlineKeyboardButton]] = []
    done = False
    for row in markup.inline_keyboard:
        if any(_about(b, occurrence_id) for b in row):
            if not done:
                rows.append([button(text, ViewCard(occurrence_id))])
                done = True
            continue
        rows.append(row)
    return InlineKeyboardMarkup(rows)


def tick_text(ref: str, label: str, state: State, language: str) -> str:
    tag = occurrence_tag(ref, label)
    return translate("bot.button.done", language, tag=tag, state=state_name(state, language))


def _about(pressed: InlineKeyboardButton, occurrence_id: int) -> bool:
    data = pressed.callback_data
    decoded = callbacks.decode(data) if isinstance(data, str) else None
    if isinstance(decoded, ActOn | ViewCard):
        return decoded.occurrence_id == occurrence_id
    return False


def markup_from(data: dict[str, Any]) -> InlineKeyboardMarkup | None:
    """A keyboard kept as Telegram's JSON (``to_dict``), back as markup."""
    if not data.get("inline_keyboard"):
        return None
    return InlineKeyboardMarkup.de_json(data, None)


# -- cards and lists ---------------------------------------------------------------------------


def card_keyboard(
    occurrence_id: int, version: int, actions: Sequence[Action], language: str
) -> InlineKeyboardMarkup | None:
    if not actions:
        return None
    row = [
        button(action_label(action, language), ActOn(action, occurrence_id, version, True))
        for action in actions
    ]
    return InlineKeyboardMarkup([row])


def list_keyboard(task_list: TaskList, language: str) -> InlineKeyboardMarkup | None:
    """One button per listed task (its card), then "previous" / "next" when there are pages."""
    cards = [
        button(
            occurrence_tag(entry.status.view.task.ref),
            ViewCard(entry.occurrence_id),
        )
        for entry in task_list.entries
    ]
    rows = [cards[start : start + CARDS_PER_ROW] for start in range(0, len(cards), CARDS_PER_ROW)]
    argument = str(task_list.days) if task_list.listing == "sapden" else ""
    navigation = pages_row(task_list.listing, task_list.page, task_list.pages, language, argument)
    rows += [navigation] if navigation else []
    return InlineKeyboardMarkup(rows) if rows else None


def pages_row(
    listing: str, page: int, pages: int, language: str, argument: str = ""
) -> list[InlineKeyboardButton]:
    row = []
    if page > 1:
        row.append(
            button(translate("bot.button.previous", language), Page(listing, page - 1, argument))
        )
    if page < pages:
        row.append(
            button(translate("bot.button.next", language), Page(listing, page + 1, argument))
        )
    return row
