"""The Zalo settings: the token and the webhook's secret from the environment only, the pacing
limits configurable, a missing or malformed token named without showing it."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import SettingsError, load_settings
from nhacviec.app import zalo_notifier
from nhacviec.errors import ConfigError
from nhacviec.i18n.errors import render_error

TOKEN = "1459232241454765289:zaloSecretHalf_0123456789"


@pytest.mark.parametrize("name", ["token", "webhook_secret"])
def test_a_zalo_secret_written_in_a_file_is_refused(tmp_path: Path, name: str) -> None:
    config = tmp_path / "nhacviec.yaml"
    config.write_text(f"zalo:\n  {name}: 'x1234567890'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=f"NHACVIEC_ZALO_{name.upper()}"):
        load_settings(config, environ={})


def test_the_zalo_settings_come_from_the_environment() -> None:
    settings = load_settings(
        environ={
            "NHACVIEC_ZALO_TOKEN": TOKEN,
            "NHACVIEC_ZALO_BASE_URL": "http://127.0.0.1:8082/bot",
            "NHACVIEC_ZALO_OVERALL_PER_S": "2",
            "NHACVIEC_ZALO_CHAT_INTERVAL_S": "3",
            "NHACVIEC_NOTIFY_CHANNELS": "email,zalo",
        }
    )
    assert settings.zalo.token is not None
    assert settings.zalo.token.get_secret_value() == TOKEN
    assert TOKEN not in repr(settings)  # a secret never printed
    assert settings.notify.channels == ("email", "zalo")
    notifier = zalo_notifier(settings.zalo)
    assert notifier.api.base_url == "http://127.0.0.1:8082/bot"
    assert notifier.pacer is not None
    assert notifier.pacer.limits.overall_per_s == 2
    assert notifier.pacer.limits.chat_interval_s == 3
    assert notifier.pacer.limits.group_count is None  # Zalo's chat ids are no Telegram groups


def test_the_defaults_are_zalo_s_documented_address_and_conservative_pacing() -> None:
    zalo = load_settings(environ={}).zalo
    assert zalo.base_url == "https://bot-api.zaloplatforms.com/bot"
    assert zalo.overall_per_s <= 5
    assert zalo.chat_interval_s >= 1


@pytest.mark.parametrize(
    ("token", "key"), [("", "zalo.token_missing"), ("not a token", "zalo.token_malformed")]
)
def test_a_missing_or_malformed_token_is_named_not_shown(token: str, key: str) -> None:
    settings = load_settings(environ={"NHACVIEC_ZALO_TOKEN": token} if token else {})
    with pytest.raises(ConfigError) as caught:
        zalo_notifier(settings.zalo)
    assert caught.value.key == key
    words = render_error(caught.value, "vi")
    assert "NHACVIEC_ZALO_TOKEN" in words
    assert not token or token not in words
