"""Plans sent to the bot: the office's chat sends a plan file, reads the summary, and the plan
is imported only after «Nhập kế hoạch» — the same plan as ``nhacviec plan import`` stores —
or dropped by «Hủy». Other chats are refused before any download; so is a file Telegram says
is over 20 MB. Through the loopback Bot API server (getFile, the file URL), SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from config.settings import Settings
from nhacviec.app import App
from nhacviec.errors import DocumentError, SourceLocation
from nhacviec.i18n.errors import render_error
from nhacviec.services.importing import read_plan_file, store_readings
from nhacviec.store import units
from nhacviec.store.database import ensure_schema, make_engine
from nhacviec.store.models import HistoryEntry, KeptDocument, Occurrence, Plan, Task
from tests.e2e.plans import amended, write_plan
from tests.integration.bot.harness import SCT_UNITS, BotWorld, texts, words
from tests.shared_paths import require_shared
from tests.telegram_api import BotApiServer, Call, Chat, User
from workflows.importing import Directories
from workflows.standing import LOCAL_TZ
from workflows.units.directory import load_directory

NOW = datetime(2025, 7, 10, 9, 0, tzinfo=LOCAL_TZ)
CONSOLE = "https://nhacviec.example.gov.vn"  # web.public_url: «Xem trên web» links there
SO_PLAN = "so-cong-thuong-2025h2.docx"
IMPORT = words("bot.document.button.import")
CANCEL = words("bot.document.button.cancel")


@dataclass
class Scene:
    world: BotWorld
    telegram: BotApiServer
    clerk: User
    office: Chat

    def send(self, name: str, content: bytes, **extra: Any) -> list[Call]:
        return self.world.send_file(self.office, self.clerk, name, content, **extra)

    def summary(self, calls: list[Call]) -> Call:
        [sent] = [call for call in calls if call.method == "sendMessage"]
        return sent

    def press(self, summary: Call, label: str) -> list[Call]:
        message_id = summary.result["message_id"]
        return self.world.press_button(self.office.id, message_id, self.clerk, label)

    def plans(self) -> list[Plan]:
        with self.world.app.reading() as session:
            return list(session.exec(select(Plan).order_by(col(Plan.id))).all())

    def documents(self) -> list[KeptDocument]:
        with self.world.app.reading() as session:
            return list(session.exec(select(KeptDocument).order_by(col(KeptDocument.id))).all())


@pytest.fixture
def scene(database_url: str, telegram: BotApiServer) -> Iterator[Scene]:
    world = BotWorld(
        database_url, telegram, NOW, units_directories=(SCT_UNITS,), public_url=CONSOLE
    )
    with world.app.transaction() as session:  # the directory's units, to link the office's chat
        units.save_directory(session, load_directory(SCT_UNITS), NOW)
    world.start()
    clerk = telegram.add_user("Nguyễn Văn An")
    office = telegram.add_group("Văn phòng Sở - theo dõi")
    world.link(office, clerk, "Văn phòng Sở", office=True)
    yield Scene(world, telegram, clerk, office)
    world.stop()


def _plan_bytes() -> bytes:
    return require_shared("fixtures", "plans", SO_PLAN).read_bytes()


def _tasks(url: str) -> list[tuple[Any, ...]]:
    """The stored tasks and their occurrences, as comparable rows (no ids, no instants)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            tasks = session.exec(select(Task).order_by(col(Task.position))).all()
            rows = []
            for task in tasks:
                occurrences = session.exec(
                    select(Occurrence)
                    .where(Occurrence.task_id == task.id)
                    .order_by(col(Occurrence.seq))
                ).all()
                dues = tuple((o.due_date, o.label, o.state) for o in occurrences)
                rows.append((task.ref, task.task_text, task.lead_text, task.schedule_kind, dues))
            return rows
    finally:
        engine.dispose()


def _cli_import(path: Path, folder: Path) -> str:
    """What ``nhacviec plan import PATH`` stores with the same settings: its own store."""
    url = f"sqlite:///{folder / 'cli.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    engine.dispose()
    reading = read_plan_file(path, directories=Directories((load_directory(SCT_UNITS),)))
    app = App(Settings(database_url=url))
    try:
        with app.transaction() as session:
            store_readings(session, [reading], now=NOW)
    finally:
        app.close()
    return url


def test_the_office_sends_a_plan_and_imports_it_with_the_button(
    scene: Scene, database_url: str, tmp_path: Path
) -> None:
    summary = scene.summary(scene.send(SO_PLAN, _plan_bytes()))
    text = summary.result["text"]
    assert text.startswith(words("bot.document.title", file=SO_PLAN))
    parsed = read_plan_file(
        require_shared("fixtures", "plans", SO_PLAN),
        directories=Directories((load_directory(SCT_UNITS),)),
    ).parsed
    review = sum(task.schedule.needs_review for task in parsed.tasks)
    assert words("bot.document.counts", tasks=len(parsed.tasks), review=review) in text
    assert parsed.metadata.title in text
    assert words("bot.document.nothing_yet") in text
    keys = [key for row in summary.params["reply_markup"]["inline_keyboard"] for key in row]
    assert [key["text"] for key in keys] == [IMPORT, words("bot.document.button.web"), CANCEL]
    [kept] = scene.documents()
    assert keys[1]["url"] == f"{CONSOLE}/plans/uploads/{kept.id}"  # the console's reading page
    assert scene.plans() == []  # nothing is written before the button
    assert len(scene.telegram.downloads) == 1

    imported = scene.press(summary, IMPORT)
    [plan] = scene.plans()
    occurrences = sum(len(task.schedule.occurrences) for task in parsed.tasks)
    expected = words(
        "import.imported",
        plan_id=plan.id,
        tasks=len(parsed.tasks),
        occurrences=occurrences,
        review=review,
    )
    assert texts(imported) == [expected]
    assert scene.world.keyboard(scene.office.id, summary.result["message_id"]) == []
    by_cli = _tasks(_cli_import(require_shared("fixtures", "plans", SO_PLAN), tmp_path))
    assert len(by_cli) == len(parsed.tasks)
    assert _tasks(database_url) == by_cli
    [document] = scene.documents()
    assert (document.decision, document.plan_id, document.content) == ("imported", plan.id, b"")
    assert document.decided_by == f"tg:user={scene.clerk.id};chat={scene.office.id}"

    again = scene.world.press(  # the button is gone; an old client may still send it
        scene.office.id, summary.result["message_id"], scene.clerk, f"u:ok:{document.id}"
    )
    [answer] = [call for call in again if call.method == "answerCallbackQuery"]
    assert answer.params["text"] == words("bot.document.imported_already")
    assert len(scene.plans()) == 1


def test_cancel_leaves_nothing(scene: Scene) -> None:
    summary = scene.summary(scene.send(SO_PLAN, _plan_bytes()))
    cancelled = scene.press(summary, CANCEL)
    assert texts(cancelled) == [words("bot.document.cancelled")]
    assert scene.plans() == []
    [document] = scene.documents()
    assert (document.decision, document.content, document.plan_id) == ("cancelled", b"", None)
    pressed = scene.world.press(
        scene.office.id, summary.result["message_id"], scene.clerk, f"u:ok:{document.id}"
    )
    [answer] = [call for call in pressed if call.method == "answerCallbackQuery"]
    assert answer.params["text"] == words("bot.document.cancelled_already")
    assert scene.plans() == []


def test_a_plan_already_imported_says_so(scene: Scene) -> None:
    summary = scene.summary(scene.send(SO_PLAN, _plan_bytes()))
    scene.press(summary, IMPORT)
    [plan] = scene.plans()
    again = scene.send("ban-sao.docx", _plan_bytes())
    assert texts(again) == [words("import.already_imported", plan_id=plan.id, source=SO_PLAN)]
    assert len(scene.documents()) == 1  # nothing kept for a file already stored


@pytest.mark.parametrize("where", ["unit", "unlinked", "private"])
def test_a_document_from_any_other_chat_is_refused_without_a_download(
    scene: Scene, where: str
) -> None:
    telegram, world = scene.telegram, scene.world
    head = telegram.add_user("Võ Thị Hà")
    if where == "private":
        chat = telegram.add_private_chat(head)
    else:
        chat = telegram.add_group("Phòng QLTM - công việc")
    if where == "unit":
        world.link(chat, head, "Phòng Quản lý Thương mại")
    answered = world.send_file(chat, head, SO_PLAN, _plan_bytes())
    assert texts(answered) == [words("bot.document.office_only")]
    assert telegram.calls("getFile") == []
    assert telegram.downloads == []
    assert scene.documents() == []


def test_an_oversized_file_is_refused_before_any_download(scene: Scene) -> None:
    answered = scene.send("lon.pdf", b"%PDF-1.7 tiny", file_size=21 * 1024 * 1024)
    assert texts(answered) == [words("bot.document.too_big", file="lon.pdf", limit=20)]
    assert scene.telegram.calls("getFile") == []
    assert scene.telegram.downloads == []
    assert scene.documents() == []


def test_a_broken_file_gets_the_readers_sentence(scene: Scene) -> None:
    answered = scene.send("hong.docx", b"PK\x03\x04 this is no archive")
    error = DocumentError("import.unsupported_format", SourceLocation("hong.docx"))
    assert texts(answered) == [render_error(error, "vi")]
    assert scene.documents() == []
    assert scene.plans() == []


def test_a_new_version_is_applied_as_an_amendment(scene: Scene, tmp_path: Path) -> None:
    first = write_plan(tmp_path, "ke-hoach-2026.docx")
    second = write_plan(tmp_path, "ke-hoach-2026-sua-doi.docx", amended(), number="15a/KH-SCT")
    scene.press(scene.summary(scene.send(first.name, first.read_bytes())), IMPORT)
    [plan] = scene.plans()
    summary = scene.summary(scene.send(second.name, second.read_bytes()))
    counts = "Nhiệm vụ: thêm mới 1, bãi bỏ 1, đổi thời hạn 1, sửa nội dung 0, đánh số lại 0, "
    counts += "không thay đổi 4."
    assert (
        words("bot.document.new_version", plan=plan.id, version=1, summary=counts)
        in (summary.result["text"])
    )
    assert scene.plans()[0].version == 1  # nothing applied yet
    applied = scene.press(summary, IMPORT)
    assert texts(applied) == [
        words("bot.document.amended", plan=plan.id, version=2, summary=counts)
    ]
    [amended_plan] = scene.plans()
    assert (amended_plan.version, amended_plan.source_name) == (2, second.name)
    with scene.world.app.reading() as session:
        cancelled = session.exec(
            select(HistoryEntry).where(HistoryEntry.to_state == "cancelled")
        ).all()
    assert [entry.channel for entry in cancelled] == ["telegram"]
    assert cancelled[0].actor_ref == f"tg:user={scene.clerk.id};chat={scene.office.id}"


def test_a_new_version_whose_title_came_out_damaged_is_offered_as_an_amendment(
    scene: Scene, tmp_path: Path
) -> None:
    """No title to match: the same issuer, another number and most tasks shared tell it
    (``plans.find_versions_by_content``); the office sees the diff before anything applies."""
    first = write_plan(tmp_path, "ke-hoach-2026.docx")
    second = write_plan(
        tmp_path, "sua-doi.docx", amended(), number="15a/KH-SCT", subtitle="Cải cách hành cbính"
    )  # OCR-like damage: the title no longer matches the stored one
    scene.press(scene.summary(scene.send(first.name, first.read_bytes())), IMPORT)
    [plan] = scene.plans()
    summary = scene.summary(scene.send(second.name, second.read_bytes()))
    counts = "Nhiệm vụ: thêm mới 1, bãi bỏ 1, đổi thời hạn 1, sửa nội dung 0, đánh số lại 0, "
    counts += "không thay đổi 4."
    assert (
        words("bot.document.new_version", plan=plan.id, version=1, summary=counts)
        in summary.result["text"]
    )
    scene.press(summary, IMPORT)
    [amended_plan] = scene.plans()
    assert (amended_plan.version, amended_plan.source_name) == (2, second.name)


def test_a_file_getfile_calls_too_big_is_refused_without_a_download(scene: Scene) -> None:
    big = 25 * 1024 * 1024
    answered = scene.send("lon.xlsx", b"PK\x03\x04", file_size=big, size_in_message=False)
    assert texts(answered) == [words("bot.document.too_big", file="lon.xlsx", limit=20)]
    assert len(scene.telegram.calls("getFile")) == 1
    assert scene.telegram.downloads == []


def test_the_buttons_of_a_day_old_file_no_longer_work(scene: Scene) -> None:
    summary = scene.summary(scene.send(SO_PLAN, _plan_bytes()))
    scene.world.now = NOW + timedelta(days=1)
    pressed = scene.press(summary, IMPORT)
    [answer] = [call for call in pressed if call.method == "answerCallbackQuery"]
    assert answer.params["text"] == words("bot.document.expired")
    assert answer.params["show_alert"] is True
    assert scene.plans() == []
