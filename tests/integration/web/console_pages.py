"""Reading the console's task pages as a test reads them: the standings' counts and their links,
the listed tasks, the calendar's entries, a form's fields."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

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
