"""Every sentence of the bot is in the catalogue in both languages, with the same placeholders;
command descriptions fit setMyCommands; buttons have their labels."""

from __future__ import annotations

import string

from nhacviec.bot.access import BUTTON_ACTIONS
from nhacviec.bot.commands import COMMANDS
from nhacviec.i18n import catalogue


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_bot_sentence_is_in_both_languages_with_the_same_placeholders() -> None:
    keys = [key for key in catalogue() if key.startswith("bot.")]
    assert len(keys) > 80
    for key in keys:
        texts = catalogue()[key]
        assert set(texts) == {"vi", "en"}, key
        assert texts["vi"].strip(), key
        assert texts["en"].strip(), key
        assert _fields(texts["vi"]) == _fields(texts["en"]), key


def test_commands_and_buttons_have_their_words() -> None:
    for spec in COMMANDS:
        for language in ("vi", "en"):
            assert 1 <= len(spec.description(language)) <= 256
            assert spec.usage(language).startswith("/")
    for action in BUTTON_ACTIONS:
        assert f"bot.button.{action.value}" in catalogue()
    for asked in ("report", "return"):
        assert f"bot.prompt.{asked}" in catalogue()
        assert len(catalogue()[f"bot.prompt.{asked}_placeholder"]["vi"]) <= 64
