"""The Zalo channel from the command line, on the loopback Zalo Bot API server:
``check-channels --to zalo:<chat id>`` and a unit's linked Zalo chat, a missing token named, and
``nhacviec demo --channels zalo`` delivering every reminder once, none longer than 2,000
characters."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from config.settings import load_settings
from nhacviec.app import App
from nhacviec.cli.demo_zalo import demo_chat_id
from nhacviec.services import links
from notifiers.zalo.split import MESSAGE_LIMIT, text_length
from tests.e2e.conftest import CliRunner
from tests.shared_paths import require_shared
from tests.zalo_api import ZaloBotServer, serve_in_thread

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
NOW = "2026-11-23T09:00+07:00"
UNTIL = "05/08/2025"  # five weeks: new plans, first digests, the 31/7 due day and its overdue
_TITLE = re.compile(r"([^\n-][^\n]*) — [^\n]*?(\d\d/\d\d/\d{4})\n")


@pytest.fixture
def zalo() -> Iterator[ZaloBotServer]:
    with serve_in_thread(ZaloBotServer(any_chat=True)) as server:
        yield server


@pytest.fixture
def zalo_env(zalo: ZaloBotServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in zalo.environment().items():
        monkeypatch.setenv(name, value)
    # The loopback server has no limits: the demo need not wait on Zalo's conservative ones.
    monkeypatch.setenv("NHACVIEC_ZALO_OVERALL_PER_S", "30")


@pytest.mark.usefixtures("zalo_env", "sqlite_url")
def test_check_channels_to_a_zalo_chat(cli: CliRunner, zalo: ZaloBotServer) -> None:
    chat = zalo.add_chat("Nguyễn Văn An")
    run = cli("--now", NOW, "check-channels", "--to", f"zalo:{chat.id}", "--json")
    assert run.code == 0, run.err
    [row] = run.json()
    assert (row["channel"], row["address"], row["outcome"]) == ("zalo", chat.id, "accepted")
    [sent] = zalo.sent(chat.id)
    assert "KIỂM TRA KÊNH NHẬN NHẮC VIỆC" in (sent.text or "")
    log = cli("deliveries", "--json").json()
    assert [(r["channel"], r["address"], r["outcome"]) for r in log] == [
        ("zalo", chat.id, "accepted")
    ]


@pytest.mark.usefixtures("zalo_env", "sqlite_url")
def test_check_channels_says_what_failed_on_zalo(cli: CliRunner, zalo: ZaloBotServer) -> None:
    chat = zalo.add_chat()
    zalo.block(chat.id)
    run = cli("--now", NOW, "check-channels", "--to", f"zalo:{chat.id}", "--json")
    assert run.code == 1
    [row] = run.json()
    assert row["outcome"] == "permanent"
    assert "đã chặn bot" in row["detail"]
    assert zalo.token not in run.out + run.err


@pytest.mark.usefixtures("sqlite_url")
def test_a_missing_zalo_token_is_named(cli: CliRunner) -> None:
    run = cli("--now", NOW, "check-channels", "--to", "zalo:e4ea2cd5189df1c3a88c", "--json")
    assert run.code == 1
    [row] = run.json()
    assert "NHACVIEC_ZALO_TOKEN" in row["detail"]


@pytest.mark.usefixtures("zalo_env", "sqlite_url")
def test_check_channels_reaches_a_units_linked_zalo_chat(
    cli: CliRunner, zalo: ZaloBotServer
) -> None:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    assert cli("--now", NOW, "plan", "import", plan, "--units", SCT_UNITS).code == 0
    invite = cli("--now", NOW, "unit", "invite", "Phòng Quản lý Thương mại")
    assert invite.code == 0, invite.err
    code = re.search(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", invite.out)
    assert code is not None
    assert f"Trên Zalo: đề nghị trưởng đơn vị mở bot Nhắc việc trên Zalo và gửi mã {code[0]}" in (
        " ".join(invite.out.split())
    )
    app = App(load_settings())
    chat = zalo.add_chat("Phòng QLTM")
    with app.transaction() as session:
        info = links.ChatInfo(chat.id, "private", channel="zalo")
        links.redeem(session, code[0], info, by="test", now=datetime.fromisoformat(NOW))
    app.close()
    run = cli("--now", NOW, "check-channels", "--unit", "Phòng Quản lý Thương mại", "--channel",
              "zalo", "--json")  # fmt: skip
    assert run.code == 0, run.err
    assert [(r["channel"], r["address"]) for r in run.json()] == [("zalo", chat.id)]
    assert len(zalo.sent(chat.id)) == 1


def _log(database: Path) -> list[tuple[str, str, str, int]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT channel, address, outcome, reminders FROM delivery"
        ).fetchall()
    return [(str(c), str(a), str(o), int(n)) for c, a, o, n in rows]


def _reminders(database: Path, until: str) -> Counter[str]:
    """The statuses of the Zalo reminders due by 08:00 on ``until`` (dd/mm/yyyy)."""
    cutoff = (
        datetime.strptime(until, "%d/%m/%Y").replace(hour=1).isoformat(" ", "microseconds")
    )  # 08:00 +07
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT status FROM reminder WHERE channel = 'zalo' AND due_at <= ?", (cutoff,)
        ).fetchall()
    return Counter(str(status) for (status,) in rows)


def _check_demo(
    database: Path, zalo: ZaloBotServer, out: str, until: str
) -> Counter[tuple[str, str]]:
    """Every Zalo reminder delivered once, every part within Zalo's limit; the routine
    (chat, day) counts."""
    log = [row for row in _log(database) if row[0] == "zalo"]
    assert log
    assert all(outcome == "accepted" for _, _, outcome, _ in log)
    statuses = _reminders(database, until)
    assert set(statuses) <= {"sent", "cancelled"}  # every reminder due by Zalo went out …
    assert statuses["sent"] > 0
    assert sum(n for *_, n in log) == statuses["sent"]  # … in exactly one accepted message
    sent = zalo.sent()
    assert len(sent) >= len(log)
    assert all(0 < text_length(call.text or "") <= MESSAGE_LIMIT for call in sent)
    assert {str(call.chat_id) for call in sent} == {address for _, address, _, _ in log}
    assert demo_chat_id("so-cong-thuong-quang-tri/van-phong-so") in {
        str(call.chat_id) for call in sent
    }
    assert f"Zalo: {len(log)} tin nhắn đã gửi qua {zalo.base_url}, 0 lần gửi lỗi" in out
    routine: Counter[tuple[str, str]] = Counter()
    for call in sent:
        title = _TITLE.match(call.text or "")
        if title and not title[1].lower().startswith("việc cần làm ngay"):
            routine[(str(call.chat_id), title[2])] += 1
    assert max(routine.values()) == 1  # one routine message per chat per day
    return routine


@pytest.mark.timeout(600)
@pytest.mark.usefixtures("zalo_env")
def test_the_demo_delivers_every_reminder_once_on_zalo(
    cli: CliRunner, zalo: ZaloBotServer, tmp_path: Path
) -> None:
    database = tmp_path / "demo.db"
    run = cli("demo", "--database", database, "--channels", "zalo", "--until", UNTIL)
    assert run.code == 0, run.err
    assert "Đã liên kết" in run.out
    routine = _check_demo(database, zalo, run.out, UNTIL)
    assert len(routine) > 20


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.usefixtures("zalo_env")
def test_the_half_year_demo_on_zalo_delivers_every_reminder_once_none_too_long(
    cli: CliRunner, zalo: ZaloBotServer, tmp_path: Path
) -> None:
    database = tmp_path / "demo.db"
    run = cli("demo", "--database", database, "--channels", "zalo")
    assert run.code == 0, run.err
    routine = _check_demo(database, zalo, run.out, "31/12/2025")
    assert len(routine) > 200  # chat-days over the half-year, each with one routine message
