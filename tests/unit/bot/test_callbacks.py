"""Callback data: what a button asks survives the round trip, fits Telegram's 64 bytes, and
anything we did not draw decodes to None instead of failing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nhacviec.telegram.callbacks import MAX_BYTES, ActOn, Callback, Page, ViewCard, decode, encode
from workflows.workflow import Action

IDS = st.integers(min_value=1, max_value=10**18 - 1)  # up to 18 digits, as decode accepts

callbacks = st.one_of(
    st.builds(ActOn, st.sampled_from(list(Action)), IDS, IDS, st.booleans()),
    st.builds(ViewCard, IDS),
    st.builds(
        Page,
        st.sampled_from(["viec", "quahan", "sapden", "tiendo"]),
        IDS,
        st.one_of(st.just(""), st.integers(1, 366).map(str)),
    ),
)


@given(callbacks)
def test_round_trip_within_64_bytes(callback: Callback) -> None:
    data = encode(callback)
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == callback


def test_the_longest_act_fits() -> None:
    longest = ActOn(Action.SET_DATE, 10**18 - 1, 10**18 - 1, on_card=True)
    assert len(encode(longest).encode()) == 50


def test_a_page_argument_too_long_is_refused() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        encode(Page("viec", 1, "x" * 60))


@pytest.mark.parametrize(
    "data",
    [
        "",
        "a",
        "a:start:1",
        "a:start:1:1:x",
        "a:start:1:1:c:c",
        "a:fly:1:1",
        "a:start:0:1",
        "a:start:-1:1",
        "a:start:1:1" + "0" * 20,
        "a:start:١:1",
        "v:",
        "v:x",
        "v:1:2",
        "p:viec",
        "p:1:1",
        "p:viec:0",
        "x:1",
    ],
)
def test_foreign_data_decodes_to_nothing(data: str) -> None:
    assert decode(data) is None


@given(st.text(max_size=80))
def test_any_data_decodes_without_failing(data: str) -> None:
    found = decode(data)
    if found is not None:
        assert decode(encode(found)) == found
