"""The notifier port: how the dispatcher hands one message to one channel, and what it hears back.

A notifier renders the message itself (``notifiers.render.render``), so every channel shows the
same words; it never raises for a delivery problem but returns a ``Delivery`` saying whether the
channel took the message, may take it later (``TEMPORARY``: retried with backoff, honouring
``retry_after``) or never will (``PERMANENT``: dead letter, the office is told). Exceptions are
left for programming errors.

``key`` is the stable identity of one send (the outbox key): the same reminder re-sent after a
crash carries the same key, so a channel can make the re-send recognisable (email derives its
``Message-ID`` from it).

Console, file and memory notifiers accept any address and show ``Address.name`` (falling back to
the message's recipient name); channels with real addresses (email, Telegram) should answer an
address of another channel with a ``PERMANENT`` delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Protocol, runtime_checkable

from notifiers.message import Message


class DeliveryStatus(StrEnum):
    ACCEPTED = "accepted"  # the channel took it (mail server queued it, Telegram returned ok)
    TEMPORARY = "temporary"  # try again later (4xx, connection refused, 429)
    PERMANENT = "permanent"  # never will (5xx, chat not found, bot blocked)


@dataclass(frozen=True)
class Delivery:
    """The outcome of one send. ``detail`` is the channel's own words, for the delivery log."""

    status: DeliveryStatus
    detail: str = ""
    retry_after: timedelta | None = None  # the channel asked to wait this long (Telegram 429)
    provider_id: str = ""  # the channel's id for what it accepted (Message-ID, message_id)

    @classmethod
    def accepted(cls, provider_id: str = "", detail: str = "") -> Delivery:
        return cls(DeliveryStatus.ACCEPTED, detail, provider_id=provider_id)

    @classmethod
    def temporary(cls, detail: str, retry_after: timedelta | None = None) -> Delivery:
        return cls(DeliveryStatus.TEMPORARY, detail, retry_after=retry_after)

    @classmethod
    def permanent(cls, detail: str) -> Delivery:
        return cls(DeliveryStatus.PERMANENT, detail)

    @property
    def ok(self) -> bool:
        return self.status is DeliveryStatus.ACCEPTED


@dataclass(frozen=True)
class Address:
    """Where one recipient is reached on one channel.

    ``channel``: "console" | "file" | "email" | "telegram" | "zalo" | "memory"; ``value``: the
    mailbox, chat id or a pseudo address ("unit:7"); ``name``: the display name ("Phòng Văn
    hóa - Xã hội").
    """

    channel: str
    value: str
    name: str = ""


@runtime_checkable
class Notifier(Protocol):
    """One delivery channel. Implementations: console, file, memory (here); email, telegram."""

    channel: str

    async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
        """Deliver ``message`` to ``address``; ``key`` identifies this send across retries."""
        ...

    async def aclose(self) -> None:
        """Release connections; the notifier is not used afterwards."""
        ...
