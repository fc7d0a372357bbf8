"""A store with the synthetic plan, accounts of every role with their tokens, and the REST API
over it (``fastapi.testclient``: the real application in this process)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, func, select

from config.settings import Settings
from nhacviec.app import App
from nhacviec.i18n import Language
from nhacviec.services import accounts
from nhacviec.services.accounts import AccountRole, NewAccount
from nhacviec.services.importing import read_plan_file, store_readings
from nhacviec.store import tasks as stored
from nhacviec.store.models import HistoryEntry, Occurrence
from nhacviec.web.server import create_api
from workflows.units.directory import load_directory

REPO = Path(__file__).resolve().parents[3]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
PASSWORD = "mật-khẩu-thử-1"
OFFICE_UNIT = "Văn phòng Sở"
LEAD_UNIT = "Chi cục Quản lý thị trường"
PARTNER_UNIT = "Trung tâm Khuyến công và Xúc tiến thương mại"
OTHER_UNIT = "Phòng Kế hoạch - Tài chính"


@dataclass(frozen=True)
class Person:
    login: str
    role: AccountRole
    unit: str | None = None


# One account of each kind a route is checked against: admin, the plan's office, an office of
# another unit, a leader, the task's lead and partner units, and another unit.
EVERY_KIND = (
    Person("admin", AccountRole.ADMIN),
    Person("office", AccountRole.OFFICE, OFFICE_UNIT),
    Person("office-elsewhere", AccountRole.OFFICE, OTHER_UNIT),
    Person("leader", AccountRole.LEADER),
    Person("lead", AccountRole.UNIT, LEAD_UNIT),
    Person("partner", AccountRole.UNIT, PARTNER_UNIT),
    Person("other-unit", AccountRole.UNIT, OTHER_UNIT),
)


class WebWorld:
    def __init__(
        self,
        url: str,
        now: datetime,
        *,
        max_upload_mb: int = 20,
        units_directories: tuple[Path, ...] = (SCT_UNITS,),
    ) -> None:
        self.now = now
        settings = Settings(database_url=url, units_directories=units_directories)
        self.app = App(settings, clock=lambda: now)
        api = create_api(
            self.app, clock=lambda: self.now, language=Language.VI, max_upload_mb=max_upload_mb
        )
        self.api = api
        self.client = TestClient(api)
        self.tokens: dict[str, str] = {}
        self.browsers: list[TestClient] = []

    def close(self) -> None:
        for browser in self.browsers:
            browser.close()
        self.client.close()
        self.app.close()

    def browser(self, lang: str = "vi") -> TestClient:
        """A client of its own (its own cookies), as one browser; redirects not followed."""
        made = TestClient(self.api, follow_redirects=False, headers={"Accept-Language": lang})
        self.browsers.append(made)
        return made

    def signed_in(self, login: str, lang: str = "vi") -> TestClient:
        """A browser signed in to the console as ``login`` (its password is ``PASSWORD``)."""
        browser = self.browser(lang)
        answer = sign_in(browser, login, PASSWORD)
        assert answer.status_code == 303, answer.text
        return browser

    def import_plan(self, path: Path) -> int:
        reading = read_plan_file(path, directory=load_directory(SCT_UNITS))
        with self.app.transaction() as session:
            (result,) = store_readings(session, [reading], now=self.now)
        assert result.plan_id is not None
        return result.plan_id

    def add(self, person: Person) -> str:
        """The account and a token of it."""
        new = NewAccount(person.login, person.role, PASSWORD, person.unit)
        with self.app.transaction() as session:
            accounts.add_user(session, new, self.now)
            token = accounts.issue_token(session, person.login, self.now)
        self.tokens[person.login] = token
        return token

    def disable(self, login: str) -> None:
        with self.app.transaction() as session:
            accounts.disable_user(session, login, self.now)

    def headers(self, login: str | None, lang: str | None = None) -> dict[str, str]:
        found = {} if login is None else {"Authorization": f"Bearer {self.tokens[login]}"}
        if lang is not None:
            found["Accept-Language"] = lang
        return found

    def task_of(self, ref: str, plan_id: int = 1) -> int:
        """The id of the plan's task ``ref``."""
        with self.app.reading() as session:
            (task,) = stored.find_tasks_by_ref(session, ref, plan_id)
            assert task.id is not None
            return task.id

    def occurrence_of(self, ref: str, plan_id: int = 1) -> int:
        task_id = self.task_of(ref, plan_id)
        with self.app.reading() as session:
            first = stored.occurrences_of(session, task_id)[0]
            assert first.id is not None
            return first.id

    def state_of(self, occurrence_id: int) -> str:
        with self.app.reading() as session:
            found = session.get(Occurrence, occurrence_id)
            assert found is not None
            return found.state

    def history(self) -> list[HistoryEntry]:
        with self.app.reading() as session:
            return list(session.exec(select(HistoryEntry).order_by(col(HistoryEntry.id))).all())

    def history_count(self) -> int:
        with self.app.reading() as session:
            return int(session.exec(select(func.count()).select_from(HistoryEntry)).one())

    def act(self, login: str | None, occurrence_id: int, action: str, **words: str) -> Any:
        body: Mapping[str, str] = {"action": action, **words}
        return self.client.post(
            f"/api/v1/occurrences/{occurrence_id}/actions", json=body, headers=self.headers(login)
        )


_HIDDEN_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@contextlib.contextmanager
def world_with(
    url: str, now: datetime, plan: Path, people: Iterable[Person | None] = ()
) -> Iterator[WebWorld]:
    """A world whose store holds ``plan``, with an account and a token for each of ``people``
    (None, a stranger, has none), closed when the block ends (a fixture's body)."""
    built = WebWorld(url, now)
    built.import_plan(plan)
    for person in people:
        if person is not None:
            built.add(person)
    yield built
    built.close()


def csrf_of(page: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _HIDDEN_CSRF.search(page)
    assert found is not None, "no CSRF field on the page"
    return found.group(1)


def sign_in(browser: TestClient, login: str, password: str) -> Any:
    """Fill in and send the sign-in form, as a person does."""
    form = browser.get("/login")
    data = {"login": login, "password": password, "csrf": csrf_of(form.text), "next": "/"}
    return browser.post("/login", data=data)
