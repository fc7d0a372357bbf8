"""The REST API says what the CLI says: the preview of every seed file is ``plan import
--dry-run --json``; the task list is ``tasks --json`` with the same filters; a refused move is
the CLI's sentence, in the request's language. Then its answers to bad input, its limits, its
headers, its OpenAPI page, and one conversation with a real uvicorn server on loopback."""

from __future__ import annotations

import io
import os
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx2
import pytest
import uvicorn

from nhacviec.errors import UnsupportedUpload, UploadTooLarge
from nhacviec.i18n import Language
from nhacviec.services.accounts import AccountRole
from nhacviec.web.server import SECURITY_HEADERS, create_api
from nhacviec.web.uploads import safe_name, saved_upload
from tests.e2e.conftest import CliRunner
from tests.e2e.plans import write_plan
from tests.integration.web.harness import (
    LEAD_UNIT,
    OFFICE_UNIT,
    SCT_UNITS,
    Person,
    WebWorld,
)
from tests.shared_paths import FIXTURES
from workflows.standing import LOCAL_TZ

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
PLANS = FIXTURES
SEED_FILES = sorted(
    path.name for path in PLANS.iterdir() if path.suffix in {".docx", ".pdf", ".xlsx", ".txt"}
)
DIRECTORIES = tuple(sorted(SCT_UNITS.parent.glob("*.yaml")))


@pytest.fixture
def world(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WebWorld]:
    """The synthetic plan, an office, a leader and the lead unit; the CLI on the same store."""
    monkeypatch.setenv("NHACVIEC_UNITS_DIRECTORIES", str(SCT_UNITS))
    built = WebWorld(sqlite_url, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx"))
    for person in (
        Person("office", AccountRole.OFFICE, OFFICE_UNIT),
        Person("leader", AccountRole.LEADER),
        Person("lead", AccountRole.UNIT, LEAD_UNIT),
    ):
        built.add(person)
    yield built
    built.close()


@pytest.mark.parametrize("name", SEED_FILES)
@pytest.mark.parametrize("directories", [True, False], ids=["directories", "no-directory"])
def test_the_preview_is_the_dry_run_json_of_the_cli(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, directories: bool
) -> None:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    if directories:
        monkeypatch.setenv("NHACVIEC_UNITS_DIRECTORIES", os.pathsep.join(map(str, DIRECTORIES)))
    monkeypatch.chdir(PLANS)  # the CLI names the file as typed: here, its name alone
    expected = cli("plan", "import", name, "--dry-run", "--json")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    world = WebWorld(url, NOW, units_directories=DIRECTORIES if directories else ())
    world.add(Person("leader", AccountRole.LEADER))
    with (PLANS / name).open("rb") as stream:
        answer = world.client.post(
            "/api/v1/plans/preview",
            files={"file": (name, stream, "application/octet-stream")},
            headers=world.headers("leader"),
        )
    world.close()
    if expected.code != 0:  # a file the CLI cannot read: the same sentence
        assert answer.status_code == 422, answer.text
        assert answer.json()["message"] == expected.err.strip()
        return
    assert answer.status_code == 200, answer.text
    assert answer.json() == expected.json()


@pytest.mark.parametrize(
    "filters",
    [{}, {"plan": "1"}, {"unit": LEAD_UNIT}, {"bucket": "open_late"}, {"plan": "1", "unit": "x"}],
    ids=["all", "plan", "unit", "bucket", "nothing"],
)
def test_the_task_list_is_the_tasks_json_of_the_cli(
    world: WebWorld, cli: CliRunner, filters: dict[str, str]
) -> None:
    options = [word for name, value in filters.items() for word in (f"--{name}", value)]
    expected = cli("tasks", "--json", "--now", NOW.isoformat(), *options)
    assert expected.code == 0, expected.err
    answer = world.client.get("/api/v1/tasks", params=filters, headers=world.headers("leader"))
    assert answer.status_code == 200, answer.text
    assert answer.json() == expected.json()


@pytest.mark.parametrize("login", ["leader", "lead"])
@pytest.mark.parametrize("filters", [{}, {"plan": "1"}, {"bucket": "open_on_time"}])
def test_a_page_of_the_task_list_is_a_slice_of_the_whole(
    world: WebWorld, login: str, filters: dict[str, str]
) -> None:
    """``limit`` and ``offset`` (read in SQL for who sees every task): the same tasks, in the
    same order, as the whole list cut; without them the list is whole (the CLI's JSON)."""
    headers = world.headers(login)
    whole = world.client.get("/api/v1/tasks", params=filters, headers=headers).json()
    assert whole
    pages = [
        world.client.get(
            "/api/v1/tasks", params=filters | {"limit": "2", "offset": str(start)}, headers=headers
        ).json()
        for start in range(0, len(whole) + 2, 2)
    ]
    assert [task for page in pages for task in page] == whole
    assert pages[-1] == []
    tail = world.client.get("/api/v1/tasks", params=filters | {"offset": "1"}, headers=headers)
    assert tail.json() == whole[1:]


def test_a_page_beyond_its_bounds_is_refused(world: WebWorld) -> None:
    headers = world.headers("leader", lang="en")
    for params in ({"limit": "0"}, {"limit": "1001"}, {"offset": "-1"}, {"limit": "x"}):
        answer = world.client.get("/api/v1/tasks", params=params, headers=headers)
        assert (answer.status_code, answer.json()["error"]) == (422, "web.bad_request"), params


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_refused_move_is_409_with_the_sentence_of_the_cli(
    world: WebWorld, cli: CliRunner, lang: str
) -> None:
    expected = cli(
        "--lang", lang, "task", "verify", "6", "--as", OFFICE_UNIT, "--now", NOW.isoformat()
    )
    assert expected.code == 1
    sentence = expected.err.splitlines()[0]
    occurrence = world.occurrence_of("6")
    answer = world.client.post(
        f"/api/v1/occurrences/{occurrence}/actions",
        json={"action": "verify"},
        headers=world.headers("office", lang=f"{lang}-VN,{lang};q=0.9"),
    )
    assert answer.status_code == 409
    assert answer.json()["message"] == sentence


def test_a_unit_reports_with_evidence_and_the_office_verifies(world: WebWorld) -> None:
    occurrence = world.occurrence_of("6")
    started = world.act("lead", occurrence, "start")
    assert started.json()["state"] == "in_progress"
    reported = world.act("lead", occurrence, "report", note="Đã tổ chức 3 lớp", evidence="bb.pdf")
    assert reported.status_code == 200, reported.text
    verified = world.act("office", occurrence, "verify")
    assert verified.status_code == 200, verified.text
    assert verified.json()["from"] == reported.json()["state"]
    assert verified.json()["state"] == world.state_of(occurrence)
    entries = world.history()[-3:]
    assert [(e.action, e.channel, e.actor_name) for e in entries] == [
        ("start", "web", "lead"),
        ("report", "web", "lead"),
        ("verify", "web", "office"),
    ]
    assert (entries[1].note, entries[1].evidence) == ("Đã tổ chức 3 lớp", "bb.pdf")


@pytest.mark.parametrize("typed", ["31/12/2026", "2026-12-31", " 31.12.2026 "])
def test_the_office_sets_a_date_as_the_cli_reads_it(world: WebWorld, typed: str) -> None:
    occurrence = world.occurrence_of("6")
    before = world.state_of(occurrence)
    moved = world.act("office", occurrence, "set_date", date=typed, note="Theo chỉ đạo")
    assert moved.status_code == 200, moved.text
    assert (moved.json()["action"], moved.json()["due"]) == ("set_date", "2026-12-31")
    assert moved.json()["state"] == before == world.state_of(occurrence)
    last = world.history()[-1]
    assert (last.action, last.channel, last.actor_name, last.note) == (
        "set_date",
        "web",
        "office",
        "Theo chỉ đạo",
    )


def test_set_date_is_the_office_s_and_needs_a_date_the_cli_would_read(
    world: WebWorld, cli: CliRunner
) -> None:
    occurrence = world.occurrence_of("6")
    expected = cli("--lang", "en", "task", "set-date", "6", "--date", "31/13/2026", "--as", "x")
    assert expected.code == 2, expected.err
    headers = world.headers("office", lang="en")
    url = f"/api/v1/occurrences/{occurrence}/actions"
    bad = world.client.post(url, json={"action": "set_date", "date": "31/13/2026"}, headers=headers)
    assert (bad.status_code, bad.json()["message"]) == (400, expected.err.strip())
    far = world.act("office", occurrence, "set_date", date="01/01/2100")
    assert (far.status_code, far.json()["error"]) == (400, "cli.date_out_of_range")
    missing = world.client.post(url, json={"action": "set_date"}, headers=headers)
    assert (missing.status_code, missing.json()["error"]) == (400, "web.date_required")
    assert missing.json()["message"].startswith("The set_date action needs a “date” field")
    for login in ("lead", "leader"):
        refused = world.act(login, occurrence, "set_date", date="31/12/2026")
        assert (refused.status_code, refused.json()["error"]) == (403, "web.forbidden")
    assert all(entry.action != "set_date" for entry in world.history())


def test_without_a_valid_token_the_answer_is_401_in_json(world: WebWorld) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer nv_not-a-token"},
        {"Authorization": "Bearer something-else"},
        {"Authorization": f"Basic {world.tokens['office']}"},
    ):
        answer = world.client.get("/api/v1/tasks", headers=headers | {"Accept-Language": "en"})
        assert answer.status_code == 401
        assert answer.headers["WWW-Authenticate"] == "Bearer"
        assert answer.json()["error"] == "web.unauthenticated"
        assert answer.json()["message"].startswith("Authentication required")


def test_bad_input_is_refused_with_a_sentence(world: WebWorld) -> None:
    headers = world.headers("office", lang="en")
    bucket = world.client.get("/api/v1/tasks", params={"bucket": "late"}, headers=headers)
    assert (bucket.status_code, bucket.json()["error"]) == (400, "cli.bad_bucket")
    plan = world.client.get("/api/v1/tasks", params={"plan": "one"}, headers=headers)
    assert (plan.status_code, plan.json()["error"]) == (422, "web.bad_request")
    action = world.act("office", world.occurrence_of("6"), "fly")
    assert (action.status_code, action.json()["error"]) == (400, "web.bad_action")
    missing = world.act("office", 999_999, "start")
    assert (missing.status_code, missing.json()["error"]) == (404, "web.occurrence_not_found")
    nowhere = world.client.get("/api/v1/nowhere", headers=headers)
    assert (nowhere.status_code, nowhere.json()["error"]) == (404, "web.not_found")


def test_uploads_are_limited_by_size_and_accepted_by_content(
    sqlite_url: str, tmp_path: Path
) -> None:
    world = WebWorld(sqlite_url, NOW, max_upload_mb=1)
    world.add(Person("office", AccountRole.OFFICE))
    headers = world.headers("office")

    def upload(name: str, content: bytes) -> httpx2.Response:
        files = {"file": (name, content, "application/octet-stream")}
        return world.client.post("/api/v1/plans/preview", files=files, headers=headers)

    too_large = upload("plan.txt", b"a" * (1024 * 1024 + 200 * 1024))
    assert (too_large.status_code, too_large.json()["error"]) == (413, "web.upload_too_large")
    png = upload("plan.docx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert (png.status_code, png.json()["error"]) == (415, "web.upload_unsupported")
    docx = (PLANS / "so-cong-thuong-2025h2.docx").read_bytes()
    renamed = upload("plan.pdf", docx)  # a DOCX, whatever its name says
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["import"]["file"] == "plan.docx"
    world.close()


def test_an_upload_sent_without_a_length_is_cut_at_the_limit(tmp_path: Path) -> None:
    with pytest.raises(UploadTooLarge), saved_upload(io.BytesIO(b"x" * (1024 * 1024 + 1)), "a", 1):
        pass
    with pytest.raises(UnsupportedUpload), saved_upload(io.BytesIO(b""), "empty.txt", 1):
        pass
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\plans\\kế hoạch.docx") == "kế hoạch.docx"
    assert safe_name(None) == safe_name("..") == "plan"


def test_every_answer_carries_the_security_headers(world: WebWorld) -> None:
    answers = [
        world.client.get("/api/v1/units", headers=world.headers("leader")),
        world.client.get("/api/v1/units"),
        world.client.get("/api/docs"),
        world.client.get("/api/openapi.json"),
        world.client.get("/nowhere"),
    ]
    for answer in answers:
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers[name] == value
    assert "unsafe-inline" not in SECURITY_HEADERS["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in SECURITY_HEADERS["Content-Security-Policy"]


def test_the_openapi_page_lists_every_route_without_a_script(world: WebWorld) -> None:
    schema = world.client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert paths == {
        "/api/v1/units",
        "/api/v1/tasks",
        "/api/v1/tasks/{task_id}",  # `task show --json`: files and partner requests too
        "/api/v1/plans/preview",
        "/api/v1/plans",
        "/api/v1/occurrences/{occurrence_id}/actions",
        "/api/v1/occurrences/{occurrence_id}/report",  # with evidence files (issue 14)
        "/api/v1/tasks/{task_id}/requests",  # the lead asks a partner
        "/api/v1/tasks/{task_id}/answers",  # the partner answers
        "/api/v1/evidence/{link_id}",  # the office downloads a file
    }
    page = world.client.get("/api/docs", headers={"Accept-Language": "en"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<script" not in page.text
    assert all(path in page.text for path in paths)
    assert 'href="/api/openapi.json"' in page.text


def test_a_real_server_on_loopback(world: WebWorld) -> None:
    """uvicorn on a socket bound before it starts: the client's call waits in the backlog."""
    api = create_api(world.app, clock=lambda: NOW, language=Language.EN, max_upload_mb=20)
    server = uvicorn.Server(uvicorn.Config(api, log_level="warning"))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            refused = client.get("/api/v1/tasks")
            listed = client.get("/api/v1/tasks", headers=world.headers("lead"))
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
    assert refused.status_code == 401
    assert refused.json()["message"].startswith("Authentication required")
    assert listed.status_code == 200
    assert {task["ref"] for task in listed.json()} == {"1", "6"}  # a partner of 1 (a group)
    assert listed.headers["X-Frame-Options"] == "DENY"


def test_a_taken_port_is_said_with_a_sentence(cli: CliRunner, sqlite_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        run = cli("--lang", "en", "web", "--port", str(port))
    assert run.code == 2
    assert run.err.startswith(f"Cannot listen on 127.0.0.1 port {port}: ")
    assert run.err.endswith("Choose another port with --port, or another address with --host.\n")
