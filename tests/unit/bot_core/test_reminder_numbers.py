"""Numbers under a Zalo reminder are offered into the book handed in, and not without one (the
settings run no Zalo bot: nobody could answer them)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pydantic import SecretStr

from config.settings import ZaloSettings
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.zalo.reminders import bot_answers, numbered
from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def reminder(state: str = "assigned") -> Message:
    item = DigestItem(
        kind=ReminderKind.BEFORE_DUE,
        plan_id=1,
        task_ref="II.1b",
        task_text="Tập huấn",
        lead="Phòng QLTM",
        due=date(2026, 3, 6),
        due_words="trước ngày 06/03/2026",
        time_text="Trước ngày 06/3/2026",
        state=state,
        occurrence_id=7,
        version=3,
    )
    return Message(
        recipient_unit=1,
        recipient_name="Phòng QLTM",
        role=RecipientRole.LEAD,
        day=date(2026, 3, 2),
        sections={DigestSection.UPCOMING: (item,)},
    )


def test_a_book_of_ones_own_always_gets_the_numbers() -> None:
    book = ChoiceBook()
    lines = numbered("c1", reminder(), lambda: NOW, book)
    assert lines.splitlines()[0] == "Trả lời 1 để bắt đầu thực hiện II.1b"
    [start, report] = [book.recall("zalo", "c1", n, NOW) for n in (1, 2)]
    assert start is not None
    assert report is not None
    assert (start.occurrence_id, start.version, start.action) == (7, 3, "start")
    assert report.action == "report"
    assert "«2 <nội dung báo cáo hoặc số văn bản>»" in lines


def test_without_a_book_no_numbers_are_offered() -> None:
    assert numbered("c9", reminder(), lambda: NOW, None) == ""


def test_a_book_is_handed_in_only_when_the_settings_run_a_zalo_bot() -> None:
    token = SecretStr("1234567890:abc")
    assert bot_answers(ZaloSettings(token=token))
    assert not bot_answers(ZaloSettings(token=token, bot=False))
    assert not bot_answers(ZaloSettings())
    assert not bot_answers(ZaloSettings(token=SecretStr("  ")))


def test_a_verified_task_offers_nothing() -> None:
    assert numbered("c1", reminder("verified"), lambda: NOW, ChoiceBook()) == ""
