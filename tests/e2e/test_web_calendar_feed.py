"""``nhacviec unit calendar-link U`` and ``GET /calendar/<token>.ics``: the unit's feed on the
web server, without a login, for the token's holder only; a new link or ``--revoke`` ends the
old one; any other token is a 404."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from sqlmodel import Session, create_engine, select

from nhacviec.store.calendar_links import CalendarLink
from nhacviec.web.server import SECURITY_HEADERS
from tests.e2e.conftest import CliRunner
from tests.e2e.test_cli_calendar import BEFORE, DURING, SCT_OFFICE, UNITS, XA_UNIT
from tests.integration.web.harness import WebWorld
from tests.shared_paths import require_shared

PUBLIC = "https://nhacviec.soct.example.gov.vn"


@pytest.fixture
def world(cli: CliRunner, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[WebWorld]:
    """Both seed plans imported by the CLI; the web application over the same store."""
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    for plan, units in (
        ("so-cong-thuong-2025h2.docx", "so-cong-thuong.yaml"),
        ("xa-ba-long-2025h2.docx", "xa-ba-long.yaml"),
    ):
        path = require_shared("fixtures", "plans", plan)
        run = cli("--now", BEFORE, "plan", "import", path, "--units", UNITS / units)
        assert run.code == 0, run.err
    built = WebWorld(database_url, datetime.fromisoformat(DURING))
    yield built
    built.close()


def link(cli: CliRunner, unit: str, *more: str) -> str:
    run = cli("--now", DURING, "unit", "calendar-link", unit, *more)
    assert run.code == 0, run.err
    return run.out.strip()


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_the_link_serves_the_units_feed_without_a_login(cli: CliRunner, world: WebWorld) -> None:
    url = link(cli, SCT_OFFICE)
    assert url.startswith("http://127.0.0.1:8080/calendar/")
    assert url.endswith(".ics")
    answer = world.client.get(path_of(url))  # no Authorization header, no cookie
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value
    # The same feed as ``nhacviec ics`` of the same unit on the same store, byte for byte.
    printed = cli("--now", DURING, "ics", "--unit", SCT_OFFICE)
    assert printed.code == 0, printed.err
    assert answer.content == printed.out.encode("utf-8")
    calendar = Calendar.from_ical(answer.content)
    assert len(calendar.events) > 20


def test_the_token_is_kept_only_as_its_hash(
    cli: CliRunner, world: WebWorld, database_url: str
) -> None:
    token = path_of(link(cli, SCT_OFFICE)).removeprefix("/calendar/").removesuffix(".ics")
    assert len(token) >= 32
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            (row,) = session.exec(select(CalendarLink)).all()
    finally:
        engine.dispose()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash
    assert (row.created_by, row.revoked_at) == ("cli", None)


def test_a_new_link_replaces_the_old_and_revoke_ends_it(cli: CliRunner, world: WebWorld) -> None:
    old = link(cli, SCT_OFFICE)
    new = link(cli, SCT_OFFICE)
    assert old != new
    assert world.client.get(path_of(old)).status_code == 404
    assert world.client.get(path_of(new)).status_code == 200
    run = cli("--now", DURING, "unit", "calendar-link", SCT_OFFICE, "--revoke")
    assert run.code == 0, run.err
    assert "Đã thu hồi 1 địa chỉ lịch" in run.out
    assert "calendar/" not in run.out  # revoking prints no new address
    assert world.client.get(path_of(new)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/wrong-token.ics",
        "/calendar/.ics",
        "/calendar/" + "x" * 300 + ".ics",
        "/calendar/token",
    ],
)
def test_any_other_token_is_not_found(cli: CliRunner, world: WebWorld, path: str) -> None:
    link(cli, SCT_OFFICE)
    answer = world.client.get(path)
    assert answer.status_code == 404
    assert "VCALENDAR" not in answer.text


def test_one_units_link_shows_nothing_of_another_plan(cli: CliRunner, world: WebWorld) -> None:
    xa = Calendar.from_ical(world.client.get(path_of(link(cli, XA_UNIT))).content)
    sct = Calendar.from_ical(world.client.get(path_of(link(cli, SCT_OFFICE))).content)
    assert xa.events
    assert all("Ba Lòng" in event.categories[0] for event in xa.events)
    assert not {event.uid for event in xa.events} & {event.uid for event in sct.events}


def test_the_address_is_under_the_public_url(
    cli: CliRunner, world: WebWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHACVIEC_WEB_PUBLIC_URL", PUBLIC + "/")
    url = link(cli, SCT_OFFICE)
    assert url.startswith(PUBLIC + "/calendar/")
    assert world.client.get(path_of(url)).status_code == 200
    printed = cli("--now", DURING, "ics", "--unit", SCT_OFFICE)
    events = Calendar.from_ical(printed.out).events
    assert all(event.uid.endswith("@nhacviec.soct.example.gov.vn") for event in events)
    assert all(str(event["URL"]).startswith(PUBLIC + "/tasks/") for event in events)


def test_an_unknown_unit_gets_no_link(cli: CliRunner, world: WebWorld) -> None:
    run = cli("--now", DURING, "unit", "calendar-link", "Phòng Không Có")
    assert run.code == 2
    assert "Phòng Không Có" in run.err
    assert run.out == ""
