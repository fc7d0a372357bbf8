"""``/tonghop``: the office's chat gets the report upward as a Word file; a unit's chat does not.
Through the loopback Bot API server to the real bot, on SQLite and PostgreSQL (issue 12)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import docx
import pytest

from nhacviec.services.queries import TaskFilter, tally, task_statuses
from tests.e2e.plans import write_plan
from tests.integration.bot.harness import BotWorld, running_world, texts, words
from tests.telegram_api import BotApiServer, Chat, User
from workflows.standing import LOCAL_TZ, Bucket

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
LEAD = "Chi cục Quản lý thị trường"  # leads row 6 of the synthetic plan
OFFICE = "Văn phòng Sở"


@pytest.fixture
def world(database_url: str, telegram: BotApiServer, tmp_path: Path) -> Iterator[BotWorld]:
    with running_world(database_url, telegram, NOW, write_plan(tmp_path, "plan.docx")) as built:
        yield built


@pytest.fixture
def chats(world: BotWorld, telegram: BotApiServer) -> tuple[Chat, User, Chat, User]:
    clerk = telegram.add_user("Nguyễn Văn An")
    office = telegram.add_group("Văn phòng Sở - theo dõi")
    world.link(office, clerk, OFFICE, office=True)
    head = telegram.add_user("Đặng Minh Khoa")
    private = telegram.add_private_chat(head)
    world.link(private, head, LEAD)
    return office, clerk, private, head


def test_the_office_gets_the_report_as_a_word_file(
    world: BotWorld, telegram: BotApiServer, chats: tuple[Chat, User, Chat, User]
) -> None:
    office, clerk, _, _ = chats
    calls = world.say(office, clerk, "/tonghop")
    [sent] = [call for call in calls if call.method == "sendDocument"]
    assert sent.ok
    assert sent.response["result"]["caption"].startswith("Báo cáo kết quả thực hiện Kế hoạch số 1")
    [(chat_id, name, content)] = telegram.sent_documents
    assert chat_id == office.id
    assert name == "bao-cao-kh1-20260302.docx"
    document = docx.Document(io.BytesIO(content))
    text = [paragraph.text for paragraph in document.paragraphs]
    assert "BÁO CÁO" in text
    with world.app.reading() as session:
        expected = tally(task_statuses(session, NOW, TaskFilter(plan_id=1)))
    [standing] = [t for t in document.tables if t.rows[0].cells[0].text == "Nhóm"]
    counts = [(int(row.cells[1].text), int(row.cells[2].text)) for row in standing.rows[1:]]
    assert counts == [expected.buckets[kind] for kind in Bucket]
    assert len(document.inline_shapes) == 1  # the chart
    # the same command names the plan by its number
    world.say(office, clerk, "/tonghop 1")
    assert len(telegram.sent_documents) == 2


def test_a_units_chat_and_a_plan_not_followed_get_a_sentence_not_a_file(
    world: BotWorld, telegram: BotApiServer, chats: tuple[Chat, User, Chat, User]
) -> None:
    office, clerk, private, head = chats
    assert texts(world.say(private, head, "/tonghop")) == [words("bot.office_only")]
    refused = texts(world.say(office, clerk, "/tonghop 7"))
    assert refused == [words("reports.bot.not_followed", plan=7, plans="1")]
    malformed = texts(world.say(office, clerk, "/tonghop năm nay"))
    assert "/tonghop [số kế hoạch]" in malformed[0]
    assert telegram.sent_documents == []
