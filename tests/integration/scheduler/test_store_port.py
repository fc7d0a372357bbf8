"""The scheduler's store port, one suite on every implementation (in memory, SQLite,
PostgreSQL): the outbox's keys, claims of whole addresses, leases fencing a dispatcher's
changes, claims bounded in rows, retries, dead letters, the day's routine message, deferral,
superseding."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from nhacviec.store.models import Unit
from scheduler.store.base import OutboxRow, Transactions
from scheduler.store.memory import MemoryStore
from tests.conftest import BACKENDS, migrated_store
from tests.integration.workflow.conftest import import_seed, make_app
from workflows.standing import LOCAL_TZ

NOW = datetime(2025, 7, 1, 8, 0, tzinfo=LOCAL_TZ)
LEASE = timedelta(minutes=5)
ROUTINE = ("before_due", "due")


@dataclass
class Port:
    transactions: Transactions
    units: list[int]  # three units the rows may be addressed to
    plan_id: int = 1

    def row(
        self, n: int, unit: int, *, at: datetime = NOW, kind: str = "due", address: str = ""
    ) -> OutboxRow:
        """Row ``n`` to ``unit`` at ``address`` (default its own: ``memory``, ``unit:<id>``),
        due ``at``."""
        return OutboxRow(
            key=f"p{self.plan_id}:{kind}:{n}:u{unit}",
            plan_id=self.plan_id,
            occurrence_id=None,
            kind=kind,
            stage=n,
            recipient_unit_id=unit,
            role="lead",
            channel="memory",
            address=address or f"unit:{unit}",
            due_at=at,
        )

    def add(self, *rows: OutboxRow) -> list[int]:
        """Store the rows; their ids, claimed and let go at once (nothing else holds them)."""
        with self.transactions() as store:
            store.add_rows(rows, NOW)
        with self.transactions() as store:
            claimed = store.claim_due(NOW + timedelta(days=365), "probe", LEASE, 10_000)
            store.release([row.id for row in claimed], "probe")
        keys = {row.key for row in rows}
        return [row.id for row in claimed if row.key in keys]


@pytest.fixture(params=["memory", *BACKENDS])
def port(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Port]:
    if request.param == "memory":
        yield Port(MemoryStore().transaction, [1, 2, 3])
        return
    app = make_app(migrated_store(request, request.param, tmp_path))
    import_seed(app)  # a plan and its units for the rows' foreign keys
    with app.reading() as session:
        units = list(session.exec(select(Unit.id).order_by(col(Unit.id)).limit(3)).all())
    yield Port(app.scheduler_transaction, [unit for unit in units if unit is not None])
    app.close()


def test_a_key_is_stored_once(port: Port) -> None:
    a, b = port.units[:2]
    with port.transactions() as store:
        assert store.add_rows([port.row(1, a), port.row(2, b)], NOW) == 2
    with port.transactions() as store:
        assert store.add_rows([port.row(1, a), port.row(3, a)], NOW) == 1


def test_a_claim_takes_whole_addresses_and_a_second_dispatcher_none_of_them(port: Port) -> None:
    a, b, c = port.units
    port.add(port.row(1, a), port.row(2, a, at=NOW - timedelta(hours=1)), port.row(3, b))
    port.add(port.row(4, c, at=NOW + timedelta(hours=1)))  # not due yet
    with port.transactions() as store:
        first = store.claim_due(NOW, "one", LEASE, 1)  # the earliest row: unit a's
    assert [row.stage for row in first] == [2, 1]  # both of a's rows, by due instant
    with port.transactions() as store:
        second = store.claim_due(NOW, "two", LEASE, 10)
    assert [row.stage for row in second] == [3]
    with port.transactions() as store:  # once the lease ran out, the rows are due again
        again = store.claim_due(NOW + 2 * LEASE, "two", LEASE, 10)
    assert sorted(row.stage for row in again) == [1, 2, 3]


def backlog(port: Port, sizes: list[int]) -> None:
    """Due rows for addresses ``a0``, ``a1``, …, ``sizes[i]`` rows for ``ai``: ``a0``'s first
    row is the earliest, then ``a1``'s, …; their later rows interleave (row j of ``ai`` a
    minute after row j of ``ai-1``, seven minutes after its row j-1), all due at ``NOW``."""
    port.add(
        *(
            port.row(
                100 * i + j,
                port.units[i % 3],
                at=NOW - timedelta(minutes=100 - i - 7 * j),
                address=f"a{i}",
            )
            for i, size in enumerate(sizes)
            for j in range(size)
        )
    )


def claims_until_empty(port: Port, limit: int) -> list[dict[str, int]]:
    """Claim until nothing is due, two dispatchers in turn: each claim's rows by address."""
    found: list[dict[str, int]] = []
    for turn in range(20):
        with port.transactions() as store:
            claimed = store.claim_due(NOW, ("one", "two")[turn % 2], LEASE, limit)
        if not claimed:
            return found
        found.append(dict(Counter(row.address for row in claimed)))
    raise AssertionError(f"still claiming after 20 claims: {found}")


@pytest.mark.parametrize(
    ("sizes", "limit", "expected"),
    [
        # At most 8 rows, whole addresses, earliest first: a claim stops at the first address
        # that does not fit (a0, 3 rows, alone: a1's 6 would make 9), never skips it for a
        # smaller one (a2, 1 row, waits for a1).
        (
            [3, 6, 1, 5, 2, 4],
            8,
            [{"a0": 3}, {"a1": 6, "a2": 1}, {"a3": 5, "a4": 2}, {"a5": 4}],
        ),
        # An address with more due rows than the limit goes whole, alone: first, or in the
        # claim after the one it did not fit in.
        ([12, 2, 9, 1], 5, [{"a0": 12}, {"a1": 2}, {"a2": 9}, {"a3": 1}]),
        # Everything fits: one claim, as before the bound.
        ([3, 6, 1], 500, [{"a0": 3, "a1": 6, "a2": 1}]),
    ],
)
def test_a_claim_holds_at_most_limit_rows_of_whole_addresses_earliest_first(
    port: Port, sizes: list[int], limit: int, expected: list[dict[str, int]]
) -> None:
    backlog(port, sizes)
    assert claims_until_empty(port, limit) == expected  # two dispatchers, no address split


def test_a_bounded_claim_skips_rows_leased_to_another_and_the_rest_still_fit(port: Port) -> None:
    backlog(port, [2, 3, 4])
    with port.transactions() as store:
        first = store.claim_due(NOW, "one", LEASE, 2)  # a0 alone
    with port.transactions() as store:  # a0 is held: a1 and a2 are the due addresses now
        second = store.claim_due(NOW, "two", LEASE, 7)
    assert Counter(row.address for row in first) == {"a0": 2}
    assert Counter(row.address for row in second) == {"a1": 3, "a2": 4}


def test_a_lease_fences_every_change_of_another_dispatcher(port: Port) -> None:
    a = port.units[0]
    port.add(port.row(1, a))
    with port.transactions() as store:
        ids = [row.id for row in store.claim_due(NOW, "one", LEASE, 10)]
    with port.transactions() as store:
        assert store.mark_sent(ids, NOW, owner="two") == 0
        assert store.renew_lease(ids, "two", NOW + LEASE) == 0
        assert store.release(ids, "two") == 0
        assert store.renew_lease(ids, "one", NOW + 2 * LEASE) == 1
        assert store.mark_sent(ids, NOW, owner="one") == 1
        assert store.mark_sent(ids, NOW, owner="one") == 0  # sent: no longer pending
    with port.transactions() as store:
        assert store.claim_due(NOW + timedelta(days=1), "one", LEASE, 10) == []


def test_a_retry_waits_its_turn_and_a_dead_letter_is_told_once(port: Port) -> None:
    a, b = port.units[:2]
    retried, dead = port.add(port.row(1, a), port.row(2, b))
    later = NOW + timedelta(minutes=30)
    with port.transactions() as store:
        store.claim_due(NOW, "one", LEASE, 10)
        assert store.mark_retry([retried], 1, later, "421 busy", owner="one") == 1
        assert store.mark_dead([dead], 1, "550 no such user", owner="one") == 1
    with port.transactions() as store:
        assert store.claim_due(NOW + LEASE, "one", LEASE, 10) == []
        (again,) = store.claim_due(later, "one", LEASE, 10)
        assert (again.id, again.attempts, again.last_error) == (retried, 1, "421 busy")
        (failure,) = store.untold_failures([port.plan_id])
        assert (failure.id, failure.last_error) == (dead, "550 no such user")
        assert store.mark_told([dead], later) == 1
    with port.transactions() as store:
        assert store.untold_failures([port.plan_id]) == []


def test_an_address_has_heard_once_sent_today_or_leased_to_another(port: Port) -> None:
    a, b, c = port.units
    sent, _, _ = port.add(port.row(1, a), port.row(2, b), port.row(3, c, kind="new_plan"))
    addresses = [("memory", f"unit:{unit}") for unit in (a, b, c)]
    with port.transactions() as store:
        store.claim_due(NOW, "one", LEASE, 10)
        store.mark_sent([sent], NOW, owner="one")
        assert store.heard_since(addresses, NOW, NOW, kinds=ROUTINE, owner="one") == {addresses[0]}
        assert store.heard_since(addresses, NOW, NOW, kinds=ROUTINE, owner="two") == {
            addresses[0],
            addresses[1],  # in flight, leased to "one"
        }
        assert store.heard_since(addresses, NOW + LEASE, NOW, kinds=ROUTINE, owner="one") == set()


def test_deferred_rows_go_back_untried_and_superseded_ones_never_go(port: Port) -> None:
    a, b = port.units[:2]
    deferred, kept, superseded = port.add(port.row(1, a), port.row(2, b), port.row(3, b))
    tomorrow = NOW + timedelta(days=1)
    with port.transactions() as store:
        store.claim_due(NOW, "one", LEASE, 10)
        assert store.defer([deferred], tomorrow, owner="one") == 1
        assert store.supersede([superseded]) == 1
        store.release([kept], "one")
    with port.transactions() as store:
        claimed = store.claim_due(NOW + LEASE, "two", LEASE, 10)
        assert [row.id for row in claimed] == [kept]
        assert store.mark_sent([kept], NOW, owner="two") == 1
        (later,) = store.claim_due(tomorrow, "two", LEASE, 10)
        assert (later.id, later.attempts) == (deferred, 0)


def test_a_channel_back_up_pulls_its_waiting_retries_forward_a_batch_at_most(port: Port) -> None:
    """``pull_retries``: the channel's retries waiting their backoff are due now, earliest
    first, ``limit`` at most; never a row not yet tried, one leased, or another channel's."""
    a, b, c = port.units
    email = OutboxRow(**{**vars(port.row(9, b)), "channel": "email", "key": "p1:email:9"})
    (first,) = port.add(port.row(1, a))
    (second,) = port.add(port.row(2, b))
    (third,) = port.add(port.row(3, c))
    (fourth,) = port.add(port.row(4, a, kind="before_due"))
    (elsewhere,) = port.add(email)
    (untried,) = port.add(port.row(7, c, at=NOW + timedelta(days=3)))  # planned: no retry
    backoffs = {first: 40, second: 10, third: 25, fourth: 90, elsewhere: 60}
    with port.transactions() as store:
        store.claim_due(NOW, "one", LEASE, 100)
        for row_id, minutes in backoffs.items():
            later = NOW + timedelta(minutes=minutes)
            assert store.mark_retry([row_id], 3, later, "421 try later", owner="one") == 1
    with port.transactions() as store:  # another dispatcher holds b's row a while
        (held,) = store.claim_due(NOW + timedelta(minutes=100), "two", LEASE, 1)
    assert held.id == second
    back = NOW + timedelta(minutes=2)
    with port.transactions() as store:
        assert store.pull_retries("memory", back, 2) == 2  # third, first: the earliest
    with port.transactions() as store:
        assert {row.id for row in store.claim_due(back, "one", LEASE, 100)} == {first, third}
    with port.transactions() as store:
        assert store.pull_retries("memory", back, 10) == 1  # fourth
        assert store.pull_retries("memory", back, 10) == 0  # nothing left waiting
    with port.transactions() as store:
        due = {row.id for row in store.claim_due(back, "three", LEASE, 100)}
    assert due == {fourth}  # not b's (leased), the email row or the untried one
    assert {second, elsewhere, untried}.isdisjoint(due)
