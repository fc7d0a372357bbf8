"""The README is executed: every shell block of its user-facing sections runs as written.

Each section runs in a folder of its own that looks like the repository after ``nhacviec demo``:
the demo's database (made once for the module by the installed ``nhacviec``, copied per
section), ``config/`` and the ``tests/fixtures/`` files the README names. Each command runs
with the block's environment in that folder and must exit as the README says (0, or the ``# exit
N`` of its line): ``nhacviec run`` as a real process, started, awaited until it logs that it
started, stopped with SIGTERM, exit 0; the others through ``nhacviec.cli.main`` in this process
(a process each would pay the start-up cost some forty times).
Values known only at run time (the loopback servers' ports, the Bot API token) replace the
README's placeholders by variable name. A meta-test fails on a new block no test runs.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
import pytest

from nhacviec.cli import main
from tests.e2e.conftest import CliRunner
from tests.e2e.readme import Block, Command, blocks, section_blocks
from tests.e2e.services import NHACVIEC, clean_environment, wait_for
from tests.shared_paths import CORPUS, FIXTURES
from tests.smtp_server import SmtpServer
from tests.telegram_api import BotApiServer, serve_in_thread
from tests.zalo_api import ZaloBotServer
from tests.zalo_api import serve_in_thread as serve_zalo

REPO = Path(__file__).resolve().parents[2]
DEMO_DATABASE = "nhacviec-demo.db"
SERVICE_START_S = 60.0  # a loaded machine: imports, migrations, the first pass
SERVICE_STOP_S = 30.0

# Sections (heading prefixes) whose blocks a test below runs, and those no test runs.
USING_IT = "Using it"
WORKFLOW = "The task workflow"
REMINDERS = "Reminders"
CHANNELS = "Email and Telegram"
BOT = "Telegram bot"
REST_API = "REST API"
UNITS = "Units directories"
CHECKING = "Checking on it"
REPORTS = "Reports upward"
ZALO = "Zalo"
EVIDENCE = "Evidence files and partner requests"
CALENDAR = "Calendar feeds"
COVERED = (
    USING_IT,
    WORKFLOW,
    REMINDERS,
    CHANNELS,
    BOT,
    REST_API,
    UNITS,
    CHECKING,
    REPORTS,
    ZALO,
    EVIDENCE,
    CALENDAR,
)
# Installing the package; the developer's checks; a server with curl (test_calling_the_rest_api
# makes the same calls with an HTTP client); installing as a system service (root, systemd:
# tests/unit/test_deploy_files.py checks the files).
NOT_RUN = (
    "Start here",
    "Development",
    "Calling the REST API",
    "Installing it",
    "Without the web",  # journalctl and jq on a system service
)

pytestmark = pytest.mark.timeout(600)  # the demo is made once, by the first test


@dataclass
class Ran:
    command: Command
    code: int
    out: str
    err: str


Inline = Callable[[list[str], Mapping[str, str]], tuple[int, str, str]]


@dataclass
class Shell:
    """Runs README commands in ``cwd`` as a user's shell would, one block at a time."""

    cwd: Path
    env: dict[str, str]
    inline: Inline  # runs one command to its end in this process
    ran: list[Ran] = field(default_factory=list)

    def run_blocks(
        self,
        section: str,
        runtime: Mapping[str, str] | Callable[[Block], Mapping[str, str]] | None = None,
        on_service: Callable[[], None] = lambda: None,
    ) -> list[Ran]:
        """Every block of ``section`` in order; ``runtime`` values replace the README's for
        the variables it names (a function: per block); ``on_service`` runs while a service is
        up, before it is stopped."""
        found = section_blocks(section)
        assert found, f"README.md has no shell block under a heading starting {section!r}"
        for block in found:
            values = runtime(block) if callable(runtime) else (runtime or {})
            exported: dict[str, str] = {}
            for command in block.commands:
                if command.export:
                    exported |= _replaced(command.env, values)
                    continue
                env = self.env | exported | _replaced(command.env, values)
                self.ran.append(self._run(command, env, on_service))
        return self.ran

    def _run(self, command: Command, env: dict[str, str], on_service: Callable[[], None]) -> Ran:
        assert command.argv[:1] == ["nhacviec"], f"not a nhacviec command: {command.line}"
        if command.is_service:
            return self._service(command, [str(NHACVIEC), *command.argv[1:]], env, on_service)
        code, out, err = self.inline(command.argv[1:], env)
        assert code == command.exit_code, (
            f"{command.line}\nexit {code}, README says {command.exit_code}\n"
            f"stdout: {out[-3000:]}\nstderr: {err[-3000:]}"
        )
        return Ran(command, code, out, err)

    def _service(
        self, command: Command, argv: list[str], env: dict[str, str], on_service: Callable[[], None]
    ) -> Ran:
        log = self.cwd / f"service-{len(self.ran)}.err"
        with log.open("wb") as err, (self.cwd / f"service-{len(self.ran)}.out").open("wb") as out:
            process = subprocess.Popen(
                argv, cwd=self.cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
            )
            try:
                wait_for(
                    lambda: _started(process, log),
                    within=SERVICE_START_S,
                    what=f"«{command.line}» to log that it started",
                )
                on_service()
                process.send_signal(signal.SIGTERM)
                code = process.wait(SERVICE_STOP_S)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait(SERVICE_STOP_S)
        text = log.read_text(encoding="utf-8", errors="replace")
        assert code == command.exit_code, f"{command.line}: exit {code} after SIGTERM\n{text}"
        return Ran(command, code, "", text)

    def of(self, fragment: str) -> Ran:
        """The last command run whose line holds ``fragment``."""
        return next(ran for ran in reversed(self.ran) if fragment in ran.command.line)


def _replaced(assigned: Mapping[str, str], runtime: Mapping[str, str]) -> dict[str, str]:
    return {name: runtime.get(name, value) for name, value in assigned.items()}


def _started(process: subprocess.Popen[bytes], log: Path) -> bool:
    if process.poll() is not None:
        text = log.read_text(encoding="utf-8", errors="replace")
        pytest.fail(f"the service exited with {process.returncode} before it started: {text}")
    return '"scheduler starting"' in log.read_text(encoding="utf-8", errors="replace")


# -- the folder a section runs in ----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``nhacviec demo`` as the README's first step runs it, once for the module."""
    folder = tmp_path_factory.mktemp("readme-demo")
    env = clean_environment(NHACVIEC_HOME=str(folder / "home"))
    done = subprocess.run(
        [str(NHACVIEC), "demo"], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return folder / DEMO_DATABASE


def _in_repo_or(shared: Path, name: str) -> Path:
    """The README names ``tests/fixtures/NAME``: the shared folder while the fixtures live there."""
    in_repo = REPO / "tests" / "fixtures" / name
    return shared if shared.exists() or not in_repo.exists() else in_repo


def _link(workdir: Path, name: str, target: Path) -> None:
    if not target.exists():
        pytest.fail(f"{target} (named in README.md as {name}) is absent")
    link = workdir / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target, target_is_directory=target.is_dir())


def _in_process(
    cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Inline:
    """``nhacviec ARGS`` with exactly the ``NHACVIEC_*`` variables of ``env``, in ``cwd``."""

    def run(args: list[str], env: Mapping[str, str]) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        names = {name for name in [*os.environ, *env] if name.startswith("NHACVIEC_")}
        for name in names | {"COLUMNS"}:
            if name in env:
                monkeypatch.setenv(name, env[name])
            else:
                monkeypatch.delenv(name, raising=False)
        capsys.readouterr()
        code = main(args)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def shell(
    demo_database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Shell:
    workdir = tmp_path / "nhacviec"
    workdir.mkdir()
    shutil.copyfile(demo_database, workdir / DEMO_DATABASE)
    _link(workdir, "config", REPO / "config")
    _link(workdir, "tests/fixtures/plans", _in_repo_or(FIXTURES, "plans"))
    _link(workdir, "tests/fixtures/corpus", _in_repo_or(CORPUS, "corpus"))
    _link(workdir, "tests/fixtures/readme", REPO / "tests" / "fixtures" / "readme")
    env = clean_environment(
        NHACVIEC_HOME=str(tmp_path / "home"),
        NHACVIEC_DATABASE_URL=f"sqlite:///{DEMO_DATABASE}",  # what "Using it" exports
    )
    return Shell(workdir, env, _in_process(workdir, monkeypatch, capsys))


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer(any_chat=True)) as server:
        yield server


# -- the sections --------------------------------------------------------------------------------


def _plans(shell: Shell) -> list[object]:
    code, out, err = shell.inline(["plan", "list", "--json"], shell.env)
    assert code == 0, err
    plans: list[object] = json.loads(out)
    return plans


def test_using_it(shell: Shell) -> None:
    shell.run_blocks(USING_IT)
    refused = shell.of("phu-luc-khong-co-cot-thoi-gian.docx")
    assert "Bảng nhiệm vụ không có cột thời gian" in refused.err
    # The seed plan's PDF is plan 1 again; the appendix-only XLSX and nothing of the refused pair
    # were added: the demo's two plans plus the XLSX.
    assert "kế hoạch số 1" in shell.of("so-cong-thuong-2025h2.pdf").out
    assert len(_plans(shell)) == 3
    english = shell.of("--lang en plan list").out
    assert "Issuer" in english
    assert "Cơ quan ban hành" not in english


def test_the_task_workflow(shell: Shell) -> None:
    shell.run_blocks(WORKFLOW)
    refused = shell.of("--occurrence 1")
    assert "Không thể «báo cáo»" in refused.out + refused.err
    assert "đã xác nhận" in refused.out + refused.err
    assert "VI.2" in shell.of("--amends 1 --dry-run").out
    assert "có Quy chế của TW" in shell.of("event list").out


def test_reports_upward(shell: Shell) -> None:
    shell.run_blocks(REPORTS)
    assert (shell.cwd / "bao-cao.docx").read_bytes().startswith(b"PK")
    assert (shell.cwd / "phu-luc.xlsx").read_bytes().startswith(b"PK")
    assert "# BÁO CÁO" in shell.of("--format md").out
    assert "Không tìm thấy tệp mẫu" in shell.of("--template mau-rieng.docx").err
    assert json.loads(shell.of("units scores --plan 1").out)["units"][0]["rank"] == 1


def test_evidence_files_and_partner_requests(shell: Shell) -> None:
    shell.run_blocks(EVIDENCE)
    assert "sang «đã báo cáo»" in shell.of("Đã thành lập Tổ kiểm tra").out
    assert "không thuộc loại được nhận" in shell.of("nhacviec.example.yaml").err
    shown = " ".join(shell.of("task show I.4").out.split())
    assert "bien-ban-kiem-tra.pdf" in shown
    assert "Gửi số liệu biên chế quý IV" in shown


def test_checking_on_it(shell: Shell) -> None:
    shell.run_blocks(CHECKING)
    assert "khớp với mã nguồn" in shell.of("nhacviec status").out
    assert json.loads(shell.of("status --json").out)["schema"]["current"] is True
    assert "không ghi đè" in shell.of("db backup").err
    assert "Đã khôi phục" in shell.of("sqlite:///restored.db nhacviec db restore").out
    restored = shell.of("sqlite:///restored.db nhacviec status").out
    assert "Hàng đợi nhắc việc" in restored
    assert (shell.cwd / "restored.db").is_file()


def test_reminders(shell: Shell) -> None:
    shell.run_blocks(REMINDERS)
    assert "V.2" in shell.of("reminders preview").out


@pytest.fixture
def smtp_starttls() -> Iterator[SmtpServer]:
    with SmtpServer(security="starttls", users={"nhacviec": "…"}) as server:
        yield server


@pytest.fixture
def smtp_plain() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


def test_email_and_telegram(
    shell: Shell,
    smtp_starttls: SmtpServer,
    smtp_plain: SmtpServer,
    telegram: BotApiServer,
) -> None:
    """The production settings point at a STARTTLS server with a login; the loopback demo at a
    plain one, as the README's two blocks say."""

    def runtime(block: Block) -> dict[str, str]:
        server = smtp_starttls if "NHACVIEC_SMTP_USER" in block_names(block) else smtp_plain
        return server.environment() | {
            "NHACVIEC_TELEGRAM_TOKEN": telegram.token,
            "NHACVIEC_TELEGRAM_BASE_URL": telegram.base_url,
        }

    shell.env |= {
        "NHACVIEC_SMTP_CA_FILE": str(smtp_starttls.ca_file),
        "NHACVIEC_TELEGRAM_BASE_URL": telegram.base_url,
    }
    shell.run_blocks(CHANNELS, runtime)
    assert smtp_starttls.messages(), "check-channels sent no test message by email"
    assert smtp_plain.messages(), "the loopback demo delivered nothing by email"
    assert telegram.calls("sendMessage")


def block_names(block: Block) -> set[str]:
    return {name for command in block.commands for name in command.env}


def test_telegram_bot(shell: Shell, telegram: BotApiServer) -> None:
    shell.env["NHACVIEC_TELEGRAM_BASE_URL"] = telegram.base_url
    shell.run_blocks(
        BOT,
        {"NHACVIEC_TELEGRAM_TOKEN": telegram.token},
        on_service=lambda: telegram.wait_until_polling(timeout=SERVICE_START_S),
    )
    assert telegram.calls("setMyCommands"), "the bot published no command menu"


def test_zalo(shell: Shell) -> None:
    with serve_zalo(ZaloBotServer(any_chat=True)) as zalo:
        shell.run_blocks(ZALO, zalo.environment())
    assert zalo.sent("e4ea2cd5189df1c3a88c"), "check-channels sent no test message to Zalo"
    assert len({call.chat_id for call in zalo.sent()}) > 1, "the demo delivered nothing to Zalo"


def test_rest_api(shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("mật khẩu văn phòng\nmật khẩu đơn vị\n"))
    shell.run_blocks(REST_API)
    assert re.fullmatch(r"nv_[A-Za-z0-9_-]{43}\n", shell.of("user token").out)
    assert "qltt" in shell.of("user list").out


def test_calling_the_rest_api(shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    """What «Calling the REST API» does with curl, against ``nhacviec web`` on the demo."""
    monkeypatch.setattr("sys.stdin", io.StringIO("mật khẩu văn phòng\n"))
    add = ["user", "add", "chanh.vp", "--role", "office", "--password-stdin"]
    assert shell.inline(add, shell.env)[0] == 0
    code, token, _ = shell.inline(["user", "token", "chanh.vp"], shell.env)
    assert code == 0
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = shell.cwd / "web.err"
    argv = [str(NHACVIEC), "web", "--port", str(port)]
    with log.open("wb") as err:
        process = subprocess.Popen(
            argv, cwd=shell.cwd, env=shell.env, stdin=subprocess.DEVNULL, stderr=err
        )
    try:
        answers = _call_the_api(port, token.strip(), lambda: process.poll() is None)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(SERVICE_STOP_S)
    assert code == 0, log.read_text(encoding="utf-8")
    tasks, preview, note = answers
    assert tasks.status_code == 200
    assert {task["plan"] for task in tasks.json()} <= {1}
    assert preview.json()["import"] == {
        "file": "so-cong-thuong-2025h2.docx",
        "status": "dry_run",
        "plan_id": None,
        "units_linked": 0,
    }
    assert note.status_code == 200, note.text
    assert note.json()["action"] == "note"


def _call_the_api(
    port: int, token: str, alive: Callable[[], bool]
) -> tuple[httpx2.Response, httpx2.Response, httpx2.Response]:
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {token}"}

    def up() -> bool:
        assert alive(), "nhacviec web exited before it served"
        try:
            return httpx2.get(f"{base}/api/docs", timeout=5).status_code == 200
        except httpx2.TransportError:
            return False

    wait_for(up, within=SERVICE_START_S, what="nhacviec web to answer")
    with httpx2.Client(base_url=base, headers=auth, timeout=60) as client:
        tasks = client.get("/api/v1/tasks", params={"plan": 1, "bucket": "open_late"})
        plan = FIXTURES / "so-cong-thuong-2025h2.docx"
        with plan.open("rb") as stream:
            preview = client.post("/api/v1/plans/preview", files={"file": (plan.name, stream)})
        note = client.post(
            "/api/v1/occurrences/2/actions",  # the README's: I.2, open
            json={"action": "note", "note": "Đã nhắc đơn vị"},
            headers={"Accept-Language": "en"},
        )
    return tasks, preview, note


def test_calendar_feeds(shell: Shell) -> None:
    shell.run_blocks(CALENDAR)
    written = (shell.cwd / "van-phong-so.ics").read_text(encoding="utf-8")
    assert written.startswith("BEGIN:VCALENDAR")
    linked, revoked = (ran for ran in shell.ran if "calendar-link" in ran.command.line)
    assert "/calendar/" in linked.out
    assert "/calendar/" not in revoked.out
    assert "Đã thu hồi 1 địa chỉ lịch" in revoked.out


def test_units_directories(shell: Shell) -> None:
    shell.run_blocks(UNITS)
    assert "Đã nhập danh mục «Sở Công Thương tỉnh Quảng Trị»" in shell.of("units import").out
    exported = (shell.cwd / "units-sct.yaml").read_text(encoding="utf-8")
    kept = (shell.cwd / "config" / "units" / "so-cong-thuong.yaml").read_text(encoding="utf-8")
    assert exported == kept  # the file imported, comments and all


# -- every block is run ---------------------------------------------------------------------------


def test_every_shell_block_of_the_readme_is_run_by_a_test() -> None:
    shell_blocks = [block for block in blocks() if block.is_shell]
    orphans = [
        f"README.md:{block.first_line} (under «{block.section}»)"
        for block in shell_blocks
        if not block.section.startswith(COVERED + NOT_RUN)
    ]
    assert not orphans, (
        f"shell blocks no test runs (add them to tests/e2e/test_readme.py): {orphans}"
    )
    for section in COVERED:
        assert any(block.section.startswith(section) for block in shell_blocks), section


def test_every_readme_command_of_the_run_sections_is_a_nhacviec_command() -> None:
    for section in COVERED:
        for block in section_blocks(section):
            for command in block.commands:
                assert command.export or command.argv[:1] == ["nhacviec"], command.line


def test_the_parser_reads_exits_environments_and_continuations() -> None:
    text = (
        "## A\n\n```bash\n"
        "export X=1 Y='a b'\n"
        "nhacviec plan list     # a comment\n"
        'Z=2 nhacviec task show "II 1" --json  # exit 1: refused\n'
        "# a comment line\n"
        "W=3 \\\n  nhacviec tick\n"
        "```\n\n### B\n\n  ```yaml\n  a: 1\n  ```\n"
    )
    found = blocks(text)
    assert [(b.section, b.lang) for b in found] == [("A", "bash"), ("B", "yaml")]
    export, listing, show, tick = found[0].commands
    assert export.export
    assert export.env == {"X": "1", "Y": "a b"}
    assert (listing.argv, listing.exit_code) == (["nhacviec", "plan", "list"], 0)
    assert (show.env, show.argv[-2:], show.exit_code) == ({"Z": "2"}, ["II 1", "--json"], 1)
    assert (tick.env, tick.argv, tick.is_service) == ({"W": "3"}, ["nhacviec", "tick"], False)


# -- the README's own fixture files -----------------------------------------------------------


def _dry_run_tasks(cli: CliRunner, path: Path) -> dict[str, dict[str, object]]:
    run = cli("plan", "import", path, "--dry-run", "--json")
    assert run.code == 0, run.err
    tasks: list[dict[str, object]] = run.json()["tasks"]
    return {str(task["ref"]): {k: v for k, v in task.items() if k != "source"} for task in tasks}


@pytest.mark.usefixtures("sqlite_url")
def test_the_readme_fixtures_are_the_seed_plan_with_only_their_documented_changes(
    cli: CliRunner,
) -> None:
    """tests/fixtures/readme/README.md: the amendment re-dates IV.1 and drops VI.2; the other
    file lacks the time column and nothing else."""
    here = REPO / "tests" / "fixtures" / "readme"
    seed = _dry_run_tasks(cli, REPO / "nhacviec" / "data" / "plans" / "so-cong-thuong-2025h2.docx")
    amended = _dry_run_tasks(cli, here / "so-cong-thuong-2025h2-sua-doi.docx")
    assert set(seed) - set(amended) == {"VI.2"}
    assert set(amended) <= set(seed)
    assert {ref for ref, task in amended.items() if task != seed[ref]} == {"IV.1"}
    assert amended["IV.1"]["time_text"] == "Quý IV/2025"
    refused = cli("plan", "import", here / "phu-luc-khong-co-cot-thoi-gian.docx", "--dry-run")
    assert refused.code == 2
    assert "không có cột thời gian" in refused.err
    assert "«Kinh phí»" in refused.err  # the column after it is still there
