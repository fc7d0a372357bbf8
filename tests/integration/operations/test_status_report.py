"""``App.status``: the report an operator reads, on SQLite and PostgreSQL, from a seeded store."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

from config.settings import Settings
from nhacviec.app import App
from nhacviec.services.operations import InstanceRecord
from nhacviec.store import instances
from nhacviec.store.database import head_revision
from nhacviec.store.leader import lock_key
from tests import ops_seed
from tests.ops_seed import NOW


def _app(url: str) -> App:
    return App(Settings(database_url=url), clock=lambda: NOW)


def test_the_report_counts_the_outbox_and_the_deliveries(engine: Engine) -> None:
    ops_seed.seed(engine)
    app = _app(engine.url.render_as_string(hide_password=False))
    report = app.status(NOW)
    app.close()
    assert report.schema.current
    assert report.schema.stored == head_revision()
    assert report.backlog == ops_seed.BACKLOG
    assert report.by_status() == {"cancelled": 2, "dead": 1, "pending": 5, "sent": 9}
    assert report.oldest_due_at == ops_seed.OLDEST_DUE
    assert report.dead_by_channel() == {"email": 1}
    assert report.last_accepted == {
        "email": ops_seed.LAST_EMAIL,
        "telegram": ops_seed.LAST_TELEGRAM,
    }
    assert report.attempts[("email", "accepted")] == 2
    assert report.attempts[("telegram", "permanent")] == 1


def test_a_service_silent_for_three_passes_is_not_alive(engine: Engine) -> None:
    with Session(engine) as session:
        instances.register(session, ops_seed.instance("web-1:10", NOW - timedelta(seconds=30)))
        instances.register(session, ops_seed.instance("web-2:20", NOW - timedelta(minutes=5)))
        session.commit()
    app = _app(engine.url.render_as_string(hide_password=False))
    alive = {one.owner: one.alive for one in app.status(NOW).instances}
    app.close()
    assert alive == {"web-1:10": True, "web-2:20": False}


def test_a_service_records_its_start_passes_and_stop(engine: Engine) -> None:
    app = _app(engine.url.render_as_string(hide_password=False))
    record = InstanceRecord(app.transaction, "host-a:4242", lambda: NOW, "off")
    record.started()
    record.beat(passed=False)
    (seen,) = app.status(NOW).instances
    assert (seen.host, seen.pid, seen.last_pass_at, seen.last_pass_ok) == (
        "host-a",
        4242,
        NOW,
        False,
    )
    record.stopped()
    assert app.status(NOW).instances == []
    app.close()


def test_a_schema_behind_the_code_is_reported_not_migrated(empty_database_url: str) -> None:
    app = _app(empty_database_url)
    report = app.status(NOW)
    assert (report.schema.stored, report.schema.current) == (None, False)
    assert report.schema.stored is None  # still empty: the report migrated nothing
    assert app.schema().stored is None
    app.close()


@pytest.mark.postgres
def test_on_postgresql_the_poller_is_the_session_holding_the_lock(postgres_url: str) -> None:
    app = _app(postgres_url)
    with app.transaction() as session:
        instances.register(session, ops_seed.instance("node-a:1", NOW))
        instances.register(session, ops_seed.instance("node-b:2", NOW))
    conninfo = make_url(postgres_url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(conninfo, autocommit=True, application_name="node-b:2") as holder:
        holder.execute("SELECT pg_try_advisory_lock(%s)", (lock_key("nhacviec.telegram.poller:1"),))
        report = app.status(NOW)
    app.close()
    assert report.poller is not None
    assert report.poller.owner == "node-b:2"
    assert {one.owner: one.polls_bot for one in report.instances} == {
        "node-a:1": False,
        "node-b:2": True,
    }
