"""Figures only the running service knows, measured inside ``nhacviec run``: how long each
send to a channel took (by channel and outcome) and how long each scheduler pass took (by
outcome). ``/metrics`` of the web (or of ``ops.port``) beside that service adds them to the
store's figures; a ``nhacviec web`` of its own has none (it sends nothing).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Histogram, generate_latest

from notifiers.base import Address, Delivery, Notifier
from notifiers.message import Message

# An SMTP session's greeting is some tens of milliseconds on a LAN; a Telegram flood wait or a
# slow server, seconds; the time-out, 30 s.
SEND_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
# A quiet pass is milliseconds; a catch-up of thousands of reminders, minutes.
PASS_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
ERROR = "error"  # a send that raised (the dispatcher logs it and retries)


class ProcessMetrics:
    """The service's own histograms, in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.send_seconds = Histogram(
            "nhacviec_send_seconds",
            "How long a channel took to accept or refuse one message, by channel and outcome.",
            ["channel", "outcome"],
            buckets=SEND_BUCKETS,
            registry=self.registry,
        )
        self.pass_seconds = Histogram(
            "nhacviec_pass_seconds",
            "How long a scheduler pass (planning, then dispatch) took, by outcome.",
            ["outcome"],
            buckets=PASS_BUCKETS,
            registry=self.registry,
        )

    def pass_done(self, ok: bool, seconds: float) -> None:
        self.pass_seconds.labels("ok" if ok else "failed").observe(seconds)

    def timed(self, notifiers: Mapping[str, Notifier]) -> dict[str, Notifier]:
        """The same channels, each send measured."""
        return {name: TimedNotifier(notifier, self) for name, notifier in notifiers.items()}

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class TimedNotifier:
    """A channel whose sends are measured (wall time, from the call to the outcome)."""

    def __init__(self, inner: Notifier, metrics: ProcessMetrics) -> None:
        self.inner, self.metrics = inner, metrics
        self.channel = inner.channel

    async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
        started = time.perf_counter()
        outcome = ERROR
        try:
            delivery = await self.inner.send(address, message, key=key)
            outcome = delivery.status.value
            return delivery
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.send_seconds.labels(self.channel, outcome).observe(elapsed)

    async def aclose(self) -> None:
        await self.inner.aclose()
