"""Leader election on a real PostgreSQL server: one holder of the advisory lock at a time; the
lock goes with its connection."""

from __future__ import annotations

import asyncio
from pathlib import Path

import psycopg
import pytest

from nhacviec.store.leader import AdvisoryLeadership, leadership_for
from scheduler.leader import SoleLeadership
from tests.postgres import advisory_lock_holders

NAME = "nhacviec.telegram.poller:7000000001"


def conninfo(url: str) -> str:
    leadership = leadership_for(url, NAME, holder="probe")
    assert isinstance(leadership, AdvisoryLeadership)
    return leadership.conninfo


def holders(url: str, name: str = NAME) -> list[str]:
    """Who holds the lock for ``name`` in the test's own database, as PostgreSQL sees it."""
    return advisory_lock_holders(url, name)


@pytest.fixture
def url(postgres_url: str) -> str:
    return postgres_url


@pytest.mark.postgres
def test_one_instance_leads_until_it_resigns(url: str) -> None:
    async def scenario() -> list[object]:
        first = AdvisoryLeadership(conninfo(url), NAME, holder="host-a:1")
        second = AdvisoryLeadership(conninfo(url), NAME, holder="host-b:2")
        try:
            seen: list[object] = [await first.try_lead(), await second.try_lead()]
            seen.append(await asyncio.to_thread(holders, url))
            seen += [await first.try_lead(), await second.try_lead()]  # still the same leader
            await first.resign()
            seen += [await second.try_lead(), await first.try_lead()]
            seen.append(await asyncio.to_thread(holders, url))
            return seen
        finally:
            await first.resign()
            await second.resign()

    assert asyncio.run(scenario()) == [
        True,
        False,
        ["host-a:1"],
        True,
        False,
        True,
        False,
        ["host-b:2"],
    ]
    assert holders(url) == []  # resigning closed both sessions


@pytest.mark.postgres
def test_a_lost_connection_loses_the_lead_and_frees_the_lock(url: str) -> None:
    """The leader's session ends (its process died, the server restarted): the lock is free,
    the old leader learns it no longer leads at its next check."""

    async def scenario() -> list[bool]:
        leader = AdvisoryLeadership(conninfo(url), NAME, holder="leader")
        other = AdvisoryLeadership(conninfo(url), NAME, holder="other")
        try:
            assert await leader.try_lead()
            assert not await other.try_lead()
            async with await psycopg.AsyncConnection.connect(
                conninfo(url), autocommit=True
            ) as admin:
                await admin.execute(  # returns once the session has ended (PostgreSQL 14+)
                    "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                    " WHERE application_name = 'leader'"
                )
            return [await other.try_lead(), await leader.try_lead()]
        finally:
            await leader.resign()
            await other.resign()

    assert asyncio.run(scenario()) == [True, False]


@pytest.mark.postgres
def test_different_bots_have_different_locks(url: str) -> None:
    async def scenario() -> list[bool]:
        one = AdvisoryLeadership(conninfo(url), "nhacviec.telegram.poller:1", holder="one")
        two = AdvisoryLeadership(conninfo(url), "nhacviec.telegram.poller:2", holder="two")
        try:
            return [await one.try_lead(), await two.try_lead()]
        finally:
            await one.resign()
            await two.resign()

    assert asyncio.run(scenario()) == [True, True]


def test_an_unreachable_server_means_following() -> None:
    leadership = AdvisoryLeadership(
        "postgresql://nhacviec@127.0.0.1:1/nhacviec", NAME, holder="x", timeout_s=2
    )
    assert asyncio.run(leadership.try_lead()) is False


def test_sqlite_always_leads(tmp_path: Path) -> None:
    leadership = leadership_for(f"sqlite:///{tmp_path / 'x.db'}", NAME, holder="x")
    assert isinstance(leadership, SoleLeadership)
    assert asyncio.run(leadership.try_lead()) is True
