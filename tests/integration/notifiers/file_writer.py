"""A separate process appending blocks through a FileNotifier (for the concurrent-writers test).

Run: ``python -m tests.integration.notifiers.file_writer PATH LABEL COUNT``. It prints "ready"
once set up and starts writing when a line arrives on its standard input, so that two writers
really write at the same time.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

from notifiers.base import Address
from notifiers.file import FileNotifier
from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind

ITEMS = 4
# ~400 KB a block: writing takes long next to rendering, so two writers really overlap and a
# block written in pieces would show torn.
LONG_WORDS = "Trước ngày 31/8/2025 đối với báo cáo của UBND tỉnh; " * 2000


def big_message(label: str) -> Message:
    items = tuple(
        DigestItem(
            kind=ReminderKind.OVERDUE,
            plan_id=1,
            task_ref=f"{label}.{n}",
            task_text=f"Nhiệm vụ {n} của người ghi {label}: rà soát, đơn giản hóa thủ tục",
            lead="Phòng Văn hóa - Xã hội",
            due=date(2025, 8, 26),
            due_words="",
            time_text=LONG_WORDS,
            days=3,
        )
        for n in range(ITEMS)
    )
    return Message(
        7,
        f"Người ghi {label}",
        RecipientRole.LEAD,
        date(2025, 8, 29),
        {DigestSection.OVERDUE: items},
    )


def address(label: str, number: int) -> Address:
    return Address("file", "unit:7", f"Writer {label} #{number}")


async def write(path: Path, label: str, count: int) -> None:
    notifier = FileNotifier(path)
    message = big_message(label)
    print("ready", flush=True)
    sys.stdin.readline()
    for number in range(count):
        delivery = await notifier.send(address(label, number), message, key=f"{label}{number}")
        if not delivery.ok:
            raise SystemExit(f"writer {label}: {delivery}")


if __name__ == "__main__":
    asyncio.run(write(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])))
