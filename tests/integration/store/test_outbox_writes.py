"""Writing the outbox on SQLite and PostgreSQL: adding rows (new keys only, counted right, in
batches of many rows) and the fenced updates that mark rows (only a lease holder's pending rows).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, col, select

from nhacviec.store import outbox
from nhacviec.store.database import ensure_schema, make_engine
from nhacviec.store.models import Plan, Reminder, Unit

NOW = datetime(2025, 7, 1, 1, 0, tzinfo=UTC)
MANY = 1_234  # more than one batch of the store's chunk size


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        _add_plan_and_unit(session)
        yield session


def _add_plan_and_unit(session: Session) -> None:
    session.add(Unit(key="thu/van-phong", name="Văn phòng", created_at=NOW))
    session.add(
        Plan(
            title="Kế hoạch thử",
            issuer="SỞ THỬ",
            issuer_level="so",
            period_start=date(2025, 7, 1),
            period_end=date(2025, 12, 31),
            period_source="option",
            source_name="thu.docx",
            source_format="docx",
            source_sha256="0" * 64,
            imported_at=NOW,
        )
    )
    session.commit()


def _rows(session: Session, keys: range, *, address: str = "unit:1") -> list[outbox.OutboxRow]:
    plan_id = session.exec(select(Plan.id)).one()
    unit_id = session.exec(select(Unit.id)).one()
    assert plan_id is not None
    assert unit_id is not None
    return [
        outbox.OutboxRow(
            key=f"k{number}",
            plan_id=plan_id,
            occurrence_id=None,
            kind="new_plan",
            stage=0,
            recipient_unit_id=unit_id,
            role="lead",
            channel="memory",
            address=address,
            due_at=NOW + timedelta(minutes=number),
        )
        for number in keys
    ]


def _stored(session: Session) -> dict[str, Reminder]:
    session.expire_all()
    return {row.key: row for row in session.exec(select(Reminder)).all()}


def _statements(session: Session) -> list[str]:
    seen: list[str] = []
    event.listen(
        session.get_bind(), "before_cursor_execute", lambda *args: seen.append(str(args[2]))
    )
    return seen


def test_adding_rows_counts_what_was_added_across_batches(session: Session) -> None:
    rows = _rows(session, range(MANY))
    assert outbox.add_rows(session, rows, NOW) == MANY
    stored = _stored(session)
    assert sorted(stored) == sorted(row.key for row in rows)
    first = stored["k0"]
    assert (first.status, first.attempts, first.next_attempt_at) == ("pending", 0, rows[0].due_at)


def test_adding_rows_again_ignores_the_keys_already_stored_and_leaves_them_as_they_are(
    session: Session,
) -> None:
    assert outbox.add_rows(session, _rows(session, range(10)), NOW) == 10
    sent_id = _stored(session)["k3"].id
    assert sent_id is not None
    assert outbox.mark_sent(session, [sent_id], NOW) == 1
    again = _rows(session, range(5, 15), address="changed")  # 5 stored keys, 5 new ones
    assert outbox.add_rows(session, again, NOW + timedelta(days=1)) == 5
    stored = _stored(session)
    assert len(stored) == 15
    assert stored["k3"].status == "sent"
    assert {stored[f"k{n}"].address for n in range(5, 10)} == {"unit:1"}  # not overwritten
    assert {stored[f"k{n}"].address for n in range(10, 15)} == {"changed"}
    assert outbox.add_rows(session, again, NOW) == 0


def test_adding_rows_sends_one_statement_per_batch_not_one_per_row(session: Session) -> None:
    seen = _statements(session)
    outbox.add_rows(session, _rows(session, range(MANY)), NOW)
    inserts = [s for s in seen if s.lstrip().upper().startswith("INSERT INTO REMINDER")]
    assert 0 < len(inserts) <= 10


def test_marking_changes_only_the_pending_rows_the_owner_holds(session: Session) -> None:
    outbox.add_rows(session, _rows(session, range(MANY)), NOW)
    session.commit()
    claimed = outbox.claim_due(session, NOW + timedelta(days=30), "me", timedelta(hours=1), MANY)
    ids = sorted(row.id for row in claimed if row.id is not None)
    assert len(ids) == MANY
    mine, theirs = ids[:700], ids[700:]
    outbox.release(session, theirs, "me")
    assert outbox.renew_lease(session, ids, "me", NOW + timedelta(hours=2)) == len(mine)
    assert outbox.mark_sent(session, ids, NOW, owner="me") == len(mine)
    assert outbox.mark_sent(session, mine, NOW, owner="me") == 0  # no longer pending
    assert outbox.mark_retry(session, theirs, 1, NOW, "x", owner="me") == 0  # not leased to me
    statuses = {row.id: (row.status, row.lease_owner) for row in _stored(session).values()}
    assert {statuses[row_id] for row_id in mine} == {("sent", None)}
    assert {statuses[row_id] for row_id in theirs} == {("pending", None)}


def test_unfenced_marks_count_every_row_they_change(session: Session) -> None:
    outbox.add_rows(session, _rows(session, range(MANY)), NOW)
    ids = [row.id for row in _stored(session).values() if row.id is not None]
    assert outbox.set_status(session, ids, outbox.SUPERSEDED) == MANY
    assert outbox.mark_told(session, ids[:3], NOW) == 3
    stored = _stored(session)
    assert {row.status for row in stored.values()} == {"superseded"}
    told = session.exec(select(Reminder).where(col(Reminder.failure_told_at).is_not(None))).all()
    assert len(told) == 3


def test_on_sqlite_a_fenced_mark_finds_its_rows_by_primary_key(tmp_path: Path) -> None:
    """Not through ix_reminder_due (status, …), which would visit every pending row."""
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    ensure_schema(engine)
    with Session(engine) as session:
        _add_plan_and_unit(session)
        outbox.add_rows(session, _rows(session, range(50)), NOW)
        session.commit()
        claimed = outbox.claim_due(session, NOW + timedelta(days=1), "me", timedelta(hours=1), 50)
        ids = [row.id for row in claimed if row.id is not None][:5]
        plans: list[str] = []

        def explain(connection: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
            if statement.startswith("UPDATE reminder"):
                found = cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}", params)
                plans.extend(str(row[-1]) for row in found.fetchall())

        event.listen(engine, "before_cursor_execute", explain)
        assert outbox.renew_lease(session, ids, "me", NOW + timedelta(hours=2)) == 5
        assert outbox.mark_sent(session, ids, NOW, owner="me") == 5
    engine.dispose()
    assert len(plans) == 2
    assert all("PRIMARY KEY" in plan for plan in plans), plans
