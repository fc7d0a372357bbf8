"""The chat's numbered choices: replaced by a newer reply, added to by reminders, forgotten after
their time, and bounded in how many chats they keep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.messages import Choice, ChoiceKind
from workflows.workflow import Action

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def act(number: int, occurrence_id: int, action: Action = Action.START) -> Choice:
    return Choice(number, ChoiceKind.ACT, f"#{occurrence_id}", occurrence_id, action, 1)


def test_a_newer_reply_replaces_the_numbers() -> None:
    book = ChoiceBook()
    book.remember("zalo", "c1", [act(1, 10), act(2, 11)], NOW)
    book.remember("zalo", "c1", [act(1, 12)], NOW)
    assert book.recall("zalo", "c1", 1, NOW) == act(1, 12)
    assert book.recall("zalo", "c1", 2, NOW) is None


def test_numbers_are_the_chats_own_and_the_messengers_own() -> None:
    book = ChoiceBook()
    book.remember("zalo", "c1", [act(1, 10)], NOW)
    assert book.recall("zalo", "c2", 1, NOW) is None
    assert book.recall("telegram", "c1", 1, NOW) is None


def test_a_reminder_after_a_reminder_numbers_after_it() -> None:
    book = ChoiceBook()
    first = book.add("zalo", "c1", [act(1, 10), act(2, 10, Action.REPORT)], NOW)
    second = book.add("zalo", "c1", [act(1, 20)], NOW + timedelta(minutes=1))
    assert [c.number for c in first] == [1, 2]
    assert [c.number for c in second] == [3]
    assert book.recall("zalo", "c1", 2, NOW) == act(2, 10, Action.REPORT)
    assert book.recall("zalo", "c1", 3, NOW) == act(3, 20)


def test_expired_numbers_are_forgotten_and_a_reminder_starts_again_at_one() -> None:
    book = ChoiceBook(ttl=timedelta(hours=24))
    book.add("zalo", "c1", [act(1, 10)], NOW)
    later = NOW + timedelta(hours=24)
    assert book.recall("zalo", "c1", 1, later - timedelta(seconds=1)) is not None
    assert not book.knows("zalo", "c1", later)
    assert book.recall("zalo", "c1", 1, later) is None
    assert [c.number for c in book.add("zalo", "c1", [act(1, 30)], later)] == [1]


def test_the_book_keeps_at_most_its_chats_the_least_recently_used_go() -> None:
    book = ChoiceBook(max_chats=2)
    book.remember("zalo", "a", [act(1, 1)], NOW)
    book.remember("zalo", "b", [act(1, 2)], NOW)
    assert book.recall("zalo", "a", 1, NOW) is not None  # "a" used: "b" is the oldest now
    book.remember("zalo", "c", [act(1, 3)], NOW)
    assert len(book) == 2
    assert book.recall("zalo", "b", 1, NOW) is None
    assert book.recall("zalo", "a", 1, NOW) is not None


def test_nothing_to_offer_keeps_the_earlier_numbers() -> None:
    book = ChoiceBook()
    book.remember("zalo", "c1", [act(1, 10)], NOW)
    book.remember("zalo", "c1", [], NOW)
    assert book.recall("zalo", "c1", 1, NOW) is not None


def test_a_book_needs_room_for_one_chat() -> None:
    with pytest.raises(ValueError, match="max_chats"):
        ChoiceBook(max_chats=0)
