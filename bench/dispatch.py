"""Dispatch figures: messages per second through the real channels to loopback servers.

    python bench/dispatch.py [--only email|telegram] [--messages 2000]
                             [--concurrency 1 --concurrency 4] [--latency-ms 0 --latency-ms 10]
                             [--repeat 3]

Sections, each printing figures only (no assertions):

* email – ``EmailNotifier.send`` with realistic digests (1–12 tasks, Vietnamese plan text;
  rendering and building the email included) to an aiosmtpd server on 127.0.0.1 running in its
  own process (``python -m tests.smtp_server``), against a bare aiosmtplib loop sending the same
  messages, rendered and built beforehand, with the same concurrency (one SMTP session per
  concurrent sender on both sides). Goal: ratio ≥ 0.8. The dispatcher sends one message after
  another (concurrency 1). Run again with the server answering each message 10 ms late (a
  mail server across a network), where rendering weighs less than on bare loopback; and
  ``EmailNotifier.deliver`` with the pre-built messages: the notifier's own overhead.
* telegram – ``TelegramNotifier.send`` (pacer off) with the same digests (rendering included)
  to the loopback Bot API server in its own process (``python -m tests.telegram_api``), against
  a bare httpx loop posting the same requests, rendered beforehand, with the same concurrency;
  again with each answer 10 ms late, and through ``TelegramNotifier.deliver`` with the
  pre-rendered text (the notifier's own overhead: python-telegram-bot, splitting). Goal: ratio
  ≥ 0.8. Then the pacer: 300 digests to 300 chats from 16 concurrent senders, to a server that
  answers 429 above 30 messages a second (a token bucket of 30): the rate the server saw and
  the 429s (none expected), after a bare loop showing that server does refuse a flood.

Add a section by writing ``bench_<name>(args) -> None`` and listing it in ``SECTIONS``.
"""

# ruff: noqa: E402 - the import path is fixed before the project's imports, see below
from __future__ import annotations

import sys
from pathlib import Path

# Keep this folder off the import path (its scripts are named like the packages they measure)
# and put the repository on it, for the loopback server kept in tests/.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [
    entry for entry in sys.path if Path(entry or ".").resolve() != _HERE
]

import argparse
import asyncio
import random
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from functools import partial
from typing import Any

import aiosmtplib
import httpx

from notifiers.base import Address
from notifiers.email import EmailNotifier
from notifiers.email.message import Envelope, build_email
from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind
from notifiers.pacer import Limits
from notifiers.render import render
from notifiers.telegram import TelegramNotifier
from notifiers.telegram.split import visible_length

SENDER = "nhacviec@stc.gov.vn"
DAY = date(2025, 8, 29)
NOW = datetime(2025, 8, 29, 1, 0, tzinfo=UTC)
TITLES = [
    "Rà soát, đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý của ngành",
    "Báo cáo kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Xây dựng báo cáo công tác cải cách hành chính quý III năm 2025",
    "Triển khai dịch vụ công trực tuyến toàn trình; tuyên truyền, hướng dẫn người dân",
    "Kiểm tra việc thực hiện quy chế văn hóa công sở tại các cơ quan, đơn vị",
    "Tổng hợp, đánh giá chỉ số hài lòng của người dân (SIPAS) <năm 2025> & đề xuất",
]
UNITS = [
    "Phòng Văn hóa - Xã hội",
    "Phòng Kinh tế",
    "Phòng Tài chính - Kế hoạch",
    "Văn phòng HĐND và UBND",
    "Phòng Nội vụ",
    "Trung tâm Phục vụ hành chính công",
]
SECTIONS_SHOWN = [
    (DigestSection.OVERDUE, ReminderKind.OVERDUE),
    (DigestSection.DUE_TODAY, ReminderKind.DUE),
    (DigestSection.UPCOMING, ReminderKind.BEFORE_DUE),
]


# -- realistic digests -------------------------------------------------------------------------


def digests(count: int, seed: int) -> list[tuple[Address, Message, str]]:
    """``count`` digests (address, message, key) of 1–12 tasks over three sections."""
    rng = random.Random(seed)
    found = []
    for number in range(count):
        unit = number % len(UNITS)
        sections: dict[DigestSection, tuple[DigestItem, ...]] = {}
        for section, kind in SECTIONS_SHOWN:
            items = tuple(_item(rng, kind) for _ in range(rng.choice((0, 1, 1, 2, 4))))
            if items:
                sections[section] = items
        if not sections:
            sections[DigestSection.DUE_TODAY] = (_item(rng, ReminderKind.DUE),)
        message = Message(
            recipient_unit=unit + 1,
            recipient_name=UNITS[unit],
            role=RecipientRole.LEAD,
            day=DAY,
            sections=sections,
            reply_to="vanphong@stc.gov.vn",
            office_name="Văn phòng Sở Tài chính",
        )
        address = Address("email", f"don-vi-{unit + 1}@xa.gov.vn", UNITS[unit])
        found.append((address, message, f"o{number}:due:0:u{unit + 1}:lead:email"))
    return found


def _item(rng: random.Random, kind: ReminderKind) -> DigestItem:
    due = DAY + timedelta(days=rng.randint(-20, 10))
    return DigestItem(
        kind=kind,
        plan_id=1,
        task_ref=f"{rng.choice('IV')}.{rng.randint(1, 30)}",
        task_text=rng.choice(TITLES),
        lead=rng.choice(UNITS),
        due=due,
        due_words=f"trước ngày {due:%d/%m/%Y}",
        time_text=rng.choice(("Quý III", "Trước ngày 31/8/2025", "Hằng tháng")),
        days=rng.randint(1, 9),
    )


# -- the loopback server -------------------------------------------------------------------------


@contextmanager
def smtp_server(latency_ms: float = 0.0) -> Iterator[int]:
    """A plain aiosmtpd server in its own process (no GIL shared with the senders); its port."""
    command = [sys.executable, "-m", "tests.smtp_server", "--port", "0", "--quiet"]
    process = subprocess.Popen(
        [*command, "--latency-ms", str(latency_ms)],
        cwd=_HERE.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready = process.stdout.readline()  # "listening on 127.0.0.1:PORT; …"
        yield int(ready.split(";")[0].rsplit(":", 1)[1])
    finally:
        process.terminate()
        process.wait(timeout=10)


# -- the two senders -----------------------------------------------------------------------------


async def through_notifier(
    port: int, batch: list[tuple[Address, Message, str]], concurrency: int
) -> None:
    notifier = EmailNotifier(
        "127.0.0.1",
        port,
        security="none",
        from_address=SENDER,
        connections=concurrency,
        clock=lambda: NOW,
        local_hostname="bench.local",
    )
    queue = list(reversed(batch))

    async def worker() -> None:
        while queue:
            address, message, key = queue.pop()
            delivery = await notifier.send(address, message, key=key)
            if not delivery.ok:
                raise RuntimeError(delivery.detail)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    await notifier.aclose()


async def prebuilt_through_notifier(
    port: int, built: list[tuple[str, EmailMessage]], concurrency: int
) -> None:
    """``EmailNotifier.deliver`` with the bare loop's messages: the notifier's own overhead."""
    notifier = EmailNotifier(
        "127.0.0.1",
        port,
        security="none",
        from_address=SENDER,
        connections=concurrency,
        clock=lambda: NOW,
        local_hostname="bench.local",
    )
    queue = list(reversed(built))

    async def worker() -> None:
        while queue:
            recipient, mail = queue.pop()
            delivery = await notifier.deliver(mail, recipient, key=recipient)
            if not delivery.ok:
                raise RuntimeError(delivery.detail)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    await notifier.aclose()


async def bare_loop(port: int, built: list[tuple[str, EmailMessage]], concurrency: int) -> None:
    queue = list(reversed(built))

    async def worker() -> None:
        client = aiosmtplib.SMTP(
            hostname="127.0.0.1", port=port, start_tls=False, local_hostname="bench.local"
        )
        await client.connect()
        while queue:
            recipient, mail = queue.pop()
            await client.send_message(mail, sender=SENDER, recipients=[recipient])
        await client.quit()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


def prebuilt(batch: list[tuple[Address, Message, str]]) -> list[tuple[str, EmailMessage]]:
    """The same emails the notifier sends, rendered and built before the clock starts."""
    return [
        (
            address.value,
            build_email(
                render(message),
                Envelope(
                    SENDER,
                    "Nhắc việc",
                    address.value,
                    address.name,
                    message.reply_to,
                    message.office_name,
                ),
                key=key,
                now=NOW,
            ),
        )
        for address, message, key in batch
    ]


def timed(run: Callable[[], Awaitable[None]]) -> float:
    start = time.perf_counter()
    asyncio.run(_await(run))
    return time.perf_counter() - start


async def _await(run: Callable[[], Awaitable[None]]) -> None:
    await run()


# -- the section -----------------------------------------------------------------------------------


def bench_email(args: argparse.Namespace) -> None:
    batch = digests(args.messages, args.seed)
    built = prebuilt(batch)
    sample = batch[:200]
    render_s = min(_seconds(lambda: prebuilt(sample)) for _ in range(args.repeat)) / len(sample)
    size = statistics.mean(len(mail.as_bytes()) for _, mail in built)
    print(f"email: {len(batch)} digests, {size / 1024:.1f} KiB each on average")
    print(f"  render + build one digest (Jinja2 + email): {render_s * 1e6:,.0f} µs")
    for latency_ms in args.latency_ms or [0.0, 10.0]:
        count = len(batch) if not latency_ms else min(len(batch), args.latency_messages)
        where = "loopback" if not latency_ms else f"loopback + {latency_ms:g} ms per message"
        with smtp_server(latency_ms) as port:
            for concurrency in args.concurrency or [1, 4]:
                _compare(port, batch[:count], built[:count], concurrency, where, args)


def _compare(
    port: int,
    batch: list[tuple[Address, Message, str]],
    built: list[tuple[str, EmailMessage]],
    concurrency: int,
    where: str,
    args: argparse.Namespace,
) -> None:
    ours, own, bare = [], [], []
    for _ in range(args.repeat):  # interleaved, so drift hits every side alike
        ours.append(timed(partial(through_notifier, port, batch, concurrency)))
        own.append(timed(partial(prebuilt_through_notifier, port, built, concurrency)))
        bare.append(timed(partial(bare_loop, port, built, concurrency)))
    ours_rate, own_rate, bare_rate = (len(batch) / statistics.median(t) for t in (ours, own, bare))
    print(
        f"  {where}, concurrency {concurrency}: EmailNotifier {ours_rate:,.0f} msg/s, "
        f"bare aiosmtplib {bare_rate:,.0f} msg/s, ratio {ours_rate / bare_rate:.2f} "
        f"(goal ≥ 0.8); pre-built through EmailNotifier.deliver {own_rate:,.0f} msg/s, "
        f"ratio {own_rate / bare_rate:.2f} (median of {args.repeat}, {len(batch)} msgs)"
    )


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


# -- telegram ----------------------------------------------------------------------------------

TELEGRAM_PACED = 300  # messages sent through the pacer (about ten seconds at 30 a second)
TELEGRAM_FLOOD_PER_S = 30


@contextmanager
def bot_api_server(*options: str) -> Iterator[tuple[str, str]]:
    """The loopback Bot API server in its own process (every chat id accepted): base URL, token."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.telegram_api", "--port", "0", *options],
        cwd=_HERE.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip().split("=", 1)[1]  # "BASE_URL=…"
        token = process.stdout.readline().strip().split("=", 1)[1]  # "TOKEN=…"
        yield base_url, token
    finally:
        process.terminate()
        process.wait(timeout=10)


def telegram_batch(count: int, seed: int) -> list[tuple[Address, Message, str]]:
    """The same digests, each to its own chat (a unit's group or its head's private chat)."""
    return [
        (Address("telegram", str(-5000 - n if n % 2 else 9000 + n), address.name), message, key)
        for n, (address, message, key) in enumerate(digests(count, seed))
    ]


def telegram_payloads(batch: list[tuple[Address, Message, str]]) -> list[dict[str, str]]:
    """What python-telegram-bot posts for each digest, rendered before the clock starts."""
    return [
        {
            "chat_id": address.value,
            "text": render(message).telegram_html,
            "parse_mode": "HTML",
            "link_preview_options": '{"is_disabled": true}',
        }
        for address, message, _ in batch
    ]


async def through_telegram(
    server: tuple[str, str],
    batch: list[tuple[Address, Message, str]],
    concurrency: int,
    limits: Limits | None = None,
    prerendered: list[dict[str, str]] | None = None,
) -> None:
    """``TelegramNotifier.send`` (or ``deliver`` of the pre-rendered text) from workers."""
    base_url, token = server
    notifier = TelegramNotifier(
        token, base_url=base_url, limits=limits, connection_pool_size=concurrency
    )
    queue = list(reversed(range(len(batch))))

    async def worker() -> None:
        while queue:
            index = queue.pop()
            address, message, key = batch[index]
            if prerendered is None:
                delivery = await notifier.send(address, message, key=key)
            else:
                delivery = await notifier.deliver(address, prerendered[index]["text"], key=key)
            if not delivery.ok:
                raise RuntimeError(delivery.detail)

    try:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        await notifier.aclose()


async def bare_httpx(
    server: tuple[str, str], payloads: list[dict[str, str]], concurrency: int
) -> int:
    """The same requests from a bare httpx loop; how many Telegram refused."""
    base_url, token = server
    url = f"{base_url}{token}/sendMessage"
    queue = list(reversed(payloads))
    refused = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal refused
        while queue:
            answer = (await client.post(url, data=queue.pop())).json()
            refused += not answer["ok"]

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return refused


async def _bare_ok(server: tuple[str, str], payloads: list[dict[str, str]], n: int) -> None:
    if await bare_httpx(server, payloads, n):
        raise RuntimeError("the bare loop was refused")


def server_stats(server: tuple[str, str]) -> dict[str, Any]:
    base_url, _ = server
    stats: dict[str, Any] = httpx.get(base_url.removesuffix("/bot") + "/_loopback/stats").json()
    return stats


def bench_telegram(args: argparse.Namespace) -> None:
    batch = telegram_batch(args.messages, args.seed)
    payloads = telegram_payloads(batch)
    sample = batch[:200]
    render_s = min(_seconds(lambda: telegram_payloads(sample)) for _ in range(args.repeat))
    size = statistics.mean(visible_length(payload["text"]) for payload in payloads)
    print(f"telegram: {len(batch)} digests, {size:,.0f} characters shown on average")
    print(f"  render one digest (Jinja2, Telegram form): {render_s / len(sample) * 1e6:,.0f} µs")
    for latency_ms in args.latency_ms or [0.0, 10.0]:
        count = len(batch) if not latency_ms else min(len(batch), args.latency_messages)
        where = "loopback" if not latency_ms else f"loopback + {latency_ms:g} ms per request"
        with bot_api_server("--latency-ms", str(latency_ms)) as server:
            for concurrency in args.concurrency or [1, 4]:
                _compare_telegram(server, batch[:count], payloads[:count], concurrency, where, args)
    _paced(batch, payloads)


def _compare_telegram(
    server: tuple[str, str],
    batch: list[tuple[Address, Message, str]],
    payloads: list[dict[str, str]],
    concurrency: int,
    where: str,
    args: argparse.Namespace,
) -> None:
    ours, own, bare = [], [], []
    for _ in range(args.repeat):  # interleaved, so drift hits every side alike
        ours.append(timed(partial(through_telegram, server, batch, concurrency)))
        own.append(timed(partial(through_telegram, server, batch, concurrency, None, payloads)))
        bare.append(timed(partial(_bare_ok, server, payloads, concurrency)))
    ours_rate, own_rate, bare_rate = (len(batch) / statistics.median(t) for t in (ours, own, bare))
    print(
        f"  {where}, concurrency {concurrency}, pacer off: TelegramNotifier {ours_rate:,.0f} "
        f"msg/s, bare httpx {bare_rate:,.0f} msg/s, ratio {ours_rate / bare_rate:.2f} "
        f"(goal ≥ 0.8); pre-rendered through TelegramNotifier.deliver {own_rate:,.0f} msg/s, "
        f"ratio {own_rate / bare_rate:.2f} (median of {args.repeat}, {len(batch)} msgs)"
    )


def _paced(batch: list[tuple[Address, Message, str]], payloads: list[dict[str, str]]) -> None:
    """The pacer against a server that answers 429 above 30 a second (a token bucket of 30)."""
    count = min(len(batch), TELEGRAM_PACED)
    flood = ("--overall-per-s", str(TELEGRAM_FLOOD_PER_S))
    with bot_api_server(*flood) as server:
        refused = asyncio.run(bare_httpx(server, payloads[:count], 16))
    print(
        f"  pacer off, bare httpx × 16 to a server allowing {TELEGRAM_FLOOD_PER_S} msg/s: "
        f"{refused} of {count} answered 429"
    )
    with bot_api_server(*flood) as server:
        elapsed = timed(partial(through_telegram, server, batch[:count], 16, Limits()))
        stats = server_stats(server)
    answers = stats["calls"].get("sendMessage", {})
    rate = (stats["accepted"] - 1) / stats["span_s"]
    print(
        f"  pacer on (30/s overall, 1/s per chat, 20/min per group), 16 senders: {count} msgs "
        f"in {elapsed:.2f} s; server saw {rate:.2f} msg/s from first to last "
        f"({(rate / TELEGRAM_FLOOD_PER_S - 1) * 100:+.1f} % of 30), "
        f"{answers.get('429', 0)} answered 429"
    )


# -- main --------------------------------------------------------------------------------------

SECTIONS: dict[str, Callable[[argparse.Namespace], None]] = {
    "email": bench_email,
    "telegram": bench_telegram,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    parser.add_argument("--messages", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, action="append")
    parser.add_argument("--latency-ms", type=float, action="append")
    parser.add_argument("--latency-messages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for name, section in SECTIONS.items():
        if not args.only or name in args.only:
            section(args)


if __name__ == "__main__":
    main()
