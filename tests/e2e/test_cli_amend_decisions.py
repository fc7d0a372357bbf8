"""An amendment keeps what the office decided (issue 14), on SQLite and PostgreSQL: a granted
extension's date and a reassigned lead stay — silently when the amended plan does not touch
them (before, the plan's date and lead came back), with a notice in the preview and the result
(text and ``--json``) when it says otherwise; the office decides."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import CliRunner, Run
from tests.e2e.plans import SIX_TASKS, write_plan

SCT_UNITS = Path(__file__).resolve().parents[2] / "config" / "units" / "so-cong-thuong.yaml"
LATE = "Chi cục Quản lý thị trường"  # leads row 6, «Trước ngày 15/3/2026» (due 14/03)
NEW_LEAD = "Bộ phận Một cửa"  # the office reassigns row 5 to it


@pytest.fixture
def store_url(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    return database_url


def _ok(cli: CliRunner, when: str, *args: str | Path) -> Run:
    run = cli("--lang", "vi", "--now", f"{when}+07:00", *args)
    assert run.code == 0, (run.out, run.err)
    return run


def _task(cli: CliRunner, ref: str) -> dict[str, Any]:
    shown: dict[str, Any] = _ok(cli, "2026-02-20T08:00", "task", "show", ref, "--plan", "1",
                                "--json").json()  # fmt: skip
    return shown


def _decided(cli: CliRunner, tmp_path: Path) -> None:
    v1 = write_plan(tmp_path, "v1.docx")
    _ok(cli, "2026-01-06T08:00", "plan", "import", v1, "--units", SCT_UNITS)
    _ok(cli, "2026-02-02T08:00", "task", "extend", "6", "--plan", "1", "--to", "31/03/2026",
        "--reason", "Chờ kinh phí tập huấn", "--as", LATE)  # fmt: skip
    _ok(cli, "2026-02-03T08:00", "task", "extension", "approve", "6", "--plan", "1")
    _ok(cli, "2026-02-04T08:00", "task", "reassign", "5", "--plan", "1", "--to", NEW_LEAD,
        "--reason", "Theo Văn bản số 45/SCT-VP")  # fmt: skip


def test_an_amendment_that_leaves_them_alone_keeps_them_silently(
    cli: CliRunner, store_url: str, tmp_path: Path
) -> None:
    _decided(cli, tmp_path)
    earlier = (replace(SIX_TASKS[0], time="Trước ngày 28/02/2026"), *SIX_TASKS[1:])
    v2 = write_plan(tmp_path, "v2.docx", earlier, number="15a/KH-SCT")
    applied = _ok(cli, "2026-02-10T08:00", "plan", "import", v2, "--amends", "1", "--json").json()
    assert [change["ref"] for change in applied["changes"]] == ["1"]  # row 6 not re-dated
    assert applied["notices"] == []
    sixth = _task(cli, "6")["occurrences"][0]
    assert (sixth["due"], sixth["extended"]) == ("2026-03-31", True)
    assert _task(cli, "5")["lead"] == [NEW_LEAD]


def test_an_amendment_that_says_otherwise_is_told_and_the_decisions_hold(
    cli: CliRunner, store_url: str, tmp_path: Path
) -> None:
    _decided(cli, tmp_path)
    rows = list(SIX_TASKS)
    rows[4] = replace(rows[4], lead="Phòng Quản lý Thương mại")
    rows[5] = replace(rows[5], time="Trước ngày 21/3/2026")  # due 20/03
    v2 = write_plan(tmp_path, "v2.docx", rows, number="15a/KH-SCT")

    preview = _ok(cli, "2026-02-10T08:00", "plan", "import", v2, "--amends", "1", "--dry-run")
    said = " ".join(preview.out.split())
    assert "Văn phòng cần xem xét, quyết định" in said
    assert (
        "6, lần «Trước ngày 15/03/2026»: kế hoạch sửa đổi ghi hạn 20/03/2026, nhưng đơn vị đã "
        "được đồng ý gia hạn đến ngày 31/03/2026; hạn đã gia hạn được giữ nguyên."
    ) in said
    assert (
        f"5: kế hoạch sửa đổi giao «Phòng Quản lý Thương mại» chủ trì, nhưng nhiệm vụ đã được "
        f"chuyển đơn vị chủ trì sang «{NEW_LEAD}»"
    ) in said

    applied = _ok(cli, "2026-02-10T08:00", "plan", "import", v2, "--amends", "1", "--json").json()
    assert applied["applied"] is True
    notices = {notice["kind"]: notice for notice in applied["notices"]}
    assert (notices["extension_kept"]["ref"], notices["extension_kept"]["granted"],
            notices["extension_kept"]["amended"]) == ("6", "2026-03-31", "2026-03-20")  # fmt: skip
    assert (notices["lead_kept"]["lead"], notices["lead_kept"]["amended"]) == (
        [NEW_LEAD], ["Phòng Quản lý Thương mại"])  # fmt: skip
    assert all(notice["describe"] for notice in applied["notices"])

    sixth = _task(cli, "6")["occurrences"][0]
    assert (sixth["due"], sixth["extended"]) == ("2026-03-31", True)
    fifth = _task(cli, "5")
    assert fifth["lead"] == [NEW_LEAD]
    assert fifth["partners"] == ["Các phòng chuyên môn"]  # the rest of the row as amended
