"""Several ``nhacviec run`` instances and one Zalo bot: on PostgreSQL only the leader polls
Zalo's ``getUpdates`` (each update answered exactly once, by the leader); when the leader stops
or its session dies another takes over; on SQLite the one service polls. The numbers a chat was
offered are understood by any instance (they are kept in the database). Real pollers, the
loopback Zalo Bot API server, real PostgreSQL advisory locks; nothing sleeps: the test awaits
the pollers' ``leads``/``follows`` events and the server's calls."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr

from config.settings import Settings, ZaloSettings
from nhacviec.app import App
from nhacviec.i18n import translate
from nhacviec.store.leader import AdvisoryLeadership, leadership_for
from nhacviec.zalo.poller import ZaloPoller
from nhacviec.zalo.responder import CoreResponder
from nhacviec.zalo.runner import (
    ZaloBeside,
    zalo_beside,
    zalo_beside_from,
    zalo_core,
    zalo_holder,
    zalo_lock_name,
)
from nhacviec.zalo.updates import IncomingFile, IncomingText
from notifiers.zalo.api import ZaloBotApi
from scheduler.leader import SoleLeadership
from tests.integration.zalo.world import ZaloWorld, words
from tests.postgres import advisory_lock_holders
from tests.shared_paths import require_shared
from tests.zalo_api import Chat, ZaloBotServer
from workflows.standing import LOCAL_TZ

QUICK = 0.05  # seconds between a follower's attempts to lead


@dataclass
class Answering:
    """The real responder, noting which instance answered each text."""

    name: str
    inner: CoreResponder
    answered: list[tuple[str, str]] = field(default_factory=list)

    def answer(self, incoming: IncomingText) -> list[str] | None:
        self.answered.append((self.name, incoming.chat_id))
        return self.inner.answer(incoming)

    def answer_file(self, incoming: IncomingFile) -> list[str] | None:
        self.answered.append((self.name, incoming.chat_id))
        return self.inner.answer_file(incoming)


def settings_for(url: str, zalo: ZaloBotServer) -> Settings:
    token = SecretStr(zalo.token)
    return Settings(database_url=url, zalo=ZaloSettings(token=token, base_url=zalo.base_url))


def instance(app: App, zalo: ZaloBotServer, name: str) -> tuple[ZaloBeside, Answering]:
    """One service's Zalo bot, as ``zalo_beside_from`` builds it, with a quick follower."""
    answering = Answering(name, CoreResponder(zalo_core(app)))
    api = ZaloBotApi(zalo.token, base_url=zalo.base_url, timeout_s=10.0)
    poller = ZaloPoller(api, answering, poll_timeout_s=1, retry_s=QUICK)
    leadership = leadership_for(
        app.settings.database_url, zalo_lock_name(zalo.token), holder=zalo_holder(name)
    )
    return ZaloBeside(poller, leadership=leadership), answering


def holders(url: str, zalo: ZaloBotServer) -> list[str]:
    return advisory_lock_holders(url, zalo_lock_name(zalo.token))


@pytest.fixture
def apps(postgres_url: str, zalo: ZaloBotServer) -> Iterator[tuple[App, App]]:
    one = App(settings_for(postgres_url, zalo))
    two = App(settings_for(postgres_url, zalo))
    yield one, two
    one.close()
    two.close()


async def answered_by(zalo: ZaloBotServer, chats: list[Chat], count: int) -> None:
    """Push "/trogiup" from each chat; wait for ``count`` messages sent in all."""
    for chat in chats:
        zalo.push_text(chat, "/trogiup")
    await asyncio.to_thread(zalo.wait_for_calls, "sendMessage", count=count)


@pytest.mark.postgres
def test_only_the_leader_polls_and_another_takes_over_when_it_stops(
    apps: tuple[App, App], zalo: ZaloBotServer, postgres_url: str
) -> None:
    (first, first_answers), (second, second_answers) = (
        instance(app, zalo, name) for app, name in zip(apps, ("host-a:1", "host-b:2"), strict=True)
    )
    chats = [zalo.add_chat(f"Người {n}") for n in range(4)]

    async def scenario() -> list[str]:
        stop_first, stop_second = asyncio.Event(), asyncio.Event()
        running_first = asyncio.create_task(zalo_beside(first, stop_first))
        await first.poller.leads.wait()
        running_second = asyncio.create_task(zalo_beside(second, stop_second))
        await second.poller.follows.wait()
        seen = await asyncio.to_thread(holders, postgres_url, zalo)
        await answered_by(zalo, chats[:3], 3)
        stop_first.set()  # the leader stops: it ends its long poll and gives the lead up
        await running_first
        await second.poller.leads.wait()
        seen += await asyncio.to_thread(holders, postgres_url, zalo)
        await answered_by(zalo, chats[3:], 4)
        stop_second.set()
        await running_second
        return seen

    assert asyncio.run(scenario()) == ["zalo:host-a:1", "zalo:host-b:2"]
    assert first_answers.answered == [("host-a:1", chat.id) for chat in chats[:3]]
    assert second_answers.answered == [("host-b:2", chats[3].id)]
    not_linked = words("bot.not_linked")
    assert [[call.text for call in zalo.sent(chat.id)] for chat in chats] == [[not_linked]] * 4
    assert zalo.pending_updates == []
    assert holders(postgres_url, zalo) == []
    assert first.poller.leading is None  # both stopped
    assert second.poller.leading is None


@pytest.mark.postgres
def test_when_the_leaders_session_dies_the_follower_takes_over(
    apps: tuple[App, App], zalo: ZaloBotServer, postgres_url: str
) -> None:
    """The leader's process dies: PostgreSQL ends its session and frees the lock without any
    unlock; the follower leads at its next attempt and answers."""
    (first, first_answers), (second, second_answers) = (
        instance(app, zalo, name) for app, name in zip(apps, ("host-a:1", "host-b:2"), strict=True)
    )
    before, after = zalo.add_chat("Trước"), zalo.add_chat("Sau")
    leadership = first.leadership
    assert isinstance(leadership, AdvisoryLeadership)

    async def scenario() -> list[str]:
        stop_first, stop_second = asyncio.Event(), asyncio.Event()
        running_first = asyncio.create_task(zalo_beside(first, stop_first))
        await first.poller.leads.wait()
        running_second = asyncio.create_task(zalo_beside(second, stop_second))
        await second.poller.follows.wait()
        await answered_by(zalo, [before], 1)
        async with await psycopg.AsyncConnection.connect(
            leadership.conninfo, autocommit=True
        ) as admin:
            await admin.execute(  # returns once the session has ended
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                " WHERE application_name = 'zalo:host-a:1' AND datname = current_database()"
            )
        stop_first.set()  # and the process is gone: it polls no more
        await second.poller.leads.wait()
        seen = await asyncio.to_thread(holders, postgres_url, zalo)
        await running_first
        await answered_by(zalo, [after], 2)
        stop_second.set()
        await running_second
        return seen

    assert asyncio.run(scenario()) == ["zalo:host-b:2"]
    assert first_answers.answered == [("host-a:1", before.id)]
    assert second_answers.answered == [("host-b:2", after.id)]
    assert [len(zalo.sent(chat.id)) for chat in (before, after)] == [1, 1]


@pytest.mark.postgres
def test_the_services_zalo_bot_leads_on_postgresql_under_its_own_lock(
    postgres_url: str, zalo: ZaloBotServer
) -> None:
    app = App(settings_for(postgres_url, zalo))
    try:
        built = zalo_beside_from(app, "host-a:1")
    finally:
        app.close()
    assert built is not None
    leadership = built.leadership
    assert isinstance(leadership, AdvisoryLeadership)
    assert leadership.holder == "zalo:host-a:1"
    bot_id = zalo.token.split(":", 1)[0]
    assert zalo_lock_name(zalo.token) == f"nhacviec.zalo.poller:{bot_id}"  # never the secret
    telegram = leadership_for(postgres_url, f"nhacviec.telegram.poller:{bot_id}", holder="x")
    assert isinstance(telegram, AdvisoryLeadership)
    assert leadership.key != telegram.key  # the Telegram bot's poller is another lock


def test_on_sqlite_the_one_service_polls(tmp_path: Path, zalo: ZaloBotServer) -> None:
    app = App(settings_for(f"sqlite:///{tmp_path / 'store.db'}", zalo))
    try:
        built = zalo_beside_from(app, "host-a:1")
    finally:
        app.close()
    assert built is not None
    assert isinstance(built.leadership, SoleLeadership)


# -- numbers across instances -------------------------------------------------------------------


@pytest.fixture
def worlds(postgres_url: str, zalo: ZaloBotServer) -> Iterator[tuple[ZaloWorld, ZaloWorld]]:
    now = datetime(2025, 7, 10, 8, 0, tzinfo=LOCAL_TZ)
    one, two = ZaloWorld(postgres_url, zalo, now), ZaloWorld(postgres_url, zalo, now)
    one.import_plan(require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx"))
    yield one, two
    one.close()
    two.close()


@pytest.mark.postgres
def test_a_number_offered_by_one_instance_is_answered_by_another(
    worlds: tuple[ZaloWorld, ZaloWorld], zalo: ZaloBotServer
) -> None:
    """A webhook behind a load balancer: "/viec" reaches one instance, "1" another (or the
    same service after a restart)."""
    one, two = worlds
    chat = zalo.add_chat("Phòng QLTM - công việc", group=True)
    unit = "Phòng Quản lý Thương mại"
    assert one.link(chat, unit) == [words("bot.start.linked", unit=unit)]
    listed = "\n".join(one.say(chat, "/viec"))
    first = words("bot_core.choice.view", number=1, tag="").strip()
    assert first in listed
    ref = listed.split(first, 1)[1].splitlines()[0].split(" · ")[0].strip()
    card = two.say(chat, "1")
    assert card
    assert card[0].startswith(f"{ref} — ")  # the card of the task the number stood for
    assert translate("bot_core.choice.unknown", "vi", number=1) not in card
    two.now = one.now = one.now.replace(day=11, hour=9)  # a day and an hour later: expired
    assert two.say(chat, "1") == []  # in a group, a number nobody offered is conversation
