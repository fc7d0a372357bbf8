"""Plan text of any kind — tags, ``&``, Markdown marks, control characters, very long lines —
never makes Telegram refuse a message, and reads back exactly as the plan wrote it.

The loopback server parses every request as Telegram does (``tests/telegram_text``), so an
escaping slip in a template or a cut in the wrong place is a 400 here, as it would be there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifiers.base import Address
from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind
from notifiers.render import shorten
from notifiers.telegram import TelegramNotifier
from tests.telegram_api import BotApiServer, serve_in_thread
from tests.telegram_text import visible_text
from tests.unit.notifiers import messages

CHAT = 777
HOSTILE = [
    "<b>",
    "</b>",
    "</i>",
    "<i",
    "&",
    "&amp;",
    "&lt",
    "&#60;",
    "&#x3c;",
    "*_[",
    "](http://x)",
    "`",
    '<a href="tg://user?id=1">',
    "<!--",
    "<tg-spoiler>",
    "\x00",
    "\x08",
    "\x1b[31m",
    "\n",
    "\r\n",
    "\u2028",
    "\x85",
    "\t",
    "🎉",
    "«»“”'\"",
]
plan_text = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(HOSTILE)), max_size=8).map(
    "".join
)
long_text = st.one_of(plan_text, plan_text.map(lambda words: (words + " ") * 300))


@dataclass(frozen=True)
class Words:
    name: str
    ref: str
    title: str
    lead: str
    time_text: str
    label: str
    note: str
    event: str


words_strategy = st.builds(
    Words,
    name=plan_text,
    ref=plan_text,
    title=long_text,
    lead=plan_text,
    time_text=long_text,
    label=plan_text,
    note=plan_text,
    event=long_text,
)


def built(kind: str, w: Words) -> tuple[Message, list[str]]:
    """A message of ``kind`` carrying the words, and the words it must show."""
    due = date(2025, 8, 29)
    fields = {"lead": w.lead, "time_text": w.time_text, "label": w.label, "days": 3}
    shown = [w.name, w.ref, shorten(w.title), w.lead, w.time_text, w.label, w.note]
    awaited: tuple[str, ...] = ()
    sections: dict[DigestSection, tuple[DigestItem, ...]]
    if kind == "action":
        returned = messages.item(ReminderKind.RETURNED, w.ref, w.title, due, note=w.note, **fields)
        sections = {DigestSection.ACTION: (returned,)}
    elif kind == "office_weekly":
        undated = messages.item(ReminderKind.OFFICE_WEEKLY, w.ref, w.title, None, **fields)
        failed = messages.item(
            ReminderKind.DUE, w.ref, w.title, due, note=w.note, recipient=w.name, **fields
        )
        sections = {DigestSection.OFFICE_LIST: (undated,), DigestSection.FAILED: (failed,)}
        awaited = (w.event,)
        shown.append(w.event)
    else:
        late = messages.item(ReminderKind.OVERDUE, w.ref, w.title, due, **fields)
        noted = messages.item(ReminderKind.BEFORE_DUE, w.ref, w.title, due, note=w.note, **fields)
        sections = {DigestSection.OVERDUE: (late,), DigestSection.UPCOMING: (noted,)}
    role = RecipientRole.OFFICE if kind == "office_weekly" else RecipientRole.LEAD
    return messages.message(sections, name=w.name, role=role, awaited=awaited), shown


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer()) as server:
        server.add_chat(CHAT)
        yield server


async def deliver(server: BotApiServer, message: Message) -> bool:
    sender = TelegramNotifier(server.token, base_url=server.base_url, limits=None)
    try:
        return (await sender.send(Address("telegram", str(CHAT)), message, key="k")).ok
    finally:
        await sender.aclose()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(["digest", "action", "office_weekly"]), words_strategy)
def test_plan_text_arrives_intact_and_is_never_refused(
    telegram: BotApiServer, kind: str, words: Words
) -> None:
    message, shown = built(kind, words)
    telegram.reset_calls()
    assert asyncio.run(deliver(telegram, message))
    calls = telegram.calls("sendMessage")
    assert all(call.ok and call.parse_mode == "HTML" for call in calls)  # never refused
    received = squeezed("".join(visible_text(call.text or "") for call in calls))
    for word in shown:
        assert squeezed(word) in received
