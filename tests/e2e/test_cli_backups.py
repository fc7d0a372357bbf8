"""``nhacviec db backup FILE`` and ``db restore FILE`` as typed: a sentence for each outcome,
exit 2 for a refusal (nothing changed), the pg_dump command for PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhacviec.store.database import make_engine
from tests import ops_seed
from tests.e2e.conftest import CliRunner


def test_backup_then_restore_into_a_new_database(
    cli: CliRunner, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("db", "upgrade").code == 0
    engine = make_engine(sqlite_url)
    ops_seed.seed(engine)
    engine.dispose()
    backup = tmp_path / "backups" / "nhacviec.db"
    backup.parent.mkdir()
    taken = cli("--lang", "en", "db", "backup", backup)
    assert taken.code == 0, taken.err
    assert "integrity check passed" in taken.out
    again = cli("--lang", "en", "db", "backup", backup)
    assert (again.code, "already exists" in again.err) == (2, True)
    full = cli("--lang", "en", "db", "restore", backup)  # into the database it came from
    assert (full.code, "already holds data" in full.err) == (2, True)
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{tmp_path / 'new' / 'store.db'}")
    restored = cli("db", "restore", backup)
    assert restored.code == 0, restored.err
    assert "Đã khôi phục" in restored.out
    report = cli("status", "--json", "--now", ops_seed.NOW.isoformat()).json()
    assert report["outbox"]["sent"] == {"email": 5, "telegram": 4}


def test_postgresql_backup_prints_the_pg_dump_command(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", "postgresql+psycopg://nv:pw-123@db:5432/nv")
    shown = cli("--lang", "en", "db", "backup", "nv.dump")
    assert shown.code == 0
    assert "pg_dump --format=custom --no-owner --file=nv.dump postgresql://nv@db:5432/nv" in (
        shown.out
    )
    assert "pw-123" not in shown.out


@pytest.mark.postgres
def test_postgresql_restore_needs_an_empty_database(
    cli: CliRunner, postgres_url: str, empty_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", postgres_url)
    refused = cli("--lang", "en", "db", "restore", "nv.dump")
    assert (refused.code, "already holds data" in refused.err) == (2, True)
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", empty_postgres_url)
    shown = cli("--lang", "en", "db", "restore", "nv.dump")
    assert shown.code == 0, shown.err
    assert "pg_restore --no-owner --exit-on-error --dbname=postgresql://" in shown.out
