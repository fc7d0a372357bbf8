"""The pacer keeps Telegram's limits — 30 a second overall, one a second per chat, 20 a minute
per group — on a manual clock: no test here waits for real."""

from __future__ import annotations

import asyncio
import itertools
from bisect import bisect_left

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifiers.pacer import Limits, ManualClock, Pacer

EPSILON = 1e-9
GROUP = -1001


def booked(pacer: Pacer, clock: ManualClock, chat: int) -> float:
    """The instant booked for one message to ``chat`` (on the clock's scale)."""
    return clock.now() + pacer.reserve(chat)


def most_in_window(instants: list[float], window: float) -> int:
    """The largest number of instants in any half-open window [t, t + window)."""
    ordered = sorted(instants)
    return max(
        bisect_left(ordered, start + window - EPSILON) - index
        for index, start in enumerate(ordered)
    )


def test_overall_sends_are_spaced_thirty_a_second() -> None:
    clock = ManualClock()
    pacer = Pacer(Limits(), clock)
    instants = [booked(pacer, clock, chat) for chat in range(1, 91)]  # 90 chats at once
    assert instants == pytest.approx([n / 30 for n in range(90)])
    assert most_in_window(instants, 1.0) == 30


def test_one_chat_gets_one_message_a_second() -> None:
    clock = ManualClock()
    pacer = Pacer(Limits(), clock)
    assert [booked(pacer, clock, 42) for _ in range(5)] == pytest.approx([0, 1, 2, 3, 4])


def test_a_chat_heard_from_long_ago_is_sent_to_at_once() -> None:
    clock = ManualClock(100.0)
    pacer = Pacer(Limits(), clock)
    pacer.reserve(42)
    clock.advance(5.0)
    assert pacer.reserve(42) == 0.0


def test_a_group_gets_twenty_a_minute() -> None:
    clock = ManualClock()
    pacer = Pacer(Limits(), clock)
    instants = [booked(pacer, clock, GROUP) for _ in range(45)]
    assert instants[:20] == pytest.approx(list(range(20)))  # one a second (per chat)
    assert instants[20:25] == pytest.approx([60, 61, 62, 63, 64])  # then the window is full
    assert instants[40] == pytest.approx(120)
    assert most_in_window(instants, 60.0) == 20


def test_a_waiting_group_does_not_hold_other_chats_up() -> None:
    clock = ManualClock()
    pacer = Pacer(Limits(), clock)
    group = [booked(pacer, clock, GROUP) for _ in range(21)]
    assert group[-1] == pytest.approx(60)  # the 21st is booked a minute ahead
    assert pacer.reserve(7) == pytest.approx(1 / 30)  # the first free overall instant
    assert booked(pacer, clock, GROUP) == pytest.approx(61)


def test_a_later_chat_fills_an_earlier_gap_in_the_overall_spacing() -> None:
    clock = ManualClock()
    pacer = Pacer(Limits(chat_interval_s=1.0), clock)
    assert booked(pacer, clock, 1) == 0
    assert booked(pacer, clock, 1) == pytest.approx(1.0)  # the chat's second, a second on
    assert booked(pacer, clock, 2) == pytest.approx(1 / 30)  # fits before it


def test_a_hold_after_429_delays_only_that_chat() -> None:
    clock = ManualClock(10.0)
    pacer = Pacer(Limits(), clock)
    pacer.hold(42, 7.0)
    assert pacer.held_for(42) == pytest.approx(7.0)
    assert pacer.held_for(43) == 0.0
    assert pacer.reserve(42) == pytest.approx(7.0)
    assert pacer.reserve(43) == 0.0
    clock.advance(7.0)
    assert pacer.held_for(42) == 0.0


def test_limits_can_be_turned_off() -> None:
    clock = ManualClock()
    pacer = Pacer(Limits(overall_per_s=None, chat_interval_s=None, group_count=None), clock)
    assert {pacer.reserve(chat) for chat in (1, 1, 1, GROUP, GROUP, 2)} == {0.0}


def test_waiting_sleeps_on_the_clock_until_the_booked_instant() -> None:
    clock = ManualClock()
    pacer = Pacer(Limits(), clock)

    async def send_five() -> None:
        for _ in range(5):
            await pacer.wait(42)

    asyncio.run(send_five())
    assert clock.sleeps == pytest.approx([1.0, 1.0, 1.0, 1.0])  # the first went at once
    assert clock.now() == pytest.approx(4.0)


def test_concurrent_senders_get_distinct_instants() -> None:
    clock = ManualClock()
    pacer = Pacer(Limits(), clock)

    async def everyone() -> list[float]:
        async def one(chat: int) -> float:
            return booked(pacer, clock, chat)

        return list(await asyncio.gather(*(one(chat) for chat in range(60))))

    instants = asyncio.run(everyone())
    assert sorted(instants) == pytest.approx([n / 30 for n in range(60)])


steps = st.lists(
    st.tuples(
        st.floats(min_value=0.0, max_value=3.0, allow_nan=False),  # time passing first
        st.sampled_from([1, 2, 3, -10, -20]),  # private chats and groups
    ),
    min_size=1,
    max_size=250,
)


@settings(max_examples=200, deadline=None)
@given(steps)
def test_any_sequence_of_sends_keeps_every_limit(sequence: list[tuple[float, int]]) -> None:
    clock = ManualClock()
    pacer = Pacer(Limits(), clock)
    bookings: list[tuple[int, float]] = []
    for elapsed, chat in sequence:
        clock.advance(elapsed)
        delay = pacer.reserve(chat)
        assert delay >= 0.0
        bookings.append((chat, clock.now() + delay))
    instants = sorted(instant for _, instant in bookings)
    assert all(b - a >= 1 / 30 - EPSILON for a, b in itertools.pairwise(instants))
    for chat in {chat for chat, _ in bookings}:
        own = [instant for other, instant in bookings if other == chat]
        assert own == sorted(own)  # a chat's messages leave in the order they were given
        assert all(b - a >= 1.0 - EPSILON for a, b in itertools.pairwise(own))
        if chat < 0:
            assert most_in_window(own, 60.0) <= 20
