"""Two changes to one occurrence: exactly one wins. The event log under concurrent writers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

import pytest
from sqlmodel import col, func, select

from nhacviec.app import App
from nhacviec.errors import ConflictError
from nhacviec.i18n.errors import render_error
from nhacviec.services.tasks import act, pick_occurrence
from nhacviec.store.journal import events_after
from nhacviec.store.models import HistoryEntry, PlanEvent
from tests.integration.workflow.conftest import actor, import_seed, make_app, task
from workflows.standing import LOCAL_TZ
from workflows.workflow import Action, Request

AT = datetime(2025, 7, 20, 9, 0, tzinfo=LOCAL_TZ)
START = Request(Action.START)
REPORT = Request(Action.REPORT, evidence="Số 7/BC-VP")


def _version(app: App, ref: str) -> int:
    with app.reading() as session:
        return pick_occurrence(session, task(session, ref), None).version


def _move(app: App, ref: str, request: Request, version: int, at: datetime) -> None:
    with app.transaction() as session:
        target = task(session, ref)
        act(session, target, request, actor(session, target, "Văn phòng Sở"), at,
            expected_version=version)  # fmt: skip


def test_a_change_based_on_a_stale_version_is_refused(app: App) -> None:
    seen = _version(app, "I.1")  # both the unit and the office look at the same message
    _move(app, "I.1", START, seen, AT)
    with pytest.raises(ConflictError) as caught:
        _move(app, "I.1", REPORT, seen, AT + timedelta(minutes=1))
    assert "I.1" in render_error(caught.value)
    with app.reading() as session:
        occurrence = pick_occurrence(session, task(session, "I.1"), None)
        entries = session.exec(select(func.count()).select_from(HistoryEntry)).one()
    assert (occurrence.state, occurrence.version, entries) == ("in_progress", seen + 1, 1)


def _race(workers: list[Callable[[], None]]) -> list[BaseException | None]:
    """Run ``workers`` at the same moment, each on its own thread; what each raised."""
    barrier = threading.Barrier(len(workers))
    outcomes: list[BaseException | None] = [None] * len(workers)

    def run(index: int) -> None:
        barrier.wait()
        try:
            workers[index]()
        except BaseException as error:  # collected for the assertion
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres
def test_concurrent_changes_exactly_one_wins(postgres_url: str) -> None:
    app = make_app(postgres_url)
    import_seed(app)
    seen = _version(app, "I.1")
    for attempt in range(5):  # the race is real: run it several times
        ref = ["I.1", "I.2", "I.3", "I.4", "II.2"][attempt]
        seen = _version(app, ref)
        outcomes = _race(
            [
                partial(_move, app, ref, START, seen, AT),
                partial(_move, app, ref, REPORT, seen, AT),
            ]
        )
        assert sorted(type(o).__name__ for o in outcomes) == ["ConflictError", "NoneType"]
        assert _version(app, ref) == seen + 1
    app.close()


@pytest.mark.postgres
def test_the_event_log_is_gap_free_and_ordered_under_concurrent_writers(postgres_url: str) -> None:
    app = make_app(postgres_url)
    import_seed(app)
    refs = ["I.1", "I.2", "I.3", "I.4", "II.2", "II.5", "III.3", "IV.1"]
    done = threading.Event()
    followed: list[int] = []

    def follow() -> None:
        """A consumer reading the log as it grows, from its stored position."""
        position = 0
        while True:
            finished = done.is_set()
            with app.reading() as session:
                batch = [event.seq for event in events_after(session, position)]
            followed.extend(batch)
            position = batch[-1] if batch else position
            if finished and not batch:
                return

    def writer(ref: str) -> Callable[[], None]:
        def write() -> None:
            for step in range(12):
                with app.transaction() as session:
                    target = task(session, ref)
                    note = Request(Action.NOTE, note=f"tiến độ lần {step}")
                    act(session, target, note, actor(session, target, "Văn phòng Sở"), AT)

        return write

    follower = threading.Thread(target=follow)
    follower.start()
    outcomes = _race([writer(ref) for ref in refs])
    done.set()
    follower.join(timeout=60)
    assert outcomes == [None] * len(refs)
    with app.reading() as session:
        log = [
            event.seq
            for event in session.exec(select(PlanEvent).order_by(col(PlanEvent.seq))).all()
        ]
        notes = session.exec(select(func.count()).select_from(HistoryEntry)).one()
    assert log == list(range(1, len(log) + 1))  # no gap
    assert followed == log  # seen in order, each once, nothing missed
    assert notes == len(refs) * 12 == len(log) - 1  # one event per change (+ PlanImported)
    app.close()
