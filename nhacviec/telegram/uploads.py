"""The handlers of plans sent to the bot: a document in a chat, and the summary's buttons.

A document is refused (nothing downloaded) unless the chat is the office's linked chat and
Telegram says it is within the Bot API's 20 MB; then it is downloaded (``getFile`` and the file
URL), read and kept (the bot core's ``read_plan``, through ``DocumentService``), and answered
with a summary and «Nhập kế hoạch» / «Hủy». Those buttons (``u:`` data) come here before
``handlers``' catch-all; the core decides (``decide_plan``), these handlers draw.
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

from nhacviec.bot.core.answers import Answer, PlanDecided, PlanRead, Refused
from nhacviec.bot.core.dispatcher import BotCore
from nhacviec.bot.documents import MAX_BYTES, Known, safe_name
from nhacviec.telegram import document_views, views
from nhacviec.telegram.callbacks import DECIDE_PATTERN, decode_decision
from nhacviec.telegram.handlers import CALLBACK_ANSWER_LIMIT, incoming_of
from nhacviec.telegram.views import Reply, plain

log = logging.getLogger("nhacviec.bot")
Context = ContextTypes.DEFAULT_TYPE
T = TypeVar("T")


class TooBig(Exception):
    """Telegram will not hand the bot this file (over the Bot API's download limit)."""


class DownloadFailed(Exception):
    """Telegram did not hand the file over (the network, the server): worth sending again."""


class UploadHandlers:
    def __init__(self, core: BotCore, public_url: str = "") -> None:
        self.core, self.language = core, core.language
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
        incoming = incoming_of(chat, user, message.caption or "", context.bot.username or "")
        refused = await _run(self.core.may_send_plan, incoming)
        if refused is not None:  # nothing downloaded
            await _send(message, plain(refused.text))
            return
        name = safe_name(document.file_name or "")
        try:
            content = await _download(context, document)
        except TooBig:
            reply = plain(document_views.too_big_text(name, self.language))
        except DownloadFailed:
            log.warning("bot could not download a sent file", exc_info=True)
            reply = plain(views.t("bot.failed", self.language))
        else:
            answer = await _run(self.core.read_plan, incoming, name, content)
            reply = self._drawn(answer)
        await _send(message, reply)

    def _drawn(self, answer: Answer) -> Reply:
        if not isinstance(answer, PlanRead):
            return views.render(answer, self.language)
        found = answer.found
        if isinstance(found, Known):
            return document_views.known_reply(found, self.language)
        web = document_views.web_button(self.public_url, found.document_id, self.language)
        return document_views.summary_reply(found, self.language, extra=web)

    async def on_decision(self, update: Update, context: Context) -> None:
        query, chat, user = update.callback_query, update.effective_chat, update.effective_user
        if query is None or chat is None or user is None:
            return
        message = query.message if isinstance(query.message, Message) else None
        pressed = decode_decision(query.data or "")
        incoming = incoming_of(chat, user, "", context.bot.username or "")
        document_id = pressed.document_id if pressed is not None and message else None
        accept = pressed is not None and pressed.accept
        answer = await _run(self.core.decide_plan, incoming, document_id, accept)
        if isinstance(answer, Refused):
            await query.answer(answer.text[:CALLBACK_ANSWER_LIMIT], show_alert=True)
            return
        assert isinstance(answer, PlanDecided)
        assert message is not None  # else the core refused: no message to decide on
        await query.answer()
        await _quietly_drop_buttons(message)
        await _send(message, document_views.decided_reply(answer.decided, self.language))


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
