"""Zalo figures: messages per second through the Zalo channel to the loopback Zalo server.

    python bench/zalo.py [--messages 500] [--concurrency 1 --concurrency 4] [--paced 30]
                         [--repeat 5]

Printed, never asserted:

* split – ``split_text`` on long digests (20–60 items, Vietnamese plan text): parts per message
  and microseconds per message;
* send – ``ZaloNotifier.send`` (pacer off; rendering and splitting included) to the loopback Zalo
  Bot API server in its own process (``python -m tests.zalo_api``), against a bare httpx loop
  posting the same parts, rendered and split beforehand, with the same concurrency, interleaved
  ``--repeat`` times (medians). Rendering the digest (~2.5 ms) is the channel's main extra cost;
* paced – ``--paced`` messages to as many chats with the default limits (5 a second overall):
  the rate seen (about 5/s: n messages leave over (n − 1) / 5 seconds).
"""

# ruff: noqa: E402 - the import path is fixed before the project's imports, see below
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [
    entry for entry in sys.path if Path(entry or ".").resolve() != _HERE
]

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import httpx

from notifiers.base import Address
from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind
from notifiers.render import render
from notifiers.zalo import DEFAULT_LIMITS, ZaloNotifier
from notifiers.zalo.split import split_text
from tests.zalo_api import DEFAULT_TOKEN

PHRASE = (
    "rà soát đánh giá thủ tục hành chính thuộc phạm vi quản lý của Sở Công Thương năm 2025 "
    "báo cáo kết quả thực hiện kế hoạch cải cách hành chính quý III đề xuất phương án đơn giản hóa"
)
WORDS = tuple(PHRASE.split(" "))


def digest(rng: random.Random, items: int) -> Message:
    rows = tuple(
        DigestItem(
            kind=ReminderKind.BEFORE_DUE,
            plan_id=1,
            task_ref=f"II.{n}",
            task_text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))),
            lead="Phòng Quản lý Thương mại",
            due=date(2025, 9, 30),
            due_words="trước ngày 30/09/2025",
            time_text="Quý III/2025",
            days=3,
            occurrence_id=n,
        )
        for n in range(1, items + 1)
    )
    return Message(
        recipient_unit=6,
        recipient_name="Phòng Quản lý Thương mại",
        role=RecipientRole.LEAD,
        day=date(2025, 9, 25),
        sections={DigestSection.UPCOMING: rows},
    )


@contextmanager
def loopback_server() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.zalo_api", "--port", str(port)],
        cwd=_HERE.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip().removeprefix("BASE_URL=")
        process.stdout.readline()  # the token
        yield base_url
    finally:
        process.terminate()
        process.wait(10)


def bench_split(messages: list[Message]) -> None:
    texts = [render(message).text for message in messages]
    started = time.perf_counter()
    parts = [split_text(text) for text in texts]
    spent = time.perf_counter() - started
    count = sum(len(found) for found in parts)
    print(
        f"split: {len(texts)} digests, {count / len(texts):.1f} parts each, "
        f"{spent / len(texts) * 1e6:.0f} µs per digest"
    )


async def _notifier_rate(base_url: str, messages: list[Message], concurrency: int) -> float:
    bot = ZaloNotifier(DEFAULT_TOKEN, base_url=base_url, limits=None)
    queue = list(enumerate(messages))

    async def worker() -> None:
        while queue:
            number, message = queue.pop()
            chat = f"{number:020x}"
            delivery = await bot.send(Address("zalo", chat), message, key=str(number))
            assert delivery.ok, delivery.detail

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    spent = time.perf_counter() - started
    await bot.aclose()
    return len(messages) / spent


async def _bare_rate(base_url: str, parts: list[list[str]], concurrency: int) -> float:
    queue = list(enumerate(parts))
    url = f"{base_url}{DEFAULT_TOKEN}/sendMessage"
    async with httpx.AsyncClient() as client:

        async def worker() -> None:
            while queue:
                number, texts = queue.pop()
                for text in texts:
                    answer = await client.post(
                        url, json={"chat_id": f"{number:020x}", "text": text}
                    )
                    assert answer.json()["ok"]

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return len(parts) / (time.perf_counter() - started)


def bench_send(messages: list[Message], concurrencies: list[int], repeat: int) -> None:
    """Runs interleaved (bare, channel, bare, channel …): the medians, on a shared machine."""
    parts = [split_text(render(message).text) for message in messages]
    with loopback_server() as base_url:
        for concurrency in concurrencies:
            channel, bare = [], []
            for _ in range(repeat):
                bare.append(asyncio.run(_bare_rate(base_url, parts, concurrency)))
                channel.append(asyncio.run(_notifier_rate(base_url, messages, concurrency)))
            ours, theirs = statistics.median(channel), statistics.median(bare)
            print(
                f"send: concurrency {concurrency}: ZaloNotifier {ours:.0f} messages/s, "
                f"bare httpx {theirs:.0f} messages/s, ratio {ours / theirs:.2f} "
                f"(medians of {repeat})"
            )


async def _paced(base_url: str, messages: list[Message]) -> float:
    bot = ZaloNotifier(DEFAULT_TOKEN, base_url=base_url, limits=DEFAULT_LIMITS)
    started = time.perf_counter()
    sent = await asyncio.gather(
        *(
            bot.send(Address("zalo", f"{number:020x}"), message, key=str(number))
            for number, message in enumerate(messages)
        )
    )
    spent = time.perf_counter() - started
    await bot.aclose()
    assert all(delivery.ok for delivery in sent)
    return len(messages) / spent


def bench_paced(messages: list[Message]) -> None:
    with loopback_server() as base_url:
        rate = asyncio.run(_paced(base_url, messages))
    print(f"paced: {len(messages)} one-part messages to as many chats: {rate:.1f} messages/s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--concurrency", type=int, action="append")
    parser.add_argument("--paced", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rng = random.Random(16)
    long_ones = [digest(rng, rng.randint(20, 60)) for _ in range(200)]
    bench_split(long_ones)
    messages = [digest(rng, rng.randint(1, 12)) for _ in range(args.messages)]
    bench_send(messages, args.concurrency or [1, 4], args.repeat)
    bench_paced([digest(rng, 1) for _ in range(args.paced)])


if __name__ == "__main__":
    main()
