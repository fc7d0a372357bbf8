"""The bot's words: plan text escaped, cards within Telegram's 4,096 characters, help in the
settings' language with the office's commands for the office only."""

from __future__ import annotations

from datetime import date, timedelta

from nhacviec.bot.cards import Card
from nhacviec.errors import ConflictError
from nhacviec.store.journal import HistoryLine
from nhacviec.store.models import HistoryEntry
from nhacviec.telegram.views import card_reply, error_text, help_text
from tests.telegram_text import format_text
from tests.unit.bot.factories import NOW, occurrence, status
from workflows.workflow import Action

HOSTILE = "Rà soát <b>văn bản</b> & <script>alert(1)</script> «trích dẫn»"


def _card(items: int = 1, history: int = 0, text: str = "Việc") -> Card:
    occurrences = [
        occurrence(date(2026, 1, 31) + timedelta(days=31 * n), seq=n + 1) for n in range(items)
    ]
    found = status("II.1b", *occurrences, text=text)
    focus = found.occurrences[-1]
    lines = tuple(
        HistoryLine(
            HistoryEntry(
                plan_id=1,
                task_id=1,
                action="note",
                at=NOW,
                channel="telegram",
                actor_name="Đặng Minh Khoa",
                note="Ghi chú rất dài " * 30,
            ),
            1,
            "Phòng Kinh tế",
        )
        for _ in range(history)
    )
    return Card(found, focus, lines, (Action.START, Action.REPORT))


def test_plan_text_is_escaped() -> None:
    reply = card_reply(_card(text=HOSTILE), "vi")
    assert "&lt;script&gt;" in reply.text
    shown = format_text(reply.text, "HTML", None)  # Telegram reads it back as written
    assert HOSTILE in shown.text


def test_a_card_drops_its_oldest_history_to_fit() -> None:
    reply = card_reply(_card(items=30, history=40), "vi")
    shown = format_text(reply.text, "HTML", None).text
    assert len(reply.text) <= 4096
    assert "Lịch sử xử lý" in shown
    assert "… và 18 kỳ khác" in shown
    assert "▸ 30." in shown  # the focused occurrence stays in sight
    assert reply.markup is not None


def test_help_lists_the_office_commands_for_the_office_only() -> None:
    unit = format_text(help_text("vi", office=False), "HTML", None).text
    office = format_text(help_text("vi", office=True), "HTML", None).text
    assert unit.startswith("Các lệnh của Nhắc việc\n/viec — Các nhiệm vụ của đơn vị")
    assert "/xacnhan" not in unit
    for office_move in ("/giaolai <mã nhiệm vụ> <đơn vị> <lý do>", "/tamdung", "/tieptuc"):
        assert office_move not in unit
        assert office_move in office
    assert "Dành cho cơ quan thường trực\n/xacnhan <mã nhiệm vụ>" in office
    assert "/start" not in office  # not listed
    english = format_text(help_text("en", office=True), "HTML", None).text
    assert "/verify <task>" in english
    assert "/reassign <task> <unit> <reason>" in english


def test_a_conflict_names_the_state_in_words() -> None:
    error = ConflictError("II.1b", "reported")
    assert error_text(error, "vi").startswith(
        "Nhiệm vụ II.1b vừa được cập nhật (hiện ở trạng thái «đã báo cáo»)"
    )
