"""The handlers of plans sent to the bot: a document in a chat, and the summary's buttons.

A document is refused (nothing downloaded) unless the chat is the office's linked chat and
Telegram says it is within the Bot API's 20 MB; then it is downloaded (``getFile`` and the file
URL), read and kept by ``DocumentService``, and answered with a summary and «Nhập kế hoạch» /
«Hủy». Those buttons (``u:`` data) come here before ``handlers``' catch-all.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from telegram import Document, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from nhacviec.bot.documents import MAX_BYTES, DocumentService, Known, safe_name
from nhacviec.bot.service import BotService, Person
from nhacviec.errors import NhacviecError
from nhacviec.telegram import document_views, views
from nhacviec.telegram.callbacks import DECIDE_PATTERN, decode_decision
from nhacviec.telegram.handlers import CALLBACK_ANSWER_LIMIT
from nhacviec.telegram.views import Reply, plain

log = logging.getLogger("nhacviec.bot")
Context = ContextTypes.DEFAULT_TYPE
T = TypeVar("T")


class TooBig(Exception):
    """Telegram will not hand the bot this file (over the Bot API's download limit)."""


class DownloadFailed(Exception):
    """Telegram did not hand the file over (the network, the server): worth sending again."""


class UploadHandlers:
    def __init__(
        self, chats: BotService, documents: DocumentService, language: str, public_url: str = ""
    ) -> None:
        self.chats, self.documents, self.language = chats, documents, language
        self.public_url = public_url  # the web console's address: «Xem trên web» (none if "")

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Register before ``Handlers``: its button handler takes every other press."""
        new = filters.UpdateType.MESSAGE  # an edited message never sends a file twice
        application.add_handler(MessageHandler(new & filters.Document.ALL, self.on_document))
        application.add_handler(CallbackQueryHandler(self.on_decision, pattern=DECIDE_PATTERN))

    async def on_document(self, update: Update, context: Context) -> None:
        message, chat, user = update.message, update.effective_chat, update.effective_user
        if message is None or message.document is None or chat is None or user is None:
            return
        document = message.document
        access = await _run(self.chats.access, chat.id)
        if access is None or not access.office:
            await _send(message, plain(views.t("bot.document.office_only", self.language)))
            return
        name = safe_name(document.file_name or "")
        person = Person(user.id, user.full_name, chat.id)
        try:
            content = await _download(context, document)
            found = await _run(self.documents.preview, access, person, name, content)
        except TooBig:
            reply = plain(document_views.too_big_text(name, self.language))
        except DownloadFailed:
            log.warning("bot could not download a sent file", exc_info=True)
            reply = plain(views.t("bot.failed", self.language))
        except NhacviecError as error:
            reply = plain(views.error_text(error, self.language))
        else:
            if isinstance(found, Known):
                reply = document_views.known_reply(found, self.language)
            else:
                web = document_views.web_button(self.public_url, found.document_id, self.language)
                reply = document_views.summary_reply(found, self.language, extra=web)
        await _send(message, reply)

    async def on_decision(self, update: Update, context: Context) -> None:
        query, chat, user = update.callback_query, update.effective_chat, update.effective_user
        if query is None or chat is None or user is None:
            return
        message = query.message if isinstance(query.message, Message) else None
        pressed = decode_decision(query.data or "")
        try:
            access = await _run(self.chats.require, chat.id)
            if pressed is None or message is None:
                raise NhacviecError("bot.button_gone")
            person = Person(user.id, user.full_name, chat.id)
            decided = await _run(
                self.documents.decide, access, person, pressed.document_id, pressed.accept
            )
        except NhacviecError as error:
            text = views.error_text(error, self.language)
            await query.answer(text[:CALLBACK_ANSWER_LIMIT], show_alert=True)
            return
        await query.answer()
        await _quietly_drop_buttons(message)
        await _send(message, document_views.decided_reply(decided, self.language))


async def _download(context: Context, document: Document) -> bytes:
    """The file's bytes; ``TooBig`` before any download when Telegram says it is too large."""
    if document.file_size is not None and document.file_size > MAX_BYTES:
        raise TooBig()
    try:
        file = await document.get_file()
        if file.file_size is not None and file.file_size > MAX_BYTES:
            raise TooBig()
        content = bytes(await file.download_as_bytearray())
    except BadRequest as error:
        if "too big" in error.message.lower():
            raise TooBig() from error
        raise DownloadFailed() from error
    except TelegramError as error:
        raise DownloadFailed() from error
    if len(content) > MAX_BYTES:
        raise TooBig()
    return content


async def _send(message: Message, reply: Reply) -> None:
    await message.reply_text(
        reply.text,
        parse_mode=ParseMode.HTML if reply.html else None,
        reply_markup=reply.markup,
    )


async def _quietly_drop_buttons(message: Message) -> None:
    """The summary loses its buttons once decided ("not modified": someone was faster)."""
    try:
        await message.edit_reply_markup(None)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def _run(function: Callable[..., T], *args: Any) -> T:
    """A service call (synchronous: the reader, the database) in a worker thread."""
    return await asyncio.to_thread(function, *args)
