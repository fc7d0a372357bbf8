"""The bot's Telegram handlers: parse, call one ``BotService`` method, reply. Nothing else.

- commands (new messages only: an edited message never acts twice) → ``on_command``;
- a reply to one of the bot's ForceReply prompts → ``on_reply`` (the words a button needs);
- inline buttons → ``on_button``: act (the message is redrawn: a card whole, a reminder's
  row ticked), ask for words, open a card, turn a list's page.

Every answer is a sentence from the catalogue in the settings' language; anything the service
refuses (``NhacviecError``) is answered with its message, never with store data.
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

from nhacviec.bot import extensions as bot_extensions
from nhacviec.bot import keyboards, parsing, prompts, views
from nhacviec.bot.access import ChatAccess, may_use
from nhacviec.bot.callbacks import ActOn, Page, ViewCard, decode
from nhacviec.bot.listings import LISTINGS
from nhacviec.bot.service import Acted, BotService, Person
from nhacviec.bot.views import Reply, plain
from nhacviec.errors import NhacviecError, OfficeOnly
from nhacviec.services.links import ChatInfo
from workflows.workflow import Request

log = logging.getLogger("nhacviec.bot")
Context = ContextTypes.DEFAULT_TYPE
T = TypeVar("T")
CALLBACK_ANSWER_LIMIT = 200  # characters Telegram shows in a button's alert
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class Handlers:
    def __init__(self, service: BotService, language: str) -> None:
        self.service = service
        self.language = language

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
        parsed = parsing.parse(message.text, context.bot.username or "")
        if isinstance(parsed, parsing.NotACommand):
            return
        try:
            reply = await self._command(parsed, message.text, chat, user)
        except NhacviecError as error:
            reply = plain(views.error_text(error, self.language))
        await _send(message, reply)

    async def _command(self, parsed: parsing.Parsed, text: str, chat: Chat, user: User) -> Reply:
        if isinstance(parsed, parsing.Start) and parsed.code:
            return await self._link(parsed.code, chat, user)
        access = await self._run(self.service.require, chat.id)
        spec = parsing.spec_of(text)
        if isinstance(parsed, parsing.Unknown) or spec is None:
            return plain(views.t("bot.unknown_command", self.language))
        if not may_use(spec, access):
            raise OfficeOnly()
        if isinstance(parsed, parsing.Malformed):
            return plain(views.usage_text(spec.usage(self.language), self.language))
        person = Person(user.id, user.full_name, chat.id)
        return await self._understood(parsed, access, person)

    async def _understood(self, parsed: Any, access: ChatAccess, person: Person) -> Reply:
        language, service = self.language, self.service
        match parsed:
            case parsing.Start():
                return plain(views.t("bot.start.already", language, unit=access.unit_name))
            case parsing.Help():
                return Reply(views.help_text(language, access.office))
            case parsing.ListTasks(listing=listing, days=days):
                found = await self._run(service.listing, access, listing, 1, days)
                return views.list_reply(found, access.unit_name, access.office, language)
            case parsing.ShowTask(ref=ref):
                return views.card_reply(await self._run(service.card, access, ref), language)
            case parsing.ActOnTask(action=action, ref=ref, note=note, evidence=evidence):
                request = Request(action, note=note, evidence=evidence)
                acted = await self._run(lambda: service.act(access, person, request, ref=ref))
                return plain(views.moved_text(acted.outcome, language))
            case parsing.SetDate(ref=ref, due=due, note=note):
                acted = await self._run(service.set_date, access, person, ref, due, note)
                return plain(views.moved_text(acted.outcome, language))
            case parsing.AskExtension(ref=ref, due=due, reason=reason):  # issue 14
                # the office hears of it from the scheduler: an action item with buttons
                asked = await self._run(service.request_extension, access, person, ref, due, reason)
                return plain(bot_extensions.asked_text(asked, language))
            case parsing.RecordEvent(name=name, day=day):
                recorded = await self._run(service.record_event, access, person, name, day)
                return plain(views.event_text(recorded, language))
            case parsing.Progress():
                return views.progress_reply(await self._run(service.progress, access), language)
            case parsing.Summary(plan=plan):
                made = await self._run(service.summary, access, plan, language)
                return Reply(made.caption, html=False, document=(made.name, made.content))
        raise AssertionError(f"unhandled command {parsed!r}")

    async def _link(self, code: str, chat: Chat, user: User) -> Reply:
        info = ChatInfo(str(chat.id), chat.type, chat.title or "")
        by = f"{user.full_name} (tg:{user.id})"
        redeemed = await self._run(self.service.link, code, info, by)
        return plain(views.linked_text(redeemed, self.language))

    # -- replies to prompts -----------------------------------------------------------------

    async def on_reply(self, update: Update, context: Context) -> None:
        message, chat, user = update.message, update.effective_chat, update.effective_user
        if message is None or chat is None or user is None or message.text is None:
            return
        asked = message.reply_to_message
        if asked is None or asked.from_user is None or asked.from_user.id != context.bot.id:
            return
        person = Person(user.id, user.full_name, chat.id)
        try:
            access = await self._run(self.service.require, chat.id)
            answered = await self._run(
                self.service.answer_prompt, access, person, asked.message_id, message.text
            )
        except NhacviecError as error:
            await _send(message, plain(views.error_text(error, self.language)))
            return
        if answered is None:
            return  # a reply to something that asked nothing
        await _send(message, plain(views.moved_text(answered.acted.outcome, self.language)))
        await self._redraw_source(context, chat.id, answered.prompt, answered.acted)

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
        try:
            access = await self._run(self.service.require, chat.id)
            if pressed is None or message is None:
                raise NhacviecError("bot.button_gone")
            person = Person(user.id, user.full_name, chat.id)
            answer = await self._pressed(pressed, access, person, message, context)
        except NhacviecError as error:
            await self._refuse(query, chat.id, views.error_text(error, self.language), context)
            return
        await query.answer(answer[:CALLBACK_ANSWER_LIMIT] if answer else None)

    async def _pressed(
        self,
        pressed: ActOn | ViewCard | Page,
        access: ChatAccess,
        person: Person,
        message: Message,
        context: Context,
    ) -> str:
        """Do what the button asks; the short text the button's answer shows ("" for none)."""
        service, language = self.service, self.language
        if isinstance(pressed, ViewCard):
            card = await self._run(service.card, access, None, pressed.occurrence_id)
            await _send_to(context, message.chat_id, views.card_reply(card, language))
            return ""
        if isinstance(pressed, Page):
            await self._turn(pressed, access, message)
            return ""
        if pressed.action in prompts.ASKS_FOR_WORDS:
            await self._ask(pressed, access, person, message, context)
            return ""
        acted = await self._run(
            lambda: service.act(
                access,
                person,
                Request(pressed.action),
                occurrence_id=pressed.occurrence_id,
                version=pressed.version,
            )
        )
        await self._redraw(message, pressed.on_card, acted)
        return views.moved_text(acted.outcome, language)

    async def _ask(
        self, pressed: ActOn, access: ChatAccess, person: Person, message: Message, context: Context
    ) -> None:
        """Ask the presser for the words the action needs (a ForceReply), and remember it."""
        service, language = self.service, self.language
        card = await self._run(
            service.check_prompt,
            access,
            person,
            pressed.action,
            pressed.occurrence_id,
            pressed.version,
        )
        sent = await context.bot.send_message(
            message.chat_id,
            views.prompt_text(pressed.action, card, person.user_id, person.name, language),
            parse_mode=ParseMode.HTML,
            reply_markup=ForceReply(
                selective=True,
                input_field_placeholder=views.prompt_placeholder(pressed.action, language),
            ),
        )
        markup = message.reply_markup.to_dict() if message.reply_markup else {}
        prompt = prompts.PendingPrompt(
            chat_id=str(message.chat_id),
            message_id=sent.message_id,
            user_id=str(person.user_id),
            action=pressed.action,
            occurrence_id=pressed.occurrence_id,
            version=pressed.version,
            source_message_id=message.message_id,
            source_card=pressed.on_card,
            source_markup=markup,
        )
        await self._run(service.save_prompt, prompt)

    async def _turn(self, pressed: Page, access: ChatAccess, message: Message) -> None:
        service, language = self.service, self.language
        if pressed.listing == "tiendo":
            progress = await self._run(service.progress, access, pressed.page)
            reply = views.progress_reply(progress, language)
        elif pressed.listing in LISTINGS:
            days = int(pressed.argument) if pressed.argument.isdigit() else parsing.DEFAULT_DAYS
            days = min(max(days, 1), parsing.MAX_DAYS)
            found = await self._run(service.listing, access, pressed.listing, pressed.page, days)
            reply = views.list_reply(found, access.unit_name, access.office, language)
        else:
            raise NhacviecError("bot.button_gone")
        await _edit(message, reply)

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
