"""Reading the console's task pages as a test reads them: the standings' counts and their links,
the listed tasks, the calendar's entries, a form's fields; an outbox row to follow."""

from __future__ import annotations

import html
import re
import secrets
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from nhacviec.store.models import Occurrence, Reminder, Unit
from tests.integration.web.harness import csrf_of

_STAT = re.compile(r'data-bucket="(\w+)" href="([^"]+)"><span>[^<]*</span><strong>(\d+)</strong>')
_CELL = re.compile(r'data-bucket="(\w+)"[^>]*><a href="([^"]+)">(\d+)</a>')
_LISTED = re.compile(r'<tr data-task="(\d+)"')
_ENTRY = re.compile(r'<a data-task="(\d+)" class="due [^"]*" href="([^"]+)"')
_FLASH = re.compile(r'<p class="flash" role="status">([^<]*)</p>')
_ALERT = re.compile(r'<p class="error" role="alert">([^<]*)</p>')


def stats(page: str) -> dict[str, tuple[int, str]]:
    """The summary's counts: bucket (or "all") → (tasks, the link to their list)."""
    return {kind: (int(n), html.unescape(link)) for kind, link, n in _STAT.findall(page)}


def counted_links(page: str) -> list[tuple[int, str]]:
    """Every count of the standings tables with its link."""
    return [(int(n), html.unescape(link)) for _, link, n in _CELL.findall(page)]


def listed(page: str) -> list[int]:
    return [int(task) for task in _LISTED.findall(page)]


def entries(page: str) -> list[tuple[int, str]]:
    return [(int(task), html.unescape(link)) for task, link in _ENTRY.findall(page)]


def flash(page: str) -> str | None:
    found = _FLASH.search(page)
    return html.unescape(found.group(1)) if found else None


def alerts(page: str) -> list[str]:
    return [html.unescape(text) for text in _ALERT.findall(page)]


def forms(page: str) -> set[str]:
    """The actions the page offers as forms."""
    return set(re.findall(r'name="action" value="(\w+)"', page))


def act(browser: TestClient, task_id: int, occurrence: int, action: str, **words: str) -> Any:
    """Send a task page's form, as a person does (the page's CSRF token)."""
    page = browser.get(f"/tasks/{task_id}")
    data = {"csrf": csrf_of(page.text), "occurrence": str(occurrence), "action": action, **words}
    return browser.post(f"/tasks/{task_id}/actions", data=data)


def add_reminder(session: Session, status: str, *, channel: str = "telegram") -> int:
    """An outbox row of plan 1's first occurrence to the office, in ``status`` (a dead letter:
    five failed attempts and the channel's last words)."""
    occurrence = session.exec(select(Occurrence).order_by(col(Occurrence.id))).first()
    unit = session.exec(select(Unit).order_by(col(Unit.id))).first()
    assert occurrence is not None
    assert unit is not None
    assert unit.id is not None
    when = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    row = Reminder(
        key=f"test:{status}:{channel}:{when.isoformat()}:{secrets.token_hex(4)}",
        plan_id=1,
        occurrence_id=occurrence.id,
        kind="overdue",
        recipient_unit_id=unit.id,
        role="lead",
        channel=channel,
        address="-1001234567890",
        due_at=when,
        status=status,
        attempts=5 if status == "dead" else 1,
        next_attempt_at=when,
        last_error="Forbidden: bot was blocked by the user" if status == "dead" else "",
        failure_told_at=when if status == "dead" else None,
        created_at=when,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id
