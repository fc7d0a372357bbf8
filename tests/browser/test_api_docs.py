"""The OpenAPI page in a real browser: it renders, in the reader's language, with nothing the
browser complains of (no CSP violation, no console error); and the harness does see a
violation when a page breaks the policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Route

from nhacviec.web.server import SECURITY_HEADERS
from tests.browser.harness import Journey, LiveServer

pytestmark = pytest.mark.browser


def test_the_api_docs_page_renders_without_a_csp_complaint(
    journey: Journey, live_server: LiveServer
) -> None:
    page = journey.page
    answer = page.goto("/api/docs")
    assert answer is not None
    assert answer.status == 200
    journey.step("api docs")
    assert page.locator("h1").inner_text() == "nhacviec — REST API"
    routes = page.locator("li code").all_inner_texts()
    assert "GET /api/v1/tasks" in routes
    assert "POST /api/v1/occurrences/{occurrence_id}/actions" in routes
    assert page.get_attribute("a[href='/api/openapi.json']", "href") == "/api/openapi.json"
    assert journey.problems() == []


def test_the_harness_sees_a_page_that_breaks_the_policy(
    journey: Journey, live_server: LiveServer
) -> None:
    """The check above can fail: an inline script under the same headers is reported."""

    def inline_script(route: Route) -> None:
        body = "<!doctype html><title>probe</title><script>document.title = 'ran'</script>"
        route.fulfill(
            status=200, headers=SECURITY_HEADERS | {"Content-Type": "text/html"}, body=body
        )

    journey.page.route("**/csp-probe", inline_script)
    journey.page.goto("/csp-probe")
    journey.step("csp probe")
    assert journey.page.title() == "probe"  # the script did not run
    problems = journey.problems()
    assert any(found.startswith("CSP: script-src") for found in problems), problems
    assert any("Content Security Policy" in found for found in problems), problems
