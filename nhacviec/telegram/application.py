"""The bot as a python-telegram-bot ``Application``: token and server from the settings, the
handlers registered. The caller initialises, starts and stops it (polling or webhook)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telegram.ext import Application, ApplicationBuilder

from nhacviec.app import App
from nhacviec.bot.core.dispatcher import BotCore
from nhacviec.bot.documents import DocumentService
from nhacviec.bot.evidence_service import EvidenceBotService
from nhacviec.bot.service import BotService
from nhacviec.errors import ConfigError
from nhacviec.telegram.evidence import EvidenceHandlers
from nhacviec.telegram.handlers import Handlers
from nhacviec.telegram.uploads import UploadHandlers
from notifiers.telegram import TOKEN_SHAPE

BotApplication = Application[Any, Any, Any, Any, Any, Any]


def build_application(app: App, *, clock: Callable[[], datetime]) -> BotApplication:
    """The bot for ``app``'s settings; ``clock`` gives "now" for actions (``app.clock``, or a
    test's).
    ``ConfigError`` when the token is missing or malformed."""
    # PTB 22 warns that time periods (a 429's retry_after) will become timedeltas; opt in now,
    # as the notifier already reads both forms.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    telegram = app.settings.telegram
    token = telegram.token.get_secret_value().strip() if telegram.token else ""
    if not token:
        raise ConfigError("telegram.token_missing")
    if not TOKEN_SHAPE.fullmatch(token):
        raise ConfigError("telegram.token_malformed")
    timeout = telegram.timeout_s
    application: BotApplication = (
        ApplicationBuilder()
        .token(token)
        .base_url(telegram.base_url)
        .base_file_url(file_url(telegram.base_url))
        .connect_timeout(timeout)
        .read_timeout(timeout)
        .write_timeout(timeout)
        .pool_timeout(timeout)
        .job_queue(None)
        .build()
    )
    cap = app.settings.workflow.extension_cap
    service, language = BotService(app, clock, extension_cap=cap), app.settings.language
    documents, public_url = DocumentService(app, clock), app.settings.web.public_url
    evidence = EvidenceBotService(app, service)
    core = BotCore(  # decides what to answer; the handlers translate and draw
        service, language, sends_files=True, evidence=evidence, documents=documents
    )
    EvidenceHandlers(core).register(application)
    UploadHandlers(core, public_url).register(application)
    Handlers(core).register(application)  # after: its buttons take the rest
    return application


def file_url(base_url: str) -> str:
    """Where files are downloaded from, beside the methods: ``…/bot`` → ``…/file/bot``."""
    head, bot = base_url.rstrip("/"), "/bot"
    return (head.removesuffix(bot) if head.endswith(bot) else head) + "/file/bot"
