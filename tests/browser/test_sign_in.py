"""Signing in to the console in a real browser: a stranger is sent to the sign-in page, signs
in, sees the home page and signs out; a wrong password is said; the sixth wrong one waits."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from nhacviec.i18n import Language, translate
from nhacviec.services.accounts import AccountRole
from tests.browser.harness import PASSWORD, Journey, LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def office(live_server: LiveServer) -> str:
    live_server.add_user("chanh.vp", AccountRole.OFFICE)
    return "chanh.vp"


def fill_in(page: Page, login: str, password: str) -> None:
    page.get_by_label(translate("console.login", Language.VI)).fill(login)
    page.get_by_label(translate("console.password", Language.VI)).fill(password)
    page.get_by_role("button", name=translate("console.sign_in", Language.VI)).click()


def test_the_office_signs_in_sees_the_home_page_and_signs_out(
    journey: Journey, office: str
) -> None:
    page = journey.page
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    journey.step("sign-in page")
    fill_in(page, office, PASSWORD)
    expect(page.locator("h1")).to_have_text(translate("console.welcome", Language.VI, login=office))
    expect(page).to_have_url(re.compile(r"/$"))
    journey.step("home page")
    page.get_by_role("button", name=translate("console.sign_out", Language.VI)).click()
    expect(page).to_have_url(re.compile(r"/login$"))
    journey.step("signed out")
    page.goto("/")  # the login is gone: back to the sign-in page
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    assert journey.problems() == []


def test_a_wrong_password_is_said_and_the_sixth_waits(journey: Journey, office: str) -> None:
    page = journey.page
    wrong = translate("web.bad_login", Language.VI)
    page.goto("/login")
    fill_in(page, office, "mật-khẩu-sai")
    expect(page.get_by_role("alert")).to_have_text(wrong)
    journey.step("wrong password")
    for _ in range(4):
        fill_in(page, office, "mật-khẩu-sai")
        expect(page.get_by_role("alert")).to_have_text(wrong)
    fill_in(page, office, PASSWORD)  # the sixth try, even right, waits out the window
    throttled = translate("web.login_throttled", Language.VI, minutes=15)
    expect(page.get_by_role("alert")).to_have_text(throttled)
    journey.step("throttled")
    expect(page.locator("h1")).to_have_text(translate("console.sign_in", Language.VI))
    refusals = [found for found in journey.problems() if "401" in found and "/login" in found]
    assert len(refusals) == 6, journey.problems()  # the wrong passwords' answers, nothing else
    assert len(journey.problems()) == 6, journey.problems()
