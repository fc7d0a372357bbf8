"""Zalo's webhook mode on loopback: the bot sets its webhook with a secret, the loopback Zalo
server POSTs updates to it with ``X-Bot-Api-Secret-Token``, and an invite code links the chat;
a POST without the secret is refused and nothing is read."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from config.settings import Settings, ZaloSettings
from nhacviec.app import App
from nhacviec.errors import ConfigError
from nhacviec.i18n import translate
from nhacviec.services import links
from nhacviec.store import units as stored_units
from nhacviec.zalo.runner import zalo_beside, zalo_beside_from
from tests.conftest import migrated_store
from tests.integration.workflow.conftest import import_seed
from tests.zalo_api import SECRET_HEADER, ZaloBotServer

SECRET = "webhook-secret-42"
TRADE = "Phòng Quản lý Thương mại"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path, zalo: ZaloBotServer) -> Iterator[App]:
    port = free_port()
    settings = Settings(
        database_url=migrated_store(request, "sqlite", tmp_path),
        zalo=ZaloSettings(
            token=SecretStr(zalo.token),
            base_url=zalo.base_url,
            mode="webhook",
            webhook_url=f"http://127.0.0.1:{port}/zalo/cap-nhat",
            webhook_port=port,
            webhook_secret=SecretStr(SECRET),
        ),
    )
    built = App(settings)
    import_seed(built)
    yield built
    built.close()


def invite(app: App) -> str:
    with app.transaction() as session:
        found = stored_units.find_units(session, TRADE)[0]
        return links.invite(session, found, office=False, now=datetime.now(UTC), by="t").code


def test_updates_posted_to_the_webhook_link_the_chat(app: App, zalo: ZaloBotServer) -> None:
    bot = zalo_beside_from(app)
    assert bot is not None
    assert bot.mode == "webhook"
    chat = zalo.add_chat()
    code = invite(app)

    async def run() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(zalo_beside(bot, stop))
        await asyncio.to_thread(zalo.wait_for_calls, "setWebhook")  # the socket listens
        zalo.push_text(chat, f"/start {code}")
        await asyncio.to_thread(zalo.wait_for_calls, "sendMessage")
        stop.set()
        await task

    asyncio.run(run())
    [hook] = zalo.calls("setWebhook")
    assert hook.params == {"url": app.settings.zalo.webhook_url, "secret_token": SECRET}
    assert zalo.webhook_posts == [200]
    assert [call.text for call in zalo.sent(chat.id)] == [
        translate("bot.start.linked", "vi", unit=TRADE)
    ]
    with app.reading() as session:
        assert links.active_link(session, chat.id, "zalo") is not None


def test_a_post_without_the_secret_is_refused_unread(app: App, zalo: ZaloBotServer) -> None:
    bot = zalo_beside_from(app)
    assert bot is not None
    chat = zalo.add_chat()
    update = {
        "event_name": "message.text.received",
        "message": {"chat": chat.to_api(), "from": {"id": chat.id}, "text": invite(app)},
    }
    url = app.settings.zalo.webhook_url

    async def run() -> list[int]:
        stop = asyncio.Event()
        task = asyncio.create_task(zalo_beside(bot, stop))
        await asyncio.to_thread(zalo.wait_for_calls, "setWebhook")  # the socket listens
        async with httpx.AsyncClient() as client:
            statuses = [
                (await client.post(url, json=update)).status_code,
                (
                    await client.post(url, json=update, headers={SECRET_HEADER: "wrong-secret"})
                ).status_code,
                (await client.post(url, content=b"{", headers={SECRET_HEADER: SECRET})).status_code,
            ]
        stop.set()
        await task
        return statuses

    assert asyncio.run(run()) == [403, 403, 400]
    assert zalo.sent() == []
    with app.reading() as session:
        assert links.active_link(session, chat.id, "zalo") is None


def test_webhook_mode_needs_its_address_and_secret(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'x.db'}",
        zalo=ZaloSettings(
            token=SecretStr("1459232241454765289:abc"),
            mode="webhook",
            webhook_secret=SecretStr("short"),
        ),
    )
    with pytest.raises(ConfigError) as caught:
        zalo_beside_from(App(settings))
    assert caught.value.key == "zalo.webhook_incomplete"
