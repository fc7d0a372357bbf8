"""Updates as Telegram sends them — messages in private and group chats, ``/cmd@bot``, edited
messages, callback queries, replies to prompts, unknown and malformed commands — through the
loopback Bot API server to the real bot, asserting its answers and the store. SQLite and
PostgreSQL."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlmodel import col, select
from telegram.error import RetryAfter

from config.settings import Settings
from nhacviec.store import tasks as stored
from nhacviec.store.models import BotPrompt, ChatLink, HistoryEntry, Occurrence
from nhacviec.telegram.callbacks import ActOn, Page, encode
from notifiers.base import Address
from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind
from tests.e2e.plans import SIX_TASKS, snapshot, write_plan
from tests.integration.bot.harness import BotWorld, running_world, texts, words
from tests.shared_paths import require_shared
from tests.telegram_api import ApiError, BotApiServer, Call, Chat, User
from workflows.standing import LOCAL_TZ
from workflows.workflow import Action

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
LEAD = "Chi cục Quản lý thị trường"  # leads row 6 of the synthetic plan
TITLE = SIX_TASKS[5].task


@dataclass
class Scene:
    world: BotWorld
    telegram: BotApiServer
    head: User  # the lead unit's head, in a private chat with the bot
    private: Chat
    clerk: User  # the office's clerk, in the office's group
    office: Chat

    def occurrence(self, ref: str = "6") -> Occurrence:
        with self.world.app.reading() as session:
            [task] = stored.find_tasks_by_ref(session, ref)
            assert task.id is not None
            return stored.occurrences_of(session, task.id)[0]

    def history(self) -> list[HistoryEntry]:
        with self.world.app.reading() as session:
            return list(session.exec(select(HistoryEntry).order_by(col(HistoryEntry.id))).all())


@pytest.fixture
def world(database_url: str, telegram: BotApiServer, tmp_path: Path) -> Iterator[BotWorld]:
    with running_world(database_url, telegram, NOW, write_plan(tmp_path, "plan.docx")) as built:
        yield built


@pytest.fixture
def scene(world: BotWorld, telegram: BotApiServer) -> Scene:
    head = telegram.add_user("Đặng Minh Khoa", username="khoa_qltt")
    private = telegram.add_private_chat(head)
    clerk = telegram.add_user("Nguyễn Văn An")
    office = telegram.add_group("Văn phòng Sở - theo dõi")
    assert texts(world.link(private, head, LEAD)) == [words("bot.start.linked", unit=LEAD)]
    world.link(office, clerk, "Văn phòng Sở", office=True)
    return Scene(world, telegram, head, private, clerk, office)


# -- linking --------------------------------------------------------------------------------------


def test_a_deep_link_start_links_the_chat(world: BotWorld, telegram: BotApiServer) -> None:
    """The console's ``https://t.me/<bot>?start=<code>`` (the code without its dash, as
    Telegram allows): tapping it makes Telegram send ``/start <code>``, which links the chat."""
    head = telegram.add_user("Trưởng phòng")
    chat = telegram.add_private_chat(head)
    payload = world.invite("Phòng Kế hoạch - Tài chính").replace("-", "")
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)  # Telegram's deep-link alphabet
    linked = texts(world.say(chat, head, f"/start {payload}"))
    assert linked == [words("bot.start.linked", unit="Phòng Kế hoạch - Tài chính")]


def test_start_codes_link_once_and_unlinked_chats_learn_nothing(
    world: BotWorld, telegram: BotApiServer
) -> None:
    stranger = telegram.add_user("Người lạ")
    chat = telegram.add_private_chat(stranger)
    group = telegram.add_group("Phòng Kế hoạch - Tài chính", supergroup=True)
    assert texts(world.say(chat, stranger, "/viec")) == [words("bot.not_linked")]
    assert texts(world.say(chat, stranger, "/start")) == [words("bot.not_linked")]
    assert texts(world.say(chat, stranger, "/khongco")) == [words("bot.not_linked")]
    assert texts(world.say(chat, stranger, "/start SAIMA-00000")) == [words("links.code_invalid")]

    code = world.invite("Phòng Kế hoạch - Tài chính")
    linked = texts(world.say(group, stranger, f"/start@nhacviec_loopback_bot {code}"))
    assert linked == [words("bot.start.linked", unit="Phòng Kế hoạch - Tài chính")]
    assert texts(world.say(chat, stranger, f"/start {code}")) == [words("links.code_invalid")]
    assert texts(world.say(group, stranger, "/start")) == [
        words("bot.start.already", unit="Phòng Kế hoạch - Tài chính")
    ]
    with world.app.reading() as session:
        [link] = session.exec(select(ChatLink)).all()
    assert (link.chat_id, link.chat_type, link.chat_title) == (
        str(group.id),
        "supergroup",
        "Phòng Kế hoạch - Tài chính",
    )
    assert link.linked_by == f"Người lạ (tg:{stranger.id})"


# -- commands -------------------------------------------------------------------------------------


def test_commands_in_private_and_group_chats(scene: Scene) -> None:
    world = scene.world
    listed = world.say(scene.private, scene.head, "/viec")
    [text] = texts(listed)
    assert text.startswith(f"Nhiệm vụ chưa hoàn thành của {LEAD}")
    assert TITLE in text
    assert listed[0].parse_mode == "HTML"

    in_group = texts(world.say(scene.office, scene.clerk, "/tasks@nhacviec_loopback_bot"))
    assert in_group[0].startswith("Nhiệm vụ chưa hoàn thành của các kế hoạch do Văn phòng Sở")
    assert world.say(scene.office, scene.clerk, "/viec@some_other_bot") == []  # not for us
    assert world.say(scene.private, scene.head, "chào buổi sáng") == []  # plain text: no reply


def test_unknown_and_malformed_commands_get_a_hint_or_the_usage_line(scene: Scene) -> None:
    world = scene.world
    before = snapshot(world.url)
    assert texts(world.say(scene.private, scene.head, "/khongco 6")) == [
        words("bot.unknown_command")
    ]
    for command, usage in (
        ("/xem", "/xem <mã nhiệm vụ>, ví dụ /xem II.1b"),
        ("/xem <b>6</b>", "/xem <mã nhiệm vụ>, ví dụ /xem II.1b"),
        ("/baocao 6", "/baocao <mã nhiệm vụ> <ghi chú hoặc số văn bản>"),
        ("/sapden mai", "/sapden [số ngày]"),
        ("/viec 6", "/viec"),
    ):
        assert texts(world.say(scene.private, scene.head, command)) == [
            words("bot.usage", usage=usage)
        ], command
    for command, usage in (
        ("/ngay 6 31/02/2026", "/ngay <mã nhiệm vụ> <dd/mm/yyyy>"),
        ("/tralai 6", "/tralai <mã nhiệm vụ> <lý do>"),
    ):
        said = texts(world.say(scene.office, scene.clerk, command))
        assert said == [words("bot.usage", usage=usage)], command
    assert snapshot(world.url) == before


def test_acting_by_command_records_the_telegram_user_and_chat(scene: Scene) -> None:
    world = scene.world
    assert texts(world.say(scene.private, scene.head, "/batdau 6")) == [
        "Nhiệm vụ 6 · Trước ngày 15/03/2026: đã giao → đang thực hiện."
    ]
    said = texts(world.say(scene.private, scene.head, "/report 6 Số 12/BC-QLTT"))
    assert said == ["Nhiệm vụ 6 · Trước ngày 15/03/2026: đang thực hiện → đã báo cáo."]
    verified = texts(world.say(scene.office, scene.clerk, "/xacnhan 6"))
    assert verified == ["Nhiệm vụ 6 · Trước ngày 15/03/2026: đã báo cáo → đã xác nhận."]
    start, report, verify = scene.history()
    assert (start.channel, start.actor_name, start.actor_ref) == (
        "telegram",
        "Đặng Minh Khoa",
        f"tg:user={scene.head.id};chat={scene.head.id}",
    )
    assert (report.note, report.evidence) == ("", "Số 12/BC-QLTT")  # a document number
    assert verify.actor_ref == f"tg:user={scene.clerk.id};chat={scene.office.id}"


def test_an_edited_command_is_never_run_again(scene: Scene) -> None:
    world = scene.world
    world.say(scene.private, scene.head, "/batdau 6")
    sent = scene.telegram.messages(scene.private.id)
    [command] = [m for m in sent if m["text"] == "/batdau 6"]
    before = snapshot(world.url)
    assert world.edit(scene.private.id, command["message_id"], "/baocao 6 Đã xong") == []
    assert world.edit(scene.private.id, command["message_id"], "/batdau 6") == []
    assert snapshot(world.url) == before


def test_the_office_sets_dates_and_records_events(scene: Scene) -> None:
    world = scene.world
    assert texts(world.say(scene.office, scene.clerk, "/ngay 3 20/03/2026 theo chỉ đạo")) == [
        "Đã đặt thời hạn của nhiệm vụ 3: 20/03/2026."
    ]
    recorded = texts(
        world.say(scene.office, scene.clerk, "/sukien Bộ, ngành trung ương công bố 05/03/2026")
    )
    assert recorded == [
        "Đã ghi nhận sự kiện «Bộ, ngành trung ương công bố» diễn ra ngày 05/03/2026; "
        "1 nhiệm vụ đang chờ đã có thời hạn."
    ]
    assert scene.occurrence("3").due_date == date(2026, 3, 20)
    assert scene.occurrence("2").due_date == date(2026, 3, 12)  # 05 working days after
    unknown = texts(world.say(scene.office, scene.clerk, "/sukien Trung ương họp 05/03/2026"))
    assert unknown[0].startswith("Không có nhiệm vụ nào đang chờ sự kiện «Trung ương họp»")


def test_progress_by_section_and_bucket(scene: Scene) -> None:
    [text] = texts(scene.world.say(scene.office, scene.clerk, "/tiendo"))
    assert text.startswith("Tiến độ Kế hoạch số 1 (15/KH-SCT)")
    assert "chưa hoàn thành, quá hạn: 1 nhiệm vụ (1 lượt/kỳ)" in text  # row 1, due 30/01/2026
    assert "chưa có thời hạn: 3" in text
    # The whole plan: its tasks and their occurrences (lượt/kỳ), each standing in both.
    whole = re.search(r"Toàn kế hoạch\n(\d+) nhiệm vụ \((\d+) lượt/kỳ\) — ", text)
    assert whole is not None
    assert 0 < int(whole[1]) <= int(whole[2])


def test_the_units_list_counts_tasks_and_their_occurrences(scene: Scene) -> None:
    [text] = texts(scene.world.say(scene.private, scene.head, "/viec"))
    assert re.search(r"Tình hình chung: \d+ nhiệm vụ \(\d+ lượt/kỳ\) — hoàn thành đúng hạn: ", text)


def test_a_ref_in_two_plans_takes_the_plan_number(scene: Scene, tmp_path: Path) -> None:
    scene.world.import_plan(write_plan(tmp_path, "second.docx", number="16/KH-SCT"))
    world = scene.world
    assert texts(world.say(scene.private, scene.head, "/xem 6")) == [
        words("bot.task_ambiguous", ref="6")
    ]
    [card] = texts(world.say(scene.private, scene.head, "/xem 2/6"))
    assert card.startswith("6 — Kế hoạch số 2 (16/KH-SCT)")
    with world.app.reading() as session:
        [_, second] = stored.find_tasks_by_ref(session, "6")
    [by_id] = texts(world.say(scene.private, scene.head, f"/xem #{second.id}"))
    assert by_id == card
    assert texts(world.say(scene.private, scene.head, "/xem 9/6")) == [
        words("bot.task_not_found", target="9/6")
    ]


# -- buttons --------------------------------------------------------------------------------------


def test_card_buttons_act_and_redraw_the_card(scene: Scene) -> None:
    world, chat = scene.world, scene.private.id
    [shown] = [
        c for c in world.say(scene.private, scene.head, "/xem 6") if c.method == "sendMessage"
    ]
    card = shown.result["message_id"]
    assert _labels(world, chat, card) == ["Bắt đầu", "Đã báo cáo"]
    stale = world.button(chat, card, "Bắt đầu")

    answers = world.press_button(chat, card, scene.head, "Bắt đầu")
    [edited] = [c for c in answers if c.method == "editMessageText"]
    assert "Tình trạng: đang thực hiện" in edited.result["text"]
    assert _labels(world, chat, card) == ["Đã báo cáo"]
    assert _alert(answers) == "Nhiệm vụ 6 · Trước ngày 15/03/2026: đã giao → đang thực hiện."

    before = snapshot(world.url)
    again = world.press(chat, card, scene.head, stale)  # the old button: a conflict, no change
    assert _alert(again).startswith("Nhiệm vụ 6 vừa được cập nhật (hiện ở trạng thái «đang thực")
    assert snapshot(world.url) == before


def test_a_button_that_needs_words_asks_the_presser_and_acts_on_the_reply(scene: Scene) -> None:
    world, telegram = scene.world, scene.telegram
    group = telegram.add_group("Chi cục QLTT - lãnh đạo")
    deputy = telegram.add_user("Lê Văn Phó")
    world.link(group, scene.head, LEAD)
    [shown] = [c for c in world.say(group, scene.head, "/xem 6") if c.method == "sendMessage"]
    card = shown.result["message_id"]

    [prompt] = texts(world.press_button(group.id, card, scene.head, "Đã báo cáo"))
    assert prompt.startswith("Đặng Minh Khoa, vui lòng trả lời tin nhắn này")
    [asked] = [c for c in telegram.sent(group.id) if c.text and "vui lòng trả lời" in c.text]
    assert asked.params["reply_markup"] == {
        "force_reply": True,
        "selective": True,
        "input_field_placeholder": "Ghi chú hoặc số văn bản báo cáo",
    }
    prompt_id = asked.result["message_id"]
    before = snapshot(world.url)
    assert texts(world.say(group, deputy, "Tôi trả lời thay", reply_to_message_id=prompt_id)) == [
        words("bot.prompt_other_user")
    ]
    assert snapshot(world.url) == before

    answered = world.say(group, scene.head, "Đã tổ chức 3 lớp", reply_to_message_id=prompt_id)
    assert texts(answered) == ["Nhiệm vụ 6 · Trước ngày 15/03/2026: đã giao → đã báo cáo."]
    [redrawn] = [c for c in answered if c.method == "editMessageText"]
    assert redrawn.params["message_id"] == card
    assert "Tình trạng: đã báo cáo" in redrawn.result["text"]
    assert _labels(world, group.id, card) == []  # nothing left for the lead to press
    assert scene.history()[-1].note == "Đã tổ chức 3 lớp"

    twice = world.say(group, scene.head, "Bổ sung", reply_to_message_id=prompt_id)
    assert texts(twice) == [words("bot.prompt_answered")]
    assert len(scene.history()) == 1


def test_a_prompt_expires_after_a_day(scene: Scene) -> None:
    world = scene.world
    [shown] = [
        c for c in world.say(scene.private, scene.head, "/xem 6") if c.method == "sendMessage"
    ]
    world.press_button(scene.private.id, shown.result["message_id"], scene.head, "Đã báo cáo")
    with world.app.reading() as session:
        [prompt] = session.exec(select(BotPrompt)).all()
    world.now = NOW + timedelta(days=1, minutes=1)
    late = world.say(scene.private, scene.head, "Xong", reply_to_message_id=prompt.message_id)
    assert texts(late) == [words("bot.prompt_expired")]
    assert scene.history() == []


def test_reminder_buttons_tick_the_pressed_row(scene: Scene) -> None:
    world, chat = scene.world, scene.private.id
    mine, other = scene.occurrence("6"), scene.occurrence("1")
    reminder = _deliver_reminder(world, chat, [("6", mine), ("1", other)])
    assert [[key["text"] for key in row] for row in world.keyboard(chat, reminder)] == [
        ["Bắt đầu", "Đã báo cáo", "Xem 1 · Trước ngày 31/01/2026"],  # overdue first
        ["Bắt đầu", "Đã báo cáo", "Xem 6 · Trước ngày 15/03/2026"],
    ]
    assert mine.id is not None
    data = encode(ActOn(Action.START, mine.id, mine.version))
    answers = world.press(chat, reminder, scene.head, data)
    assert [c.method for c in answers] == ["editMessageReplyMarkup", "answerCallbackQuery"]
    assert [[key["text"] for key in row] for row in world.keyboard(chat, reminder)] == [
        ["Bắt đầu", "Đã báo cáo", "Xem 1 · Trước ngày 31/01/2026"],
        ["✓ 6 · Trước ngày 15/03/2026: đang thực hiện"],
    ]
    [card] = texts(world.press_button(chat, reminder, scene.head, "Xem 1 · Trước ngày 31/01/2026"))
    assert card.startswith("1 — Kế hoạch số 1")


def test_pages_of_a_long_list_turn_in_place(world: BotWorld, telegram: BotApiServer) -> None:
    world.import_plan(require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx"))
    clerk = telegram.add_user("Nguyễn Văn An")
    office = telegram.add_group("Văn phòng Sở")
    world.link(office, clerk, "Văn phòng Sở", office=True)
    [shown] = [c for c in world.say(office, clerk, "/viec") if c.method == "sendMessage"]
    listing = shown.result["message_id"]
    first = shown.result["text"]
    assert "(trang 1/5)" in first
    assert _labels(world, office.id, listing)[-1] == "Trang sau ›"
    answers = world.press_button(office.id, listing, clerk, "Trang sau ›")
    [edited] = [c for c in answers if c.method == "editMessageText"]
    assert "(trang 2/5)" in edited.result["text"]
    assert _labels(world, office.id, listing)[-2:] == ["‹ Trang trước", "Trang sau ›"]
    last = world.press(office.id, listing, clerk, encode(Page("viec", 99)))  # clamped
    [edited] = [c for c in last if c.method == "editMessageText"]
    assert "(trang 5/5)" in edited.result["text"]
    assert all(len(c.text or "") <= 4096 for c in telegram.calls() if c.method.endswith("Text"))


def test_forged_and_unlinked_presses_are_refused(scene: Scene) -> None:
    world = scene.world
    host = scene.telegram.messages(scene.private.id)[-1]["message_id"]
    assert _alert(world.press(scene.private.id, host, scene.head, "a:delete:1:1")) == words(
        "bot.button_gone"
    )
    assert _alert(world.press(scene.private.id, host, scene.head, "a:start:999999:1")) == words(
        "bot.button_gone"
    )
    stranger = scene.telegram.add_user("Người lạ")
    chat = scene.telegram.add_private_chat(stranger)
    world.say(chat, stranger, "/viec")
    bot_message = scene.telegram.messages(chat.id)[-1]["message_id"]
    occurrence = scene.occurrence("6")
    assert occurrence.id is not None
    forged = encode(ActOn(Action.START, occurrence.id, occurrence.version))
    before = snapshot(world.url)
    assert _alert(world.press(chat.id, bot_message, stranger, forged)) == words("bot.not_linked")
    assert snapshot(world.url) == before


def test_the_settings_language_words_every_answer(
    database_url: str, telegram: BotApiServer, tmp_path: Path
) -> None:
    world = BotWorld(database_url, telegram, NOW)
    world.app = type(world.app)(Settings(**{**world.app.settings.model_dump(), "language": "en"}))
    world.import_plan(write_plan(tmp_path, "plan.docx"))
    world.start()
    try:
        user = telegram.add_user("An")
        chat = telegram.add_private_chat(user)
        said = texts(world.say(chat, user, f"/start {world.invite(LEAD)}"))
        assert said[0].startswith("This chat is now linked to “Chi cục Quản lý thị trường”")
        [help_text] = texts(world.say(chat, user, "/help"))
        assert help_text.startswith("Nhắc việc's commands\n/tasks — Your unit's tasks")
    finally:
        world.stop()


def test_telegram_trouble_is_logged_and_other_failures_are_told(
    scene: Scene, caplog: pytest.LogCaptureFixture
) -> None:
    world, telegram = scene.world, scene.telegram
    telegram.fail(ApiError.too_many_requests(1), method="sendMessage", chat_id=scene.private.id)
    assert texts(world.say(scene.private, scene.head, "/viec")) == []  # answered 429
    [failure] = [r for r in caplog.records if r.name == "nhacviec.bot"]
    assert failure.exc_info is not None
    assert isinstance(failure.exc_info[1], RetryAfter)  # no deprecation warning on the way
    assert texts(world.say(scene.private, scene.head, "/viec"))  # and the bot serves on

    engine = world.app.engine
    unreachable = create_engine(f"sqlite:///{Path('/proc/nonexistent/store.db')}")
    world.app.__dict__["engine"] = unreachable  # the database goes away
    try:
        assert texts(world.say(scene.private, scene.head, "/viec")) == [words("bot.failed")]
    finally:
        world.app.__dict__["engine"] = engine
        unreachable.dispose()


# -- helpers -----------------------------------------------------------------------------------


def _labels(world: BotWorld, chat_id: int, message_id: int) -> list[str]:
    return [key["text"] for row in world.keyboard(chat_id, message_id) for key in row]


def _alert(answers: list[Call]) -> str:
    [answer] = [c for c in answers if c.method == "answerCallbackQuery"]
    return str(answer.params.get("text", ""))


def _deliver_reminder(world: BotWorld, chat_id: int, items: list[tuple[str, Occurrence]]) -> int:
    """A digest to the lead's chat through the real notifier (with ``reminder_keyboard``)."""
    lines = []
    for ref, occurrence in items:
        assert occurrence.id is not None
        overdue = occurrence.due_date is not None and occurrence.due_date < NOW.date()
        lines.append(
            (
                DigestSection.OVERDUE if overdue else DigestSection.UPCOMING,
                DigestItem(
                    kind=ReminderKind.OVERDUE if overdue else ReminderKind.BEFORE_DUE,
                    plan_id=1,
                    task_ref=ref,
                    task_text=f"Nhiệm vụ {ref}",
                    lead=LEAD,
                    due=occurrence.due_date,
                    due_words=occurrence.due_words,
                    time_text="",
                    label=occurrence.label,
                    state=occurrence.state,
                    occurrence_id=occurrence.id,
                    version=occurrence.version,
                ),
            )
        )
    sections: dict[DigestSection, tuple[DigestItem, ...]] = {}
    for section, item in lines:
        sections[section] = (*sections.get(section, ()), item)
    message = Message(
        recipient_unit=1,
        recipient_name=LEAD,
        role=RecipientRole.LEAD,
        day=NOW.date(),
        sections=sections,
    )
    notifier = world.app.notifier("telegram")

    async def send() -> str:
        try:
            sent = await notifier.send(Address("telegram", str(chat_id)), message, key="test")
        finally:
            await notifier.aclose()
        assert sent.ok, sent.detail
        return sent.provider_id

    return int(asyncio.run(send()).split(",")[-1])
