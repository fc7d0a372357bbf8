"""The numbers under a Zalo reminder, as the CLI hands the hook to the composition root: kept in
the database, so a reminder sent by any process (a cron ``nhacviec send``, the service) offers
numbers the Zalo bot of whichever instance answers; none when the settings run no Zalo bot."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from config.settings import Settings, ZaloSettings
from nhacviec.app import App
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.cli.state import CliState
from tests.unit.bot_core.test_reminder_numbers import NOW, reminder

TOKEN = "1459232241454765289:zaloCronNumbersSecret_0123456789"


def cli_with(settings: Settings) -> CliState:
    cli = CliState(None, None, clock=lambda: NOW)
    cli.__dict__["settings"] = settings  # as load_settings would give them
    return cli


@pytest.mark.parametrize(
    ("zalo", "offered"),
    [
        (ZaloSettings(token=SecretStr(TOKEN)), True),
        (ZaloSettings(token=SecretStr(TOKEN), bot=False), False),
    ],
)
def test_a_reminder_from_one_process_offers_numbers_the_bot_of_another_answers(
    tmp_path: Path, zalo: ZaloSettings, offered: bool
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    sender = cli_with(Settings(database_url=url, zalo=zalo))
    service = App(Settings(database_url=url, zalo=zalo), clock=lambda: NOW)
    try:
        hook = sender.app.reminder_numbers
        assert hook is not None
        lines = hook("c1", reminder())
        book = ChoiceBook.stored(service)
        start = book.recall("zalo", "c1", 1, NOW)
        if offered:
            assert lines.splitlines()[0] == "Trả lời 1 để bắt đầu thực hiện II.1b"
            assert start is not None
            assert (start.occurrence_id, start.version) == (7, 3)
        else:
            assert (lines, start) == ("", None)
    finally:
        sender.close()
        service.close()
