"""The in-memory notifier: a real fake that records every attempt, for tests and the demo.

It renders each message like any channel (so templates are exercised) and can be told to fail:
``notifier.fail(DeliveryStatus.TEMPORARY, times=2)`` makes the next two sends fail, optionally
only for one address value.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from notifiers.base import Address, Delivery, DeliveryStatus
from notifiers.message import Message
from notifiers.render import Rendered, render


@dataclass(frozen=True)
class Attempt:
    """One call to ``send`` and what it answered."""

    address: Address
    message: Message
    key: str
    rendered: Rendered
    delivery: Delivery


@dataclass
class _Failure:
    delivery: Delivery
    remaining: int
    value: str | None  # only for this address value; None: any


class MemoryNotifier:
    """Keeps what it was asked to send; ``sent`` holds the accepted ones, in order."""

    def __init__(self, channel: str = "memory", *, language: str | None = None) -> None:
        self.channel = channel  # "memory", or the channel it stands in for ("email")
        self.language = language  # None: each message's own language
        self.attempts: list[Attempt] = []
        self.closed = False
        self._failures: list[_Failure] = []

    def fail(
        self,
        status: DeliveryStatus,
        *,
        times: int = 1,
        detail: str = "",
        retry_after: timedelta | None = None,
        address: str | None = None,
    ) -> None:
        """Answer the next ``times`` sends (to ``address`` only, if given) with a failure."""
        if status is DeliveryStatus.ACCEPTED:
            raise ValueError("fail() takes a failure status: TEMPORARY or PERMANENT")
        if times < 1:
            raise ValueError("times must be at least 1")
        delivery = Delivery(status, detail or f"injected {status.value} failure", retry_after)
        self._failures.append(_Failure(delivery, times, address))

    async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
        if self.closed:
            raise RuntimeError("send() after aclose()")
        rendered = render(message, language=self.language)
        delivery = self._injected(address) or Delivery.accepted(provider_id=f"memory-{key}")
        self.attempts.append(Attempt(address, message, key, rendered, delivery))
        return delivery

    async def aclose(self) -> None:
        self.closed = True

    @property
    def sent(self) -> list[Attempt]:
        return [attempt for attempt in self.attempts if attempt.delivery.ok]

    def sent_to(self, value: str) -> list[Attempt]:
        return [attempt for attempt in self.sent if attempt.address.value == value]

    def duplicates(self) -> dict[str, int]:
        """Keys accepted more than once (a reminder delivered twice), with their counts."""
        counts = Counter(attempt.key for attempt in self.sent)
        return {key: count for key, count in counts.items() if count > 1}

    def clear(self) -> None:
        self.attempts.clear()
        self._failures.clear()

    def _injected(self, address: Address) -> Delivery | None:
        for failure in self._failures:
            if failure.value is None or failure.value == address.value:
                failure.remaining -= 1
                if failure.remaining == 0:
                    self._failures.remove(failure)
                return failure.delivery
        return None
