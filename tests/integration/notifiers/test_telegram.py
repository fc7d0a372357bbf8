"""The Telegram notifier against the loopback Bot API server: what arrives, and what each of
Telegram's answers becomes for the dispatcher. No mocks: python-telegram-bot talks HTTP to
``tests/telegram_api``; time is a manual clock, so waiting out a 429 takes no real time."""

from __future__ import annotations

import asyncio
import gc
import socket
from collections import Counter
from collections.abc import Coroutine, Iterator
from datetime import date, timedelta
from typing import Any, TypeVar

import pytest
from pydantic import SecretStr
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from config.settings import TelegramSettings
from nhacviec.app import telegram_notifier
from nhacviec.errors import ConfigError
from nhacviec.i18n.errors import render_error
from notifiers.base import Address, Delivery, DeliveryStatus
from notifiers.message import DigestSection, Message, ReminderKind
from notifiers.pacer import Limits, ManualClock
from notifiers.render import render
from notifiers.telegram import TelegramNotifier
from notifiers.telegram.split import plain_text, split_html
from tests.telegram_api import ApiError, BotApiServer, serve_in_thread
from tests.telegram_text import visible_text
from tests.unit.notifiers import messages

T = TypeVar("T")
UNIT_CHAT, GROUP_CHAT, SUPERGROUP = 424242, -5001, -1_000_000_005_001
TO_UNIT = Address("telegram", str(UNIT_CHAT), messages.VHXH)
TO_GROUP = Address("telegram", str(GROUP_CHAT), messages.KINH_TE)


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer()) as server:
        server.add_chat(UNIT_CHAT, title="Trưởng phòng VHXH")
        server.add_chat(GROUP_CHAT, title="Phòng Kinh tế")
        yield server


def notifier(server: BotApiServer, **options: Any) -> TelegramNotifier:
    options.setdefault("clock", ManualClock())
    return TelegramNotifier(server.token, base_url=server.base_url, **options)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


async def send_all(
    sender: TelegramNotifier, *sends: tuple[Address, Message, str]
) -> list[Delivery]:
    try:
        return [await sender.send(address, message, key=key) for address, message, key in sends]
    finally:
        await sender.aclose()


def send(sender: TelegramNotifier, message: Message, *, to: Address = TO_UNIT) -> Delivery:
    [delivery] = run(send_all(sender, (to, message, "o1:due:0:u7:lead")))
    return delivery


def long_digest(count: int) -> Message:
    items = tuple(
        messages.item(
            ReminderKind.OVERDUE,
            f"II.{n}",
            f"Rà soát, đơn giản hóa thủ tục hành chính nhóm {n} — <b>Sở</b> & Ban",
            date(2025, 8, 15),
            days=n,
        )
        for n in range(1, count + 1)
    )
    return messages.message({DigestSection.OVERDUE: items})


# -- what arrives -----------------------------------------------------------------------------


def test_a_digest_arrives_as_telegram_html_in_the_units_chat(telegram: BotApiServer) -> None:
    message = messages.digest()
    delivery = send(notifier(telegram), message)
    assert delivery.status is DeliveryStatus.ACCEPTED
    [call] = telegram.sent()
    assert call.chat_id == UNIT_CHAT
    assert call.parse_mode == "HTML"
    assert call.text == render(message).telegram_html
    assert call.params["link_preview_options"] == {"is_disabled": True}
    assert delivery.provider_id == str(call.result["message_id"])
    [shown] = telegram.messages(UNIT_CHAT)
    assert shown["text"] == plain_text(call.text).strip()
    title = shown["text"].splitlines()[0]
    assert title.startswith("NHẮC VIỆC — thứ Sáu, 29/08/2025")
    assert {"type": "bold", "offset": 0, "length": len(title)} in shown["entities"]


def test_the_bot_is_initialised_once_and_closed(telegram: BotApiServer) -> None:
    sender = notifier(telegram)
    sends = [(TO_UNIT, messages.digest(), "a"), (TO_GROUP, messages.action(), "b")]
    assert all(d.ok for d in run(send_all(sender, *sends)))
    assert [call.method for call in telegram.calls()] == ["getMe", "sendMessage", "sendMessage"]
    with pytest.raises(RuntimeError):
        run(sender.send(TO_UNIT, messages.digest(), key="c"))


def test_a_long_message_goes_in_parts_cut_between_items(telegram: BotApiServer) -> None:
    message = long_digest(50)
    html = render(message).telegram_html
    delivery = send(notifier(telegram, limits=None), message)
    calls = telegram.sent(UNIT_CHAT)
    assert len(calls) == len(split_html(html)) >= 3
    assert [call.text for call in calls] == split_html(html)
    assert delivery.provider_id == ",".join(str(call.result["message_id"]) for call in calls)
    shown = [visible_text(call.text or "") for call in calls]
    for number in range(1, 51):  # every item whole in exactly one part
        item = f"• II.{number} — Rà soát, đơn giản hóa thủ tục hành chính nhóm {number} — <b>Sở"
        assert sum(item in text for text in shown) == 1


def test_parts_to_one_chat_are_paced_a_second_apart(telegram: BotApiServer) -> None:
    clock = ManualClock()
    send(notifier(telegram, clock=clock), long_digest(50))
    parts = len(telegram.sent(UNIT_CHAT))
    assert clock.sleeps == pytest.approx([1.0] * (parts - 1))


def test_the_keyboard_rides_on_the_last_part(telegram: BotApiServer) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Xem", callback_data="view:1:1")]])
    send(notifier(telegram, limits=None, keyboard=lambda message: markup), long_digest(40))
    calls = telegram.sent(UNIT_CHAT)
    assert [call.params.get("reply_markup") for call in calls[:-1]] == [None] * (len(calls) - 1)
    assert calls[-1].params["reply_markup"] == markup.to_dict()
    assert telegram.messages(UNIT_CHAT)[-1]["reply_markup"] == markup.to_dict()


def test_from_settings_uses_the_token_and_base_url(telegram: BotApiServer) -> None:
    settings = TelegramSettings(token=SecretStr(telegram.token), base_url=telegram.base_url)
    sender = telegram_notifier(settings, limits=None)
    assert send(sender, messages.action()).ok


def test_from_settings_without_a_token_says_what_to_set() -> None:
    with pytest.raises(ConfigError) as raised:
        telegram_notifier(TelegramSettings())
    assert "NHACVIEC_TELEGRAM_TOKEN" in render_error(raised.value, "vi")
    assert "Chưa có mã truy cập" in render_error(raised.value, "vi")


def test_from_settings_refuses_a_token_of_the_wrong_shape_without_showing_it() -> None:
    settings = TelegramSettings(token=SecretStr("AAF-pasted-without-its-bot-id"))
    with pytest.raises(ConfigError) as raised:
        telegram_notifier(settings)
    assert raised.value.key == "telegram.token_malformed"
    assert "AAF-pasted" not in render_error(raised.value, "vi")


def test_addresses_that_are_not_a_telegram_chat_are_refused(telegram: BotApiServer) -> None:
    sender = notifier(telegram)
    email = Address("email", "vhxh@example.gov.vn")
    nonsense = Address("telegram", "phòng VHXH")
    deliveries = run(
        send_all(sender, (email, messages.digest(), "a"), (nonsense, messages.digest(), "b"))
    )
    assert [d.status for d in deliveries] == [DeliveryStatus.PERMANENT] * 2
    assert "«vhxh@example.gov.vn» thuộc kênh email, không phải Telegram" in deliveries[0].detail
    assert "«phòng VHXH» không phải mã chat Telegram" in deliveries[1].detail
    assert "danh bạ đơn vị" in deliveries[1].detail
    assert telegram.calls() == []


# The first loop's connections cannot be closed once that loop is gone: the garbage collector
# reclaims them, with a ResourceWarning.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_notifier_survives_a_new_event_loop(telegram: BotApiServer) -> None:
    sender = notifier(telegram, limits=None)
    assert run(sender.send(TO_UNIT, messages.digest(), key="a")).ok  # first loop, left open
    assert send(sender, messages.action()).ok  # a second loop builds its own client
    assert len(telegram.calls("getMe")) == 2
    gc.collect()  # the abandoned connections are reclaimed here, not in a later test


# -- Telegram's answers -----------------------------------------------------------------------


def test_a_short_429_is_waited_out_and_the_message_sent(telegram: BotApiServer) -> None:
    clock = ManualClock()
    telegram.fail(ApiError.too_many_requests(3), chat_id=UNIT_CHAT)
    delivery = send(notifier(telegram, clock=clock), messages.digest())
    assert delivery.ok
    assert [call.status for call in telegram.calls("sendMessage")] == [429, 200]
    assert clock.slept == pytest.approx(3.0)


def test_a_short_429_is_waited_out_without_the_pacer_too(telegram: BotApiServer) -> None:
    clock = ManualClock()
    telegram.fail(ApiError.too_many_requests(2))
    assert send(notifier(telegram, clock=clock, limits=None), messages.digest()).ok
    assert clock.sleeps == [2.0]


def test_a_long_429_is_a_temporary_failure_and_holds_the_chat(telegram: BotApiServer) -> None:
    telegram.fail(ApiError.too_many_requests(35), chat_id=UNIT_CHAT)
    sender = notifier(telegram)
    first, again, other = run(
        send_all(
            sender,
            (TO_UNIT, messages.digest(), "a"),
            (TO_UNIT, messages.action(), "b"),
            (TO_GROUP, messages.action(), "c"),
        )
    )
    assert first.status is DeliveryStatus.TEMPORARY
    assert first.retry_after == timedelta(seconds=35)
    assert f"tạm ngừng gửi tới tài khoản Telegram {UNIT_CHAT} trong 35 giây" in first.detail
    assert '(Telegram: "Too Many Requests: retry after 35")' in first.detail
    assert again.status is DeliveryStatus.TEMPORARY  # held: not even asked
    assert f"Đang tạm ngừng gửi tới tài khoản Telegram {UNIT_CHAT} thêm 35 giây" in again.detail
    assert again.retry_after is not None
    assert again.retry_after.total_seconds() == pytest.approx(35.0)
    assert other.ok
    assert len(telegram.calls("sendMessage", chat_id=UNIT_CHAT)) == 1


def test_a_second_429_in_a_row_is_a_temporary_failure(telegram: BotApiServer) -> None:
    telegram.fail(ApiError.too_many_requests(1), times=2)
    delivery = send(notifier(telegram), messages.digest())
    assert delivery.status is DeliveryStatus.TEMPORARY
    assert delivery.retry_after == timedelta(seconds=1)
    assert len(telegram.calls("sendMessage")) == 2


def test_unparseable_html_is_resent_as_plain_text(telegram: BotApiServer) -> None:
    html_only = telegram.fail(
        ApiError.cant_parse('Unsupported start tag "x" at byte offset 7'),
        times=None,
        when=lambda params: params.get("parse_mode") == "HTML",
    )
    message = messages.digest()
    delivery = send(notifier(telegram), message)
    assert delivery.ok
    assert "Đã gửi dưới dạng văn bản thường" in delivery.detail
    assert "Can't parse entities: unsupported start tag" in delivery.detail  # Telegram's words
    assert html_only.hits == 1
    html_call, plain_call = telegram.calls("sendMessage")
    assert html_call.status == 400
    assert plain_call.ok
    assert plain_call.parse_mode is None
    assert plain_call.text == plain_text(render(message).telegram_html)
    assert "<b>" not in (plain_call.text or "")


@pytest.mark.parametrize(
    ("to", "error", "words", "meaning"),
    [
        (
            TO_UNIT,
            ApiError.blocked(),
            "Forbidden: bot was blocked by the user",
            f"Bot không gửi được tới tài khoản Telegram {UNIT_CHAT}: người nhận đã chặn bot",
        ),
        (
            TO_GROUP,
            ApiError.kicked(),
            "Forbidden: bot was kicked from the group chat",
            f"Bot không gửi được vào nhóm chat {GROUP_CHAT}: bot đã bị xoá khỏi nhóm",
        ),
        (
            TO_UNIT,
            ApiError.deactivated(),
            "Forbidden: user is deactivated",
            "tài khoản Telegram của người nhận đã bị xoá hoặc vô hiệu hoá",
        ),
    ],
)
def test_a_chat_that_shut_the_bot_out_is_a_permanent_failure(
    telegram: BotApiServer, to: Address, error: ApiError, words: str, meaning: str
) -> None:
    telegram.block(int(to.value), error)
    delivery = send(notifier(telegram), messages.digest(), to=to)
    assert delivery.status is DeliveryStatus.PERMANENT
    assert meaning in delivery.detail
    assert f'(Telegram: "{words}")' in delivery.detail
    assert "danh bạ đơn vị" in delivery.detail  # what the office can do


def test_a_blocked_chat_is_told_in_english_to_an_english_office(telegram: BotApiServer) -> None:
    telegram.block(UNIT_CHAT)
    delivery = send(notifier(telegram), messages.digest(language="en"))
    assert delivery.status is DeliveryStatus.PERMANENT
    assert delivery.detail.startswith(
        f"The bot cannot write to the Telegram user {UNIT_CHAT}: the recipient has blocked the bot"
    )
    assert '(Telegram: "Forbidden: bot was blocked by the user")' in delivery.detail


def test_a_chat_that_does_not_exist_is_a_permanent_failure(telegram: BotApiServer) -> None:
    telegram.remove_chat(UNIT_CHAT)
    delivery = send(notifier(telegram), messages.digest())
    assert delivery.status is DeliveryStatus.PERMANENT
    assert delivery.detail.startswith(f"Telegram không tìm thấy tài khoản Telegram {UNIT_CHAT}")
    assert '(Telegram: "Bad Request: Chat not found")' in delivery.detail
    assert "Hãy kiểm tra mã chat trong danh bạ đơn vị" in delivery.detail


def test_the_notifiers_language_words_what_deliver_reports(telegram: BotApiServer) -> None:
    telegram.remove_chat(UNIT_CHAT)
    html = render(messages.action()).telegram_html

    async def deliveries() -> list[Delivery]:
        english, default = notifier(telegram, language="en"), notifier(telegram)
        try:
            return [
                await english.deliver(TO_UNIT, html, key="a"),
                await default.deliver(TO_UNIT, html, key="b"),
                await default.deliver(TO_UNIT, html, key="c", language="en"),
            ]
        finally:
            await english.aclose()
            await default.aclose()

    english, default, asked = run(deliveries())
    assert english.detail.startswith(f"Telegram cannot find the Telegram user {UNIT_CHAT}")
    assert default.detail.startswith("Telegram không tìm thấy")
    assert asked.detail == english.detail


def test_a_group_become_supergroup_is_followed(telegram: BotApiServer) -> None:
    telegram.add_chat(SUPERGROUP, title="Phòng Kinh tế")
    telegram.fail(ApiError.migrated(SUPERGROUP), chat_id=GROUP_CHAT, times=None)
    sender = notifier(telegram, limits=None)
    first, second = run(
        send_all(sender, (TO_GROUP, messages.digest(), "a"), (TO_GROUP, messages.action(), "b"))
    )
    assert first.ok
    assert second.ok
    assert f"Nhóm chat {GROUP_CHAT} đã được nâng cấp thành siêu nhóm {SUPERGROUP}" in first.detail
    assert f"cập nhật mã nhóm chat thành {SUPERGROUP} trong danh bạ đơn vị" in first.detail
    assert second.detail == ""  # the move is told once
    assert [call.chat_id for call in telegram.calls("sendMessage")] == [
        GROUP_CHAT,
        SUPERGROUP,
        SUPERGROUP,  # the next message goes straight to the new id
    ]


def test_a_server_that_cannot_be_reached_is_a_temporary_failure() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sender = TelegramNotifier(
        "1:unreachable", base_url=f"http://127.0.0.1:{port}/bot", timeout_s=5, limits=None
    )
    delivery = send(sender, messages.digest())
    assert delivery.status is DeliveryStatus.TEMPORARY
    assert f"Không liên lạc được với máy chủ Telegram 127.0.0.1:{port}" in delivery.detail
    assert "httpx.ConnectError" in delivery.detail  # the transport's own words


def test_a_server_that_answers_too_late_may_have_delivered(telegram: BotApiServer) -> None:
    telegram.latency_s = 0.5
    delivery = send(notifier(telegram, timeout_s=0.05, limits=None), messages.digest())
    assert delivery.status is DeliveryStatus.TEMPORARY
    assert "không trả lời trong 0.05 giây" in delivery.detail
    assert "Tin nhắn có thể đã đến nơi" in delivery.detail


def test_a_rejected_token_is_temporary_and_never_shown(telegram: BotApiServer) -> None:
    wrong = "7000000001:wrong-token-that-must-not-leak"
    sender = TelegramNotifier(wrong, base_url=telegram.base_url, limits=None)
    delivery = send(sender, messages.digest())
    assert delivery.status is DeliveryStatus.TEMPORARY
    assert "từ chối mã truy cập (token) của bot" in delivery.detail
    assert "NHACVIEC_TELEGRAM_TOKEN" in delivery.detail
    assert '(Telegram: "Unauthorized")' in delivery.detail
    assert "wrong-token" not in delivery.detail


def test_a_bad_gateway_is_a_temporary_failure(telegram: BotApiServer) -> None:
    telegram.fail(ApiError.bad_gateway())
    delivery = send(notifier(telegram), messages.digest())
    assert delivery.status is DeliveryStatus.TEMPORARY
    server = telegram.base_url.split("//")[1].split("/")[0]
    assert f"Không liên lạc được với máy chủ Telegram {server}" in delivery.detail
    assert "(Bad Gateway)" in delivery.detail


def test_a_retry_continues_a_long_message_where_it_failed(telegram: BotApiServer) -> None:
    message = long_digest(50)
    parts = split_html(render(message).telegram_html)
    telegram.fail(ApiError.bad_gateway(), when=lambda params: params.get("text") == parts[1])
    sender = notifier(telegram, limits=None)
    key = "o9:overdue:1:u7:lead"
    first, retry = run(send_all(sender, (TO_UNIT, message, key), (TO_UNIT, message, key)))
    assert first.status is DeliveryStatus.TEMPORARY
    assert first.detail.startswith(f"Phần 2/{len(parts)} của tin nhắn: Không liên lạc được")
    assert "(Bad Gateway)" in first.detail
    assert retry.ok
    assert [call.text for call in telegram.sent(UNIT_CHAT)] == parts  # part 1 only once
    assert len(retry.provider_id.split(",")) == len(parts)


def test_a_permanent_failure_forgets_the_parts_already_sent(telegram: BotApiServer) -> None:
    message = long_digest(50)
    parts = split_html(render(message).telegram_html)
    telegram.fail(ApiError.blocked(), when=lambda params: params.get("text") == parts[1])
    sender = notifier(telegram, limits=None)
    key = "o9:overdue:1:u7:lead"
    first, again = run(send_all(sender, (TO_UNIT, message, key), (TO_UNIT, message, key)))
    assert first.status is DeliveryStatus.PERMANENT
    assert again.ok  # sent whole again: nothing was kept for a dead letter
    assert [call.text for call in telegram.sent(UNIT_CHAT)] == [parts[0], *parts]


def test_concurrent_sends_share_the_pacer_and_all_arrive(telegram: BotApiServer) -> None:
    chats = [UNIT_CHAT + n for n in range(1, 41)]
    for chat in chats:
        telegram.add_chat(chat)
    sender = notifier(telegram, limits=Limits(overall_per_s=1000.0))

    async def to(chat: int) -> Delivery:
        return await sender.send(Address("telegram", str(chat)), messages.digest(), key=str(chat))

    async def everyone() -> list[Delivery]:
        try:
            return list(await asyncio.gather(*(to(chat) for chat in chats)))
        finally:
            await sender.aclose()

    assert all(delivery.ok for delivery in run(everyone()))
    assert Counter(call.chat_id for call in telegram.sent()) == Counter(chats)  # each one once
    assert len(telegram.calls("getMe")) == 1


def test_two_long_messages_to_one_chat_do_not_interleave(telegram: BotApiServer) -> None:
    first, second = long_digest(50), long_digest(51)
    sender = notifier(telegram, limits=None)

    async def both() -> list[Delivery]:
        try:
            await sender.send(TO_GROUP, messages.action(), key="warm-up")  # the bot is ready
            return list(
                await asyncio.gather(
                    sender.send(TO_UNIT, first, key="a"), sender.send(TO_UNIT, second, key="b")
                )
            )
        finally:
            await sender.aclose()

    assert all(delivery.ok for delivery in run(both()))
    expected = [split_html(render(m).telegram_html) for m in (first, second)]
    texts = [call.text for call in telegram.sent(UNIT_CHAT)]
    assert texts in (expected[0] + expected[1], expected[1] + expected[0])
