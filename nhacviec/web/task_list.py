"""The API's task list (``GET /api/v1/tasks``), fast: read as plain rows, encoded once, and kept
per process until the store changes or the local day does.

- A list every account may read in full (admin, office, leader; filtered by plan at most) is
  read as plain rows (``store.task_rows``) and made into the ``tasks --json`` objects here; a
  test holds them equal to ``results.task_json`` over ``list_tasks``. Other lists (a unit
  account's, a unit or bucket filter) go the reference way, and so does a list at an instant
  the log holds moves after (the past, replayed: ``services.as_of``). Each occurrence's
  evidence files and partner requests come from ``store.occurrence_extras`` (two statements
  per 500 tasks) and are written by ``results.extras_json``, the reference's own serialiser.
- The JSON is encoded once, as FastAPI's ``JSONResponse`` does, and kept (``TaskListCache``)
  under what the answer depends on: who reads (all, or which unit's account), the query, and
  the version — the store's change marker (``store.task_rows.change_marker``: any committed
  write moves it, in any process) and the local day (a standing changes at local midnight).
  The marker is read before the list, so a list is never kept under a marker older than itself.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from datetime import datetime
from typing import Any

from nhacviec.results import extras_json
from nhacviec.store.occurrence_extras import OccurrenceExtras
from nhacviec.store.task_rows import OccurrenceRow, TaskRow
from workflows.progress import task_state, tracked
from workflows.standing import bucket
from workflows.workflow import State

MAX_BYTES = 64 * 1024 * 1024  # the cache's answers together (the whole list of 10,000 tasks: 12 MB)
MAX_ENTRIES = 2_000


def rows_json(
    rows: Sequence[TaskRow], now: datetime, extras: OccurrenceExtras
) -> list[dict[str, Any]]:
    """``results.task_json`` of each task, from plain rows; ``extras`` their occurrences'
    files and partner requests (``store.occurrence_extras``, read in a batch)."""
    return [_task_json(row, now, extras) for row in rows]


def _task_json(row: TaskRow, now: datetime, extras: OccurrenceExtras) -> dict[str, Any]:
    start = row.period_start
    followed = [o for o in row.occurrences if tracked(o, start)]
    states = [State(o.state) for o in followed or row.occurrences]
    return {
        "id": row.id,
        "ref": row.ref,
        "plan": row.plan_id,
        "lead": list(row.lead),
        "partners": list(row.partners),
        "time_text": row.time_text,
        "state": task_state(states).value,
        "task": row.task_text,
        "activity": row.activity,
        "schedule_kind": row.schedule_kind,
        "needs_review": row.needs_review,
        "occurrences": [_occurrence_json(o, start, now, extras) for o in row.occurrences],
    }


def _occurrence_json(
    o: OccurrenceRow, start: Any, now: datetime, extras: OccurrenceExtras
) -> dict[str, Any]:
    state = State(o.state)
    standing = (
        bucket(state, o.due_date, o.reported_at, now, check_in=o.check_in)
        if tracked(o, start)
        else None
    )
    return {
        "id": o.id,
        "seq": o.seq,
        "label": o.label,
        "start": o.start_date.isoformat() if o.start_date else None,
        "due": o.due_date.isoformat() if o.due_date else None,
        "state": state.value,
        "bucket": standing.value if standing else None,
        "reported_at": o.reported_at.isoformat() if o.reported_at else None,
        "extended": o.extended,
        **extras_json(extras, o.id),
    }


def encode(data: Any) -> bytes:
    """The bytes FastAPI's ``JSONResponse`` would send for ``data``."""
    return json.dumps(
        data, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


class TaskListCache:
    """Encoded answers by key, each valid for one version; least recently used dropped first
    past ``max_entries`` answers or ``max_bytes`` bytes."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES) -> None:
        self.max_bytes, self.max_entries = max_bytes, max_entries
        self._entries: OrderedDict[Hashable, tuple[Hashable, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, version: Hashable) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != version:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[1]

    def put(self, key: Hashable, version: Hashable, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._entries[key] = (version, body)
            self._bytes += len(body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)
