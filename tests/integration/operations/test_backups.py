"""Backups of SQLite: a copy taken while the service sends is one instant's database, restores
into an empty database only, and refuses what it cannot use with the reason (data unchanged)."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from config.settings import SchedulerSettings, Settings
from nhacviec.app import App
from nhacviec.errors import InputError
from nhacviec.store import backups, outbox
from nhacviec.store.database import head_revision
from nhacviec.store.models import Unit
from notifiers.memory import MemoryNotifier
from tests import ops_seed
from tests.ops_seed import NOW

ROWS = 1_000  # one message each: a thousand small transactions while backups are taken
CHECKED = 4  # backups restored and compared (each restore costs a copy)


@pytest.fixture
def sqlite_store(tmp_path: Path, _migrated_sqlite_file: Path) -> Path:
    path = tmp_path / "store.db"
    shutil.copyfile(_migrated_sqlite_file, path)
    return path


def _keys(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as connection:
        return dict(connection.execute("SELECT key, status FROM reminder"))


def _delivered(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        (count,) = connection.execute(
            "SELECT coalesce(sum(reminders), 0) FROM delivery WHERE outcome = 'accepted'"
        ).fetchone()
    return int(count)


def _pending_rows(app: App) -> None:
    with app.transaction() as session:
        unit = Unit(key="thu/van-phong", name="Văn phòng", created_at=NOW)
        plan = ops_seed.new_plan()
        session.add_all([unit, plan])
        session.flush()
        assert unit.id is not None
        assert plan.id is not None
        rows = [
            outbox.OutboxRow(
                key=f"row:{number}",
                plan_id=plan.id,
                occurrence_id=None,
                kind="new_plan",
                stage=0,
                recipient_unit_id=unit.id,
                role="lead",
                channel="memory",
                address=f"memory:{number}",
                due_at=NOW - timedelta(minutes=1),
            )
            for number in range(ROWS)
        ]
        outbox.add_rows(session, rows, NOW)


def test_a_backup_taken_while_sending_restores_one_instants_database(
    sqlite_store: Path, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=f"sqlite:///{sqlite_store}", scheduler=SchedulerSettings(batch=20)
    )
    app = App(settings, clock=lambda: NOW)
    _pending_rows(app)
    service = app.scheduler_service({"memory": MemoryNotifier()}, app.scheduler_config("t:1"))
    sending = threading.Thread(target=lambda: asyncio.run(service.dispatch(NOW)))
    sending.start()
    taken: list[Path] = []
    while sending.is_alive():
        taken.append(backups.backup_sqlite(sqlite_store, tmp_path / f"b{len(taken)}.db").path)
    sending.join()
    final = _keys(sqlite_store)
    assert list(final.values()).count("sent") == ROWS
    midway = 0
    for number, backup in enumerate(_spread(taken, CHECKED)):
        restored = backups.restore_sqlite(backup, tmp_path / "restored" / f"r{number}.db")
        assert restored.revision == head_revision()
        rows = _keys(restored.path)
        sent = [key for key, status in rows.items() if status == "sent"]
        # One instant: each row sent in the copy has its delivery in the copy, and the rest are
        # pending there (sent later in the live database).
        assert len(sent) == _delivered(restored.path)
        assert set(rows) == set(final)
        assert all(rows[key] in {"pending", "sent"} for key in rows)
        midway += 0 < len(sent) < ROWS
    assert midway >= 1, f"no backup of {len(taken)} was taken while sending"
    app.close()


def _spread(items: list[Path], count: int) -> list[Path]:
    """``count`` items from first to last, evenly apart."""
    if len(items) <= count:
        return items
    step = (len(items) - 1) / (count - 1)
    return [items[round(place * step)] for place in range(count)]


def test_restore_refuses_a_database_with_data_and_leaves_it_alone(
    sqlite_store: Path, tmp_path: Path
) -> None:
    backup = backups.backup_sqlite(sqlite_store, tmp_path / "b.db").path
    before = sqlite_store.read_bytes()
    with pytest.raises(InputError) as refused:
        backups.restore_sqlite(backup, sqlite_store)
    assert refused.value.key == "backup.target_not_empty"
    assert sqlite_store.read_bytes() == before


def test_a_backup_never_overwrites_a_file(sqlite_store: Path, tmp_path: Path) -> None:
    existing = tmp_path / "kept.db"
    existing.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        backups.backup_sqlite(sqlite_store, existing)
    assert refused.value.key == "backup.target_exists"
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_restore_refuses_what_is_no_nhacviec_backup(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database at all, " * 100, encoding="utf-8")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    target = tmp_path / "new.db"
    for backup, key in ((text, "backup.not_sqlite"), (other, "backup.not_nhacviec")):
        with pytest.raises(InputError) as refused:
            backups.restore_sqlite(backup, target)
        assert refused.value.key == key
    assert not target.exists()


def test_postgresql_gets_the_commands_without_the_password() -> None:
    url = "postgresql+psycopg://nhacviec:very-secret-pw@db.local:5433/nhacviec"
    dump = backups.dump_command(url, Path("/backups/nv.dump"))
    assert dump == (
        "pg_dump --format=custom --no-owner --file=/backups/nv.dump "
        "postgresql://nhacviec@db.local:5433/nhacviec"
    )
    restore = backups.restore_command(url, Path("nv.dump"))
    assert "very-secret-pw" not in restore
    assert restore.startswith("pg_restore --no-owner --exit-on-error --dbname=postgresql://")
