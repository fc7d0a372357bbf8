"""The numbers offered to a chat kept in the database (``ChoiceBook.stored``): a book of one
application offers them, a book of another application on the same database (another instance,
or the same service after a restart) answers them; they expire after their time, stale rows
are pruned, and the table stays bounded. SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session, select

from config.settings import Settings
from nhacviec.app import App
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.messages import Choice, ChoiceKind
from nhacviec.store import chat_choices
from nhacviec.store.chat_choices import ChatChoice
from workflows.workflow import Action

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def act(number: int, occurrence_id: int, action: Action = Action.START) -> Choice:
    return Choice(number, ChoiceKind.ACT, f"II.{occurrence_id}", occurrence_id, action, 4)


@pytest.fixture
def apps(database_url: str) -> Iterator[tuple[App, App]]:
    """Two applications on one database, each with its own engine (two instances)."""
    one, two = App(Settings(database_url=database_url)), App(Settings(database_url=database_url))
    yield one, two
    one.close()
    two.close()


def rows(app: App) -> list[tuple[str, str]]:
    with Session(app.engine) as session:
        found = session.exec(select(ChatChoice.messenger, ChatChoice.chat_id)).all()
    return sorted((messenger, chat_id) for messenger, chat_id in found)


def test_numbers_offered_by_one_instance_are_answered_by_another(apps: tuple[App, App]) -> None:
    one, two = (ChoiceBook.stored(app) for app in apps)
    page = Choice(3, ChoiceKind.PAGE, listing="viec", page=2, days=7)
    view = Choice(4, ChoiceKind.VIEW, "III.3 · Tháng 8/2025", occurrence_id=12)
    one.remember("zalo", "c1", [act(1, 10), act(2, 10, Action.REPORT), page, view], NOW)
    assert two.knows("zalo", "c1", NOW)
    assert [two.recall("zalo", "c1", n, NOW) for n in (1, 2, 3, 4, 5)] == [
        act(1, 10),
        act(2, 10, Action.REPORT),
        page,
        view,
        None,
    ]
    assert two.recall("zalo", "c2", 1, NOW) is None  # the chat's own
    assert two.recall("telegram", "c1", 1, NOW) is None  # and the messenger's own
    assert len(two) == len(one) == 1


def test_a_reminder_from_one_instance_numbers_after_the_others_numbers(
    apps: tuple[App, App],
) -> None:
    one, two = (ChoiceBook.stored(app) for app in apps)
    one.remember("zalo", "c1", [act(1, 10), act(2, 11)], NOW)
    added = two.add("zalo", "c1", [act(1, 20), act(2, 20, Action.REPORT)], NOW)
    assert [choice.number for choice in added] == [3, 4]
    assert one.recall("zalo", "c1", 1, NOW) == act(1, 10)
    assert one.recall("zalo", "c1", 4, NOW) == act(4, 20, Action.REPORT)
    one.remember("zalo", "c1", [act(1, 30)], NOW)  # a newer reply replaces them all
    assert two.recall("zalo", "c1", 4, NOW) is None
    assert two.recall("zalo", "c1", 1, NOW) == act(1, 30)


def test_numbers_expire_after_a_day_on_the_applications_clock(apps: tuple[App, App]) -> None:
    """The service's clock (``system_time``) moved by time-machine: a day later the number is
    gone for every instance, and the next reminder numbers from 1 again."""
    one, two = apps
    offering, answering = ChoiceBook.stored(one), ChoiceBook.stored(two)
    with time_machine.travel(NOW, tick=False) as traveller:
        offering.add("zalo", "c1", [act(1, 10)], one.clock())
        traveller.shift(timedelta(hours=24) - timedelta(seconds=1))
        assert answering.recall("zalo", "c1", 1, two.clock()) == act(1, 10)
        traveller.shift(timedelta(seconds=1))
        assert not answering.knows("zalo", "c1", two.clock())
        assert answering.recall("zalo", "c1", 1, two.clock()) is None
        assert [c.number for c in offering.add("zalo", "c1", [act(1, 30)], one.clock())] == [1]


def test_expired_rows_are_pruned_and_the_table_is_bounded(apps: tuple[App, App]) -> None:
    one, two = apps
    book = ChoiceBook.stored(one, max_chats=2)
    book.remember("zalo", "old", [act(1, 1)], NOW)
    later = NOW + timedelta(hours=25)
    book.remember("zalo", "a", [act(1, 2)], later)
    assert rows(two) == [("zalo", "a")]  # the expired chat's row went with the next write
    book.remember("zalo", "b", [act(1, 3)], later + timedelta(minutes=1))
    book.remember("zalo", "c", [act(1, 4)], later + timedelta(minutes=2))
    assert rows(two) == [("zalo", "b"), ("zalo", "c")]  # the least recently offered went
    assert len(book) == 2


def test_a_stored_row_the_code_no_longer_reads_is_left_out(apps: tuple[App, App]) -> None:
    one, _ = apps
    book = ChoiceBook.stored(one)
    book.remember("zalo", "c1", [act(1, 10), act(2, 11)], NOW)
    with one.transaction() as session:
        row = session.get(ChatChoice, ("zalo", "c1"))
        assert row is not None
        row.choices = [dict(row.choices[0], action="teleport"), row.choices[1]]
        session.add(row)
    assert book.recall("zalo", "c1", 1, NOW) is None
    assert book.recall("zalo", "c1", 2, NOW) == act(2, 11)


@pytest.mark.postgres
def test_two_instances_numbering_a_new_chat_at_once_number_one_after_the_other(
    postgres_url: str,
) -> None:
    """Instance A writes a chat's first numbers and has not committed; instance B's reminder to
    the same chat waits on A's row, then numbers after A's (its first insert collided)."""
    from sqlalchemy import text

    one, two = App(Settings(database_url=postgres_url)), App(Settings(database_url=postgres_url))
    written, release = threading.Event(), threading.Event()

    def first() -> None:
        with one.transaction() as session:
            chat_choices.change(
                session, "zalo", "c1", lambda _: (NOW + timedelta(hours=24), [_row(1, 10)]), NOW, 10
            )
            written.set()
            release.wait(30)

    holder = threading.Thread(target=first)
    holder.start()
    assert written.wait(30)
    added: list[tuple[Choice, ...]] = []
    failed: list[BaseException] = []

    def second_instance() -> None:
        try:
            added.append(ChoiceBook.stored(two).add("zalo", "c1", [act(1, 20)], NOW))
        except BaseException as exc:
            failed.append(exc)

    second = threading.Thread(target=second_instance)
    second.start()
    waiting = (
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        " AND datname = current_database()"
    )
    try:
        # B blocks on A's uncommitted row, then A commits. Autocommit: each query sees the
        # activity now (a transaction would see one snapshot of it).
        autocommit = one.engine.execution_options(isolation_level="AUTOCOMMIT")
        with autocommit.connect() as probe:
            while not probe.execute(text(waiting)).scalar_one():
                assert second.is_alive(), failed
    finally:
        release.set()
        holder.join(30)
        second.join(30)
    assert failed == []
    assert [[c.number for c in found] for found in added] == [[2]]
    book = ChoiceBook.stored(two)
    assert [book.recall("zalo", "c1", n, NOW) for n in (1, 2)] == [act(1, 10), act(2, 20)]
    one.close()
    two.close()


def _row(number: int, occurrence_id: int) -> dict[str, object]:
    choice = act(number, occurrence_id)
    return {
        "number": choice.number,
        "kind": choice.kind.value,
        "tag": choice.tag,
        "occurrence_id": choice.occurrence_id,
        "action": choice.action.value if choice.action else None,
        "version": choice.version,
        "listing": "",
        "page": 0,
        "days": 0,
    }
