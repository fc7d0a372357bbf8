"""The loopback Bot API server answers like Telegram: raw answers checked over httpx, objects
checked by python-telegram-bot parsing them (as the bot of issue 6 will)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx
import pytest
from aiohttp import web
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, InvalidToken
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from tests.telegram_api import SECRET_HEADER, ApiError, BotApiServer, serve_in_thread

T = TypeVar("T")
CHAT = 4242


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer()) as server:
        server.add_chat(CHAT)
        yield server


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def post(server: BotApiServer, method: str, **params: Any) -> httpx.Response:
    return httpx.post(server.url_for(method), data=params)


@asynccontextmanager
async def bot_for(server: BotApiServer) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url) as bot:
        yield bot


# -- answers ----------------------------------------------------------------------------------


def test_get_me_describes_the_bot(telegram: BotApiServer) -> None:
    async def me() -> tuple[int, str | None, bool]:
        async with bot_for(telegram) as bot:
            user = await bot.get_me()
            return user.id, user.username, user.is_bot

    assert run(me()) == (7000000001, "nhacviec_loopback_bot", True)


def test_a_wrong_token_and_an_unknown_method_answer_as_telegram(telegram: BotApiServer) -> None:
    wrong = httpx.post(f"{telegram.base_url}1:nope/getMe")
    assert (wrong.status_code, wrong.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    unknown = post(telegram, "sendTelepathy")
    assert (unknown.status_code, unknown.json()["description"]) == (404, "Not Found")

    async def rejected() -> None:
        async with Bot("1:nope", base_url=telegram.base_url) as bot:
            await bot.get_me()

    with pytest.raises(InvalidToken):
        run(rejected())


def test_send_message_returns_a_message_with_entities(telegram: BotApiServer) -> None:
    html = "<b>Hạn</b> &amp; 🎉 <i>x</i>"
    answer = post(telegram, "sendMessage", chat_id=CHAT, text=html, parse_mode="HTML")
    assert answer.status_code == 200
    result = answer.json()["result"]
    assert result["text"] == "Hạn & 🎉 x"
    assert result["entities"] == [
        {"offset": 0, "length": 3, "type": "bold"},
        {"offset": 9, "length": 1, "type": "italic"},  # the emoji counts two
    ]
    assert result["chat"] == {"id": CHAT, "type": "private", "first_name": f"User {CHAT}"}
    assert result["from"]["is_bot"] is True
    assert isinstance(result["date"], int)
    assert telegram.sent(CHAT)[0].text == html


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>đậm</i>", 'Unmatched end tag at byte offset 9, expected "</b>", found "</i>"'),
        ("<b>đậm", 'Can\'t find end tag corresponding to start tag "b"'),
        ("đậm</b>", "Unexpected end tag at byte offset 6"),  # bytes of UTF-8
        ("<script>x</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("<b", "Unclosed start tag at byte offset 0"),
    ],
)
def test_html_telegram_cannot_parse_is_refused(
    telegram: BotApiServer, text: str, description: str
) -> None:
    answer = post(telegram, "sendMessage", chat_id=CHAT, text=text, parse_mode="HTML")
    assert answer.status_code == 400
    assert answer.json() == {
        "ok": False,
        "error_code": 400,
        "description": f"Bad Request: can't parse entities: {description}",
    }
    assert telegram.sent() == []


def test_plain_text_is_shown_as_written_after_telegrams_cleaning(telegram: BotApiServer) -> None:
    answer = post(telegram, "sendMessage", chat_id=CHAT, text=" <b> &amp;\x00\r\n\u2028x ")
    assert answer.json()["result"]["text"] == "<b> &amp; \nx"


def test_length_is_checked_in_utf16_after_parsing(telegram: BotApiServer) -> None:
    fits = post(telegram, "sendMessage", chat_id=CHAT, text="🎉" * 2048)
    too_long = post(telegram, "sendMessage", chat_id=CHAT, text="🎉" * 2049)
    escaped = post(telegram, "sendMessage", chat_id=CHAT, text="&amp;" * 4096, parse_mode="HTML")
    assert [fits.status_code, too_long.status_code, escaped.status_code] == [200, 400, 200]
    assert too_long.json()["description"] == "Bad Request: message is too long"
    empty = post(telegram, "sendMessage", chat_id=CHAT, text="<b> </b>", parse_mode="HTML")
    assert empty.json()["description"] == "Bad Request: message text is empty"


def test_unknown_blocked_and_deleted_chats(telegram: BotApiServer) -> None:
    group = telegram.add_group("Phòng Kinh tế")
    telegram.block(group.id)
    assert post(telegram, "sendMessage", chat_id=1, text="x").json()["description"] == (
        "Bad Request: chat not found"
    )
    kicked = post(telegram, "sendMessage", chat_id=group.id, text="x")
    assert (kicked.status_code, kicked.json()["description"]) == (
        403,
        "Forbidden: bot was kicked from the group chat",
    )
    telegram.remove_chat(CHAT)
    assert post(telegram, "sendMessage", chat_id=CHAT, text="x").status_code == 400


def test_json_bodies_and_channel_names_are_understood(telegram: BotApiServer) -> None:
    telegram.add_group("Thông báo", supergroup=True)
    channel = telegram.add_group("Kênh", chat_id=-1_000_000_000_777)
    telegram.chats[channel.id] = channel.__class__(channel.id, "channel", "Kênh", username="kenh")
    answer = httpx.post(telegram.url_for("sendMessage"), json={"chat_id": "@kenh", "text": "x"})
    assert answer.json()["result"]["chat"]["id"] == channel.id


def test_any_chat_accepts_every_id(telegram: BotApiServer) -> None:
    telegram.any_chat = True
    answer = post(telegram, "sendMessage", chat_id=-123456, text="x")
    assert answer.json()["result"]["chat"]["type"] == "group"


# -- faults -----------------------------------------------------------------------------------


def test_scripted_failures_match_method_chat_count_and_predicate(telegram: BotApiServer) -> None:
    telegram.add_chat(5)
    flood = telegram.fail(ApiError.too_many_requests(7), chat_id=CHAT, times=2)
    parse = telegram.fail(ApiError.cant_parse(), times=None, when=lambda p: "parse_mode" in p)
    answers = [
        post(telegram, "sendMessage", chat_id=5, text="x"),
        post(telegram, "sendMessage", chat_id=CHAT, text="x"),
        post(telegram, "sendMessage", chat_id=CHAT, text="x"),
        post(telegram, "sendMessage", chat_id=CHAT, text="x"),
        post(telegram, "sendMessage", chat_id=5, text="x", parse_mode="HTML"),
    ]
    assert [a.status_code for a in answers] == [200, 429, 429, 200, 400]
    assert answers[1].json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    assert (flood.hits, parse.hits) == (2, 1)


def test_a_flood_limit_answers_429_above_the_rate(telegram: BotApiServer) -> None:
    telegram.flood_clock = lambda: 1000.0  # frozen: however slow the posts, no token comes back
    telegram.flood_limit("overall", 5, 60.0)
    statuses = [post(telegram, "sendMessage", chat_id=CHAT, text="x").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    refused = telegram.calls("sendMessage")[-1]
    assert refused.response["parameters"]["retry_after"] == 12  # one more token in 12 s
    stats = httpx.get(f"http://{telegram.host}:{telegram.port}/_loopback/stats").json()
    assert stats["calls"]["sendMessage"] == {"200": 5, "429": 2}


def test_a_group_flood_limit_spares_private_chats(telegram: BotApiServer) -> None:
    group = telegram.add_group("Phòng Tư pháp")
    telegram.flood_limit("group", 2, 60.0)
    group_answers = [post(telegram, "sendMessage", chat_id=group.id, text="x") for _ in range(3)]
    assert [a.status_code for a in group_answers] == [200, 200, 429]
    assert post(telegram, "sendMessage", chat_id=CHAT, text="x").status_code == 200


def test_migration_carries_the_new_chat_id(telegram: BotApiServer) -> None:
    telegram.fail(ApiError.migrated(-1_000_000_000_001))
    answer = post(telegram, "sendMessage", chat_id=CHAT, text="x").json()
    assert answer["parameters"] == {"migrate_to_chat_id": -1_000_000_000_001}


# -- updates ----------------------------------------------------------------------------------


def test_pushed_messages_reach_the_bot_as_telegram_updates(telegram: BotApiServer) -> None:
    head = telegram.add_user("Trần Thị Bình", username="binh_vhxh")
    private = telegram.add_private_chat(head)
    group = telegram.add_group("Phòng Văn hóa - Xã hội")
    telegram.push_message(private, head, "/start ABC123")
    sent = telegram.push_message(group, head, "/viec@nhacviec_loopback_bot 3 ngày")
    telegram.push_edited_message(group.id, sent["message"]["message_id"], "/quahan")

    async def poll() -> list[Update]:
        async with bot_for(telegram) as bot:
            return list(await bot.get_updates(timeout=0))

    first, second, edited = run(poll())
    assert first.message is not None
    assert first.message.text == "/start ABC123"
    assert first.message.chat.type == "private"
    assert first.effective_user is not None
    assert first.effective_user.username == "binh_vhxh"
    assert second.message is not None
    assert second.message.chat.id == group.id
    assert second.message.chat.type == "group"
    assert second.message.parse_entities(["bot_command"]) == {
        second.message.entities[0]: "/viec@nhacviec_loopback_bot"
    }
    assert edited.edited_message is not None
    assert edited.edited_message.text == "/quahan"
    assert edited.edited_message.edit_date is not None


def test_get_updates_confirms_with_offset(telegram: BotApiServer) -> None:
    user = telegram.add_user()
    ids = [telegram.push_message(CHAT, user, f"tin {n}")["update_id"] for n in range(3)]

    async def poll(offset: int) -> list[int]:
        async with bot_for(telegram) as bot:
            return [update.update_id for update in await bot.get_updates(offset=offset, timeout=0)]

    assert run(poll(0)) == ids
    assert run(poll(ids[1])) == ids[1:]
    assert [u["update_id"] for u in telegram.pending_updates] == ids[1:]
    assert run(poll(ids[2] + 1)) == []
    assert telegram.pending_updates == []


def test_a_long_poll_returns_as_soon_as_an_update_is_pushed(telegram: BotApiServer) -> None:
    user = telegram.add_user()

    def push_when_polling() -> None:
        telegram.wait_until_polling()
        telegram.push_message(CHAT, user, "/trogiup")

    async def poll() -> list[str | None]:
        async with bot_for(telegram) as bot:
            pusher = threading.Thread(target=push_when_polling)
            pusher.start()
            updates = await bot.get_updates(timeout=30, read_timeout=60)
            await asyncio.to_thread(pusher.join)
            return [update.message.text if update.message else None for update in updates]

    assert run(poll()) == ["/trogiup"]
    [call] = telegram.calls("getUpdates")
    assert call.params["timeout"] == 30


def test_a_second_poller_terminates_the_first(telegram: BotApiServer) -> None:
    async def two_pollers() -> object:
        async with bot_for(telegram) as first, bot_for(telegram) as second:
            waiting = asyncio.create_task(first.get_updates(timeout=30, read_timeout=60))
            await asyncio.to_thread(telegram.wait_until_polling)
            await second.get_updates(timeout=0)
            return (await asyncio.gather(waiting, return_exceptions=True))[0]

    outcome = run(two_pollers())
    assert isinstance(outcome, Conflict)
    assert "terminated by other getUpdates request" in outcome.message


def test_callback_queries_are_answered_once(telegram: BotApiServer) -> None:
    head = telegram.add_user("Lê Văn Cường")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Bắt đầu", callback_data="start:12:3")]])

    async def press() -> tuple[str | None, bool, str]:
        async with bot_for(telegram) as bot:
            sent = await bot.send_message(
                CHAT, "<b>Nhắc việc</b>", ParseMode.HTML, reply_markup=markup
            )
            telegram.push_callback_query(CHAT, sent.message_id, head, "start:12:3")
            [update] = await bot.get_updates(timeout=0)
            query = update.callback_query
            assert query is not None
            assert query.message is not None
            answered = await query.answer("Đã ghi nhận")
            with pytest.raises(BadRequest) as again:
                await query.answer()
            return query.data, answered, again.value.message

    data, answered, again = run(press())
    assert (data, answered) == ("start:12:3", True)
    assert again.startswith("Query is too old")
    [answer] = telegram.callback_answers.values()
    assert answer["text"] == "Đã ghi nhận"


def test_messages_are_edited_as_telegram_edits_them(telegram: BotApiServer) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Xem", callback_data="view:1")]])

    async def edit() -> list[str]:
        errors = []
        async with bot_for(telegram) as bot:
            sent = await bot.send_message(CHAT, "Việc I.2", reply_markup=markup)
            await bot.edit_message_text(
                "Việc I.2 — <b>đã báo cáo</b>", CHAT, sent.message_id, parse_mode=ParseMode.HTML
            )
            for attempt in (
                bot.edit_message_text(
                    "Việc I.2 — <b>đã báo cáo</b>", CHAT, sent.message_id, parse_mode=ParseMode.HTML
                ),
                bot.edit_message_text("x", CHAT, 999),
                bot.edit_message_reply_markup(CHAT, sent.message_id),
            ):
                try:
                    await attempt
                except BadRequest as exc:
                    errors.append(exc.message)
        return errors

    assert run(edit()) == [
        "Message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message",
        "Message to edit not found",
        "Message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message",
    ]
    [shown] = telegram.messages(CHAT)
    assert shown["text"] == "Việc I.2 — đã báo cáo"
    assert "reply_markup" not in shown  # editing the text without a keyboard removes it
    assert "edit_date" in shown


def test_commands_are_published_per_language(telegram: BotApiServer) -> None:
    async def publish() -> list[tuple[str, str]]:
        async with bot_for(telegram) as bot:
            await bot.set_my_commands(
                [BotCommand("viec", "Việc của đơn vị"), BotCommand("quahan", "Việc quá hạn")],
                language_code="vi",
            )
            with pytest.raises(BadRequest, match="Bot_command_invalid"):
                await bot.set_my_commands([BotCommand("Việc", "sai")])
            found = await bot.get_my_commands(language_code="vi")
            assert await bot.get_my_commands() == ()
            return [(c.command, c.description) for c in found]

    assert run(publish()) == [("viec", "Việc của đơn vị"), ("quahan", "Việc quá hạn")]
    assert list(telegram.commands) == [('{"type": "default"}', "vi")]


def test_a_webhook_receives_updates_with_the_secret_token(telegram: BotApiServer) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    answers = iter([500, 200, 200])

    async def receive(request: web.Request) -> web.Response:
        received.append((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response(status=next(answers))

    async def scenario() -> tuple[int, str]:
        app = web.Application()
        app.router.add_post("/hook", receive)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        try:
            async with bot_for(telegram) as bot:
                await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
                user = telegram.add_user()
                telegram.push_message(CHAT, user, "/viec")
                telegram.push_message(CHAT, user, "/quahan")
                await telegram.calls_arrived("setWebhook")
                await asyncio.to_thread(
                    telegram.wait_until, lambda: len(telegram.webhook_posts) >= 3
                )
                info = await bot.get_webhook_info()
                with pytest.raises(Conflict) as polled:
                    await bot.get_updates(timeout=0)
                await bot.delete_webhook()
                return info.pending_update_count, polled.value.message
        finally:
            await runner.cleanup()

    pending, conflict = run(scenario())
    assert pending == 0
    assert "can't use getUpdates method while webhook is active" in conflict
    assert [secret for secret, _ in received] == ["s3cret"] * 3
    texts = [update["message"]["text"] for _, update in received]
    assert texts == ["/viec", "/viec", "/quahan"]  # the refused one is sent again, in order
    assert [status for _, status in telegram.webhook_posts] == [500, 200, 200]
    assert telegram.webhook is None


def test_a_polling_application_answers_commands_through_the_server(
    telegram: BotApiServer,
) -> None:
    """What the bot's tests will do: a python-telegram-bot Application polls, the test pushes
    commands as Telegram would and waits for the replies — no sleeping."""
    head = telegram.add_user("Trần Thị Bình")
    private = telegram.add_private_chat(head)
    group = telegram.add_group("Phòng Văn hóa - Xã hội")

    async def tasks(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Việc: {' '.join(context.args or [])}")

    async def scenario() -> list[tuple[int | str | None, str | None]]:
        application = ApplicationBuilder().token(telegram.token).base_url(telegram.base_url).build()
        application.add_handler(CommandHandler(["viec", "tasks"], tasks))
        async with application:
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0, timeout=5)
            telegram.push_message(private, head, "/viec 3")
            telegram.push_message(group, head, "/tasks@nhacviec_loopback_bot quá hạn")
            replies = await telegram.calls_arrived("sendMessage", count=2)
            await application.updater.stop()
            await application.stop()
        return [(call.chat_id, call.text) for call in replies]

    assert run(scenario()) == [(private.id, "Việc: 3"), (group.id, "Việc: quá hạn")]
    assert [call.method for call in telegram.calls()][:3] == [
        "getMe",
        "deleteWebhook",
        "getUpdates",
    ]
    assert telegram.pending_updates == []  # confirmed by the next poll
