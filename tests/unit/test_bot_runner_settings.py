"""The bot's settings: polling or webhook, the webhook's secret from the environment only."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import SettingsError, TelegramSettings, load_settings
from nhacviec.app import system_time
from nhacviec.cli.scheduler import bot_runner
from nhacviec.cli.state import CliState
from nhacviec.errors import ConfigError
from nhacviec.i18n.errors import render_error
from nhacviec.store.leader import AdvisoryLeadership, lock_key
from nhacviec.telegram.runner import BotRunner, Polling, Webhook, bot_token, transport_from_settings
from scheduler.leader import SoleLeadership

SECRET = "Zq3_secret-for-tests"


def telegram(**values: object) -> TelegramSettings:
    return TelegramSettings.model_validate(values)


def test_polling_is_the_default() -> None:
    settings = load_settings(environ={})
    assert (settings.telegram.bot, settings.telegram.mode) == (True, "polling")
    assert transport_from_settings(settings.telegram) == Polling(timeout_s=30, retry_s=5.0)


def test_webhook_settings_come_from_the_file_and_the_secret_from_the_environment(
    tmp_path: Path,
) -> None:
    config = tmp_path / "nhacviec.yaml"
    config.write_text(
        "telegram:\n"
        "  mode: webhook\n"
        "  webhook_url: https://nhacviec.example.gov.vn/telegram/hook\n"
        "  webhook_listen: 0.0.0.0\n"
        "  webhook_port: 8444\n",
        encoding="utf-8",
    )
    settings = load_settings(config, {"NHACVIEC_TELEGRAM_WEBHOOK_SECRET": SECRET})
    hook = transport_from_settings(settings.telegram)
    assert hook == Webhook(
        "https://nhacviec.example.gov.vn/telegram/hook", SECRET, listen="0.0.0.0", port=8444
    )
    assert isinstance(hook, Webhook)
    assert hook.path == "/telegram/hook"
    assert SECRET not in repr(settings)
    assert SECRET not in repr(hook)


def test_the_webhook_secret_is_refused_in_a_file(tmp_path: Path) -> None:
    config = tmp_path / "nhacviec.yaml"
    config.write_text(f"telegram:\n  webhook_secret: {SECRET}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(config, {})
    assert "NHACVIEC_TELEGRAM_WEBHOOK_SECRET" in refused.value.detail
    assert SECRET not in str(refused.value)


def test_the_bot_can_be_switched_off_from_the_environment() -> None:
    settings = load_settings(environ={"NHACVIEC_TELEGRAM_BOT": "false"})
    assert settings.telegram.bot is False


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"webhook_secret": SECRET}, "bot_runner.webhook_url_missing"),
        ({"webhook_url": "nhacviec.example.gov.vn/hook", "webhook_secret": SECRET}, "invalid"),
        ({"webhook_url": "ftp://example.org/hook", "webhook_secret": SECRET}, "invalid"),
        ({"webhook_url": "https://example.org/hook"}, "bot_runner.webhook_secret_missing"),
        (
            {"webhook_url": "https://example.org/hook", "webhook_secret": "có dấu"},
            "bot_runner.webhook_secret_malformed",
        ),
        (
            {"webhook_url": "https://example.org/hook", "webhook_secret": "x" * 257},
            "bot_runner.webhook_secret_malformed",
        ),
    ],
)
def test_a_webhook_set_up_wrong_is_refused_at_start(values: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as refused:
        transport_from_settings(telegram(mode="webhook", **values))
    expected = "bot_runner.webhook_url_invalid" if key == "invalid" else key
    assert refused.value.key == expected
    message = render_error(refused.value, "vi")
    assert message != expected  # a sentence from the catalogue, not the bare key
    assert "có dấu" not in message


def test_the_token_is_optional_but_must_have_telegrams_shape() -> None:
    assert bot_token(telegram()) is None
    assert bot_token(telegram(token="  ")) is None
    assert bot_token(telegram(token="123:AAF-x_y")) == "123:AAF-x_y"
    with pytest.raises(ConfigError) as refused:
        bot_token(telegram(token="not a token"))
    assert refused.value.key == "telegram.token_malformed"


# -- what nhacviec run composes -----------------------------------------------------------------

TOKEN = "7000000001:AAHloopbackTokenForTests_0123456789ab"


def composed(monkeypatch: pytest.MonkeyPatch, **environment: str) -> BotRunner | None:
    for name, value in environment.items():
        monkeypatch.setenv(f"NHACVIEC_{name}", value)
    return bot_runner(CliState(config_file=None, language_option=None, clock=system_time))


def test_no_token_no_bot(monkeypatch: pytest.MonkeyPatch) -> None:
    assert composed(monkeypatch) is None
    assert composed(monkeypatch, TELEGRAM_TOKEN=TOKEN, TELEGRAM_BOT="false") is None


def test_a_token_brings_a_polling_bot_led_by_postgresql_when_the_store_is_there(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sqlite = composed(
        monkeypatch, TELEGRAM_TOKEN=TOKEN, DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}"
    )
    assert sqlite is not None
    assert isinstance(sqlite.transport, Polling)
    assert isinstance(sqlite.leadership, SoleLeadership)
    assert sqlite.application.bot.token == TOKEN
    postgres = composed(
        monkeypatch,
        TELEGRAM_TOKEN=TOKEN,
        DATABASE_URL="postgresql+psycopg://nhacviec:pw@db.example:5432/nhacviec",
    )
    assert postgres is not None
    assert isinstance(postgres.leadership, AdvisoryLeadership)  # no connection made yet
    assert postgres.leadership.conninfo == "postgresql://nhacviec:pw@db.example:5432/nhacviec"
    assert postgres.leadership.key == lock_key("nhacviec.telegram.poller:7000000001")


def test_a_webhook_bot_needs_no_leader(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = composed(
        monkeypatch,
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_MODE="webhook",
        TELEGRAM_WEBHOOK_URL="https://nhacviec.example.gov.vn/tg",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        DATABASE_URL="postgresql+psycopg://nhacviec@db.example/nhacviec",
    )
    assert runner is not None
    assert runner.transport == Webhook("https://nhacviec.example.gov.vn/tg", SECRET)
    assert isinstance(runner.leadership, SoleLeadership)
