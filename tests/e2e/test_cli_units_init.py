"""No silent recipients: an import without a units directory says so and names the way out,
``units init`` drafts the directory, and importing with it leaves nothing unlinked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, col, select

from nhacviec.store import models
from tests.e2e.conftest import CliRunner
from tests.e2e.plans import plan_events
from tests.shared_paths import require_shared
from workflows.units.directory import load_directory

SCT = ("fixtures", "plans", "so-cong-thuong-2025h2.docx")
BA_LONG = ("fixtures", "plans", "xa-ba-long-2025h2.docx")
ROUND_TRIP = [
    SCT,
    BA_LONG,
    ("fixtures", "plans", "xa-ba-long-2025h2.xlsx"),
    ("corpus", "01_bo_tuphap_qd173_2015.docx"),
    ("corpus", "13_ubnd_nghean_kh980_2025.docx"),
]


def _names_and_units(url: str) -> list[tuple[str, bool | None, int | None]]:
    """Every stored task name: whether its unit is a directory unit (None: a group), group."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            query = select(models.TaskUnit, models.Unit).outerjoin(
                models.Unit, col(models.Unit.id) == col(models.TaskUnit.unit_id)
            )
            return [
                (link.name, unit.in_directory if unit else None, link.group_id)
                for link, unit in session.exec(query).all()
            ]
    finally:
        engine.dispose()


def _pending_recipients(url: str) -> set[bool]:
    """For each pending reminder, whether its recipient is a directory unit."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            query = (
                select(models.Unit.in_directory)
                .join(models.Reminder, col(models.Reminder.recipient_unit_id) == models.Unit.id)
                .where(models.Reminder.status == "pending")
            )
            return set(session.exec(query).all())
    finally:
        engine.dispose()


def test_an_import_without_a_directory_lists_the_raw_names_and_the_command(
    cli: CliRunner,
) -> None:
    plan = require_shared(*SCT)
    run = cli("plan", "import", plan, "--dry-run")
    assert run.code == 0, run.err
    assert "Chưa có danh mục đơn vị cho kế hoạch này (SỞ CÔNG THƯƠNG): 16 tên" in run.out
    for line in ("• các đơn vị — 1 nhiệm vụ", "• Sở nội vụ — 1 nhiệm vụ", "• Sở Nội vụ — 6"):
        assert line in run.out
    assert f"nhacviec units init --from-plan {plan} -o units.yaml" in run.out
    other = cli("plan", "import", require_shared(*BA_LONG), "--dry-run")
    assert "• TT Phục vu HCC — 2 nhiệm vụ" in other.out
    assert "• TT Phục vụ HCC (TTHC cấp xã: UBND cấp xã rà soát" in other.out


def test_the_json_contract_carries_the_warning_and_every_name(cli: CliRunner) -> None:
    plan = require_shared(*SCT)
    document = cli("plan", "import", plan, "--dry-run", "--json").json()
    assert document["units_directory"] is None
    hint = f"nhacviec units init --from-plan {plan} -o units.yaml"
    assert any(hint in warning for warning in document["warnings"])
    assert any("«các đơn vị»" in warning for warning in document["warnings"])
    names = {entry["name"]: entry for entry in document["units"]}
    printed = {n for t in document["tasks"] for n in (*t["lead"], *t["partners"])}
    assert set(names) == printed
    assert {"các đơn vị", "Sở nội vụ", "Sở Nội vụ"} <= printed
    assert all(entry["resolved"] is None for entry in names.values())
    for name, entry in names.items():
        naming = [t for t in document["tasks"] if name in (*t["lead"], *t["partners"])]
        assert entry["tasks"] == len(naming)
        assert entry["lead_tasks"] == sum(name in t["lead"] for t in naming)


def test_with_the_offices_directory_there_is_no_warning(cli: CliRunner) -> None:
    units = Path(__file__).resolve().parents[2] / "config" / "units" / "so-cong-thuong.yaml"
    run = cli("plan", "import", require_shared(*SCT), "--dry-run", "--units", units)
    assert run.code == 0, run.err
    assert "units init" not in run.out
    document = cli(
        "plan", "import", require_shared(*SCT), "--dry-run", "--units", units, "--json"
    ).json()
    assert document["units_directory"] == "so-cong-thuong-quang-tri"
    assert not any("units init" in warning for warning in document["warnings"])
    sở_nội_vụ = next(entry for entry in document["units"] if entry["name"] == "Sở nội vụ")
    assert sở_nội_vụ["resolved"] == {"kind": "unit", "key": "so-noi-vu", "name": "Sở Nội vụ"}


@pytest.mark.parametrize("parts", ROUND_TRIP, ids=lambda parts: parts[-1])
def test_units_init_then_import_with_the_draft_leaves_no_name_unknown(
    cli: CliRunner, tmp_path: Path, parts: tuple[str, ...], sqlite_url: str
) -> None:
    plan = require_shared(*parts)
    drafted = tmp_path / "units.yaml"
    run = cli("units", "init", "--from-plan", plan, "-o", drafted)
    assert run.code == 0, run.err
    assert f"nhacviec plan import {plan} --units {drafted}" in run.err
    directory = load_directory(drafted)
    assert directory.units
    check = cli("units", "check", drafted, "--against", plan)
    assert check.code == 0, check.err
    assert f"Mọi tên đơn vị trong {plan.name} đều có trong danh mục." in check.out
    imported = cli("plan", "import", plan, "--units", drafted, "--json")
    assert imported.code == 0, imported.err
    document = imported.json()
    assert not any("units init" in warning for warning in document["warnings"])
    assert [e["name"] for e in document["units"] if e["resolved"] is None] == []
    assert all(not task["unknown_units"] for task in document["tasks"])
    stored = _names_and_units(sqlite_url)
    assert stored
    assert all(in_directory or group for _, in_directory, group in stored)


def test_a_stored_plan_is_linked_to_the_directory_by_importing_it_again(
    cli: CliRunner, tmp_path: Path, sqlite_url: str
) -> None:
    plan = require_shared(*BA_LONG)
    first = cli("plan", "import", plan)
    assert first.code == 0, first.err
    assert "units init --from-plan" in first.out
    assert cli("tick", "--now", "2025-07-01T08:00+07:00").code == 0
    assert _pending_recipients(sqlite_url) == {False}  # planned for raw names
    raw = _names_and_units(sqlite_url)
    assert {in_directory for _, in_directory, _ in raw} == {False}

    drafted = tmp_path / "units.yaml"
    init = cli("units", "init", "--from-plan", "1", "-o", drafted)
    assert init.code == 0, init.err
    assert f"nhacviec plan import {plan.name} --units {drafted}" in init.err
    again = cli("plan", "import", plan, "--units", drafted)
    assert again.code == 0, again.err
    assert f"Đã gắn {len(raw)} tên đơn vị của kế hoạch #1" in again.out
    assert "units init --from-plan" not in again.out
    linked = _names_and_units(sqlite_url)
    assert sorted(name for name, *_ in linked) == sorted(name for name, *_ in raw)
    assert all(in_directory or group for _, in_directory, group in linked)
    [event] = plan_events(sqlite_url, "units_linked")
    assert event.payload["names"] == len(raw)

    assert cli("tick", "--now", "2025-07-01T09:00+07:00").code == 0
    assert _pending_recipients(sqlite_url) == {True}  # planned again for the directory's units
    once_more = cli("plan", "import", plan, "--units", drafted)
    assert "Đã gắn" not in once_more.out
    assert len(plan_events(sqlite_url, "units_linked")) == 1


def test_units_init_refuses_to_overwrite_and_bad_plans_are_a_sentence(
    cli: CliRunner, tmp_path: Path
) -> None:
    plan = require_shared(*BA_LONG)
    drafted = tmp_path / "units.yaml"
    drafted.write_text("# the office's own work\n", encoding="utf-8")
    refused = cli("units", "init", "--from-plan", plan, "-o", drafted)
    assert refused.code == 2
    assert "đã có; không ghi đè. Dùng --force" in refused.err
    assert drafted.read_text(encoding="utf-8") == "# the office's own work\n"
    forced = cli("units", "init", "--from-plan", plan, "-o", drafted, "--force")
    assert forced.code == 0, forced.err
    assert load_directory(drafted).organisation_key == "uy-ban-nhan-dan-xa-ba-long"
    missing = cli("units", "init", "--from-plan", tmp_path / "none.docx")
    assert missing.code == 2
    assert "Không có tệp kế hoạch" in missing.err
    assert "Traceback" not in missing.err
    no_plan = cli("units", "init", "--from-plan", "42")
    assert no_plan.code == 2
    assert "Không tìm thấy kế hoạch số 42" in no_plan.err
    unwritable = cli("units", "init", "--from-plan", plan, "-o", tmp_path / "no" / "u.yaml")
    assert unwritable.code == 2
    assert "Không ghi được tệp" in unwritable.err


def test_units_init_prints_the_draft_without_an_output_file_and_speaks_english(
    cli: CliRunner,
) -> None:
    run = cli("--lang", "en", "units", "init", "--from-plan", require_shared(*BA_LONG))
    assert run.code == 0, run.err
    assert run.out.startswith("# Units directory — a DRAFT")
    assert "emails: []  # fill in the addresses that get reminders" in run.out
    assert "      - TT Phục vu HCC\n" in run.out
