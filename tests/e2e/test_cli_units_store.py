"""``nhacviec units import`` / ``units export``: the directory the store keeps, in and out as
the ``config/units`` YAML; a file with a mistake refused as ``units check`` refuses it, and a
plan imported afterwards read with the store's copy."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import CliRunner
from tests.e2e.plans import SIX_TASKS, Row, write_plan
from workflows.units.directory import load_directory, parse_directory

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
ORGANISATION = "so-cong-thuong-quang-tri"
NEW_NAME = "Ban Quản lý các khu công nghiệp tỉnh"


def test_import_then_export_gives_the_file_back(cli: CliRunner, sqlite_url: str) -> None:
    imported = cli("units", "import", SCT_UNITS)
    assert imported.code == 0, imported.err
    assert "Đã nhập danh mục «Sở Công Thương tỉnh Quảng Trị»: 12 đơn vị" in imported.out
    exported = cli("units", "export", ORGANISATION)
    assert exported.code == 0, exported.err
    assert exported.out == SCT_UNITS.read_text(encoding="utf-8")


def test_a_file_with_a_mistake_is_refused_as_units_check_refuses_it(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    broken = tmp_path / "units.yaml"
    text = SCT_UNITS.read_text(encoding="utf-8")
    broken.write_text(text.replace("    name: Bộ phận Một cửa", "    nam: Bộ phận Một cửa"))
    refused = cli("units", "import", broken)
    checked = cli("units", "check", broken)
    assert refused.code == checked.code == 2
    assert refused.err == checked.err
    assert "units.yaml" in refused.err
    assert cli("units", "export", ORGANISATION).code != 0  # nothing kept


def test_a_plan_is_read_with_the_directory_the_store_keeps(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    edited = tmp_path / "sct.yaml"
    text = SCT_UNITS.read_text(encoding="utf-8").replace(
        "      - Bộ phận một cửa của Sở", f"      - Bộ phận một cửa của Sở\n      - {NEW_NAME}", 1
    )
    edited.write_text(text, encoding="utf-8")
    assert cli("units", "import", edited).code == 0
    plan = write_plan(
        tmp_path, "plan.docx", (*SIX_TASKS, Row("7", "Rà soát", NEW_NAME, "", "Quý II"))
    )
    config = tmp_path / "nhacviec.yaml"
    config.write_text(f"units_directories: [{SCT_UNITS}]\n", encoding="utf-8")
    imported = cli("--config", config, "plan", "import", plan)
    assert imported.code == 0, imported.err
    assert "chưa có trong danh mục" not in imported.out + imported.err  # the name is known now
    kept = parse_directory(cli("units", "export", ORGANISATION).out, "x.yaml")
    assert kept != load_directory(SCT_UNITS)
