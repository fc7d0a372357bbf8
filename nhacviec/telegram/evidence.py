"""Evidence files and partner requests in Telegram.

- A document or a photo sent as the reply to the bot's «Đã báo cáo» prompt is the report, with
  the file as its evidence (its caption, if any, is the report's words).
- ``/denghi <mã> <đơn vị phối hợp> <dd/mm/yyyy> <nội dung>``: the lead asks a partner for its
  part by a date; ``/traloi <mã> <nội dung>``: the partner answers — with files when the
  command is the caption of a document or a photo.

These handlers run in group -1, before the others (``Handlers``, ``UploadHandlers``): an update
they take stops there; any other goes on (a plan file sent to the office's chat, a reply to a
prompt with words). What is answered is the bot core's (``BotCore.command`` with the files,
``BotCore.answer_words``); these handlers fetch the files and draw the answer.
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

from nhacviec.bot.core.answers import Answer, Moved, Refused
from nhacviec.bot.core.dispatcher import BotCore
from nhacviec.bot.documents import MAX_BYTES
from nhacviec.bot.wording import error_text
from nhacviec.errors import NhacviecError, NotLinked
from nhacviec.services.evidence import Upload
from nhacviec.telegram import views
from nhacviec.telegram.handlers import incoming_of

Context = ContextTypes.DEFAULT_TYPE
T = TypeVar("T")
_REQUEST_COMMAND = re.compile(r"^/(denghi|traloi|ask|answer)(@\w+)?(\s|$)", re.IGNORECASE)
GROUP = -1  # before every other handler


class TooBig(NhacviecError):
    """Telegram will not hand the bot this file (over the Bot API's 20 MB)."""

    def __init__(self, name: str) -> None:
        super().__init__("evidence.bot.too_big", name=name)


class EvidenceHandlers:
    def __init__(self, core: BotCore) -> None:
        self.core, self.language = core, core.language

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
        await self._request(update, context, message, message.text, with_files=False)

    async def on_file_command(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None or message.caption is None:
            return
        await self._request(update, context, message, message.caption, with_files=True)

    async def _request(
        self, update: Update, context: Context, message: Message, text: str, *, with_files: bool
    ) -> None:
        """The core answers the request; the files come along when it would keep them (they
        are fetched from Telegram only then)."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            return
        incoming = incoming_of(chat, user, text, context.bot.username or "")
        uploads: list[Upload] = []
        try:
            if with_files and await _run(self.core.takes_files, incoming):
                uploads.append(await _upload(message))
        except NhacviecError as error:
            answer: Answer | None = Refused(error_text(error, self.language))
        else:
            answer = await _run(self.core.command, incoming, uploads)
        if answer is None:
            return  # a command for another bot
        await message.reply_text(views.render(answer, self.language).text)
        raise ApplicationHandlerStop()

    async def on_reply(self, update: Update, context: Context) -> None:
        """A file replied to a «Đã báo cáo» question: the report, with the file kept."""
        message, chat, user = update.message, update.effective_chat, update.effective_user
        if message is None or chat is None or user is None:
            return
        asked = message.reply_to_message
        if asked is None or asked.from_user is None or asked.from_user.id != context.bot.id:
            return  # a file replied to someone else: not ours
        incoming = incoming_of(chat, user, message.caption or "", context.bot.username or "")
        try:
            if not await _run(self.core.linked, incoming):
                raise NotLinked()  # nothing fetched for a chat nobody linked
            upload = await _upload(message)
        except NhacviecError as error:
            await message.reply_text(error_text(error, self.language))
            raise ApplicationHandlerStop() from None
        answer = await _run(self.core.answer_words, incoming, asked.message_id, [upload])
        if answer is None:
            return  # that message asked nothing: a plan file for the office, perhaps
        await message.reply_text(views.render(answer, self.language).text)
        if isinstance(answer, Moved):
            await _quietly_redraw(context, chat.id, answer, self.language)
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


async def _quietly_redraw(context: Context, chat_id: int, moved: Moved, lang: str) -> None:
    """The pressed card shows the report (a reminder's buttons are left as they are)."""
    prompt = moved.prompt
    if prompt is None or prompt.source_message_id is None or not prompt.source_card:
        return
    reply = views.card_reply(moved.acted.card, lang)
    try:
        await context.bot.edit_message_text(
            reply.text,
            chat_id=chat_id,
            message_id=prompt.source_message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=reply.markup,
        )
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def _run(function: Callable[..., T], *args: Any) -> T:
    return await asyncio.to_thread(function, *args)
