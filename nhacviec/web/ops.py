"""The operator's endpoints, no login needed (the server listens on loopback by default; the
README shows how to keep ``/metrics`` to the monitoring host behind the proxy):

* ``/healthz``: the process answers (no database);
* ``/readyz``: the database answers and its schema is the code's, else 503 with the reason;
  beside it, how many services are alive and which one polls the bot (for the operator: a
  web server is ready whether or not a service runs);
* ``/metrics``: Prometheus text. The figures are read from the store at scrape time (the outbox
  by status and channel, the delivery log's counts, the services' heartbeats), so every instance
  reports the same, whichever process serves the web, and a restart loses no count. Beside
  them, the web (or ``ops.port``) of ``nhacviec run`` adds what only that service measures:
  the send latency and pass duration histograms (``nhacviec.web.process_metrics``).

``create_ops_api`` serves these three alone: ``nhacviec run`` on ``ops.port`` when its web is
off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Protocol

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from nhacviec.errors import StoreError
from nhacviec.i18n import Language, translate
from nhacviec.i18n.errors import render_error
from nhacviec.services.operations import Instance, Schema, StatusReport
from nhacviec.web.errors import language_of
from nhacviec.web.process_metrics import ProcessMetrics

router = APIRouter(include_in_schema=False)
Clock = Callable[[], datetime]
ACCEPTED = "accepted"


class Operations(Protocol):
    """What the endpoints read (``nhacviec.app.App`` is one)."""

    def schema(self) -> Schema: ...

    def status(self, now: datetime) -> StatusReport: ...

    def services(self, now: datetime) -> list[Instance]: ...


def _operations(request: Request) -> Operations:
    operations: Operations = request.app.state.workspace
    return operations


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "alive"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    default: Language = request.app.state.language
    lang = language_of(request, default)
    try:
        schema = _operations(request).schema()
    except StoreError as exc:
        return _not_ready("database_unreachable", render_error(exc, lang))
    if not schema.current:
        sentence = translate(
            "ops.readyz.schema", lang, stored=schema.stored or "-", code=schema.code
        )
        return _not_ready("schema_not_current", sentence, stored=schema.stored, code=schema.code)
    clock: Clock = request.app.state.clock
    try:
        services = _operations(request).services(clock())
    except StoreError as exc:
        return _not_ready("database_unreachable", render_error(exc, lang))
    poller = next((one.owner for one in services if one.polls_bot), None)
    alive = sum(one.alive for one in services)
    body = {"ready": True, "schema": schema.stored, "services_alive": alive, "bot_poller": poller}
    return JSONResponse(body)


def _not_ready(reason: str, message: str, **facts: str | None) -> JSONResponse:
    return JSONResponse({"ready": False, "reason": reason, "message": message, **facts}, 503)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    clock: Clock = request.app.state.clock
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(_operations(request), clock))
    body = generate_latest(registry)
    measured: ProcessMetrics | None = getattr(request.app.state, "process_metrics", None)
    if measured is not None:
        body += measured.exposition()
    return Response(body, media_type=CONTENT_TYPE_LATEST)


def create_ops_api(
    operations: Operations,
    *,
    clock: Clock,
    language: Language,
    process_metrics: ProcessMetrics | None = None,
) -> FastAPI:
    """``/healthz``, ``/readyz`` and ``/metrics`` alone (no console, no API, no login)."""
    api = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    api.state.workspace, api.state.clock, api.state.language = operations, clock, language
    api.state.process_metrics = process_metrics
    api.include_router(router)
    return api


class StoreCollector(Collector):
    """The figures of one ``App.status`` read, as Prometheus metrics."""

    def __init__(self, operations: Operations, clock: Clock) -> None:
        self.operations, self.clock = operations, clock

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("nhacviec_database_up", "1 if the database answered the scrape.")
        current = GaugeMetricFamily(
            "nhacviec_schema_current", "1 if the database's schema is the code's newest."
        )
        now = self.clock()
        try:
            report = self.operations.status(now)
        except StoreError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        current.add_metric([], 1 if report.schema.current else 0)
        yield from (up, current)
        if report.schema.current:
            yield from _outbox_metrics(report, now)
            yield from _delivery_metrics(report)
            yield from _instance_metrics(report)
            yield _import_metrics(report)


def _outbox_metrics(report: StatusReport, now: datetime) -> Iterator[Metric]:
    backlog = GaugeMetricFamily(
        "nhacviec_outbox_reminders",
        "Reminders in the outbox by status and channel.",
        labels=["status", "channel"],
    )
    for (status, channel), count in sorted(report.backlog.items()):
        backlog.add_metric([status, channel], count)
    oldest = GaugeMetricFamily(
        "nhacviec_outbox_oldest_due_seconds",
        "How long the oldest due reminder still waiting has been due (0: none waits).",
    )
    waited = (now - report.oldest_due_at).total_seconds() if report.oldest_due_at else 0.0
    oldest.add_metric([], max(waited, 0.0))
    yield from (backlog, oldest)
    for status, what in (("sent", "Reminders sent"), ("dead", "Reminders given up for good")):
        counter = CounterMetricFamily(
            f"nhacviec_reminders_{status}", f"{what}, by channel.", labels=["channel"]
        )
        for (state, channel), count in sorted(report.backlog.items()):
            if state == status:
                counter.add_metric([channel], count)
        yield counter


def _delivery_metrics(report: StatusReport) -> Iterator[Metric]:
    attempts = CounterMetricFamily(
        "nhacviec_delivery_attempts",
        "Delivery attempts in the delivery log by channel and outcome.",
        labels=["channel", "outcome"],
    )
    failed = CounterMetricFamily(
        "nhacviec_deliveries_failed",
        "Delivery attempts that failed, by channel.",
        labels=["channel"],
    )
    failures: dict[str, int] = {}
    for (channel, outcome), count in sorted(report.attempts.items()):
        attempts.add_metric([channel, outcome], count)
        if outcome != ACCEPTED:
            failures[channel] = failures.get(channel, 0) + count
    for channel, count in failures.items():
        failed.add_metric([channel], count)
    last = GaugeMetricFamily(
        "nhacviec_last_delivery_timestamp_seconds",
        "When each channel last accepted a message (Unix time).",
        labels=["channel"],
    )
    for channel, at in sorted(report.last_accepted.items()):
        last.add_metric([channel], at.timestamp())
    yield from (attempts, failed, last)


def _instance_metrics(report: StatusReport) -> Iterator[Metric]:
    running = GaugeMetricFamily(
        "nhacviec_instances", "Services by whether they reported in lately.", labels=["state"]
    )
    alive = [one for one in report.instances if one.alive]
    running.add_metric(["alive"], len(alive))
    running.add_metric(["silent"], len(report.instances) - len(alive))
    leader = GaugeMetricFamily(
        "nhacviec_leader",
        "1 for the service polling the Telegram bot, 0 for the others alive.",
        labels=["instance"],
    )
    for one in report.instances:
        if one.alive or one.polls_bot:
            leader.add_metric([one.owner], 1 if one.polls_bot else 0)
    yield from (running, leader)


def _import_metrics(report: StatusReport) -> Metric:
    imports = CounterMetricFamily(
        "nhacviec_plan_imports",
        "Plan files stored, by result: imported (a new plan), amended (a plan's new version).",
        labels=["result"],
    )
    for result, count in sorted(report.imports.items()):
        imports.add_metric([result], count)
    return imports
