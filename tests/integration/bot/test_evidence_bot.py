"""Evidence files and partner requests in Telegram, through the loopback Bot API server: a
document (or a photo) replied to the «Đã báo cáo» prompt is the report with its file, kept once
in the evidence folder; a file past the limits is refused and nothing changes (the prompt still
waits); ``/denghi`` asks the partner, ``/traloi`` as a document's caption answers with the file;
the card names both.
SQLite and PostgreSQL.

The plan is the synthetic one (``tests/e2e/plans.py``): row 6 is led by Chi cục Quản lý thị
trường, with Trung tâm Khuyến công và Xúc tiến thương mại as its partner.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from nhacviec.store.evidence import EvidenceFile, EvidenceLink, PartnerRequest
from nhacviec.store.models import HistoryEntry
from tests.e2e.plans import snapshot, write_plan
from tests.integration.bot.harness import BotWorld, running_world, texts
from tests.telegram_api import BotApiServer, Chat, User
from workflows.standing import LOCAL_TZ

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
LEAD = "Chi cục Quản lý thị trường"
PARTNER = "Trung tâm Khuyến công và Xúc tiến thương mại"
PDF = b"%PDF-1.4\n% bien ban kiem tra\n%%EOF\n"
PHOTO = b"\xff\xd8\xff\xe0" + b"JFIF photo of the signed minutes" * 4


@pytest.fixture
def world(
    database_url: str, telegram: BotApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[BotWorld]:
    monkeypatch.setenv("NHACVIEC_HOME", str(tmp_path / "home"))  # the evidence folder's home
    with running_world(database_url, telegram, NOW, write_plan(tmp_path, "plan.docx")) as built:
        yield built


def _counts(world: BotWorld) -> tuple[int, int, int]:
    with world.app.reading() as session:
        return tuple(  # type: ignore[return-value]
            int(session.exec(select(func.count()).select_from(table)).one())
            for table in (EvidenceFile, EvidenceLink, PartnerRequest)
        )


def _last_entry(world: BotWorld) -> HistoryEntry:
    with world.app.reading() as session:
        found = session.exec(select(HistoryEntry).order_by(col(HistoryEntry.id).desc())).first()
        assert found is not None
        return found


def _prompt(world: BotWorld, telegram: BotApiServer, chat: Chat, head: User) -> int:
    """Open the card of task 6 and press «Đã báo cáo»: the prompt's message id."""
    [shown] = [c for c in world.say(chat, head, "/xem 6") if c.method == "sendMessage"]
    world.press_button(chat.id, shown.result["message_id"], head, "Đã báo cáo")
    asked = [c for c in telegram.sent(chat.id) if c.text and "vui lòng trả lời" in c.text]
    assert "Có thể trả lời bằng tệp minh chứng (văn bản, ảnh chụp)" in str(asked[-1].text)
    return int(asked[-1].result["message_id"])


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_a_document_replied_to_the_prompt_is_the_report_with_its_file(
    world: BotWorld, telegram: BotApiServer, tmp_path: Path
) -> None:
    head = telegram.add_user("Đặng Minh Khoa")
    chat = telegram.add_private_chat(head)
    world.link(chat, head, LEAD)
    prompt = _prompt(world, telegram, chat, head)

    answered = world.send_file(
        chat, head, "Biên bản kiểm tra.pdf", PDF, caption="Đã kiểm tra 12 cơ sở",
        reply_to_message_id=prompt,
    )  # fmt: skip
    [said] = texts(answered)
    assert said.startswith("Nhiệm vụ 6 · Trước ngày 15/03/2026: đã giao → đã báo cáo.")
    assert "Đã nhận 1 tệp minh chứng kèm báo cáo." in said
    assert any(call.method == "editMessageText" for call in answered)  # the card redrawn
    entry = _last_entry(world)
    assert (entry.action, entry.note, entry.evidence) == (
        "report",
        "Đã kiểm tra 12 cơ sở",
        "Biên bản kiểm tra.pdf",
    )
    assert _counts(world) == (1, 1, 0)
    folder = world.app.evidence.folder  # beside the SQLite file, or under NHACVIEC_HOME
    assert folder in {tmp_path / "evidence", tmp_path / "home" / "evidence"}
    (kept,) = _files(folder)
    assert kept.read_bytes() == PDF
    assert any(path.startswith("documents/") for path in telegram.downloads)

    [card] = texts(world.say(chat, head, "/xem 6"))
    assert "Tệp minh chứng (1):" in card
    assert "Biên bản kiểm tra.pdf" in card


def test_a_photo_replied_to_the_prompt_is_kept_and_a_wrong_file_changes_nothing(
    world: BotWorld, telegram: BotApiServer
) -> None:
    head = telegram.add_user("Đặng Minh Khoa")
    chat = telegram.add_private_chat(head)
    world.link(chat, head, LEAD)
    prompt = _prompt(world, telegram, chat, head)
    before = snapshot(world.url)
    refused = world.send_file(chat, head, "macro.exe", b"MZ", reply_to_message_id=prompt)
    assert texts(refused) == [
        "Tệp «macro.exe» không thuộc loại được nhận. Các loại được nhận: doc, docx, jpeg, jpg,"
        " ods, odt, pdf, png, xls, xlsx. Vui lòng chuyển sang một trong các loại này rồi gửi"
        " lại; chưa có gì được ghi nhận."
    ]
    assert snapshot(world.url) == before
    assert _counts(world) == (0, 0, 0)

    photo = world.send_photo(chat, head, PHOTO, reply_to_message_id=prompt)
    assert texts(photo)[0].startswith("Nhiệm vụ 6 · Trước ngày 15/03/2026: đã giao → đã báo cáo.")
    entry = _last_entry(world)
    assert entry.evidence.startswith("anh-")
    assert entry.evidence.endswith(".jpg")
    assert _counts(world) == (1, 1, 0)


def test_the_lead_asks_by_denghi_and_the_partner_answers_with_a_file(
    world: BotWorld, telegram: BotApiServer
) -> None:
    head = telegram.add_user("Đặng Minh Khoa")
    lead_chat = telegram.add_private_chat(head)
    world.link(lead_chat, head, LEAD)
    director = telegram.add_user("Phạm Thu Trang")
    partner_chat = telegram.add_private_chat(director)
    world.link(partner_chat, director, PARTNER)

    malformed = texts(world.say(lead_chat, head, "/denghi 6 Trung tâm Khuyến công"))
    assert malformed[0].startswith("Cách dùng") or "/denghi <mã nhiệm vụ>" in malformed[0]
    by_partner = texts(world.say(partner_chat, director, f"/denghi 6 {PARTNER} 10/03/2026 Đề nghị"))
    assert "không có quyền thực hiện thao tác «đề nghị đơn vị phối hợp»" in by_partner[0]
    asked = texts(
        world.say(lead_chat, head, f"/denghi 6 {PARTNER} 10/03/2026 Đề nghị cung cấp số liệu quý I")
    )
    assert asked == [
        f"Đã gửi đề nghị tới {PARTNER} ở nhiệm vụ 6: cung cấp trước ngày 10/03/2026. "
        "Đơn vị phối hợp sẽ được nhắc đến khi trả lời."
    ]
    assert _counts(world) == (0, 0, 1)

    answered = world.send_file(
        partner_chat, director, "so-lieu-quy-I.xlsx", b"PK\x03\x04 figures",
        caption="/traloi 6 Gửi số liệu quý I",
    )  # fmt: skip
    assert texts(answered) == [
        "Đã gửi trả lời ở nhiệm vụ 6 (kèm 1 tệp). Đơn vị chủ trì xem được trên thẻ nhiệm vụ."
    ]
    twice = texts(world.say(partner_chat, director, "/traloi 6 Bổ sung"))
    assert "chưa có đề nghị nào đang chờ" in twice[0]
    assert _counts(world) == (1, 1, 1)

    [card] = texts(world.say(lead_chat, head, "/xem 6"))
    assert "so-lieu-quy-I.xlsx" in card
    assert f"{PARTNER}, trước ngày 10/03/2026 — đã trả lời: Gửi số liệu quý I" in card
