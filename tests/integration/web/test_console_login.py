"""Signing in to the console: the sign-in page, the login cookie, CSRF on every form, throttled
guessing, idle logins ending, a disabled account signed out, the API answering a signed-in
browser. The real application in this process, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nhacviec.services.accounts import AccountRole
from tests.e2e.plans import write_plan
from tests.integration.web.harness import (
    LEAD_UNIT,
    OFFICE_UNIT,
    PASSWORD,
    Person,
    WebWorld,
    csrf_of,
    sign_in,
)
from workflows.standing import LOCAL_TZ

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    built = WebWorld(database_url, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx"))
    built.add(Person("office", AccountRole.OFFICE, OFFICE_UNIT))
    built.add(Person("lead", AccountRole.UNIT, LEAD_UNIT))
    yield built
    built.close()


def test_a_stranger_is_sent_to_the_sign_in_page_and_back(world: WebWorld) -> None:
    browser = world.browser()
    answer = browser.get("/")
    assert (answer.status_code, answer.headers["location"]) == (303, "/login?next=/")
    page = browser.get("/login?next=/")
    assert page.status_code == 200
    assert "Đăng nhập" in page.text
    assert 'name="password"' in page.text
    form = {"login": "office", "password": PASSWORD, "csrf": csrf_of(page.text), "next": "/"}
    signed = browser.post("/login", data=form)
    assert (signed.status_code, signed.headers["location"]) == (303, "/")
    home = browser.get("/")
    assert home.status_code == 200
    assert "Xin chào, office" in home.text


def test_the_login_cookie_is_http_only_and_same_site(world: WebWorld) -> None:
    answer = sign_in(world.browser(), "office", PASSWORD)
    cookie = answer.headers["set-cookie"]
    assert "nhacviec_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback; behind HTTPS it is Secure


def test_behind_https_the_cookie_is_secure(world: WebWorld) -> None:
    browser = TestClient(world.api, base_url="https://console.example", follow_redirects=False)
    world.browsers.append(browser)
    assert "Secure" in sign_in(browser, "office", PASSWORD).headers["set-cookie"]


def test_pages_carry_the_security_headers(world: WebWorld) -> None:
    page = world.browser().get("/login")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert "<script>" not in page.text  # no inline script: the only script is the vendored htmx
    assert world.browser().get("/static/htmx-2.0.11.min.js").status_code == 200


def test_a_wrong_password_says_so_without_telling_which_part(world: WebWorld) -> None:
    for login in ("office", "nobody"):
        answer = sign_in(world.browser(), login, "sai-mật-khẩu")
        assert answer.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in answer.text
        assert "nhacviec_session" not in answer.headers.get("set-cookie", "")


def test_the_sixth_wrong_password_is_throttled_until_the_window_passes(world: WebWorld) -> None:
    for _ in range(5):
        assert sign_in(world.browser(), "office", "sai").status_code == 401
    throttled = sign_in(world.browser(), "office", PASSWORD)  # even the right one waits
    assert throttled.status_code == 401
    assert "Vui lòng thử lại sau 15 phút" in throttled.text
    assert sign_in(world.browser(), "lead", PASSWORD).status_code == 303  # another login: free
    world.now = NOW + timedelta(minutes=15, seconds=1)
    assert sign_in(world.browser(), "office", PASSWORD).status_code == 303


def test_guessing_many_logins_from_one_address_is_throttled(world: WebWorld) -> None:
    for number in range(20):
        assert sign_in(world.browser(), f"guess-{number}", "sai").status_code == 401
    answer = sign_in(world.browser(), "office", PASSWORD)
    assert answer.status_code == 401
    assert "thử lại sau" in answer.text


def test_the_sign_in_form_needs_its_own_token(world: WebWorld) -> None:
    browser = world.browser()
    answer = browser.post("/login", data={"login": "office", "password": PASSWORD, "csrf": "x"})
    assert answer.status_code == 403
    assert "tải lại trang" in answer.text


def test_signing_out_needs_the_token_and_ends_the_login(world: WebWorld) -> None:
    browser = world.signed_in("office")
    token = csrf_of(browser.get("/").text)
    refused = browser.post("/logout", data={"csrf": "not-the-token"})
    assert refused.status_code == 403
    assert "tải lại trang" in refused.text
    assert browser.get("/").status_code == 200  # still signed in
    cookie = browser.cookies.get("nhacviec_session")
    done = browser.post("/logout", data={"csrf": token})
    assert (done.status_code, done.headers["location"]) == (303, "/login")
    assert browser.get("/").status_code == 303
    stolen = world.browser()
    stolen.cookies.set("nhacviec_session", cookie or "")
    assert stolen.get("/").status_code == 303  # the old cookie is worth nothing


def test_an_idle_login_ends(world: WebWorld) -> None:
    browser = world.signed_in("office")
    world.now = NOW + timedelta(hours=11)
    assert browser.get("/").status_code == 200  # in use: it lasts
    world.now = NOW + timedelta(hours=11 + 12, minutes=1)
    assert browser.get("/").status_code == 303


def test_a_disabled_account_is_signed_out(world: WebWorld) -> None:
    browser = world.signed_in("lead")
    world.disable("lead")
    assert browser.get("/").status_code == 303
    assert sign_in(world.browser(), "lead", PASSWORD).status_code == 401


def test_after_signing_in_only_a_local_page_is_opened(world: WebWorld) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        browser = world.browser()
        form = browser.get("/login")
        data = {
            "login": "office",
            "password": PASSWORD,
            "csrf": csrf_of(form.text),
            "next": target,
        }
        assert browser.post("/login", data=data).headers["location"] == "/"


def test_htmx_is_told_where_to_sign_in(world: WebWorld) -> None:
    answer = world.browser().get("/", headers={"HX-Request": "true"})
    assert answer.status_code == 204
    assert answer.headers["HX-Redirect"].startswith("/login")


def test_the_language_switch_is_remembered(world: WebWorld) -> None:
    browser = world.signed_in("office")
    switched = browser.get("/lang/en?next=/")
    assert (switched.status_code, switched.headers["location"]) == (303, "/")
    assert "Welcome, office" in browser.get("/").text
    assert browser.get("/lang/xx?next=//evil").headers["location"] == "/"
    assert "Welcome, office" in browser.get("/").text


def test_an_unknown_page_is_a_page_not_json(world: WebWorld) -> None:
    answer = world.signed_in("office").get("/no-such-page")
    assert answer.status_code == 404
    assert "<!doctype html>" in answer.text
    assert "Không tìm thấy" in answer.text


def test_the_api_answers_a_signed_in_browser_with_its_token_on_changes(world: WebWorld) -> None:
    browser = world.signed_in("office")
    assert browser.get("/api/v1/units").status_code == 200
    body = {"action": "note", "note": "x"}
    refused = browser.post("/api/v1/occurrences/1/actions", json=body)
    assert refused.status_code == 403
    assert refused.json()["error"] == "web.csrf_rejected"
    token = csrf_of(browser.get("/").text)
    answer = browser.post(
        "/api/v1/occurrences/1/actions", json=body, headers={"X-CSRF-Token": token}
    )
    assert answer.status_code == 200, answer.text  # past the CSRF check: the note is kept
