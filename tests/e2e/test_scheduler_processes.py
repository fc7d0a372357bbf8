"""The scheduler service as it runs for months: real ``nhacviec run`` processes, killed,
restarted, run twice, stopped; and a restart after three working days down (``tick --now``).

The backlog: both seed plans imported in July 2025 and planned by ``tick --now 2025-07-04T06:00``
(before the first reminder is due), so the outbox holds every reminder of the half-year. A
``run`` reads the real clock, long after 2025: the whole outbox is due at once — the catch-up
path — and the service works through it in small batches, long enough to be interrupted.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from nhacviec.store.models import Occurrence, Plan, Reminder, Task, Unit
from tests.e2e.conftest import CliRunner
from tests.e2e.services import (
    NHACVIEC,
    Outbox,
    Services,
    clean_environment,
    count_blocks,
    keys_accepted_twice,
    nhacviec,
    run_environment,
    service_environment,
    wait_for,
)
from tests.postgres import database
from tests.shared_paths import require_shared

REPO = Path(__file__).resolve().parents[2]
SEED_PLANS = (
    ("so-cong-thuong-2025h2.docx", "so-cong-thuong.yaml"),
    ("xa-ba-long-2025h2.docx", "xa-ba-long.yaml"),
)
IMPORTED_AT = "2025-07-04T05:00+07:00"
PLANNED_AT = "2025-07-04T06:00+07:00"  # quiet hours: everything planned, nothing sent yet
SMALL_BATCH = 10  # reminders per dispatch step: the backlog takes many steps
PROCESS_TEST_TIMEOUT = (
    360  # seconds: services drain thousands of reminders, slower on a busy machine
)
DONE = {"sent", "superseded"}


def build_backlog(env: dict[str, str]) -> None:
    """Import both seed plans and plan their reminders, through the real commands."""
    for plan, units in SEED_PLANS:
        source = require_shared("fixtures", "plans", plan)
        units_file = REPO / "config" / "units" / units
        nhacviec(env, "--now", IMPORTED_AT, "plan", "import", source, "--units", units_file)
    nhacviec(env, "--now", PLANNED_AT, "tick")


@pytest.fixture(scope="session")
def backlog_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the backlog, built once and copied by each test."""
    folder = tmp_path_factory.mktemp("backlog")
    database = folder / "backlog.db"
    env = service_environment(
        folder / "home", f"sqlite:///{database}", folder / "planning-reminders.txt"
    )
    build_backlog(env)
    return database


@pytest.fixture(scope="session")
def postgres_backlog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL store holding the backlog, built once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("postgres-backlog")
    with database() as url:
        build_backlog(service_environment(folder / "home", url, folder / "planning.txt"))
        yield url


@pytest.fixture
def postgres_backlog_url(postgres_backlog: str) -> Iterator[str]:
    """A copy of the PostgreSQL backlog of this test's own."""
    with database(copy_of=postgres_backlog) as url:
        yield url


def copy_store(template: Path, folder: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, folder / f"store.db{suffix}")
    return f"sqlite:///{folder / 'store.db'}"


@pytest.fixture
def outbox_of() -> Iterator[list[Outbox]]:
    opened: list[Outbox] = []
    yield opened
    for outbox in opened:
        outbox.close()


def open_outbox(opened: list[Outbox], url: str) -> Outbox:
    outbox = Outbox(url)
    opened.append(outbox)
    return outbox


def due_now(outbox: Outbox) -> set[int]:
    now = datetime.now(UTC)
    return {
        row.id
        for row in outbox.rows()
        if row.id is not None and row.status == "pending" and row.next_attempt_at <= now
    }


def assert_drained_once(outbox: Outbox, due_before: set[int], reminders_file: Path) -> int:
    """Every row due before is handled, none is leased, none was sent twice; the number of
    messages the file holds beyond the accepted deliveries (re-sent after a crash)."""
    rows = {row.id: row for row in outbox.rows()}
    lost = {row_id: rows[row_id].status for row_id in due_before if rows[row_id].status not in DONE}
    assert not lost, f"reminders left undone: {lost}"
    assert not [row.id for row in rows.values() if row.lease_owner or row.lease_until]
    accepted = outbox.accepted()
    assert not keys_accepted_twice(accepted)
    sent = sum(1 for row in rows.values() if row.status == "sent")
    assert sum(delivery.reminders for delivery in accepted) == sent
    extra = count_blocks(reminders_file) - len(accepted)
    assert extra >= 0
    return extra


# -- 1. SIGKILL mid-dispatch, then a restart ---------------------------------------------------


@pytest.mark.timeout(PROCESS_TEST_TIMEOUT)
def test_restart_after_sigkill_loses_nothing_and_resends_at_most_the_rows_in_flight(
    backlog_template: Path, services: Services, outbox_of: list[Outbox], tmp_path: Path
) -> None:
    url = copy_store(backlog_template, tmp_path)
    reminders = tmp_path / "reminders.txt"
    env = run_environment(
        tmp_path / "home", url, reminders, batch=SMALL_BATCH, lease_s=10, every_s=1
    )
    outbox = open_outbox(outbox_of, url)
    due_before = due_now(outbox)
    assert len(due_before) > 50 * SMALL_BATCH  # a backlog of many dispatch steps

    first = services.start("first", env)
    wait_for(
        lambda: first.started() and count_blocks(reminders) > 0,
        within=60,
        what="the first message in the file",
    )
    first.kill()
    in_flight = outbox.leased()
    assert outbox.pending_due() > 0, "killed after the backlog drained: nothing was tested"
    assert all(row.lease_owner and row.lease_owner.endswith(f":{first.pid}") for row in in_flight)
    # A claim takes the due rows of at most a batch of addresses, each address whole.
    assert len({(row.channel, row.address) for row in in_flight}) <= SMALL_BATCH

    second = services.start("second", env)
    wait_for(lambda: outbox.pending_due() == 0, within=240, what="the backlog to drain")
    code, _ = second.terminate(timeout=30)
    assert code == 0, second.log()

    resent = assert_drained_once(outbox, due_before, reminders)
    assert resent <= len(in_flight), (resent, len(in_flight))
    print(f"in flight at the kill: {len(in_flight)} rows; messages sent again: {resent}")


# -- 2. Down for three working days --------------------------------------------------------------

D = "2025-08-26T08:00+07:00"  # Tuesday: the last pass before the downtime
# Down Wed 27/8, Thu 28/8, Fri 29/8 (then the weekend and the National Day holidays 1-2/9).
D_PLUS_3 = "2025-09-03T08:00+07:00"  # Wednesday: back after three working days down
D_PLUS_3_UTC = datetime(2025, 9, 3, 1, 0, tzinfo=UTC)
D_UTC = datetime(2025, 8, 26, 1, 0, tzinfo=UTC)

SO_LEADS = (  # "Các phòng chuyên môn" in the Sở's units directory
    "Văn phòng Sở",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Quản lý Công nghiệp",
    "Phòng Quản lý Năng lượng",
    "Phòng Quản lý Thương mại",
)
XA_LEAD = "Trung tâm Phục vụ hành chính công"
XA_PARTNERS = (
    "Ban Chỉ huy quân sự xã",
    "Công an xã",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
    "Trạm Y tế xã",
    "Văn phòng HĐND và UBND",
)
Expected = dict[tuple[str, int, str, str], str]  # (kind, stage, role, unit) -> status


def _each(kind: str, stage: int, role: str, units: tuple[str, ...], status: str) -> Expected:
    return {(kind, stage, role, unit): status for unit in units}


# Sở III.3 "Trước ngày 31/8/2025": due Saturday 30/8, so the work is due on Friday 29/8 (the
# due-day reminder); "N working days before" counts back from Friday: 3 → Tue 26/8 (sent by the
# tick before the downtime), 1 → Thu 28/8. Overdue from 31/8 00:00, first notice on the first
# working day after 30/8: Wed 3/9 (1/9 and 2/9 are holidays). At 3/9 08:00 the "before due" and
# "due" rows of the downtime describe a phase that is over: superseded. The overdue notice goes,
# once to each lead. The partner hears nothing late.
SO_III_3 = (
    _each("before_due", 1, "lead", SO_LEADS, "superseded")
    | _each("due", 0, "lead", SO_LEADS, "superseded")
    | _each("overdue", 1, "lead", SO_LEADS, "sent")
)
# Xã III.4 "Hàng tháng hoặc đột xuất" (monthly windows): August's occurrence is due Sunday 31/8
# and follows the same pattern; September's window opens on the first working day from 1/9:
# Wed 3/9, so its window-start reminder is current at the restart and goes (see the test).
XA_III_4_AUGUST = (
    _each("before_due", 1, "lead", (XA_LEAD,), "superseded")
    | _each("due", 0, "lead", (XA_LEAD,), "superseded")
    | _each("overdue", 1, "lead", (XA_LEAD,), "sent")
)
# Xã III.5, due Thu 14/8: overdue notices every 2 working days from Fri 15/8: 5th on Wed 27/8,
# 6th on Fri 29/8. Both missed: only the latest goes.
XA_III_5 = _each("overdue", 5, "lead", (XA_LEAD,), "superseded") | _each(
    "overdue", 6, "lead", (XA_LEAD,), "sent"
)


def _occurrence(session: Session, source: str, ref: str, due: date) -> int:
    found = session.exec(
        select(Occurrence.id)
        .join(Task, col(Task.id) == col(Occurrence.task_id))
        .join(Plan, col(Plan.id) == col(Task.plan_id))
        .where(Plan.source_name == source, Task.ref == ref, Occurrence.due_date == due)
    ).all()
    assert len(found) == 1, (source, ref, due, found)
    occurrence_id = found[0]
    assert occurrence_id is not None
    return occurrence_id


def _downtime_rows(outbox: Outbox, occurrence_id: int) -> Expected:
    """The occurrence's rows due during the downtime or at the restart: their status now."""
    with Session(outbox.engine) as session:
        names = {unit.id: unit.name for unit in session.exec(select(Unit)).all()}
        rows = session.exec(
            select(Reminder).where(
                Reminder.occurrence_id == occurrence_id,
                col(Reminder.due_at) > D_UTC,
                col(Reminder.due_at) <= D_PLUS_3_UTC,
            )
        ).all()
    return {(r.kind, r.stage, r.role, names[r.recipient_unit_id]): r.status for r in rows}


def _sent_at(outbox: Outbox, at: datetime) -> list[Reminder]:
    return [row for row in outbox.rows() if row.sent_at == at]


def test_down_for_three_working_days_sends_each_relevant_reminder_once_and_folds_stale_ones(
    cli: CliRunner,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    outbox_of: list[Outbox],
) -> None:
    reminders = tmp_path / "reminders.txt"
    monkeypatch.setenv("NHACVIEC_NOTIFY_CHANNELS", "file")
    monkeypatch.setenv("NHACVIEC_NOTIFY_FILE_PATH", str(reminders))
    for plan, units in SEED_PLANS:
        source = require_shared("fixtures", "plans", plan)
        units_file = REPO / "config" / "units" / units
        run = cli("--now", IMPORTED_AT, "plan", "import", source, "--units", units_file)
        assert run.code == 0, run.err
    for when in ("2025-07-07T08:00+07:00", D):
        assert cli("--now", when, "tick").code == 0
    outbox = open_outbox(outbox_of, sqlite_url)
    deliveries_before = len(outbox.deliveries())
    due_at_restart = {
        row.id
        for row in outbox.rows()
        if row.status == "pending" and row.next_attempt_at <= D_PLUS_3_UTC and row.id is not None
    }

    assert cli("--now", D_PLUS_3, "tick").code == 0

    with Session(outbox.engine) as session:
        so_iii_3 = _occurrence(session, "so-cong-thuong-2025h2.docx", "III.3", date(2025, 8, 30))
        xa_iii_4 = _occurrence(session, "xa-ba-long-2025h2.docx", "III.4", date(2025, 8, 31))
        xa_iii_4_september = _occurrence(
            session, "xa-ba-long-2025h2.docx", "III.4", date(2025, 9, 30)
        )
        xa_iii_5 = _occurrence(session, "xa-ba-long-2025h2.docx", "III.5", date(2025, 8, 14))
    assert _downtime_rows(outbox, so_iii_3) == SO_III_3
    assert _downtime_rows(outbox, xa_iii_4) == XA_III_4_AUGUST
    assert _downtime_rows(outbox, xa_iii_5) == XA_III_5
    window = _downtime_rows(outbox, xa_iii_4_september)
    assert window == _each("window_start", 0, "lead", (XA_LEAD,), "sent") | _each(
        "window_start", 0, "partner", XA_PARTNERS, "sent"
    )

    # Nothing due at the restart is left, and nothing was said twice about one occurrence to
    # one address; no "before due" phase reminder about work overdue at the restart went out.
    rows = {row.id: row for row in outbox.rows()}
    assert {rows[row_id].status for row_id in due_at_restart} <= DONE
    sent_now = _sent_at(outbox, D_PLUS_3_UTC)
    assert sent_now
    per_subject = Counter((row.occurrence_id, row.channel, row.address) for row in sent_now)
    assert [subject for subject, n in per_subject.items() if n > 1 and subject[0]] == []
    with Session(outbox.engine) as session:
        dues = {o.id: o.due_date for o in session.exec(select(Occurrence)).all()}
    early = {"window_start", "before_due", "due"}
    overdue = {o for o, due in dues.items() if due is not None and due < date(2025, 9, 3)}
    stale = [row.key for row in sent_now if row.kind in early and row.occurrence_id in overdue]
    assert stale == []

    # One message per address at the restart, each accepted once; the file holds them all.
    restart = outbox.deliveries()[deliveries_before:]
    assert len({(d.channel, d.address) for d in restart}) == len(restart)
    assert all(d.outcome == "accepted" for d in restart)
    assert not keys_accepted_twice(outbox.deliveries())
    assert count_blocks(reminders) == len(outbox.deliveries())

    # A second pass the same morning has nothing left to say.
    assert cli("--now", "2025-09-03T08:05+07:00", "tick").code == 0
    assert len(outbox.deliveries()) == deliveries_before + len(restart)


# -- 3. Two services on one PostgreSQL database ---------------------------------------------------


@pytest.mark.postgres
@pytest.mark.timeout(PROCESS_TEST_TIMEOUT)
def test_two_services_on_postgresql_send_no_reminder_twice(
    postgres_backlog_url: str, services: Services, outbox_of: list[Outbox], tmp_path: Path
) -> None:
    reminders = tmp_path / "reminders.txt"
    outbox = open_outbox(outbox_of, postgres_backlog_url)
    due_before = due_now(outbox)
    env = run_environment(tmp_path / "home", postgres_backlog_url, reminders, batch=20, every_s=1)
    one, two = services.start("one", env), services.start("two", env)

    wait_for(lambda: outbox.pending_due() == 0, within=240, what="the backlog to drain")
    for service in (one, two):
        code, _ = service.terminate(timeout=30)
        assert code == 0, service.log()

    assert assert_drained_once(outbox, due_before, reminders) == 0
    shares = (one.deliveries_logged(), two.deliveries_logged())
    assert sum(shares) == len(outbox.accepted())
    print(f"messages sent by each service: {shares}")  # both should share the work (reported)


@pytest.mark.postgres
@pytest.mark.timeout(PROCESS_TEST_TIMEOUT)
def test_a_pass_longer_than_the_lease_lets_no_second_service_send_the_same_rows(
    postgres_backlog_url: str, services: Services, outbox_of: list[Outbox], tmp_path: Path
) -> None:
    """Leases are counted from each claim, not from the start of a long catch-up pass."""
    reminders = tmp_path / "reminders.txt"
    outbox = open_outbox(outbox_of, postgres_backlog_url)
    outbox.widen(4)  # a catch-up of some 2,000 messages: far longer than one lease
    env = run_environment(
        tmp_path / "home", postgres_backlog_url, reminders, batch=5, lease_s=10, every_s=1
    )
    first = services.start("first", env)
    wait_for(first.started, within=60, what="the first service to start")
    # The scenario is a time on the clock: the first pass has run longer than its lease.
    started = time.monotonic()
    wait_for(lambda: time.monotonic() - started > 11, within=30, what="11 s of dispatching")
    assert outbox.pending_due() > 0, "the backlog drained within one lease: nothing was tested"
    second = services.start("second", env)
    # Both now take batches: a second service that re-claims the first one's batches (leases
    # run out) sends them again at once. Enough messages from both show it; no need to drain.
    wait_for(
        lambda: second.deliveries_logged() >= 100 or outbox.pending_due() == 0,
        within=240,
        what="the second service to send 100 messages",
    )
    for service in (first, second):
        code, _ = service.terminate(timeout=60)
        assert code == 0, service.log()
    assert [row.id for row in outbox.leased()] == []
    accepted = outbox.accepted()
    assert not keys_accepted_twice(accepted)
    sent = sum(1 for row in outbox.rows() if row.status == "sent")
    assert sum(delivery.reminders for delivery in accepted) == sent
    assert count_blocks(reminders) == len(accepted)


# -- 4. SQLite: one service per database, CLI commands beside it -------------------------------


@pytest.mark.timeout(PROCESS_TEST_TIMEOUT)
def test_second_service_or_tick_on_sqlite_is_refused_while_commands_keep_working(
    backlog_template: Path, services: Services, outbox_of: list[Outbox], tmp_path: Path
) -> None:
    url = copy_store(backlog_template, tmp_path)
    reminders = tmp_path / "reminders.txt"
    # One reminder per step through a large backlog: the service writes all the time and is
    # far from done when the commands end.
    env = run_environment(tmp_path / "home", url, reminders, batch=1, every_s=1)
    outbox = open_outbox(outbox_of, url)
    outbox.widen(4)
    first = services.start("first", env)
    wait_for(lambda: first.started() and count_blocks(reminders) > 0, within=60, what="dispatch")
    delivered_before = first.deliveries_logged()

    second = subprocess.run(
        [str(NHACVIEC), "run"], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert second.returncode == 2, second.stderr
    assert "đang chạy" in second.stderr
    assert f"PID {first.pid}" in second.stderr
    tick = subprocess.run(  # a pass by hand would race the service for the same rows
        [str(NHACVIEC), "tick"], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert tick.returncode == 2, tick.stderr
    assert f"PID {first.pid}" in tick.stderr

    tasks_env = clean_environment(NHACVIEC_HOME=str(tmp_path / "home"), NHACVIEC_DATABASE_URL=url)
    listed = nhacviec(tasks_env, "tasks", "--json", timeout=30)
    assert '"ref": "VII.2"' in listed
    nhacviec(tasks_env, "task", "start", "VII.2", "--plan", "1", "--as", "Bộ phận Một cửa")
    assert '"state": "in_progress"' in nhacviec(tasks_env, "tasks", "--plan", "1", "--json")
    assert first.alive
    assert first.deliveries_logged() > delivered_before  # it kept sending beside them
    assert outbox.pending_due() > 0

    code, _ = first.terminate(timeout=60)
    assert code == 0, first.log()


# -- 5. SIGTERM: a clean, prompt stop ------------------------------------------------------------


def test_sigterm_while_idle_stops_at_once(
    backlog_template: Path, services: Services, outbox_of: list[Outbox], tmp_path: Path
) -> None:
    url = copy_store(backlog_template, tmp_path)
    reminders = tmp_path / "reminders.txt"
    env = run_environment(tmp_path / "home", url, reminders, every_s=1)
    outbox = open_outbox(outbox_of, url)
    service = services.start("service", env)
    wait_for(lambda: service.started() and outbox.pending_due() == 0, within=90, what="idle")

    code, took = service.terminate(timeout=10)
    assert code == 0, service.log()
    assert took < 5
    assert outbox.leased() == []
    assert '"scheduler stopped"' in service.log()


def test_sigterm_mid_dispatch_stops_promptly_and_leaves_no_row_leased(
    backlog_template: Path, services: Services, outbox_of: list[Outbox], tmp_path: Path
) -> None:
    url = copy_store(backlog_template, tmp_path)
    reminders = tmp_path / "reminders.txt"
    env = run_environment(tmp_path / "home", url, reminders, batch=SMALL_BATCH, every_s=1)
    outbox = open_outbox(outbox_of, url)
    service = services.start("service", env)
    wait_for(lambda: service.started() and count_blocks(reminders) > 0, within=60, what="dispatch")

    code, took = service.terminate(timeout=60)
    left = outbox.pending_due()
    assert code == 0, service.log()
    assert [row.id for row in outbox.leased()] == []
    assert left > 0, f"the whole backlog was sent before stopping ({took:.1f} s after SIGTERM)"
    assert took < 5


def test_sigterm_during_a_periodic_pass_finishes_the_step_and_leaves_no_row_leased(
    backlog_template: Path, services: Services, outbox_of: list[Outbox], tmp_path: Path
) -> None:
    url = copy_store(backlog_template, tmp_path)
    reminders = tmp_path / "reminders.txt"
    env = run_environment(tmp_path / "home", url, reminders, batch=SMALL_BATCH, every_s=1)
    outbox = open_outbox(outbox_of, url)
    outbox.move_pending(datetime.now(UTC) + timedelta(days=1))  # nothing due at the start
    service = services.start("service", env)
    wait_for(service.started, within=60, what="the service to start")
    outbox.move_pending(datetime.now(UTC))  # the backlog falls due: a periodic pass takes it
    wait_for(lambda: count_blocks(reminders) > 0, within=30, what="dispatch")

    code, took = service.terminate(timeout=60)
    assert code == 0, service.log()
    assert "CancelledError" not in service.log()
    assert [row.id for row in outbox.leased()] == []
    assert count_blocks(reminders) == len(outbox.accepted())  # nothing written, then forgotten
    assert outbox.pending_due() > 0, f"the whole backlog went before stopping ({took:.1f} s)"
    assert took < 5


# -- catch-up over weeks --------------------------------------------------------------------------


def _import_and_plan(cli: CliRunner, reminders: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NHACVIEC_NOTIFY_CHANNELS", "file")
    monkeypatch.setenv("NHACVIEC_NOTIFY_FILE_PATH", str(reminders))
    for plan, units in SEED_PLANS:
        source = require_shared("fixtures", "plans", plan)
        units_file = REPO / "config" / "units" / units
        run = cli("--now", IMPORTED_AT, "plan", "import", source, "--units", units_file)
        assert run.code == 0, run.err
    assert cli("--now", PLANNED_AT, "tick").code == 0


def test_catch_up_larger_than_a_batch_sends_one_notice_per_occurrence_and_address(
    cli: CliRunner,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    outbox_of: list[Outbox],
) -> None:
    _import_and_plan(cli, tmp_path / "reminders.txt", monkeypatch)
    assert cli("--now", "2025-10-15T08:00+07:00", "tick").code == 0  # down for three months

    restart = datetime(2025, 10, 15, 1, 0, tzinfo=UTC)
    sent = _sent_at(open_outbox(outbox_of, sqlite_url), restart)
    per_subject = Counter((r.occurrence_id, r.channel, r.address) for r in sent if r.occurrence_id)
    assert sent
    assert max(per_subject.values()) == 1


def test_the_office_hears_its_weekly_list_every_monday(
    cli: CliRunner,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    outbox_of: list[Outbox],
) -> None:
    _import_and_plan(cli, tmp_path / "reminders.txt", monkeypatch)
    for monday in ("2025-07-07", "2025-07-14"):
        assert cli("--now", f"{monday}T08:00+07:00", "tick").code == 0

    weekly = [r for r in open_outbox(outbox_of, sqlite_url).rows() if r.kind == "office_weekly"]
    sent_weeks = sorted({(r.plan_id, r.stage) for r in weekly if r.status == "sent"})
    assert sent_weeks == [(1, 202528), (1, 202529), (2, 202528), (2, 202529)]
