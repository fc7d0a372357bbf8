"""The in-memory notifier records every attempt and fails when told to."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from notifiers.base import Address, Delivery, DeliveryStatus, Notifier
from notifiers.memory import MemoryNotifier
from notifiers.message import Message
from notifiers.render import render
from tests.unit.notifiers import messages

ALICE = Address("email", "vhxh@quangtri.gov.vn", "Phòng Văn hóa - Xã hội")
BOB = Address("email", "kt@quangtri.gov.vn", "Phòng Kinh tế")


def send(
    notifier: MemoryNotifier, address: Address, key: str, message: Message | None = None
) -> Delivery:
    return asyncio.run(notifier.send(address, message or messages.digest(), key=key))


def test_records_what_it_sent_with_the_rendered_forms() -> None:
    notifier = MemoryNotifier("email")
    message = messages.digest()
    delivery = send(notifier, ALICE, "k1", message)
    assert delivery.ok
    assert delivery.provider_id == "memory-k1"
    [attempt] = notifier.sent
    assert (attempt.address, attempt.message, attempt.key) == (ALICE, message, "k1")
    assert attempt.rendered == render(message)
    assert notifier.sent_to(ALICE.value) == [attempt]
    assert notifier.sent_to(BOB.value) == []


def test_fails_the_next_n_sends_then_accepts() -> None:
    notifier = MemoryNotifier()
    notifier.fail(
        DeliveryStatus.TEMPORARY, times=2, detail="421 try later", retry_after=timedelta(seconds=30)
    )
    outcomes = [send(notifier, ALICE, "k1") for _ in range(3)]
    assert [d.status for d in outcomes] == [
        DeliveryStatus.TEMPORARY,
        DeliveryStatus.TEMPORARY,
        DeliveryStatus.ACCEPTED,
    ]
    assert outcomes[0].detail == "421 try later"
    assert outcomes[0].retry_after == timedelta(seconds=30)
    assert len(notifier.attempts) == 3
    assert [a.key for a in notifier.sent] == ["k1"]


def test_a_failure_for_one_address_leaves_the_others_alone() -> None:
    notifier = MemoryNotifier()
    notifier.fail(DeliveryStatus.PERMANENT, detail="bot was blocked by the user", address=BOB.value)
    assert send(notifier, ALICE, "a").ok
    blocked = send(notifier, BOB, "b")
    assert blocked.status is DeliveryStatus.PERMANENT
    assert blocked.detail == "bot was blocked by the user"
    assert send(notifier, BOB, "b").ok  # it was one failure


def test_failures_are_used_in_the_order_they_were_set() -> None:
    notifier = MemoryNotifier()
    notifier.fail(DeliveryStatus.TEMPORARY)
    notifier.fail(DeliveryStatus.PERMANENT)
    assert send(notifier, ALICE, "a").status is DeliveryStatus.TEMPORARY
    assert send(notifier, ALICE, "a").status is DeliveryStatus.PERMANENT
    assert send(notifier, ALICE, "a").ok


def test_duplicates_show_a_key_accepted_twice() -> None:
    notifier = MemoryNotifier()
    notifier.fail(DeliveryStatus.TEMPORARY)
    send(notifier, ALICE, "retried")  # failed, then accepted once: not a duplicate
    send(notifier, ALICE, "retried")
    send(notifier, ALICE, "twice")
    send(notifier, ALICE, "twice")
    assert notifier.duplicates() == {"twice": 2}


def test_refuses_nonsense_failures() -> None:
    notifier = MemoryNotifier()
    with pytest.raises(ValueError, match="failure status"):
        notifier.fail(DeliveryStatus.ACCEPTED)
    with pytest.raises(ValueError, match="at least 1"):
        notifier.fail(DeliveryStatus.TEMPORARY, times=0)


def test_closing_and_clearing() -> None:
    notifier = MemoryNotifier(language="en")
    assert isinstance(notifier, Notifier)
    send(notifier, ALICE, "a")
    assert notifier.sent[0].rendered.language == "en"
    notifier.fail(DeliveryStatus.TEMPORARY)
    notifier.clear()
    assert notifier.attempts == []
    assert send(notifier, ALICE, "b").ok  # the pending failure was cleared too
    asyncio.run(notifier.aclose())
    assert notifier.closed
    with pytest.raises(RuntimeError):
        send(notifier, ALICE, "c")
