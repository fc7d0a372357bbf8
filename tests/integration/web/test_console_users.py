"""The accounts page: the administrator lists accounts, adds one (the same errors as ``nhacviec
user add``), disables one, revokes its tokens; every other role is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nhacviec.services.accounts import AccountRole
from tests.e2e.plans import write_plan
from tests.integration.web.harness import (
    LEAD_UNIT,
    OFFICE_UNIT,
    OTHER_UNIT,
    PARTNER_UNIT,
    PASSWORD,
    Person,
    WebWorld,
    csrf_of,
    sign_in,
    world_with,
)
from workflows.standing import LOCAL_TZ

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
PEOPLE = (
    Person("admin", AccountRole.ADMIN),
    Person("office", AccountRole.OFFICE, OFFICE_UNIT),
    Person("office-other", AccountRole.OFFICE, OTHER_UNIT),
    Person("leader", AccountRole.LEADER),
    Person("lead", AccountRole.UNIT, LEAD_UNIT),
    Person("partner", AccountRole.UNIT, PARTNER_UNIT),
    Person("other", AccountRole.UNIT, OTHER_UNIT),
)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    with world_with(database_url, NOW, write_plan(tmp_path, "plan.docx"), PEOPLE) as built:
        yield built


def post(browser: TestClient, path: str, data: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    token = csrf_of(browser.get("/").text)
    return browser.post(path, data={"csrf": token, **(data or {})})


def new_account(login: str, role: str, unit: str = "", password: str = PASSWORD) -> dict[str, str]:
    return {
        "login": login,
        "role": role,
        "unit": unit,
        "password": password,
        "password_again": password,
    }


def test_the_administrator_lists_the_accounts(world: WebWorld) -> None:
    page = world.signed_in("admin").get("/users")
    assert page.status_code == 200
    assert "Tài khoản người dùng" in page.text
    for person in PEOPLE:
        assert f"<strong>{person.login}</strong>" in page.text
    assert LEAD_UNIT in page.text
    assert "đang dùng" in page.text
    assert 'href="/users"' in page.text


def test_an_account_added_in_the_page_signs_in(world: WebWorld) -> None:
    admin = world.signed_in("admin")
    added = post(admin, "/users", new_account("qltt-2", "unit", LEAD_UNIT))
    assert (added.status_code, added.headers["location"]) == (303, "/users")
    page = admin.get("/users")
    assert "Đã tạo tài khoản qltt-2 (vai trò unit)." in page.text
    assert sign_in(world.browser(), "qltt-2", PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("form", "sentence"),
    [
        (new_account("office", "office"), "Đã có tài khoản office."),
        (new_account("a b", "office"), "Tên đăng nhập «a b» không hợp lệ"),
        (new_account("new", "unit"), "Tài khoản vai trò unit cần có đơn vị"),
        (new_account("new", "office", password="ngắn"), "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
        ({**new_account("new", "office"), "password_again": "khác-hẳn"}, "không khớp"),
        (new_account("new", "boss"), "Vai trò «boss» không hợp lệ"),
    ],
)
def test_a_refused_account_is_shown_beside_the_form_and_nothing_is_made(
    world: WebWorld, form: dict[str, str], sentence: str
) -> None:
    admin = world.signed_in("admin")
    answer = post(admin, "/users", form)
    assert answer.status_code in {400, 409}
    assert 'class="error"' in answer.text
    assert sentence in answer.text
    assert f'value="{form["login"]}"' in answer.text  # the form keeps what was typed
    assert "<strong>new</strong>" not in admin.get("/users").text


def test_disable_and_revoke(world: WebWorld) -> None:
    admin = world.signed_in("admin")
    lead = world.signed_in("lead")
    headers = world.headers("lead")
    assert world.client.get("/api/v1/tasks", headers=headers).status_code == 200
    revoked = post(admin, "/users/lead/revoke")
    assert revoked.status_code == 303
    assert "Đã thu hồi 1 mã truy cập của tài khoản lead." in admin.get("/users").text
    assert world.client.get("/api/v1/tasks", headers=headers).status_code == 401
    assert lead.get("/").status_code == 200  # the browser's login is not a token
    disabled = post(admin, "/users/lead/disable")
    assert disabled.status_code == 303
    assert "Đã khóa tài khoản lead" in admin.get("/users").text
    assert lead.get("/").status_code == 303  # signed out
    assert sign_in(world.browser(), "lead", PASSWORD).status_code == 401


def test_the_administrator_cannot_lock_itself_out(world: WebWorld) -> None:
    answer = post(world.signed_in("admin"), "/users/admin/disable")
    assert answer.status_code == 400
    assert "Không thể tự khóa tài khoản đang đăng nhập." in answer.text


def test_an_unknown_account_is_not_found(world: WebWorld) -> None:
    assert post(world.signed_in("admin"), "/users/nobody/disable").status_code == 404


ROUTES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("GET", "/users", {}),
    ("POST", "/users", new_account("made", "leader")),
    ("POST", "/users/other/revoke", {}),
    ("POST", "/users/partner/disable", {}),
)


@pytest.mark.parametrize(("method", "path", "data"), ROUTES, ids=lambda value: str(value)[:20])
def test_only_the_administrator_manages_accounts(
    world: WebWorld, method: str, path: str, data: dict[str, str]
) -> None:
    for person in reversed(PEOPLE):  # the administrator last: the others meet the account as it was
        browser = world.signed_in(person.login)
        answer = browser.get(path) if method == "GET" else post(browser, path, data)
        expected = {200, 303} if person.role is AccountRole.ADMIN else {403}
        assert answer.status_code in expected, (person.login, answer.status_code)
    stranger = world.browser().request(method, path, data=data)
    assert stranger.status_code == 303
    assert stranger.headers["location"].startswith("/login")
