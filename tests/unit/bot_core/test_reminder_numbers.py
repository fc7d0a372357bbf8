"""Numbers under a Zalo reminder are offered only while the Zalo bot runs in the process (else
nobody could answer them), and with a book of one's own always."""

from __future__ import annotations

from datetime import UTC, date, datetime

from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.zalo.reminders import CHOICES, SERVING, numbered
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


def test_the_process_book_offers_numbers_only_while_the_zalo_bot_runs() -> None:
    assert not SERVING.is_set()
    assert numbered("c9", reminder(), lambda: NOW) == ""
    assert not CHOICES.knows("zalo", "c9", NOW)
    SERVING.set()
    try:
        assert numbered("c9", reminder(), lambda: NOW).startswith("Trả lời 1 ")
        assert CHOICES.knows("zalo", "c9", NOW)
    finally:
        SERVING.clear()


def test_a_verified_task_offers_nothing() -> None:
    assert numbered("c1", reminder("verified"), lambda: NOW, ChoiceBook()) == ""
