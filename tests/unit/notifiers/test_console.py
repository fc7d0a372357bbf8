"""The console notifier prints a clear block per message and reports what the stream did."""

from __future__ import annotations

import asyncio
import io

from notifiers.base import Address, DeliveryStatus, Notifier
from notifiers.console import ConsoleNotifier, format_block
from notifiers.render import render
from tests.unit.notifiers import messages
from tests.unit.notifiers.messages import VHXH

CONSOLE = Address("console", "unit:7", VHXH)


def test_prints_a_header_then_the_text_body() -> None:
    stream = io.StringIO()
    notifier = ConsoleNotifier(stream, width=60)
    message = messages.digest()
    delivery = asyncio.run(notifier.send(CONSOLE, message, key="o1:due:0:u7:lead"))
    assert delivery.status is DeliveryStatus.ACCEPTED
    assert delivery.provider_id == "o1:due:0:u7:lead"
    header, body = stream.getvalue().split("\n", 1)
    assert header.startswith(f"── Gửi: {VHXH} (console) ──")
    assert set(header[len(f"── Gửi: {VHXH} (console) ") :]) == {"─"}
    assert len(header) == 60
    assert body == render(message).text + "\n\n"


def test_blocks_follow_each_other() -> None:
    stream = io.StringIO()
    notifier = ConsoleNotifier(stream)
    asyncio.run(notifier.send(CONSOLE, messages.digest(), key="a"))
    asyncio.run(notifier.send(CONSOLE, messages.action(), key="b"))
    output = stream.getvalue()
    assert output.count(f"── Gửi: {VHXH} (console)") == 2
    assert output.index("NHẮC VIỆC —") < output.index("VIỆC CẦN LÀM NGAY —")


def test_english_header_and_the_notifier_language_wins() -> None:
    stream = io.StringIO()
    notifier = ConsoleNotifier(stream, language="en")
    asyncio.run(notifier.send(CONSOLE, messages.digest(), key="a"))
    assert stream.getvalue().startswith(f"── To: {VHXH} (console) ──")
    assert "REMINDERS — Friday, 29/08/2025" in stream.getvalue()


def test_the_name_falls_back_to_the_recipient_and_stays_on_one_line() -> None:
    message = messages.digest(name="Phòng\nKinh tế")
    rendered = render(message)
    block = format_block(
        Address("console", "unit:7"), message, rendered, channel="console", width=20
    )
    assert block.startswith("── Gửi: Phòng Kinh tế (console) ──\n")


def test_a_stream_that_cannot_take_vietnamese_is_a_permanent_failure() -> None:
    ascii_stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    delivery = asyncio.run(ConsoleNotifier(ascii_stream).send(CONSOLE, messages.digest(), key="a"))
    assert delivery.status is DeliveryStatus.PERMANENT
    assert "UnicodeEncodeError" in delivery.detail


def test_a_stream_that_refuses_writes_is_a_temporary_failure() -> None:
    read_only = io.TextIOWrapper(io.BufferedReader(io.BytesIO()), encoding="utf-8")
    delivery = asyncio.run(ConsoleNotifier(read_only).send(CONSOLE, messages.digest(), key="a"))
    assert delivery.status is DeliveryStatus.TEMPORARY
    assert "UnsupportedOperation" in delivery.detail


def test_it_is_a_notifier() -> None:
    notifier = ConsoleNotifier(io.StringIO())
    assert isinstance(notifier, Notifier)
    assert notifier.channel == "console"
    asyncio.run(notifier.aclose())
