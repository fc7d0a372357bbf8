"""The Telegram adapter's handlers: an update in, the bot core's answer out, drawn for Telegram.

The core (``nhacviec.bot.core.BotCore``) decides what a chat is told; these handlers only
translate and draw:

- commands (new messages only: an edited message never acts twice) → ``Incoming`` → the core's
  ``command`` → HTML with inline buttons (``views.render``);
- inline buttons → the callback data decoded into the core's neutral ``Choice`` (the same a
  number is on Zalo) → ``choose`` → the pressed message redrawn (a card whole, a reminder's row
  ticked), a card sent, a page turned, a ForceReply asking for words, the button's alert;
- a reply to one of those ForceReply questions → ``answer_words`` (the words a button needs).

Every answer is a sentence from the catalogue in the settings' language; anything the core
refuses is answered with its sentence, never with store data.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from telegram import (
    Chat,
    ForceReply,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
    User,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from nhacviec.bot import parsing, prompts
from nhacviec.bot.core.answers import (
    Answer,
    CardShown,
    ListShown,
    Moved,
    ProgressShown,
    Refused,
    WordsAsked,
)
from nhacviec.bot.core.dispatcher import BotCore
from nhacviec.bot.core.messages import ChatKind, Choice, ChoiceKind, Incoming
from nhacviec.bot.service import Acted
from nhacviec.telegram import keyboards, views
from nhacviec.telegram.callbacks import ActOn, Callback, ViewCard, decode
from nhacviec.telegram.views import Reply, plain

log = logging.getLogger("nhacviec.bot")
Context = ContextTypes.DEFAULT_TYPE
T = TypeVar("T")
MESSENGER = "telegram"  # the channel Telegram chats are linked under
CALLBACK_ANSWER_LIMIT = 200  # characters Telegram shows in a button's alert
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_KINDS = {kind.value: kind for kind in ChatKind}


def incoming_of(chat: Chat, user: User, text: str, bot_username: str = "") -> Incoming:
    """What Telegram says about a message (or a press: ``text`` "") as the core reads it."""
    return Incoming(
        messenger=MESSENGER,
        chat_id=str(chat.id),
        chat_kind=_KINDS.get(chat.type, ChatKind.GROUP),
        sender_id=str(user.id),
        sender_name=user.full_name,
        text=text,
        chat_title=chat.title or "",
        bot_username=bot_username,
    )


def choice_of(pressed: Callback) -> Choice:
    """A button's data as the core's neutral choice (the same a number stands for on Zalo)."""
    if isinstance(pressed, ActOn):
        return Choice(0, ChoiceKind.ACT, "", pressed.occurrence_id, pressed.action, pressed.version)
    if isinstance(pressed, ViewCard):
        return Choice(0, ChoiceKind.VIEW, occurrence_id=pressed.occurrence_id)
    days = int(pressed.argument) if pressed.argument.isdigit() else parsing.DEFAULT_DAYS
    return Choice(0, ChoiceKind.PAGE, listing=pressed.listing, page=pressed.page, days=days)


class Handlers:
    def __init__(self, core: BotCore) -> None:
        self.core = core
        self.language = core.language

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        new = filters.UpdateType.MESSAGE  # edited messages are ignored
        application.add_handler(MessageHandler(new & filters.COMMAND, self.on_command))
        application.add_handler(MessageHandler(new & filters.REPLY & filters.TEXT, self.on_reply))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_error_handler(self.on_error)

    # -- commands ---------------------------------------------------------------------------

    async def on_command(self, update: Update, context: Context) -> None:
        message, chat, user = update.message, update.effective_chat, update.effective_user
        if message is None or message.text is None or chat is None or user is None:
            return
        incoming = incoming_of(chat, user, message.text, context.bot.username or "")
        answer = await self._run(self.core.command, incoming)
        if answer is not None:
            await _send(message, views.render(answer, self.language))

    # -- replies to questions ---------------------------------------------------------------

    async def on_reply(self, update: Update, context: Context) -> None:
        message, chat, user = update.message, update.effective_chat, update.effective_user
        if message is None or chat is None or user is None or message.text is None:
            return
        asked = message.reply_to_message
        if asked is None or asked.from_user is None or asked.from_user.id != context.bot.id:
            return
        incoming = incoming_of(chat, user, message.text, context.bot.username or "")
        answer = await self._run(self.core.answer_words, incoming, asked.message_id)
        if answer is None:
            return  # a reply to something that asked nothing
        await _send(message, views.render(answer, self.language))
        if isinstance(answer, Moved) and answer.prompt is not None:
            await self._redraw_source(context, chat.id, answer.prompt, answer.acted)

    async def _redraw_source(
        self, context: Context, chat_id: int, prompt: prompts.PendingPrompt, acted: Acted
    ) -> None:
        source = prompt.source_message_id
        if source is None:
            return
        if prompt.source_card:
            reply = views.card_reply(acted.card, self.language)
            await _quietly(
                context.bot.edit_message_text(
                    reply.text,
                    chat_id=chat_id,
                    message_id=source,
                    parse_mode=ParseMode.HTML,
                    reply_markup=reply.markup,
                    link_preview_options=_NO_PREVIEW,
                )
            )
            return
        markup = keyboards.markup_from(prompt.source_markup)
        if markup is not None:
            new = self._ticked(markup, acted)
            await _quietly(
                context.bot.edit_message_reply_markup(
                    chat_id=chat_id, message_id=source, reply_markup=new
                )
            )

    # -- buttons ----------------------------------------------------------------------------

    async def on_button(self, update: Update, context: Context) -> None:
        query, chat, user = update.callback_query, update.effective_chat, update.effective_user
        if query is None or chat is None or user is None:
            return
        message = query.message if isinstance(query.message, Message) else None
        pressed = decode(query.data or "")
        choice = choice_of(pressed) if pressed is not None and message is not None else None
        incoming = incoming_of(chat, user, "", context.bot.username or "")
        answer = await self._run(self.core.choose, incoming, choice)
        if isinstance(answer, Refused):
            await self._refuse(query, chat.id, answer.text, context)
            return
        assert pressed is not None and message is not None  # else the core refused
        shown = await self._pressed(answer, pressed, user, message, context)
        await query.answer(shown[:CALLBACK_ANSWER_LIMIT] if shown else None)

    async def _pressed(
        self, answer: Answer, pressed: Callback, user: User, message: Message, context: Context
    ) -> str:
        """Draw what the core answered where the button was; the short text the button's
        answer shows ("" for none)."""
        language = self.language
        if isinstance(answer, CardShown):
            await _send_to(context, message.chat_id, views.render(answer, language))
        elif isinstance(answer, ListShown | ProgressShown):
            await _edit(message, views.render(answer, language))
        elif isinstance(answer, WordsAsked):
            await self._ask(answer, user, message, context, on_card(pressed))
        elif isinstance(answer, Moved):
            await self._redraw(message, on_card(pressed), answer.acted)
            return answer.text
        else:
            await _send_to(context, message.chat_id, views.render(answer, language))
        return ""

    async def _ask(
        self, asked: WordsAsked, user: User, message: Message, context: Context, card: bool
    ) -> None:
        """Ask the presser for the words the move needs (a ForceReply), and keep the question."""
        action, choice = asked.action, asked.choice
        sent = await context.bot.send_message(
            message.chat_id,
            views.prompt_text(action, asked.card, user.id, user.full_name, self.language),
            parse_mode=ParseMode.HTML,
            reply_markup=ForceReply(
                selective=True,
                input_field_placeholder=views.prompt_placeholder(action, self.language),
            ),
        )
        markup = message.reply_markup.to_dict() if message.reply_markup else {}
        question = prompts.PendingPrompt(
            chat_id=str(message.chat_id),
            message_id=sent.message_id,
            user_id=str(user.id),
            action=action,
            occurrence_id=choice.occurrence_id,
            version=choice.version or 0,
            source_message_id=message.message_id,
            source_card=card,
            source_markup=markup,
        )
        await self._run(self.core.save_question, question)

    async def _redraw(self, message: Message, on_card: bool, acted: Acted) -> None:
        """Show the new state where the button was: the card whole, or the reminder's row."""
        if on_card:
            await _edit(message, views.card_reply(acted.card, self.language))
        elif message.reply_markup is not None:
            await _quietly(message.edit_reply_markup(self._ticked(message.reply_markup, acted)))

    def _ticked(self, markup: InlineKeyboardMarkup, acted: Acted) -> InlineKeyboardMarkup:
        occurrence = acted.outcome.occurrence
        assert occurrence.id is not None
        text = keyboards.tick_text(
            acted.outcome.task.ref, occurrence.label, acted.outcome.move.to_state, self.language
        )
        return keyboards.ticked(markup, occurrence.id, text)

    async def _refuse(self, query: Any, chat_id: int, text: str, context: Context) -> None:
        """A refusal: in the button's alert when it fits, else as a message in the chat."""
        if len(text) <= CALLBACK_ANSWER_LIMIT:
            await query.answer(text, show_alert=True)
            return
        await query.answer()
        await _send_to(context, chat_id, plain(text))

    # -- the rest ---------------------------------------------------------------------------

    async def on_error(self, update: object, context: Context) -> None:
        """Log the failure; for anything but Telegram's own trouble (a bug, the database
        unreachable while reading) tell the chat that its request failed."""
        log.error("bot update failed", exc_info=context.error)
        if isinstance(context.error, TelegramError) or not isinstance(update, Update):
            return
        text = views.t("bot.failed", self.language)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(text, show_alert=True)
            elif update.message is not None:
                await _send(update.message, plain(text))
        except TelegramError:
            log.exception("bot could not say that an update failed")

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        """A service call (synchronous, database-bound) in a worker thread."""
        return await asyncio.to_thread(function, *args)


def on_card(pressed: Callback) -> bool:
    """Whether the pressed button sits under a task card (redrawn whole; else a reminder's
    row is ticked)."""
    return isinstance(pressed, ActOn) and pressed.on_card


async def _send(message: Message, reply: Reply) -> None:
    if reply.document is not None:
        name, content = reply.document
        await message.reply_document(content, filename=name, caption=reply.text)
        return
    await message.reply_text(
        reply.text,
        parse_mode=ParseMode.HTML if reply.html else None,
        reply_markup=reply.markup,
        link_preview_options=_NO_PREVIEW,
    )


async def _send_to(context: Context, chat_id: int, reply: Reply) -> None:
    await context.bot.send_message(
        chat_id,
        reply.text,
        parse_mode=ParseMode.HTML if reply.html else None,
        reply_markup=reply.markup,
        link_preview_options=_NO_PREVIEW,
    )


async def _edit(message: Message, reply: Reply) -> None:
    await _quietly(
        message.edit_text(
            reply.text,
            parse_mode=ParseMode.HTML if reply.html else None,
            reply_markup=reply.markup,
            link_preview_options=_NO_PREVIEW,
        )
    )


async def _quietly(edit: Any) -> None:
    """An edit; "message is not modified" (pressed twice, same state) is no failure."""
    try:
        await edit
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
