"""Linking Zalo chats through the Zalo update poller and the bot core, on the loopback Zalo Bot
API server: the office's one-time code sent as ``/start <mã>`` or bare links the chat (the same
use case as the Telegram bot's), anything else from a stranger gets the one sentence that
reveals nothing. SQLite; one test on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from nhacviec.app import App
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.dispatcher import invite_code
from nhacviec.i18n import translate
from nhacviec.services import links
from nhacviec.store import units as stored_units
from nhacviec.store.models import ChatLink, Unit
from nhacviec.zalo.poller import ZaloPoller
from nhacviec.zalo.responder import CoreResponder
from nhacviec.zalo.runner import zalo_core
from notifiers.zalo.api import ZaloBotApi
from tests.conftest import migrated_store
from tests.integration.workflow.conftest import import_seed, make_app
from tests.zalo_api import Chat, ZaloBotServer, serve_in_thread

TRADE = "Phòng Quản lý Thương mại"


class Bot:
    """The seed plan's store, the loopback Zalo server and a poller between them."""

    def __init__(self, app: App, zalo: ZaloBotServer) -> None:
        self.app, self.zalo = app, zalo
        api = ZaloBotApi(zalo.token, base_url=zalo.base_url, timeout_s=5.0)
        responder = CoreResponder(zalo_core(app, ChoiceBook()))
        self.poller = ZaloPoller(api, responder, poll_timeout_s=0)

    def invite(self, unit: str = TRADE, *, office: bool = False, days: int = 0) -> str:
        """A code for ``unit`` made ``days`` ago (a week old: expired)."""
        made = datetime.now(UTC) - timedelta(days=days)
        with self.app.transaction() as session:
            found = stored_units.find_units(session, unit)[0]
            return links.invite(session, found, office=office, now=made, by="test").code

    def say(self, chat: Chat, text: str) -> str:
        """``text`` written to the bot in ``chat``; the bot's answer."""
        before = len(self.zalo.sent(chat.id))
        self.zalo.push_text(chat, text)
        assert self.poll() == 1
        replies = self.zalo.sent(chat.id)[before:]
        assert len(replies) == 1
        return replies[0].text or ""

    def poll(self) -> int:
        async def once() -> int:
            try:
                return await self.poller.poll_once()
            finally:
                await self.poller.api.aclose()

        return asyncio.run(once())

    def link_of(self, chat: Chat) -> ChatLink | None:
        with self.app.reading() as session:
            return links.active_link(session, chat.id, "zalo")

    def contacts(self, unit: str = TRADE) -> list[tuple[str, str]]:
        with self.app.reading() as session:
            found = stored_units.find_units(session, unit)[0]
            assert found.id is not None
            return [
                (c.channel, c.address)
                for c in stored_units.contacts_of(session, [found.id])[found.id]
            ]


def _bot(url: str, zalo: ZaloBotServer) -> Iterator[Bot]:
    app = make_app(url)
    import_seed(app)
    yield Bot(app, zalo)
    app.close()


@pytest.fixture
def bot(request: pytest.FixtureRequest, tmp_path: Path, zalo: ZaloBotServer) -> Iterator[Bot]:
    yield from _bot(migrated_store(request, "sqlite", tmp_path), zalo)


def _linked_words(unit: str = TRADE) -> str:
    return translate("bot.start.linked", "vi", unit=unit)


def test_start_with_the_code_links_the_chat_and_its_reminders_go_there(bot: Bot) -> None:
    chat = bot.zalo.add_chat("Trần Thị Bình")
    code = bot.invite()
    assert bot.say(chat, f"/start {code}") == _linked_words()
    link = bot.link_of(chat)
    assert link is not None
    assert (link.channel, link.chat_type, link.office) == ("zalo", "private", False)
    assert f"zalo:{chat.id}" in link.linked_by
    assert "Trần Thị Bình" in link.linked_by
    assert ("zalo", chat.id) in bot.contacts()  # the unit's reminders now go to the chat
    with bot.app.reading() as session:  # a Zalo chat is no Telegram chat
        assert links.active_link(session, chat.id) is None


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{spaced}", "/START {lower}"])
def test_the_bare_code_links_as_a_person_types_it(bot: Bot, typed: str) -> None:
    chat = bot.zalo.add_chat()
    code = bot.invite()
    text = typed.format(code=code, lower=code.lower(), spaced=code.replace("-", " "))
    assert bot.say(chat, text) == _linked_words()
    assert bot.link_of(chat) is not None


def test_a_group_chat_links_as_a_group_and_an_office_invite_as_the_office(bot: Bot) -> None:
    group = bot.zalo.add_chat("Nhóm Văn phòng Sở", group=True)
    code = bot.invite("Văn phòng Sở", office=True)
    assert bot.say(group, f"/start {code}") == translate(
        "bot.start.linked_office", "vi", unit="Văn phòng Sở"
    )
    link = bot.link_of(group)
    assert link is not None
    assert (link.chat_type, link.office) == ("group", True)


def test_in_a_group_the_bot_answers_commands_and_codes_only(bot: Bot) -> None:
    group = bot.zalo.add_chat("Nhóm Phòng QLTM", group=True)
    bot.zalo.push_text(group, "Chào cả nhà, chiều nay họp lúc 14 giờ", sender_name="Chị Hà")
    assert bot.poll() == 0  # the group's own conversation: no answer
    assert bot.zalo.sent(group.id) == []
    assert bot.say(group, "/viec") == translate("bot.not_linked", "vi")
    assert bot.say(group, bot.invite()) == _linked_words()
    bot.zalo.push_text(group, "Đã nhận, cảm ơn anh")
    assert bot.poll() == 0
    usage = translate("bot.command.baocao.usage", "vi")
    assert bot.say(group, "/baocao II.1") == translate("bot.usage", "vi", usage=usage)


def test_a_stranger_learns_nothing(bot: Bot) -> None:
    stranger = bot.zalo.add_chat("Người lạ")
    used = bot.invite()
    bot.say(bot.zalo.add_chat(), used)  # someone else used it
    expired = bot.invite(days=8)
    welcome = translate("bot.not_linked", "vi")
    invalid = translate("links.code_invalid", "vi")
    assert bot.say(stranger, "Cho tôi xem nhiệm vụ của Phòng Quản lý Thương mại") == welcome
    assert bot.say(stranger, "/viec") == welcome
    assert bot.say(stranger, "/start") == welcome
    # A wrong, a used and an expired code: one sentence for all, a guesser learns nothing.
    answers = {
        bot.say(stranger, "/start ABCDE-FGHJK"),
        bot.say(stranger, f"/start {used}"),
        bot.say(stranger, expired),
    }
    assert answers == {invalid}
    every_word = " ".join(call.text or "" for call in bot.zalo.sent(stranger.id))
    with bot.app.reading() as session:
        for unit in session.exec(select(Unit)).all():
            assert unit.name not in every_word
    assert bot.link_of(stranger) is None


def test_a_linked_chat_is_served_and_told_when_it_is_linked_already(bot: Bot) -> None:
    chat = bot.zalo.add_chat()
    bot.say(chat, f"/start {bot.invite()}")
    assert bot.say(chat, "/trogiup").startswith(translate("bot.help.title", "vi"))
    assert bot.say(chat, "xin chào") == translate("bot_core.not_a_command", "vi")
    assert bot.say(chat, "7") == translate("bot_core.choice.unknown", "vi", number=7)
    assert bot.say(chat, f"/start {bot.invite()}") == translate(
        "bot.start.already", "vi", unit=TRADE
    )


def test_a_chat_linked_to_one_unit_cannot_take_another_units_code(bot: Bot) -> None:
    chat = bot.zalo.add_chat()
    bot.say(chat, f"/start {bot.invite()}")
    answer = bot.say(chat, f"/start {bot.invite('Văn phòng Sở')}")
    assert answer == translate("links.chat_taken", "vi", unit=TRADE)


def test_a_unit_may_have_email_telegram_and_zalo_chats_at_once(bot: Bot) -> None:
    before = bot.contacts()
    assert {channel for channel, _ in before} >= {"email", "telegram"}
    chat = bot.zalo.add_chat()
    bot.say(chat, f"/start {bot.invite()}")
    assert bot.contacts() == [*before, ("zalo", chat.id)]


def test_nothing_new_is_a_quiet_poll(bot: Bot) -> None:
    assert bot.poll() == 0  # Zalo's 408 «Request timeout»
    [poll] = bot.zalo.calls("getUpdates")
    assert poll.response["error_code"] == 408
    assert poll.params == {"timeout": "0"}  # the timeout as a string, as documented
    assert bot.zalo.calls("sendMessage") == []


def test_only_text_messages_are_answered(bot: Bot) -> None:
    chat = bot.zalo.add_chat()
    bot.zalo.push_update(
        {
            "event_name": "message.sticker.received",
            "message": {"chat": chat.to_api(), "from": {"id": chat.id}, "sticker": "abc"},
        }
    )
    assert bot.poll() == 0
    assert bot.zalo.sent() == []


def test_an_update_in_the_docs_sample_form_is_understood(bot: Bot) -> None:
    """The docs' getUpdates sample: no event_name, the sender's name as first_name."""
    chat = bot.zalo.add_chat()
    code = bot.invite()
    bot.zalo.push_update(
        {
            "message": {
                "chat": {"id": chat.id, "chat_type": "PRIVATE"},
                "text": code,
                "message_id": "16f6366b3f02645a3d15",
                "date": 1766619597466,
                "from": {"id": chat.id, "first_name": "Nguyen Van A"},
            }
        }
    )
    assert bot.poll() == 1
    link = bot.link_of(chat)
    assert link is not None
    assert "Nguyen Van A" in link.linked_by


def test_a_list_of_updates_is_answered_in_order(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with serve_in_thread(ZaloBotServer(updates_as_list=True)) as zalo:
        for bot in _bot(migrated_store(request, "sqlite", tmp_path), zalo):
            chat = zalo.add_chat()
            zalo.push_text(chat, "xin chào")
            zalo.push_text(chat, f"/start {bot.invite()}")
            zalo.push_text(chat, "/viec")
            assert bot.poll() == 3
            said = [call.text or "" for call in zalo.sent(chat.id)]
            assert said[:2] == [translate("bot.not_linked", "vi"), _linked_words()]
            assert said[2].startswith(translate("bot.list.viec", "vi", unit=TRADE))


def test_the_running_poller_answers_until_stopped_and_rides_out_an_outage(bot: Bot) -> None:
    from tests.zalo_api import ApiError

    chat = bot.zalo.add_chat()
    bot.zalo.fail(ApiError.server_error(503), method="getUpdates", times=2)
    bot.poller.retry_s = 0.01
    bot.poller.poll_timeout_s = 1

    async def run() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(bot.poller.run(stop))
        bot.zalo.push_text(chat, f"/start {bot.invite()}")
        await asyncio.to_thread(bot.zalo.wait_for_calls, "sendMessage")
        stop.set()
        await task
        await bot.poller.api.aclose()

    asyncio.run(run())
    assert [call.text for call in bot.zalo.sent(chat.id)] == [_linked_words()]
    assert [c.status for c in bot.zalo.calls("getUpdates")][:2] == [503, 503]


@pytest.mark.postgres
def test_linking_by_start_on_postgresql(postgres_url: str, zalo: ZaloBotServer) -> None:
    for bot in _bot(postgres_url, zalo):
        chat = bot.zalo.add_chat()
        assert bot.say(chat, f"/start {bot.invite()}") == _linked_words()
        assert ("zalo", chat.id) in bot.contacts()
        assert bot.say(bot.zalo.add_chat(), "/start ABCDE-FGHJK") == translate(
            "links.code_invalid", "vi"
        )


def test_invite_codes_are_read_from_what_people_type() -> None:
    assert invite_code("/start K7M2Q-9XDPA") == "K7M2Q-9XDPA"
    assert invite_code("/start") == ""
    assert invite_code("k7m2q 9xdpa") == "K7M2Q9XDPA"
    assert invite_code("xin chào bạn") is None
    assert invite_code("K7M2Q-9XDP0") is None  # 0 is not in the alphabet
