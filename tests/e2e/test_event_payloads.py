"""The plan event log's typed payloads write what the log has always stored, key for key.

A store is driven through the changes a user makes (import, moves, notes, dates set and moved,
an external event, an amendment); the payloads stored are compared
with the JSON the log held before the payloads were typed, and each is read back and written
again unchanged.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.e2e.conftest import CliRunner
from tests.e2e.plans import EVENT, amended, write_plan
from workflows.event_payloads import read_payload

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
OFFICE = "Văn phòng Sở"
PARTNER = "Trung tâm Khuyến công"  # of task 6
LEAD = "Phòng Kế hoạch - Tài chính"  # of task 5

_STATE = "occurrence_state_changed"
# What the log stored for this story before the payloads were typed (JSON text, key order kept).
STORED_BEFORE: list[tuple[str, str]] = [
    ("plan_imported", '{"version": 1, "tasks": 6, "source": "ke-hoach-2026.docx"}'),
    (_STATE, '{"action": "start", "from": "assigned", "to": "in_progress", "on_behalf": false}'),
    ("note_added", '{"action": "note", "from": "assigned", "to": "assigned", "on_behalf": false}'),
    (_STATE, '{"action": "report", "from": "assigned", "to": "reported", "on_behalf": false}'),
    (_STATE, '{"action": "return", "from": "reported", "to": "returned", "on_behalf": false}'),
    ("due_date_set", '{"from": null, "to": "2026-06-30", "start": null, "source": "office"}'),
    (
        "due_date_changed",
        '{"from": "2026-06-30", "to": "2026-07-31", "start": "2026-07-01", "source": "office"}',
    ),
    ("external_event_recorded", '{"name": "' + EVENT + '", "occurred_on": "2026-02-12"}'),
    (
        "due_date_set",
        '{"from": null, "to": "2026-02-26", "start": "2026-02-12", "source": "event"}',
    ),
    ("external_event_recorded", '{"name": "có Quy chế của TW", "occurred_on": "2026-02-27"}'),
    (
        "due_date_changed",
        '{"from": "2026-01-30", "to": "2026-02-27", "start": null, "source": "amendment"}',
    ),
    ("task_added", '{"ref": "6"}'),
    (_STATE, '{"action": "cancel", "from": "assigned", "to": "cancelled"}'),
    ("task_removed", '{"ref": "6"}'),
    (
        "plan_amended",
        '{"version": 2, "source": "ke-hoach-2026-sua-doi.docx", "changes": '
        '{"added": 1, "removed": 1, "redated": 1, "reworded": 0, "unchanged": 4}}',
    ),
]


def _story(cli: CliRunner, folder: Path) -> None:
    v1 = write_plan(folder, "ke-hoach-2026.docx")
    v2 = write_plan(folder, "ke-hoach-2026-sua-doi.docx", amended(), number="15a/KH-SCT")
    steps: list[tuple[str, ...]] = [
        ("2026-01-05T08:00", "plan", "import", str(v1), "--units", str(SCT_UNITS)),
        ("2026-01-12T08:00", "task", "start", "1", "--as", OFFICE),
        ("2026-01-13T08:00", "task", "note", "6", "--as", PARTNER, "--note", "Đã chuẩn bị"),
        ("2026-01-14T08:00", "task", "report", "5", "--as", LEAD, "--note", "Đã chấm"),
        ("2026-01-15T08:00", "task", "return", "5", "--as", OFFICE, "--note", "Thiếu số liệu"),
        ("2026-01-16T08:00", "task", "set-date", "4", "--as", OFFICE, "--date", "30/06/2026"),
        ("2026-01-17T08:00", "task", "set-date", "4", "--as", OFFICE, "--date", "31/07/2026",
         "--start", "01/07/2026"),
        ("2026-02-13T08:30", "event", "record", EVENT, "--date", "12/02/2026", "--as", OFFICE),
        ("2026-03-02T08:00", "event", "record", "Quy chế của TW", "--date", "27/02/2026",
         "--as", OFFICE),
        ("2026-03-03T08:00", "plan", "import", str(v2), "--amends", "1"),
    ]  # fmt: skip
    for when, *args in steps:
        run = cli("--now", f"{when}+07:00", *args)
        assert run.code == 0, (args, run.err)


def _stored(url: str) -> list[tuple[str, str]]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        rows = connection.execute("SELECT kind, payload FROM planevent ORDER BY seq").fetchall()
    return [(str(kind), str(payload)) for kind, payload in rows]


def _items(text: str) -> list[tuple[str, Any]]:
    return list(json.loads(text).items())


def test_the_typed_payloads_store_what_the_log_stored_before(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    _story(cli, tmp_path)
    stored = _stored(sqlite_url)
    assert [(kind, _items(text)) for kind, text in stored] == [
        (kind, _items(text)) for kind, text in STORED_BEFORE
    ]


def test_every_stored_payload_reads_back_and_writes_again_unchanged(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    _story(cli, tmp_path)
    for kind, text in _stored(sqlite_url):
        data = json.loads(text)
        assert list(read_payload(kind, data).to_json().items()) == list(data.items())
