"""Files on Zalo, whose Bot API sends no documents (only texts, photos, stickers and chat
actions): ``/tonghop`` answers with the console's link to the report (absolute when the
settings know the console's address, else where to find it on the console); a photo or a file
sent to the bot is answered with where files go. Real poller, loopback Zalo server, SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlmodel import select

from nhacviec.store.models import Plan
from tests.integration.zalo.world import ZaloWorld, words
from tests.shared_paths import require_shared
from tests.zalo_api import Chat, ZaloBotServer
from workflows.standing import LOCAL_TZ

NOW = datetime(2025, 7, 10, 8, 0, tzinfo=LOCAL_TZ)
OFFICE = "Văn phòng Sở"
UNIT = "Phòng Quản lý Thương mại"
CONSOLE = "https://nhacviec.congthuong.example.gov.vn/"


def world_for(url: str, zalo: ZaloBotServer, public_url: str = "") -> ZaloWorld:
    built = ZaloWorld(url, zalo, NOW, public_url=public_url)
    built.import_plan(require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx"))
    return built


@pytest.fixture
def world(tmp_path: Any, zalo: ZaloBotServer) -> Iterator[ZaloWorld]:
    built = world_for(f"sqlite:///{tmp_path / 'store.db'}", zalo, CONSOLE)
    yield built
    built.close()


def plan_id(world: ZaloWorld) -> int:
    with world.app.reading() as session:
        [plan] = session.exec(select(Plan)).all()
        assert plan.id is not None
        return plan.id


def test_tonghop_gives_the_office_the_consoles_link_to_the_report(
    world: ZaloWorld, zalo: ZaloBotServer
) -> None:
    office = zalo.add_chat("Văn phòng Sở - theo dõi", group=True)
    world.link(office, OFFICE, office=True)
    plan = plan_id(world)
    url = f"https://nhacviec.congthuong.example.gov.vn/plans/{plan}/report.docx"
    assert world.say(office, "/tonghop") == [words("bot_core.summary_link", plan=plan, url=url)]
    assert world.say(office, f"/tonghop {plan}") == [
        words("bot_core.summary_link", plan=plan, url=url)
    ]
    assert world.say(office, "/tonghop 999") == [
        words("reports.bot.not_followed", plan=999, plans=str(plan))
    ]
    assert zalo.calls("sendDocument") == []


def test_tonghop_is_the_offices_alone(world: ZaloWorld, zalo: ZaloBotServer) -> None:
    unit = zalo.add_chat("Phòng QLTM", group=True)
    world.link(unit, UNIT)
    said = world.say(unit, "/tonghop")
    assert said == [words("bot.office_only")]
    assert "report.docx" not in said[0]


def test_without_the_consoles_address_tonghop_says_where_to_find_the_report(
    tmp_path: Any, zalo: ZaloBotServer
) -> None:
    world = world_for(f"sqlite:///{tmp_path / 'store.db'}", zalo)
    try:
        office = zalo.add_chat("Văn phòng Sở")
        world.link(office, OFFICE, office=True)
        plan = plan_id(world)
        assert world.say(office, "/tonghop") == [words("bot_core.summary_console", plan=plan)]
    finally:
        world.close()


def sent_file(chat: Chat, event: str) -> dict[str, Any]:
    return {
        "event_name": event,
        "message": {
            "message_id": "f1",
            "date": 1766619597466,
            "chat": chat.to_api(),
            "from": {"id": chat.id, "display_name": chat.display_name},
            "photo_url": "https://example.invalid/p.jpg",
        },
    }


@pytest.mark.parametrize("event", ["message.image.received", "message.unsupported.received"])
def test_a_file_or_photo_sent_privately_is_told_where_files_go(
    world: ZaloWorld, zalo: ZaloBotServer, event: str
) -> None:
    chat = zalo.add_chat("Võ Thị Hà")
    world.link(chat, UNIT)
    before = len(zalo.sent(chat.id))
    zalo.push_update(sent_file(chat, event))
    assert world.loop.run_until_complete(world.poller.poll_once()) == 1
    assert [call.text for call in zalo.sent(chat.id)[before:]] == [
        words("zalo_ops.files.elsewhere")
    ]


def test_photos_in_a_group_and_stickers_are_conversation(
    world: ZaloWorld, zalo: ZaloBotServer
) -> None:
    group = zalo.add_chat("Phòng QLTM", group=True)
    private = zalo.add_chat("Võ Thị Hà")
    zalo.push_update(sent_file(group, "message.image.received"))
    zalo.push_update(sent_file(private, "message.sticker.received"))
    polled = [world.loop.run_until_complete(world.poller.poll_once()) for _ in range(2)]
    assert polled == [0, 0]
    assert zalo.sent() == []
