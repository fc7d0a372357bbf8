"""Evidence files and partner requests in Telegram.

- A document or a photo sent as the reply to the bot's «Đã báo cáo» prompt is the report, with
  the file as its evidence (its caption, if any, is the report's words).
- ``/denghi <mã> <đơn vị phối hợp> <dd/mm/yyyy> <nội dung>``: the lead asks a partner for its
  part by a date; ``/traloi <mã> <nội dung>``: the partner answers — with files when the
  command is the caption of a document or a photo.

These handlers run in group -1, before the others (``Handlers``, ``UploadHandlers``): an update
they take stops there; any other goes on (a plan file sent to the office's chat, a reply to a
prompt with words). The units of work are ``evidence_service.EvidenceBotService``'s.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any, TypeVar

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    ContextTypes,
    MessageHandler,
    filters,
)

from nhacviec.bot import parsing
from nhacviec.bot.documents import MAX_BYTES
from nhacviec.bot.evidence_service import EvidenceBotService
from nhacviec.bot.service import Answered, Person
from nhacviec.errors import NhacviecError
from nhacviec.services.evidence import Upload
from nhacviec.telegram import views

Context = ContextTypes.DEFAULT_TYPE
T = TypeVar("T")
_REQUEST_COMMAND = re.compile(r"^/(denghi|traloi|ask|answer)(@\w+)?(\s|$)", re.IGNORECASE)
GROUP = -1  # before every other handler


class TooBig(NhacviecError):
    """Telegram will not hand the bot this file (over the Bot API's 20 MB)."""

    def __init__(self, name: str) -> None:
        super().__init__("evidence.bot.too_big", name=name)


class EvidenceHandlers:
    def __init__(self, service: EvidenceBotService, language: str) -> None:
        self.service, self.language = service, language

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        new = filters.UpdateType.MESSAGE
        files = filters.Document.ALL | filters.PHOTO
        commands = filters.Regex(_REQUEST_COMMAND)
        captioned = files & filters.CaptionRegex(_REQUEST_COMMAND)
        application.add_handler(MessageHandler(new & commands, self.on_command), GROUP)
        application.add_handler(MessageHandler(new & captioned, self.on_file_command), GROUP)
        application.add_handler(MessageHandler(new & filters.REPLY & files, self.on_reply), GROUP)

    async def on_command(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None or message.text is None:
            return
        await self._request(update, context, message, message.text, [])

    async def on_file_command(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None or message.caption is None:
            return
        await self._request(update, context, message, message.caption, None)

    async def _request(
        self,
        update: Update,
        context: Context,
        message: Message,
        text: str,
        uploads: list[Upload] | None,
    ) -> None:
        chat, user = update.effective_chat, update.effective_user
        parsed = parsing.parse(text, context.bot.username or "")
        if chat is None or user is None or isinstance(parsed, parsing.NotACommand):
            return
        person = Person(user.id, user.full_name, chat.id)
        try:
            access = await _run(self.service.chats.require, chat.id)
            if isinstance(parsed, parsing.AskPartner):
                done = await _run(self.service.ask, access, person, parsed)
                reply = views.t(
                    "evidence.bot.asked",
                    self.language,
                    partner=parsed.partner,
                    ref=done.task.ref,
                    due=f"{parsed.due:%d/%m/%Y}",
                )
            elif isinstance(parsed, parsing.AnswerRequest):
                files = uploads if uploads is not None else [await _upload(message)]
                done = await _run(self.service.answer, access, person, parsed, files)
                reply = views.t(
                    "evidence.bot.answered_done", self.language, ref=done.task.ref, count=len(files)
                )
            else:
                spec = parsing.spec_of(text)
                usage = spec.usage(self.language) if spec else ""
                reply = views.usage_text(usage, self.language)
        except NhacviecError as error:
            reply = views.error_text(error, self.language)
        await message.reply_text(reply)
        raise ApplicationHandlerStop()

    async def on_reply(self, update: Update, context: Context) -> None:
        """A file replied to a «Đã báo cáo» prompt: the report, with the file kept."""
        message, chat, user = update.message, update.effective_chat, update.effective_user
        if message is None or chat is None or user is None:
            return
        asked = message.reply_to_message
        if asked is None or asked.from_user is None or asked.from_user.id != context.bot.id:
            return  # a file replied to someone else: not ours
        person = Person(user.id, user.full_name, chat.id)
        try:
            access = await _run(self.service.chats.require, chat.id)
            upload = await _upload(message)
            answered = await _run(
                self.service.report_with_files,
                access,
                person,
                asked.message_id,
                message.caption or "",
                [upload],
            )
        except NhacviecError as error:
            await message.reply_text(views.error_text(error, self.language))
            raise ApplicationHandlerStop() from None
        if answered is None:
            return  # that message asked nothing: a plan file for the office, perhaps
        outcome = answered.acted.outcome
        text = views.moved_text(outcome, self.language)
        text += "\n" + views.t("evidence.bot.reported_files", self.language, count=1)
        await message.reply_text(text)
        await _quietly_redraw(context, chat.id, answered, self.language)
        raise ApplicationHandlerStop()


async def _upload(message: Message) -> Upload:
    """The message's document or largest photo, downloaded (``TooBig`` over 20 MB)."""
    if message.document is not None:
        name = message.document.file_name or "tep"
        size, getter = message.document.file_size, message.document.get_file
    elif message.photo:
        photo = message.photo[-1]
        name = f"anh-{photo.file_unique_id}.jpg"
        size, getter = photo.file_size, photo.get_file
    else:
        raise NhacviecError("bot.failed")
    if size is not None and size > MAX_BYTES:
        raise TooBig(name)
    try:
        file = await getter()
        content = bytes(await file.download_as_bytearray())
    except BadRequest as error:
        if "too big" in error.message.lower():
            raise TooBig(name) from error
        raise NhacviecError("bot.failed") from error
    except TelegramError as error:
        raise NhacviecError("bot.failed") from error
    return Upload(name, content)


async def _quietly_redraw(context: Context, chat_id: int, answered: Answered, lang: str) -> None:
    """The pressed card shows the report (a reminder's buttons are left as they are)."""
    if answered.prompt.source_message_id is None or not answered.prompt.source_card:
        return
    reply = views.card_reply(answered.acted.card, lang)
    try:
        await context.bot.edit_message_text(
            reply.text,
            chat_id=chat_id,
            message_id=answered.prompt.source_message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=reply.markup,
        )
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def _run(function: Callable[..., T], *args: Any) -> T:
    return await asyncio.to_thread(function, *args)
