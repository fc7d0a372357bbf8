"""``nhacviec check-channels``: send a test message to a unit's contacts and say what happened.

Each contact (the unit's own addresses and its head's) gets one probe message through the real
notifier of its channel; the outcome is the notifier's own ``Delivery``, whose detail already
names what failed (DNS, TLS certificate, login, chat not found, bot blocked …). A channel that
is not configured (no SMTP host, no bot token) is reported for each of its contacts instead of
stopping the check. Every attempt is written to the delivery log, like a reminder's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from nhacviec.errors import ConfigError, InputError
from nhacviec.store import outbox
from nhacviec.store import units as stored_units
from nhacviec.store.models import Delivery as DeliveryRow
from nhacviec.store.models import Unit
from notifiers.base import Address, Delivery, DeliveryStatus, Notifier
from notifiers.message import Message, RecipientRole
from workflows.standing import LOCAL_TZ

REAL_CHANNELS = ("email", "telegram", "zalo")


@dataclass(frozen=True)
class Target:
    """One contact to probe: where, and whom it reaches."""

    address: Address
    role: RecipientRole  # LEAD: the unit's own contact; HEAD: its head's
    unit_id: int | None = None
    unit_name: str = ""


@dataclass(frozen=True)
class ProbeResult:
    target: Target
    delivery: Delivery

    @property
    def ok(self) -> bool:
        return self.delivery.ok


NotifierFactory = Callable[[str], Notifier]  # raises ConfigError for an unconfigured channel


def unit_targets(session: Session, unit: Unit, channels: Sequence[str]) -> list[Target]:
    """The unit's and its head's contacts on ``channels``, unit first."""
    assert unit.id is not None
    contacts = stored_units.contacts_of(session, [unit.id])[unit.id]
    wanted = [contact for contact in contacts if contact.channel in channels]
    wanted.sort(key=lambda c: (c.for_head, channels.index(c.channel), c.id is None, c.id or 0))
    return [
        Target(
            Address(contact.channel, contact.address, contact.label),
            RecipientRole.HEAD if contact.for_head else RecipientRole.LEAD,
            unit.id,
            unit.name,
        )
        for contact in wanted
    ]


def parse_target(text: str) -> Target:
    """``email:it@so.gov.vn``, ``telegram:-1001234`` or ``zalo:<chat id>`` (``--to``): a contact
    outside any unit."""
    channel, _, value = text.partition(":")
    channel = channel.strip().lower()
    if channel not in REAL_CHANNELS or not value.strip():
        raise InputError("channels.bad_target", target=text)
    return Target(Address(channel, value.strip()), RecipientRole.LEAD)


async def probe(
    targets: Sequence[Target],
    notifier_for: NotifierFactory,
    *,
    now: datetime,
    language: str,
    explain: Callable[[ConfigError], str],
) -> list[ProbeResult]:
    """Send one probe message to each target, in order, through its channel's notifier;
    ``explain`` words an unconfigured channel's error (the face renders it)."""
    built: dict[str, Notifier | ConfigError] = {}
    results = []
    try:
        for number, target in enumerate(targets, start=1):
            channel = target.address.channel
            if channel not in built:
                built[channel] = _build(notifier_for, channel)
            notifier = built[channel]
            if isinstance(notifier, ConfigError):
                delivery = Delivery.permanent(explain(notifier))
            else:
                message = probe_message(target, now, language)
                key = f"check:{int(now.timestamp())}:{number}"
                delivery = await notifier.send(target.address, message, key=key)
            results.append(ProbeResult(target, delivery))
    finally:
        for notifier in built.values():
            if not isinstance(notifier, ConfigError):
                await notifier.aclose()
    return results


def probe_message(target: Target, now: datetime, language: str) -> Message:
    name = target.address.name or target.unit_name or target.address.value
    return Message(
        recipient_unit=target.unit_id or 0,
        recipient_name=name,
        role=target.role,
        day=now.astimezone(LOCAL_TZ).date(),
        language=language,
        probe=True,
    )


def record(session: Session, results: Sequence[ProbeResult], now: datetime) -> None:
    """The attempts in the delivery log (no reminders carried)."""
    for number, result in enumerate(results, start=1):
        outbox.record_delivery(
            session,
            DeliveryRow(
                at=now,
                channel=result.target.address.channel,
                address=result.target.address.value,
                recipient_unit_id=result.target.unit_id,
                message_key=f"check:{int(now.timestamp())}:{number}",
                reminders=0,
                outcome=result.delivery.status.value,
                detail=result.delivery.detail,
            ),
        )


def failed(results: Sequence[ProbeResult]) -> int:
    return sum(1 for result in results if result.delivery.status is not DeliveryStatus.ACCEPTED)


def _build(notifier_for: NotifierFactory, channel: str) -> Notifier | ConfigError:
    try:
        return notifier_for(channel)
    except ConfigError as error:
        return error
