"""Migrating a database made by an earlier version keeps and completes its data."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from nhacviec.store.database import alembic_config, ensure_schema, make_engine


def _at_first_revision(url: str) -> None:
    config = alembic_config()
    engine = make_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        now = datetime(2025, 7, 10, 1, 0, tzinfo=UTC).replace(tzinfo=None)
        connection.execute(
            text(
                "INSERT INTO plan (id, title, issuer, issuer_level, number, period_start,"
                " period_end, period_source, organisation, source_name, source_format,"
                " source_sha256, imported_at) VALUES (1, 'KH', 'SỞ', 'so', '', '2025-07-01',"
                " '2025-12-31', 'title', '', 'kh.docx', 'docx', :sha, :now)"
            ),
            {"sha": "a" * 64, "now": now},
        )
        for task_id, ref in ((1, "I.1"), (2, "I.2")):
            connection.execute(
                text(
                    "INSERT INTO task (id, plan_id, ref, position, section, section_title,"
                    " number, objective, task_text, activity, product, lead_text, partners_text,"
                    " time_text, budget, notes, schedule_kind, needs_review, review_reasons,"
                    " schedule_notes) VALUES (:id, 1, :ref, :id, 'I', '', '1', '', 'Việc', '',"
                    " '', 'Văn phòng', '', 'x', '', '', 'deadline', false, '[]', '[]')"
                ),
                {"id": task_id, "ref": ref},
            )
        connection.execute(  # task 1 is dated; task 2 (undated) has no occurrence yet
            text(
                "INSERT INTO occurrence (task_id, seq, label, due_date, due_words, in_period,"
                " state, version, created_at) VALUES (1, 1, '', '2025-07-30', '', true,"
                " 'assigned', 1, :now)"
            ),
            {"now": now},
        )
    engine.dispose()


def test_an_old_database_is_upgraded_with_its_data(empty_database_url: str) -> None:
    _at_first_revision(empty_database_url)
    engine = make_engine(empty_database_url)
    ensure_schema(engine)  # what any command does on first use
    with engine.connect() as connection:
        sources = connection.execute(text("SELECT plan_id, version FROM plansource")).all()
        occurrences = connection.execute(
            text("SELECT task_id, seq, due_date, state FROM occurrence ORDER BY task_id")
        ).all()
        events = connection.execute(text("SELECT seq, kind, plan_id FROM planevent")).all()
        counter = connection.execute(text("SELECT last_seq FROM eventcounter")).scalar_one()
        version = connection.execute(text("SELECT version FROM plan")).scalar_one()
    engine.dispose()
    assert [tuple(row) for row in sources] == [(1, 1)]
    assert [(row.task_id, row.seq, row.due_date is None, row.state) for row in occurrences] == [
        (1, 1, False, "assigned"),
        (2, 1, True, "assigned"),  # every task now has an occurrence: this one undated
    ]
    assert [tuple(row) for row in events] == [(1, "plan_imported", 1)]
    assert (counter, version) == (1, 1)


def test_0005_adds_the_accounts_to_a_bot_era_database_and_goes_back(
    empty_database_url: str,
) -> None:
    from sqlalchemy import inspect

    config = alembic_config()
    engine = make_engine(empty_database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    assert "user" not in inspect(engine).get_table_names()
    ensure_schema(engine)
    now = datetime(2026, 12, 7, 6, 0, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(
            text(
                'INSERT INTO "user" (id, login, role, password_hash, disabled, created_at,'
                " updated_at) VALUES (1, 'vp', 'office', '$argon2id$x', false, :now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO apitoken (token_hash, prefix, user_id, created_at)"
                " VALUES (:hash, 'nv_abcdefg', 1, :now)"
            ),
            {"hash": "b" * 64, "now": now},
        )
        duplicate = connection.execute(
            text("SELECT count(*) FROM \"user\" WHERE login = 'vp'")
        ).scalar_one()
    assert duplicate == 1
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    assert {"user", "apitoken"}.isdisjoint(inspect(engine).get_table_names())
    engine.dispose()


def test_0018_adds_the_chat_choices_and_the_zalo_columns_keeping_services_and_goes_back(
    empty_database_url: str,
) -> None:
    from sqlalchemy import inspect

    config = alembic_config()
    engine = make_engine(empty_database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0017")
    now = datetime(2026, 12, 7, 6, 0, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO serviceinstance (owner, host, pid, bot, started_at, heartbeat_at)"
                " VALUES ('host-a:1', 'host-a', 1, 'polling', :now, :now)"
            ),
            {"now": now},
        )
    ensure_schema(engine)
    assert "chatchoice" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT owner, bot, zalo, zalo_polled_at FROM serviceinstance")
        ).one()
    assert tuple(row) == ("host-a:1", "polling", "off", None)  # an older service: no Zalo bot
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0017")
    assert "chatchoice" not in inspect(engine).get_table_names()
    columns = {column["name"] for column in inspect(engine).get_columns("serviceinstance")}
    assert {"zalo", "zalo_polled_at"}.isdisjoint(columns)
    assert "bot" in columns
    engine.dispose()
