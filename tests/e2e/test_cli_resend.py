"""``nhacviec reminders dead`` lists the dead letters; ``reminders resend ID`` puts one back in
the queue, as the web console's «Gửi lại» does (one use case, ``services.deliveries``)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from nhacviec.store.database import make_engine
from nhacviec.store.models import Reminder
from tests.e2e.conftest import CliRunner
from tests.e2e.plans import write_plan
from tests.integration.web.console_pages import add_reminder
from tests.shared_paths import REPO

SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
NOW = "2026-03-02T09:00+07:00"


def test_a_dead_letter_listed_then_sent_again(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    plan = write_plan(tmp_path, "plan.docx")
    assert cli("--now", NOW, "plan", "import", plan, "--units", SCT_UNITS).code == 0
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        dead, sent = add_reminder(session, "dead"), add_reminder(session, "sent")
        session.commit()
    listed = cli("reminders", "dead", "--json").json()
    assert [(row["id"], row["channel"], row["attempts"]) for row in listed] == [
        (dead, "telegram", 5)
    ]
    assert listed[0]["last_error"] == "Forbidden: bot was blocked by the user"
    done = cli("--now", NOW, "reminders", "resend", str(dead))
    assert (done.code, done.out) == (
        0,
        f"Đã đưa tin nhắc số {dead} trở lại hàng đợi; hệ thống sẽ gửi lại ở lượt gửi tiếp theo.\n",
    )
    with Session(engine) as session:
        again = session.get(Reminder, dead)
        assert again is not None
        assert (again.status, again.attempts) == ("pending", 0)
    assert cli("reminders", "dead", "--json").json() == []
    assert "Không có tin nhắc nào gửi không thành công." in cli("reminders", "dead").out
    refused = cli("reminders", "resend", str(sent))
    assert refused.code == 2
    assert f"Tin nhắc số {sent} không ở trạng thái gửi không thành công" in refused.err
    engine.dispose()
