"""The task store on SQLite and PostgreSQL: schema, time handling, plans, idempotence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect
from sqlalchemy.exc import StatementError
from sqlmodel import Session, SQLModel, select

from config.settings import Settings
from nhacviec.app import App
from nhacviec.errors import StoreError
from nhacviec.services.importing import (
    FileReading,
    ImportStatus,
    read_plan_file,
    store_readings,
)
from nhacviec.store import models, plans, units
from nhacviec.store import tasks as stored_tasks
from nhacviec.store.database import current_revision, ensure_schema, head_revision
from nhacviec.store.types import NaiveDatetimeError
from tests.shared_paths import require_shared
from workflows.units.directory import load_directory

REPO = Path(__file__).resolve().parents[3]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
HANOI = timezone(timedelta(hours=7))
NOW = datetime(2025, 7, 15, 8, 0, tzinfo=HANOI)


def _plan(imported_at: datetime) -> models.Plan:
    return models.Plan(
        title="Kế hoạch thử",
        issuer="SỞ THỬ",
        issuer_level="so",
        period_start=date(2025, 7, 1),
        period_end=date(2025, 12, 31),
        period_source="option",
        source_name="thu.docx",
        source_format="docx",
        source_sha256="0" * 64,
        imported_at=imported_at,
    )


def test_migrations_create_exactly_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        assert current_revision(connection) == head_revision()
    assert differences == []


def test_schema_is_created_once_and_then_left_alone(empty_database_url: str) -> None:
    from nhacviec.store.database import make_engine

    engine = make_engine(empty_database_url)
    ensure_schema(engine)
    ensure_schema(engine)  # a second start-up finds the schema current and changes nothing
    assert {"plan", "task", "occurrence", "unit", "taskunit"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_instants_are_stored_in_utc_and_read_back_aware(engine: Engine) -> None:
    signed_local = datetime(2025, 7, 1, 8, 0, tzinfo=HANOI)
    with Session(engine) as session:
        session.add(_plan(imported_at=signed_local))
        session.commit()
    with Session(engine) as session:
        stored = session.exec(select(models.Plan)).one()
    assert stored.imported_at == signed_local
    assert stored.imported_at.utcoffset() == timedelta(0)
    assert stored.imported_at.hour == 1  # 08:00 in Hà Nội is 01:00 UTC


def test_naive_instants_are_refused(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(_plan(imported_at=datetime(2025, 7, 1, 8, 0)))
        with pytest.raises(StatementError) as caught:
            session.commit()
    assert isinstance(caught.value.orig, NaiveDatetimeError)


def _seed_reading(name: str = "so-cong-thuong-2025h2.docx") -> FileReading:
    path = require_shared("fixtures", "plans", name)
    return read_plan_file(path, directory=load_directory(SCT_UNITS))


def test_a_plan_is_stored_with_its_tasks_units_and_occurrences(engine: Engine) -> None:
    reading = _seed_reading()
    with Session(engine) as session:
        [result] = store_readings(session, [reading], now=NOW)
        session.commit()
    assert result.status is ImportStatus.IMPORTED
    with Session(engine) as session:
        [summary] = plans.list_plans(session)
        views = stored_tasks.list_tasks(session)
        office = session.get(models.Unit, summary.plan.office_unit_id)
        unknown = session.exec(select(models.Unit).where(models.Unit.in_directory == False)).all()  # noqa: E712
    assert summary.tasks == 30
    # an undated task (or one waiting on an event) has one occurrence without a due date
    assert summary.occurrences == sum(
        max(1, len(t.schedule.occurrences)) for t in reading.parsed.tasks
    )
    assert summary.needs_review == sum(t.schedule.needs_review for t in reading.parsed.tasks)
    assert [view.task.ref for view in views][:3] == ["I.1", "I.2", "I.3"]
    first = views[0]
    assert first.lead == ("Văn phòng Sở",)
    assert first.occurrences[0].due_date == date(2025, 7, 30)  # "trước ngày 31/7/2025"
    assert office is not None
    assert office.name == "Văn phòng Sở"
    assert unknown == []  # the example directory knows every unit of its own plan


def test_tasks_can_be_listed_for_one_unit_by_any_of_its_names(engine: Engine) -> None:
    reading = _seed_reading()
    with Session(engine) as session:
        store_readings(session, [reading], now=NOW)
        session.commit()
    with Session(engine) as session:
        office = [view.task.ref for view in stored_tasks.list_tasks(session, unit="Văn phòng Sở")]
        shouted = [view.task.ref for view in stored_tasks.list_tasks(session, unit="VĂN PHÒNG SỞ")]
        justice = [view.task.ref for view in stored_tasks.list_tasks(session, unit="Sở Tư pháp")]
    assert office == shouted
    assert "I.1" in office  # named in the lead cell
    assert "II.2" in office  # through «Các phòng, đơn vị thuộc Sở», a group it belongs to
    # Sở Tư pháp belongs to no group: exactly the tasks whose cells name it.
    named = [t.ref for t in reading.parsed.tasks if "Sở Tư pháp" in (*t.lead, *t.partners)]
    assert justice == named


def test_importing_the_same_plan_twice_creates_nothing_new(engine: Engine) -> None:
    docx, pdf = _seed_reading(), _seed_reading("so-cong-thuong-2025h2.pdf")
    with Session(engine) as session:
        [first] = store_readings(session, [docx], now=NOW)
        session.commit()
    with Session(engine) as session:
        again = store_readings(session, [docx, pdf], now=NOW)  # same bytes; the same plan as a PDF
        session.commit()
        plans = session.exec(select(func.count()).select_from(models.Plan)).one()
        tasks = session.exec(select(func.count()).select_from(models.Task)).one()
    assert [r.status for r in again] == [ImportStatus.ALREADY_IMPORTED] * 2
    assert {r.plan_id for r in again} == {first.plan_id}
    assert (plans, tasks) == (1, 30)


def test_a_failed_write_leaves_the_store_unchanged(database_url: str) -> None:
    app = App(Settings(database_url=database_url))
    good = _seed_reading()
    # Two tasks with the same ref break a unique constraint half-way through the plan.
    tasks = good.parsed.tasks
    broken = replace(good.parsed, tasks=(*tasks, replace(tasks[0], ref=tasks[1].ref)))
    bad = replace(good, parsed=broken, source=replace(good.source, sha256="f" * 64))
    with pytest.raises(StoreError), app.transaction() as session:
        store_readings(session, [bad], now=NOW)
    with app.reading() as session:
        counts = [
            session.exec(select(func.count()).select_from(table)).one()
            for table in (models.Plan, models.Task, models.Occurrence, models.TaskUnit)
        ]
    assert counts == [0, 0, 0, 0]
    app.engine.dispose()


def test_directory_contacts_are_saved_and_updated(engine: Engine) -> None:
    directory = load_directory(SCT_UNITS)
    with Session(engine) as session:
        index = units.save_directory(session, directory, NOW)
        units.save_directory(session, directory, NOW)  # idempotent
        session.commit()
        contacts = session.exec(select(models.UnitContact)).all()
        stored_units = session.exec(select(models.Unit)).all()
    expected_units = len(directory.units)
    assert len(stored_units) == expected_units == len(index.units)
    expected_contacts = sum(
        len(u.emails)
        + len(u.telegram_chat_ids)
        + (bool(u.head and u.head.email) + bool(u.head and u.head.telegram_chat_id is not None))
        for u in directory.units
    )
    assert len(contacts) == expected_contacts
    assert any(c.for_head for c in contacts)
    assert stored_units[0].created_at == NOW  # the instant the caller passed, in UTC
