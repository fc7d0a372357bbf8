"""The API's task list made fast (``web.task_list``, ``store.task_rows``, ``web.verified``) says
exactly what the reference path says, and never an answer the store has moved past:

- the plain-row JSON equals ``results.task_json`` over ``list_tasks`` for both seed plans, at
  instants during and after the period, after moves of every kind, whole and paged; at an
  instant before moves the log holds (a clock set back), the API answers the past the
  reference way (``services.as_of``), not the present's rows;
- a kept answer is served again only while nothing was written: a write from another process
  (another ``App`` on the same store) or the next local day gives the new answer at once;
- what a unit account sees is never what a leader's answer kept;
- a bearer token verified in the last seconds is trusted without the store, until the console
  disables its account or revokes it (at once) or another process does (within the TTL).

SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from config.settings import Settings
from nhacviec.app import App
from nhacviec.results import task_json
from nhacviec.services import accounts, partner_requests
from nhacviec.services import tasks as operations
from nhacviec.services.accounts import AccountRole
from nhacviec.services.directory import import_text
from nhacviec.services.evidence import EvidenceStore, Upload, act_with_files
from nhacviec.services.importing import read_plan_file, store_readings
from nhacviec.services.queries import TaskFilter, extras_of, task_statuses
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store import tasks as stored
from nhacviec.store.occurrence_extras import extras_of_tasks
from nhacviec.store.task_rows import change_marker, task_rows
from nhacviec.store.tasks import Window
from nhacviec.web.console.users_service import AccountsDesk
from nhacviec.web.task_list import TaskListCache, rows_json
from nhacviec.web.verified import VerifiedTokens
from tests.integration.web.harness import LEAD_UNIT, OTHER_UNIT, Person, WebWorld
from tests.shared_paths import FIXTURES
from workflows.evidence import FileLimits
from workflows.standing import LOCAL_TZ
from workflows.units.directory import load_directory
from workflows.workflow import Action, Request

REPO = Path(__file__).resolve().parents[3]
UNITS = REPO / "config" / "units"
MID = datetime(2025, 10, 15, 9, 0, tzinfo=LOCAL_TZ)
INSTANTS = (
    datetime(2025, 6, 20, 9, 0, tzinfo=LOCAL_TZ),
    MID,
    datetime(2026, 1, 5, 9, 0, tzinfo=LOCAL_TZ),
)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    """Both seed plans, moves of every kind on plan 1 (a report with files, requests to a
    partner, one answered), and accounts of each kind."""
    built = WebWorld(database_url, MID, units_directories=tuple(sorted(UNITS.glob("*.yaml"))))
    for plan, units in (
        ("so-cong-thuong-2025h2.docx", "so-cong-thuong.yaml"),
        ("xa-ba-long-2025h2.docx", "xa-ba-long.yaml"),
    ):
        reading = read_plan_file(FIXTURES / plan, directory=load_directory(UNITS / units))
        with built.app.transaction() as session:
            store_readings(session, [reading], now=MID - timedelta(days=120))
    _moves(built.app)
    _files_and_requests(
        built.app,
        EvidenceStore(
            tmp_path / "evidence", FileLimits(1 << 20, frozenset({"pdf", "png", "xlsx"}))
        ),
    )
    for person in (
        Person("admin", AccountRole.ADMIN),
        Person("leader", AccountRole.LEADER),
        Person("lead", AccountRole.UNIT, LEAD_UNIT),
        Person("other-unit", AccountRole.UNIT, OTHER_UNIT),
    ):
        built.add(person)
    yield built
    built.close()


def _moves(app: App) -> None:
    """On plan 1: a report verified, a report waiting, a task cancelled, a date moved."""
    with app.transaction() as session:
        (office,) = stored.find_tasks_by_ref(session, "I.1", 1)
        plan = stored.plan_of(session, office)
        actor = Actor(plan.office_unit_id, Channel.CLI, name="test")
        lead = Actor(plan.office_unit_id, Channel.CLI, name="lead")  # the office leads I.x
        report = Request(Action.REPORT, note="Đã ban hành", evidence="Số 12/KH-SCT")
        operations.act(session, office, report, lead, MID - timedelta(days=80))
        operations.act(session, office, Request(Action.VERIFY), actor, MID - timedelta(days=79))
        (second,) = stored.find_tasks_by_ref(session, "I.2", 1)
        operations.act(session, second, report, lead, MID - timedelta(days=20))
        (third,) = stored.find_tasks_by_ref(session, "I.4", 1)
        cancel = Request(Action.CANCEL, note="Không còn phù hợp")
        operations.act(session, third, cancel, actor, MID - timedelta(days=10))
        (fourth,) = stored.find_tasks_by_ref(session, "I.3", 1)
        operations.set_date(session, fourth, date(2025, 10, 20), actor, MID - timedelta(days=5))


def _files_and_requests(app: App, store: EvidenceStore) -> None:
    """On plan 1's VII.2 (led by Bộ phận Một cửa, Phòng Quản lý Công nghiệp a partner): two
    requests, one answered with a file, and a report with two files."""
    with app.transaction() as session:
        (task,) = stored.find_tasks_by_ref(session, "VII.2", 1)
        named = stored.task_units(session, task.id or 0)
        (lead,) = named.lead
        partner = min(named.partners - named.lead)
        by_lead, by_partner = Actor(lead, Channel.CLI), Actor(partner, Channel.CLI)
        asked = MID - timedelta(days=9)
        for days, words in ((20, "Đề nghị cung cấp số liệu"), (30, "Đề nghị cung cấp ảnh")):
            due = (asked + timedelta(days=days)).date()
            partner_requests.ask(session, task, partner, due, words, by_lead, asked)
        files = [Upload("so-lieu.xlsx", b"PK\x03\x04 figures")]
        partner_requests.answer(session, store, task, "Gửi số liệu", by_partner, MID, files)
        due = (MID + timedelta(days=10)).date()
        partner_requests.ask(session, task, partner, due, "Bổ sung", by_lead, MID)
        report = Request(Action.REPORT, note="Đã số hóa hồ sơ")
        scans = [Upload("bao-cao.pdf", b"%PDF-1.4 a"), Upload("anh.png", b"\x89PNG\r\n\x1a\n")]
        act_with_files(session, store, task, report, by_lead, MID, scans)


def _reference(
    world: WebWorld, now: datetime, plan: int | None, window: Window | None
) -> list[dict[str, object]]:
    with world.app.reading() as session:
        statuses = task_statuses(session, now, TaskFilter(plan_id=plan), window)
        extras = extras_of(session, statuses)
        return [task_json(status, extras) for status in statuses]


@pytest.mark.parametrize("now", INSTANTS[1:], ids=["during", "after"])
def test_plain_rows_give_the_reference_json(world: WebWorld, now: datetime) -> None:
    windows = (None, Window(50), Window(7, 13), Window(1000, 85), Window(5, 10_000))
    for plan in (None, 1, 2):
        for window in windows:
            with world.app.reading() as session:
                rows = task_rows(session, plan_id=plan, window=window)
                fast = rows_json(rows, now, extras_of_tasks(session, (r.id for r in rows)))
            assert fast == _reference(world, now, plan, window), (plan, window)
    whole = _reference(world, now, 1, None)
    states = {task["state"] for task in whole}
    assert states >= {"cancelled", "verified", "reported"}
    occurrences: list[dict[str, list[object]]] = [
        o
        for task in whole
        for o in task["occurrences"]  # type: ignore[attr-defined]
    ]
    carried = [(len(o["evidence"]), len(o["requests"])) for o in occurrences]
    assert [pair for pair in carried if pair != (0, 0)] == [(3, 3)]


def _get(world: WebWorld, login: str, **params: str) -> list[dict[str, object]]:
    answer = world.client.get("/api/v1/tasks", params=params, headers=world.headers(login))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    found: list[dict[str, object]] = answer.json()
    return found


def test_a_clock_before_the_moves_gets_the_past_the_reference_way(world: WebWorld) -> None:
    """The plain rows are the present; at an instant the log has moves after (a clock set back),
    the API answers what ``tasks --now`` says then: the moves not made yet."""
    before = INSTANTS[0]
    world.now = before
    for params in ({}, {"plan": "1", "limit": "10", "offset": "5"}, {"plan": "2"}):
        plan = int(params["plan"]) if "plan" in params else None
        window = Window(10, 5) if "limit" in params else None
        assert _get(world, "leader", **params) == _reference(world, before, plan, window)
    past = _reference(world, before, 1, None)
    assert {task["state"] for task in past} == {"assigned"}
    with world.app.reading() as session:
        rows = task_rows(session, plan_id=1, window=None)
        present = rows_json(rows, before, extras_of_tasks(session, (r.id for r in rows)))
    assert {task["state"] for task in present} >= {"cancelled", "verified", "reported"}


def test_the_api_answers_the_reference_json(world: WebWorld) -> None:
    assert _get(world, "leader") == _reference(world, MID, None, None)
    assert _get(world, "leader", plan="1", limit="10", offset="5") == _reference(
        world, MID, 1, Window(10, 5)
    )
    assert _get(world, "admin", plan="2") == _reference(world, MID, 2, None)


def test_a_kept_answer_is_served_until_another_process_writes(world: WebWorld) -> None:
    cache = world.api.state.service.task_lists
    first = _get(world, "leader", plan="1", limit="50")
    hits = cache.hits
    assert _get(world, "leader", plan="1", limit="50") == first
    assert cache.hits == hits + 1  # the same answer, from the cache
    other = App(Settings(database_url=world.app.settings.database_url), clock=lambda: MID)
    try:  # another process's write: a new date for II.2
        with other.transaction() as session:
            (task,) = stored.find_tasks_by_ref(session, "II.2", 1)
            actor = Actor(stored.plan_of(session, task).office_unit_id, Channel.CLI)
            operations.set_date(session, task, date(2025, 12, 1), actor, MID)
    finally:
        other.close()
    after = _get(world, "leader", plan="1", limit="50")
    moved = next(task for task in after if task["ref"] == "II.2")
    assert moved["occurrences"][0]["due"] == "2025-12-01"  # type: ignore[index]
    assert after == _reference(world, MID, 1, Window(50))
    assert after != first


def test_a_kept_answer_ends_with_the_local_day(world: WebWorld) -> None:
    """No write at all: II.2 (due 17/11/2025) stands open on time on its due day and late
    from 00:00 the next day, local time."""
    world.now = datetime(2025, 11, 17, 23, 59, tzinfo=LOCAL_TZ)
    on_day = _bucket_of(_get(world, "leader", plan="1"), "II.2")
    world.now = datetime(2025, 11, 18, 0, 0, tzinfo=LOCAL_TZ)
    next_day = _bucket_of(_get(world, "leader", plan="1"), "II.2")
    assert (on_day, next_day) == ("open_on_time", "open_late")


def _bucket_of(tasks: list[dict[str, object]], ref: str) -> object:
    task = next(task for task in tasks if task["ref"] == ref)
    return task["occurrences"][0]["bucket"]  # type: ignore[index]


def test_a_unit_account_never_gets_a_leaders_kept_answer(world: WebWorld) -> None:
    everything = _get(world, "leader")
    mine = _get(world, "lead")
    others = _get(world, "other-unit")
    assert len(mine) < len(everything)
    assert mine != others
    with world.app.reading() as session:
        lead_unit = accounts.authenticate(session, world.tokens["lead"], MID).unit_id
        named = stored.units_of_tasks(session, {int(str(task["id"])) for task in everything})
    assert lead_unit is not None
    expected = [
        task["id"]
        for task in everything
        if lead_unit in named[int(str(task["id"]))].lead | named[int(str(task["id"]))].partners
    ]
    assert [task["id"] for task in mine] == expected
    assert _get(world, "lead") == mine  # kept for the unit, apart


def test_the_change_marker_moves_with_a_directory_edit(world: WebWorld) -> None:
    with world.app.reading() as session:
        before = change_marker(session)
    text = (UNITS / "xa-ba-long.yaml").read_text(encoding="utf-8")
    with world.app.transaction() as session:
        import_text(session, text, "xa-ba-long.yaml", now=MID + timedelta(hours=1), by="test")
    with world.app.reading() as session:
        assert change_marker(session) != before


# -- verified tokens ---------------------------------------------------------------------------


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _status(world: WebWorld, login: str) -> int:
    answer = world.client.get("/api/v1/units", headers=world.headers(login))
    return int(answer.status_code)


def _ticking(world: WebWorld) -> Ticks:
    ticks = Ticks()
    world.api.state.service.verified = VerifiedTokens(monotonic=ticks)
    return ticks


def _desk(world: WebWorld) -> AccountsDesk:
    return AccountsDesk(world.app, lambda: world.now, world.api.state.service.verified)


def _admin(world: WebWorld) -> accounts.Account:
    with world.app.reading() as session:
        return accounts.authenticate(session, world.tokens["admin"], MID)


def test_another_process_disabling_an_account_is_seen_within_the_ttl(world: WebWorld) -> None:
    ticks = _ticking(world)
    assert _status(world, "leader") == 200
    world.disable("leader")  # not through this process's console: the token is still known
    ticks.now += 4.9
    assert _status(world, "leader") == 200
    ticks.now += 0.1
    assert _status(world, "leader") == 401
    ticks.now += 100
    assert _status(world, "leader") == 401  # a refusal is never kept


def test_the_consoles_disable_and_revoke_end_a_known_token_at_once(world: WebWorld) -> None:
    _ticking(world)
    assert _status(world, "leader") == 200
    assert _status(world, "lead") == 200
    _desk(world).disable(_admin(world), "leader")
    assert _status(world, "leader") == 401
    assert _desk(world).revoke_tokens(_admin(world), "lead") == 1
    assert _status(world, "lead") == 401
    assert _status(world, "admin") == 200


def test_an_answer_read_before_a_forget_is_not_kept() -> None:
    tokens = VerifiedTokens(monotonic=Ticks())
    account = accounts.Account(1, "x", AccountRole.LEADER, None)
    generation = tokens.generation
    tokens.forget_all()  # a disable committed while the account was being read
    tokens.put("digest", account, generation)
    assert tokens.get("digest") is None
    tokens.put("digest", account, tokens.generation)
    assert tokens.get("digest") == account


def test_the_cache_keeps_to_its_bounds() -> None:
    cache = TaskListCache(max_bytes=100, max_entries=3)
    for key in range(5):
        cache.put(key, "v1", b"x" * 30)
    assert [cache.get(key, "v1") for key in range(5)] == [None, None, *[b"x" * 30] * 3]
    cache.put("big", "v1", b"y" * 101)  # larger than the whole cache: not kept
    assert cache.get("big", "v1") is None
    assert cache.get(4, "v2") is None  # another version of the store
