"""The bot runner against the loopback Bot API server: a real python-telegram-bot Application,
started and stopped inside an event loop the test owns, as ``nhacviec run`` does."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from nhacviec.bot.commands import published
from nhacviec.i18n import Language
from nhacviec.telegram.runner import BotRunner, Polling, Transport, Webhook
from tests.telegram_api import SECRET_HEADER, ApiError, BotApiServer, Chat, User, serve_in_thread

T = TypeVar("T")
SECRET = "s3cret-Token_for_tests"
QUICK = 0.05  # seconds between the runner's attempts (to reach Telegram, to lead)
DEFAULT_SCOPE = '{"type": "default"}'


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer()) as server:
        yield server


@pytest.fixture
def head(telegram: BotApiServer) -> User:
    return telegram.add_user("Trần Thị Bình")


@pytest.fixture
def group(telegram: BotApiServer) -> Chat:
    return telegram.add_group("Phòng Văn hóa - Xã hội")


def application_for(
    server: BotApiServer, token: str | None = None
) -> Application[Any, Any, Any, Any, Any, Any]:
    """A real Application with one command, like the bot's own (the runner serves any)."""

    async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"trợ giúp {' '.join(context.args or [])}")

    application = (
        ApplicationBuilder().token(token or server.token).base_url(server.base_url).build()
    )
    application.add_handler(CommandHandler(["trogiup", "help"], help_command))
    return application


async def serving(
    runner: BotRunner, scenario: Callable[[], Awaitable[T]]
) -> tuple[T, asyncio.Event]:
    """Run ``runner`` while ``scenario`` runs, then stop it as the service's stop would."""
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        result = await scenario()
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    return result, stop


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def replies(server: BotApiServer) -> list[tuple[int | str | None, str | None]]:
    return [(call.chat_id, call.text) for call in server.sent()]


# -- polling ----------------------------------------------------------------------------------


def test_polling_answers_commands_and_stops_cleanly(
    telegram: BotApiServer, head: User, group: Chat
) -> None:
    application = application_for(telegram)
    runner = BotRunner(application, Polling(timeout_s=5, retry_s=QUICK))

    async def scenario() -> list[int]:
        await asyncio.to_thread(telegram.wait_until_polling)
        telegram.push_message(group, head, "/trogiup@nhacviec_loopback_bot 1")
        telegram.push_message(telegram.add_private_chat(head), head, "/help 2")
        await telegram.calls_arrived("sendMessage", count=2)
        await asyncio.to_thread(telegram.wait_until_polling)
        return [call.status for call in telegram.calls()]

    statuses, _ = asyncio.run(serving(runner, scenario))
    assert 409 not in statuses  # while serving; stopping abandons a long poll the server ends
    assert replies(telegram) == [(group.id, "trợ giúp 1"), (head.id, "trợ giúp 2")]
    methods = [call.method for call in telegram.calls()]
    assert methods[:5] == ["getMe", "setMyCommands", "setMyCommands", "deleteWebhook", "getUpdates"]
    assert methods[-1] == "getUpdates"  # the last one confirms what was handled
    assert telegram.pending_updates == []
    assert not application.running
    assert application.updater is not None
    assert not application.updater.running


def test_commands_are_published_in_vietnamese_and_english(telegram: BotApiServer) -> None:
    runner = BotRunner(application_for(telegram), Polling(timeout_s=5, retry_s=QUICK))

    async def scenario() -> None:
        await asyncio.to_thread(telegram.wait_until_polling)

    asyncio.run(serving(runner, scenario))
    vietnamese = [{"command": c, "description": d} for c, d in published(Language.VI)]
    english = [{"command": c, "description": d} for c, d in published(Language.EN)]
    assert telegram.commands == {(DEFAULT_SCOPE, ""): vietnamese, (DEFAULT_SCOPE, "en"): english}
    assert vietnamese != english
    listed = [entry["command"] for entry in vietnamese]
    assert "trogiup" in listed
    assert "start" not in listed


def test_telegram_out_of_reach_at_start_is_waited_out(
    telegram: BotApiServer, head: User, group: Chat
) -> None:
    telegram.fail(ApiError.bad_gateway(), method="getMe", times=2)
    telegram.fail(ApiError.bad_gateway(), method="deleteWebhook", times=1)
    runner = BotRunner(application_for(telegram), Polling(timeout_s=5, retry_s=QUICK))

    async def scenario() -> None:
        await asyncio.to_thread(telegram.wait_until_polling)
        telegram.push_message(group, head, "/trogiup")
        await telegram.calls_arrived("sendMessage")

    asyncio.run(serving(runner, scenario))
    assert [call.status for call in telegram.calls("getMe")] == [502, 502, 200]
    assert [call.status for call in telegram.calls("deleteWebhook")] == [502, 200]
    assert replies(telegram) == [(group.id, "trợ giúp ")]


def test_a_refused_token_leaves_the_bot_off(telegram: BotApiServer) -> None:
    runner = BotRunner(application_for(telegram, token="7000000001:wrong"), Polling(retry_s=QUICK))

    async def run_alone() -> None:
        await asyncio.wait_for(runner.run(asyncio.Event()), 30)  # returns by itself

    asyncio.run(run_alone())
    assert [(call.method, call.status) for call in telegram.calls()] == [("getMe", 401)]


def test_a_stop_before_telegram_answers_ends_at_once(telegram: BotApiServer) -> None:
    telegram.fail(ApiError.bad_gateway(), method="getMe", times=None)
    runner = BotRunner(application_for(telegram), Polling(retry_s=60))

    async def scenario() -> None:
        await telegram.calls_arrived("getMe")

    asyncio.run(asyncio.wait_for(serving(runner, scenario), 30))
    assert [call.method for call in telegram.calls()] == ["getMe"]


# -- webhook ----------------------------------------------------------------------------------


def webhook_runner(server: BotApiServer) -> tuple[BotRunner, Webhook]:
    port = free_port()
    hook = Webhook(
        f"http://127.0.0.1:{port}/telegram/{SECRET[:6]}",
        SECRET,
        listen="127.0.0.1",
        port=port,
        retry_s=QUICK,
    )
    return BotRunner(application_for(server), hook), hook


def update_json(server: BotApiServer, chat: Chat, user: User, text: str, update_id: int) -> str:
    message = {
        "message_id": 900 + update_id,
        "from": user.to_api(),
        "chat": chat.to_api(),
        "date": 1_750_000_000,
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }
    return json.dumps({"update_id": update_id, "message": message})


def test_a_webhook_takes_updates_only_with_the_secret(
    telegram: BotApiServer, head: User, group: Chat
) -> None:
    runner, hook = webhook_runner(telegram)

    async def post(client: httpx.AsyncClient, body: str, secret: str | None) -> int:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        return (await client.post(hook.url, content=body, headers=headers)).status_code

    async def scenario() -> list[int]:
        await telegram.calls_arrived("setWebhook")
        telegram.push_message(group, head, "/trogiup từ Telegram")
        await telegram.calls_arrived("sendMessage")
        async with httpx.AsyncClient() as client:
            statuses = [
                await post(
                    client, update_json(telegram, group, head, "/trogiup giả 1", 9001), None
                ),
                await post(client, update_json(telegram, group, head, "/trogiup giả 2", 9002), "x"),
                await post(
                    client, update_json(telegram, group, head, "/trogiup thật", 9003), SECRET
                ),
            ]
        await telegram.calls_arrived("sendMessage", count=2)
        return statuses

    statuses, _ = asyncio.run(serving(runner, scenario))
    assert statuses == [403, 403, 200]
    assert replies(telegram) == [(group.id, "trợ giúp từ Telegram"), (group.id, "trợ giúp thật")]
    [set_webhook] = telegram.calls("setWebhook")
    assert set_webhook.params["url"] == hook.url
    assert set_webhook.params["secret_token"] == SECRET
    assert telegram.webhook is not None  # left set: Telegram keeps updates while we are away
    # Telegram posted the first update until the bot's server listened and answered it
    assert telegram.webhook_posts[-1] == (1, 200)
    assert {update_id for update_id, _ in telegram.webhook_posts} == {1}
    assert not telegram.calls("getUpdates")

    async def after_stop() -> None:
        async with httpx.AsyncClient() as client:
            await client.post(hook.url, content="{}", headers={SECRET_HEADER: SECRET})

    with pytest.raises(httpx.ConnectError):
        asyncio.run(after_stop())


def test_the_webhook_secret_is_never_logged(
    telegram: BotApiServer, head: User, group: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    """At the levels the service logs (INFO and above, every logger)."""
    caplog.set_level(logging.INFO)
    runner, hook = webhook_runner(telegram)

    async def scenario() -> None:
        await telegram.calls_arrived("setWebhook")
        telegram.push_message(group, head, "/trogiup")
        await telegram.calls_arrived("sendMessage")

    asyncio.run(serving(runner, scenario))
    assert "bot webhook listening" in caplog.messages
    logged = "\n".join(f"{record.getMessage()} {vars(record)}" for record in caplog.records)
    assert SECRET not in logged
    assert SECRET not in repr(hook)


def transport_for(mode: str) -> Transport:
    if mode == "polling":
        return Polling(retry_s=QUICK)
    return Webhook("http://127.0.0.1:1/hook", SECRET, port=free_port(), retry_s=QUICK)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_the_runner_is_a_plain_coroutine_the_service_can_cancel(
    telegram: BotApiServer, mode: str
) -> None:
    """Cancelled (the service's task group failed): still stopped and shut down."""
    transport = transport_for(mode)
    application = application_for(telegram)
    runner = BotRunner(application, transport)

    async def cancel_once_started() -> None:
        task = asyncio.create_task(runner.run(asyncio.Event()))
        if isinstance(transport, Polling):
            await asyncio.to_thread(telegram.wait_until_polling)
        else:
            await telegram.calls_arrived("setWebhook")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_once_started())
    assert not application.running
    assert application.updater is not None
    assert not application.updater.running
