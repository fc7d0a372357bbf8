"""What every command shares: settings (read once), the app, consoles and the language."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from nhacviec.i18n import Language, translate

if TYPE_CHECKING:  # settings, the app and rich load when a command first needs them
    from rich.console import Console
    from telegram import InlineKeyboardMarkup

    from config.settings import Settings
    from nhacviec.app import App
    from nhacviec.bot.core.choices import ChoiceBook
    from notifiers.message import Message

LANGUAGE_ENV = "NHACVIEC_LANGUAGE"


_chosen: list[Language] = []  # the run's ``--lang``, once ``main`` has read it


def choose_help_language(value: str) -> None:
    """``--lang`` wins over ``NHACVIEC_LANGUAGE`` for the help texts built from now on, and for
    Typer's own words (``nhacviec.cli.help_words``)."""
    from nhacviec.cli.help_words import use_language

    _chosen[:] = [Language(value)]
    use_language(value)


def help_language() -> Language:
    """The language of ``--help`` texts, which are built before any option is parsed."""
    return _chosen[0] if _chosen else environment_language()


def environment_language() -> Language:
    """``NHACVIEC_LANGUAGE``, or Vietnamese."""
    value = os.environ.get(LANGUAGE_ENV, Language.VI.value)
    return Language(value) if value in {lang.value for lang in Language} else Language.VI


def help_text(key: str) -> str:
    return translate(key, help_language())


def reminder_buttons(message: Message) -> InlineKeyboardMarkup | None:
    """The bot's buttons under a Telegram reminder (the bot, and python-telegram-bot, load only
    when a reminder goes out by Telegram)."""
    from nhacviec.telegram.keyboards import reminder_keyboard

    return reminder_keyboard(message)


def reminder_numbers(
    clock: Callable[[], datetime], app: Callable[[], App]
) -> Callable[[str, Message], str]:
    """The bot's numbered replies under a Zalo reminder, kept in ``app``'s database where the
    Zalo bot of any instance reads them (the Zalo bot loads only when a reminder goes out by
    Zalo); none when the settings run no Zalo bot."""
    book: list[ChoiceBook | None] = []

    def numbered(chat_id: str, message: Message) -> str:
        from nhacviec.bot.core.choices import ChoiceBook
        from nhacviec.zalo.reminders import bot_answers, numbered

        if not book:
            built = app()
            answers = bot_answers(built.settings.zalo)
            book.append(ChoiceBook.stored(built) if answers else None)
        return numbered(chat_id, message, clock, book[0])

    return numbered


@dataclass
class CliState:
    config_file: Path | None
    language_option: str | None
    now_option: str | None = None
    # The composition root's clock (``nhacviec.app.system_time``), handed in by the entry point.
    clock: Callable[[], datetime] = field(kw_only=True)

    @cached_property
    def now(self) -> datetime:
        """The instant the command acts at: ``--now`` (for tests, catch-up, what-if), else the
        clock, read once."""
        if self.now_option is None:
            return self.clock()
        from nhacviec.cli.options import parse_instant

        return parse_instant(self.now_option)

    @cached_property
    def settings(self) -> Settings:
        from config.settings import load_settings

        settings = load_settings(self.config_file)
        if self.language_option:
            settings = settings.model_copy(update={"language": self.language_option})
        return settings

    @cached_property
    def app(self) -> App:
        from nhacviec.app import App

        return App(
            self.settings,
            clock=self.clock,
            reminder_buttons=reminder_buttons,
            reminder_numbers=reminder_numbers(self.clock, lambda: self.app),
        )

    @property
    def lang(self) -> Language:
        if self.language_option in {lang.value for lang in Language}:
            return Language(self.language_option)
        return self.app.language

    def close(self) -> None:
        """Release database connections (the command is over)."""
        if "app" in self.__dict__:
            self.app.close()

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    @cached_property
    def out(self) -> Console:
        return console()

    @cached_property
    def err(self) -> Console:
        return console(stderr=True)


def console(*, stderr: bool = False) -> Console:
    """A console that fits lines to a terminal's width, and never breaks them when the output
    is a file or a pipe (a CI log read with ``tail``, a script): there each line stays whole."""
    from rich.console import Console

    made = Console(stderr=stderr, highlight=False)
    made.soft_wrap = not made.is_terminal
    return made


def state(ctx: typer.Context) -> CliState:
    found = ctx.find_object(CliState)
    if found is None:  # a command invoked without the root callback (tests, embedding)
        from nhacviec.app import system_time

        found = CliState(None, None, clock=system_time)
        ctx.obj = found
    return found
