"""The Zalo notifier against the loopback Zalo Bot API server: plain text, parts of at most
2,000 characters cut between items, pacing, and what each of Zalo's answers becomes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from notifiers.base import Address, Delivery, DeliveryStatus
from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind
from notifiers.pacer import Limits, ManualClock
from notifiers.zalo import ZaloNotifier
from notifiers.zalo.split import MESSAGE_LIMIT, text_length
from tests.zalo_api import ApiError, Chat, ZaloBotServer


@pytest.fixture
def chat(zalo: ZaloBotServer) -> Chat:
    return zalo.add_chat("Phòng Quản lý Thương mại")


def notifier(
    zalo: ZaloBotServer, clock: ManualClock | None = None, **kwargs: object
) -> ZaloNotifier:
    return ZaloNotifier(
        zalo.token,
        base_url=zalo.base_url,
        clock=clock or ManualClock(),
        **kwargs,  # type: ignore[arg-type]
    )


def deliver(bot: ZaloNotifier, address: Address, text: str, key: str = "k") -> Delivery:
    async def run() -> Delivery:
        try:
            return await bot.deliver(address, text, key=key)
        finally:
            await bot.aclose()

    return asyncio.run(run())


def send(bot: ZaloNotifier, address: Address, message: Message) -> Delivery:
    async def run() -> Delivery:
        try:
            return await bot.send(address, message, key="m")
        finally:
            await bot.aclose()

    return asyncio.run(run())


def digest(items: int) -> Message:
    """A digest of ``items`` overdue tasks with long texts: several thousand characters."""
    rows = tuple(
        DigestItem(
            kind=ReminderKind.OVERDUE,
            plan_id=1,
            task_ref=f"II.{n}",
            task_text=f"Nhiệm vụ số {n}: rà soát, đánh giá thủ tục hành chính <TTHC> & {'x' * 90}",
            lead="Phòng Quản lý Thương mại",
            due=date(2025, 7, 31),
            due_words="trước ngày 31/07/2025",
            time_text="Tháng 7/2025",
            days=n,
            occurrence_id=n,
        )
        for n in range(1, items + 1)
    )
    return Message(
        recipient_unit=6,
        recipient_name="Phòng Quản lý Thương mại",
        role=RecipientRole.LEAD,
        day=date(2025, 8, 5),
        sections={DigestSection.OVERDUE: rows},
    )


def test_a_message_goes_as_plain_text_and_its_ids_are_the_provider_id(
    zalo: ZaloBotServer, chat: Chat
) -> None:
    delivery = send(notifier(zalo), Address("zalo", chat.id), digest(1))
    assert delivery.status is DeliveryStatus.ACCEPTED
    [call] = zalo.sent(chat.id)
    assert delivery.provider_id == call.result["message_id"]
    assert call.text is not None
    assert "<TTHC> & xxx" in call.text  # plan text as written: no markup, no escaping
    assert "<b>" not in call.text
    assert "&amp;" not in call.text


def test_a_long_digest_is_cut_between_items_into_parts_zalo_accepts(
    zalo: ZaloBotServer, chat: Chat
) -> None:
    delivery = send(notifier(zalo), Address("zalo", chat.id), digest(40))
    assert delivery.ok
    parts = [call.text or "" for call in zalo.sent(chat.id)]
    assert len(parts) >= 3
    assert all(0 < text_length(part) <= MESSAGE_LIMIT for part in parts)
    assert delivery.provider_id.count(",") == len(parts) - 1
    whole = "\n".join(parts)
    for n in range(1, 41):  # every item arrives, each whole in one part
        marker = f"Nhiệm vụ số {n}:"
        assert sum(marker in part for part in parts) == 1, marker
        holder = next(part for part in parts if marker in part)
        assert f"{marker} rà soát, đánh giá thủ tục hành chính <TTHC> & {'x' * 90}" in holder
    assert whole.count("Nhiệm vụ số") == 40


def test_sends_to_one_chat_are_paced(zalo: ZaloBotServer, chat: Chat) -> None:
    clock = ManualClock()
    bot = notifier(
        zalo, clock, limits=Limits(overall_per_s=5.0, chat_interval_s=2.0, group_count=None)
    )

    async def three() -> None:
        try:
            for n in range(3):
                await bot.deliver(Address("zalo", chat.id), f"tin {n}", key=str(n))
        finally:
            await bot.aclose()

    asyncio.run(three())
    assert len(zalo.sent(chat.id)) == 3
    assert clock.slept == pytest.approx(4.0)  # two waits of the chat's two seconds


def test_a_short_429_is_waited_out_and_the_part_sent_once(zalo: ZaloBotServer, chat: Chat) -> None:
    zalo.fail(ApiError.too_many_requests(retry_after=3), chat_id=chat.id)
    clock = ManualClock()
    delivery = deliver(notifier(zalo, clock), Address("zalo", chat.id), "Nhắc việc")
    assert delivery.ok
    assert len(zalo.sent(chat.id)) == 1
    assert clock.slept >= 3.0


@pytest.mark.parametrize(
    ("error", "wait_s"),
    [(ApiError.too_many_requests(retry_after=60), 60), (ApiError.too_many_requests(), 30)],
)
def test_a_long_429_is_temporary_with_the_wait_zalo_asked_or_ours(
    zalo: ZaloBotServer, chat: Chat, error: ApiError, wait_s: int
) -> None:
    zalo.fail(error, chat_id=chat.id)
    delivery = deliver(notifier(zalo), Address("zalo", chat.id), "Nhắc việc")
    assert delivery.status is DeliveryStatus.TEMPORARY
    assert delivery.retry_after == timedelta(seconds=wait_s)
    assert f"{wait_s} giây" in delivery.detail
    assert "429 Too Many Requests" in delivery.detail  # Zalo's own words kept


@pytest.mark.parametrize(
    "error", [ApiError.server_error(502), ApiError.server_error(503), ApiError.unauthorized()]
)
def test_server_errors_and_a_rejected_token_are_temporary(
    zalo: ZaloBotServer, chat: Chat, error: ApiError
) -> None:
    zalo.fail(error, chat_id=chat.id)
    delivery = deliver(notifier(zalo), Address("zalo", chat.id), "Nhắc việc")
    assert delivery.status is DeliveryStatus.TEMPORARY
    assert error.description in delivery.detail
    assert zalo.token not in delivery.detail
    assert zalo.token.split(":")[1] not in delivery.detail


def test_a_time_out_and_a_dropped_connection_are_temporary(zalo: ZaloBotServer, chat: Chat) -> None:
    zalo.stall(5.0, chat_id=chat.id)
    slow = deliver(notifier(zalo, timeout_s=0.2), Address("zalo", chat.id), "Nhắc việc", "a")
    assert slow.status is DeliveryStatus.TEMPORARY
    assert "không trả lời trong 1 giây" in slow.detail
    zalo.hang_up(chat_id=chat.id)
    dropped = deliver(notifier(zalo), Address("zalo", chat.id), "Nhắc việc", "b")
    assert dropped.status is DeliveryStatus.TEMPORARY
    assert "Không kết nối được máy chủ Zalo" in dropped.detail
    assert zalo.token not in slow.detail + dropped.detail


def test_a_blocked_bot_and_an_unknown_chat_are_dead_letters(
    zalo: ZaloBotServer, chat: Chat
) -> None:
    zalo.block(chat.id)
    blocked = deliver(notifier(zalo), Address("zalo", chat.id), "Nhắc việc", "a")
    assert blocked.status is DeliveryStatus.PERMANENT
    assert "đã chặn bot" in blocked.detail
    assert "Bot is blocked by the user" in blocked.detail
    unknown = deliver(notifier(zalo), Address("zalo", "0123456789abcdef0123"), "Nhắc việc", "b")
    assert unknown.status is DeliveryStatus.PERMANENT
    assert "không tìm thấy cuộc trò chuyện 0123456789abcdef0123" in unknown.detail


def test_addresses_that_are_not_zalo_chats_are_refused_without_a_request(
    zalo: ZaloBotServer,
) -> None:
    other = deliver(notifier(zalo), Address("telegram", "-100123"), "Nhắc việc", "a")
    assert other.status is DeliveryStatus.PERMANENT
    assert "không phải Zalo" in other.detail
    bad = deliver(notifier(zalo), Address("zalo", "chat id/with spaces"), "Nhắc việc", "b")
    assert bad.status is DeliveryStatus.PERMANENT
    assert zalo.calls() == []


def _four_items() -> str:
    """Four items of about 1,350 characters: one part each."""
    return "\n\n".join(f"Mục {n}: " + "nội dung " * 150 for n in range(1, 5))


def _part(n: int) -> Callable[[dict[str, Any]], bool]:
    return lambda params: f"Mục {n}:" in str(params.get("text"))


def test_a_retry_after_a_failed_part_continues_with_that_part(
    zalo: ZaloBotServer, chat: Chat
) -> None:
    zalo.fail(ApiError.server_error(502), chat_id=chat.id, when=_part(2))
    bot = notifier(zalo)

    async def twice() -> tuple[Delivery, Delivery]:
        try:
            first = await bot.deliver(Address("zalo", chat.id), _four_items(), key="r")
            return first, await bot.deliver(Address("zalo", chat.id), _four_items(), key="r")
        finally:
            await bot.aclose()

    first, second = asyncio.run(twice())
    assert first.status is DeliveryStatus.TEMPORARY
    assert first.detail.startswith("Phần 2/4 của tin nhắn:")
    assert second.ok
    texts = [call.text or "" for call in zalo.sent(chat.id)]
    assert [sum(f"Mục {n}:" in t for t in texts) for n in range(1, 5)] == [1, 1, 1, 1]
    assert len(second.provider_id.split(",")) == 4  # the ids of every part, the first's too


def test_a_refused_later_part_is_a_dead_letter_naming_the_part(
    zalo: ZaloBotServer, chat: Chat
) -> None:
    zalo.fail(ApiError.blocked(), chat_id=chat.id, when=_part(3))
    delivery = deliver(notifier(zalo), Address("zalo", chat.id), _four_items())
    assert delivery.status is DeliveryStatus.PERMANENT
    assert delivery.detail.startswith("Phần 3/4 của tin nhắn:")
    assert len(zalo.sent(chat.id)) == 2
