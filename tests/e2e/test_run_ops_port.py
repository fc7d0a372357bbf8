"""``nhacviec run`` with its web off: its operator's endpoints on ``ops.port``; ``/metrics``
after real passes that sent mail to the loopback SMTP server (parsed with
``prometheus_client.parser``), and the service's JSON log lines, each about a message naming
its pass and its outbox key."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx2
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import CliRunner
from tests.e2e.services import Outbox, Services, nhacviec, run_environment, wait_for
from tests.shared_paths import require_shared
from tests.smtp_server import SmtpServer

REPO = Path(__file__).resolve().parents[2]
START_S = 60  # a busy machine starts a service slowly
IMPORTED_AT = "2025-07-04T05:00+07:00"
PLANNED_AT = "2025-07-04T06:00+07:00"  # quiet hours: planned, nothing sent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def get(port: int, path: str) -> httpx2.Response | None:
    try:
        return httpx2.get(f"http://127.0.0.1:{port}{path}", timeout=10)
    except httpx2.TransportError:
        return None


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text by (name, sorted labels)."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_run_serves_healthz_readyz_and_metrics_on_the_ops_port_with_its_own_histograms(
    services: Services, smtp: SmtpServer, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    env = run_environment(tmp_path / "home", url, tmp_path / "unused.txt", every_s=1)
    port = free_port()
    env |= smtp.environment() | {
        "NHACVIEC_NOTIFY_CHANNELS": "email",
        "NHACVIEC_OPS_PORT": str(port),
        "NHACVIEC_SMTP_TIMEOUT_S": "10",
    }
    plan = require_shared("fixtures", "plans", "xa-ba-long-2025h2.docx")
    units = REPO / "config" / "units" / "xa-ba-long.yaml"
    nhacviec(env, "--now", IMPORTED_AT, "plan", "import", plan, "--units", units)
    nhacviec(env, "--now", PLANNED_AT, "tick")
    outbox = Outbox(url)
    try:
        assert outbox.pending_due() > 0  # the whole half-year is due on the real clock
        before = len(outbox.accepted())  # the tick sent the new plan's notices (no quiet hours)
        service = services.start("service", env)
        wait_for(service.started, within=START_S, what="the service to start")
        wait_for(lambda: outbox.pending_due() == 0, within=120, what="the backlog to go out")
        wait_for(lambda: '"scheduler pass"' in service.log(), within=30, what="a pass logged")
        health = wait_for(lambda: get(port, "/healthz"), within=START_S, what="/healthz")
        assert health is not None
        ready = get(port, "/readyz")
        scraped = get(port, "/metrics")
        console = get(port, "/api/v1/tasks")  # the port answers, but only the ops paths
        assert console is not None
        assert console.status_code == 404
        code, _ = service.terminate(timeout=30)
        accepted = outbox.accepted()[before:]
        sent_rows = sum(1 for row in outbox.rows() if row.status == "sent")
    finally:
        outbox.close()

    assert code == 0, service.log()
    assert health.json() == {"status": "alive"}
    assert ready is not None
    assert ready.status_code == 200
    assert ready.json()["ready"] is True
    assert ready.json()["services_alive"] == 1
    assert scraped is not None
    assert scraped.status_code == 200
    found = samples(scraped.text)
    email = (("channel", "email"), ("outcome", "accepted"))
    # every send the service made is in its latency histogram, as the delivery log has it
    assert accepted
    assert len(smtp.received) == before + len(accepted)
    assert found[("nhacviec_send_seconds_count", email)] == len(accepted)
    assert found[
        (
            "nhacviec_send_seconds_bucket",
            (("channel", "email"), ("le", "+Inf"), ("outcome", "accepted")),
        )
    ] == len(accepted)
    assert found[("nhacviec_send_seconds_sum", email)] > 0
    assert found[("nhacviec_pass_seconds_count", (("outcome", "ok"),))] >= 1
    assert ("nhacviec_pass_seconds_count", (("outcome", "failed"),)) not in found
    assert found[("nhacviec_reminders_sent_total", (("channel", "email"),))] == sent_rows
    assert found[("nhacviec_delivery_attempts_total", email)] == before + len(accepted)
    assert found[("nhacviec_plan_imports_total", (("result", "imported"),))] == 1
    assert found[("nhacviec_plan_imports_total", (("result", "amended"),))] == 0
    assert found[("nhacviec_instances", (("state", "alive"),))] == 1

    # The log: JSON lines; every line about a message names its pass and its outbox key.
    lines = [json.loads(line) for line in service.log().splitlines() if line.strip()]
    deliveries = [line for line in lines if line["event"] == "delivery"]
    assert sorted(line["outbox_key"] for line in deliveries) == sorted(
        d.message_key for d in accepted
    )
    assert all(line["pass_id"] for line in deliveries)
    passes = {line["pass_id"] for line in lines if line["event"] == "scheduler pass"}
    assert {line["pass_id"] for line in deliveries} <= passes


def test_a_taken_ops_port_is_a_sentence_before_the_service_starts(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
        monkeypatch.setenv("NHACVIEC_WEB_ENABLED", "false")
        monkeypatch.setenv("NHACVIEC_OPS_PORT", str(port))
        run = cli("run")
    assert run.code == 2
    assert "ops.port" in run.err
    assert str(port) in run.err
