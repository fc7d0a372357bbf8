"""``/healthz``, ``/readyz`` and ``/metrics``: no login, the database's state, and Prometheus
text (parsed with ``prometheus_client.parser``) read from a seeded store at scrape time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine
from sqlmodel import Session

from config.settings import Settings
from nhacviec.app import App
from nhacviec.i18n import Language
from nhacviec.store import instances
from nhacviec.store.database import head_revision
from nhacviec.web.server import create_api
from tests import ops_seed
from tests.ops_seed import NOW

UNREACHABLE = "postgresql+psycopg://nhacviec:very-secret-pw@127.0.0.1:9/nhacviec"


def _client(url: str) -> Iterator[TestClient]:
    app = App(Settings(database_url=url), clock=lambda: NOW)
    api = create_api(app, clock=lambda: NOW, language=Language.EN, max_upload_mb=5)
    with TestClient(api) as client:
        yield client
    app.close()


@pytest.fixture
def seeded(engine: Engine) -> Iterator[TestClient]:
    ops_seed.seed(engine)
    with Session(engine) as session:
        instances.register(session, ops_seed.instance("node-a:11", NOW - timedelta(seconds=20)))
        instances.register(session, ops_seed.instance("node-b:12", NOW - timedelta(hours=1)))
        session.commit()
    yield from _client(engine.url.render_as_string(hide_password=False))


def test_healthz_answers_without_a_database() -> None:
    for client in _client(UNREACHABLE):
        answer = client.get("/healthz")
        assert (answer.status_code, answer.json()) == (200, {"status": "alive"})


def test_readyz_is_ready_on_a_current_schema_and_names_the_services(
    seeded: TestClient, engine: Engine
) -> None:
    answer = seeded.get("/readyz")
    poller = "node-a:11" if engine.dialect.name == "sqlite" else None  # no lock held here
    assert (answer.status_code, answer.json()) == (
        200,
        {"ready": True, "schema": head_revision(), "services_alive": 1, "bot_poller": poller},
    )


def test_readyz_refuses_a_schema_behind_the_code_with_its_reason(empty_database_url: str) -> None:
    for client in _client(empty_database_url):
        answer = client.get("/readyz")
        assert answer.status_code == 503
        body = answer.json()
        assert (body["reason"], body["stored"], body["code"]) == (
            "schema_not_current",
            None,
            head_revision(),
        )
        assert "nhacviec db upgrade" in body["message"]
        assert client.get("/readyz").status_code == 503  # asking migrated nothing


def test_readyz_refuses_an_unreachable_database_without_its_password() -> None:
    for client in _client(UNREACHABLE):
        answer = client.get("/readyz", headers={"Accept-Language": "vi"})
        assert answer.status_code == 503
        assert answer.json()["reason"] == "database_unreachable"
        assert "very-secret-pw" not in answer.text
        metrics = _metrics(client.get("/metrics").text)
        assert metrics[("nhacviec_database_up", ())] == 0


def _metrics(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_read_the_outbox_the_deliveries_and_the_services(
    seeded: TestClient, engine: Engine
) -> None:
    answer = seeded.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    seen = _metrics(answer.text)
    assert seen[("nhacviec_database_up", ())] == 1
    assert seen[("nhacviec_schema_current", ())] == 1
    for (status, channel), count in ops_seed.BACKLOG.items():
        labels = (("channel", channel), ("status", status))
        assert seen[("nhacviec_outbox_reminders", labels)] == count
    assert seen[("nhacviec_reminders_sent_total", (("channel", "email"),))] == 5
    assert seen[("nhacviec_reminders_dead_total", (("channel", "email"),))] == 1
    assert seen[("nhacviec_deliveries_failed_total", (("channel", "telegram"),))] == 1
    attempts = (("channel", "email"), ("outcome", "accepted"))
    assert seen[("nhacviec_delivery_attempts_total", attempts)] == 2
    assert seen[("nhacviec_outbox_oldest_due_seconds", ())] == 2 * 3600
    last = seen[("nhacviec_last_delivery_timestamp_seconds", (("channel", "telegram"),))]
    assert last == ops_seed.LAST_TELEGRAM.timestamp()
    assert seen[("nhacviec_instances", (("state", "alive"),))] == 1
    assert seen[("nhacviec_instances", (("state", "silent"),))] == 1
    # On SQLite the live polling service leads; on PostgreSQL no session holds the lock here.
    leading = seen[("nhacviec_leader", (("instance", "node-a:11"),))]
    assert leading == (1 if engine.dialect.name == "sqlite" else 0)
