"""The Zalo channel in ``App.status`` (``nhacviec status``): configured or not, its bot's mode,
the service receiving its messages (the PostgreSQL lock holder ``zalo:<owner>``, never taken
for the Telegram bot's poller; on SQLite the live polling service), its last poll, the last
message Zalo accepted, and the Zalo chats linked now. SQLite and PostgreSQL."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

import psycopg
import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

from config.settings import Settings, ZaloSettings
from nhacviec.app import App
from nhacviec.services.operations import InstanceRecord, ZaloChannel
from nhacviec.store import instances
from nhacviec.store.leader import lock_key
from nhacviec.store.models import ChatLink, Delivery, Unit
from nhacviec.zalo.runner import zalo_holder, zalo_lock_name
from tests import ops_seed
from tests.ops_seed import NOW

TOKEN = "1459232241454765289:zaloStatusSecretForTests_0123456789"


def _app(url: str, **zalo: object) -> App:
    settings = Settings(database_url=url, zalo=ZaloSettings.model_validate(zalo))
    return App(settings, clock=lambda: NOW)


def at(instant: datetime) -> datetime:
    return instant


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _seed_chats_and_a_delivery(engine: Engine) -> None:
    with Session(engine) as session:
        unit = Unit(key="thu/qltm", name="Phòng QLTM", created_at=NOW)
        session.add(unit)
        session.flush()
        assert unit.id is not None

        def link(channel: str, chat: str, revoked: bool = False) -> ChatLink:
            return ChatLink(
                channel=channel,
                chat_id=chat,
                unit_id=unit.id or 0,
                linked_at=NOW - timedelta(days=3),
                revoked_at=NOW - timedelta(days=1) if revoked else None,
            )

        session.add_all(
            [
                link("zalo", "z1"),
                link("zalo", "z2"),
                link("zalo", "z3", revoked=True),
                link("telegram", "-1001"),
            ]
        )
        session.add(
            Delivery(
                at=NOW - timedelta(minutes=7),
                channel="zalo",
                address="zalo:z1",
                recipient_unit_id=unit.id,
                message_key="m",
                reminders=1,
                outcome="accepted",
            )
        )
        session.commit()


def test_a_configured_polling_zalo_bot_is_reported(engine: Engine) -> None:
    _seed_chats_and_a_delivery(engine)
    app = _app(_url(engine), token=SecretStr(TOKEN))
    record = InstanceRecord(app.transaction, "host-a:7", lambda: NOW, "off", "polling")
    record.zalo_polled = lambda: NOW - timedelta(seconds=20)
    record.started()
    record.beat()
    report = app.status(NOW)
    app.close()
    assert report.zalo == ZaloChannel(configured=True, mode="polling", linked_chats=2)
    (seen,) = report.instances
    assert (seen.zalo, seen.zalo_polled_at, seen.polls_bot) == (
        "polling",
        NOW - timedelta(seconds=20),
        False,  # the Telegram bot is off there
    )
    if engine.dialect.name == "sqlite":  # on SQLite the live polling service polls
        assert report.zalo_poller == seen
    else:  # on PostgreSQL only the lock's holder does: none holds it in this test
        assert report.zalo_poller is None
    assert report.zalo_polled_at == NOW - timedelta(seconds=20)
    assert report.last_accepted["zalo"] == NOW - timedelta(minutes=7)


def test_without_a_token_zalo_is_not_configured_and_the_bot_off_is_said(engine: Engine) -> None:
    _seed_chats_and_a_delivery(engine)
    unconfigured, bot_off = (
        _app(_url(engine)),
        _app(_url(engine), token=SecretStr(TOKEN), bot=False),
    )
    try:
        assert unconfigured.status(NOW).zalo == ZaloChannel(False, "off", 2)
        assert bot_off.status(NOW).zalo == ZaloChannel(True, "off", 2)
        webhook = _app(_url(engine), token=SecretStr(TOKEN), mode="webhook")
        assert webhook.status(NOW).zalo == ZaloChannel(True, "webhook", 2)
        webhook.close()
    finally:
        unconfigured.close()
        bot_off.close()


def test_in_webhook_mode_every_live_service_receives(engine: Engine) -> None:
    app = _app(_url(engine), token=SecretStr(TOKEN), mode="webhook")
    for owner, heard in (("web-1:1", NOW), ("web-2:2", NOW), ("gone:3", NOW - timedelta(hours=1))):
        InstanceRecord(
            app.transaction, owner, functools.partial(at, heard), "off", "webhook"
        ).started()
    report = app.status(NOW)
    app.close()
    assert sorted(one.owner for one in report.zalo_receivers) == ["web-1:1", "web-2:2"]
    assert report.zalo_poller is None


@pytest.mark.postgres
def test_on_postgresql_the_zalo_poller_holds_the_zalo_lock(postgres_url: str) -> None:
    app = _app(postgres_url, token=SecretStr(TOKEN))
    with app.transaction() as session:
        for owner in ("node-a:1", "node-b:2"):
            row = ops_seed.instance(owner, NOW)
            row.zalo = "polling"
            instances.register(session, row)
    conninfo = make_url(postgres_url).set(drivername="postgresql").render_as_string(False)
    with (
        psycopg.connect(conninfo, autocommit=True, application_name=zalo_holder("node-b:2")) as z,
        psycopg.connect(conninfo, autocommit=True, application_name="node-a:1") as telegram,
    ):
        z.execute("SELECT pg_try_advisory_lock(%s)", (lock_key(zalo_lock_name(TOKEN)),))
        telegram.execute(
            "SELECT pg_try_advisory_lock(%s)", (lock_key("nhacviec.telegram.poller:1"),)
        )
        report = app.status(NOW)
    app.close()
    assert {one.owner: (one.polls_bot, one.polls_zalo) for one in report.instances} == {
        "node-a:1": (True, False),
        "node-b:2": (False, True),
    }
    assert report.zalo_poller is not None
    assert report.zalo_poller.owner == "node-b:2"
