"""An amended plan whose title came out damaged (issue 13, item 10): the import cannot tell
by the title whether it is a new plan or a new version of one, so the content tells — same
issuer, another number, an overlapping period and at least half of the tasks — and the plain
import is refused with exit 2, naming the plan and both ways out (``--amends``, ``--title``),
the store untouched. An untitled plan that is not such a version imports as before."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx
import pytest

from nhacviec.services.accounts import AccountRole
from tests.e2e.conftest import CliRunner, Run
from tests.e2e.plans import SIX_TASKS, Row, amended, snapshot, write_plan
from tests.integration.web.harness import Person, WebWorld
from workflows.standing import LOCAL_TZ

TITLE = ("KẾ HOẠCH", "Cải cách hành chính năm 2026")
OTHER_TASKS = (
    Row("1", "Tổ chức hội nghị xúc tiến thương mại năm 2026", "Phòng Quản lý Thương mại",
        "Văn phòng Sở", "Quý II"),
    Row("2", "Kiểm tra an toàn thực phẩm trong dịp Tết Nguyên đán", "Chi cục Quản lý thị trường",
        "Văn phòng Sở", "Trước ngày 15/02/2026"),
    Row("3", "Phát triển thương mại điện tử trên địa bàn tỉnh", "Phòng Quản lý Thương mại",
        "Văn phòng Sở", "Quý III"),
    Row("4", "Quản lý, phát triển hệ thống chợ truyền thống", "Phòng Quản lý Thương mại",
        "Văn phòng Sở", "Quý IV"),
    SIX_TASKS[0],
)  # fmt: skip


def _untitled(folder: Path, name: str, rows: tuple[Row, ...], number: str) -> Path:
    """A plan as a DOCX whose title lines were lost when its text was extracted."""
    path = write_plan(folder, name, rows, number=number)
    document = docx.Document(str(path))
    for paragraph in list(document.paragraphs):
        if paragraph.text in TITLE:
            paragraph._element.getparent().remove(paragraph._element)
    document.save(str(path))
    return path


@pytest.fixture
def store_url(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """SQLite and PostgreSQL: the content is looked up in SQL."""
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    return database_url


def _ok(run: Run) -> Run:
    assert run.code == 0, run.err
    return run


def _plans(cli: CliRunner) -> list[dict[str, object]]:
    plans: list[dict[str, object]] = _ok(cli("plan", "list", "--json")).json()
    return plans


def test_an_untitled_amendment_is_refused_with_the_way_to_apply_it(
    cli: CliRunner, store_url: str, tmp_path: Path
) -> None:
    _ok(cli("plan", "import", write_plan(tmp_path, "ke-hoach-2026.docx")))
    v2 = _untitled(tmp_path, "ke-hoach-sua-doi.docx", amended(), "15a/KH-SCT")
    before = snapshot(store_url)

    refused = cli("--lang", "vi", "plan", "import", v2)
    assert refused.code == 2, refused.err
    assert f"tệp {v2}:" in refused.err
    assert "bản sửa đổi của kế hoạch số 1 đã nhập" in refused.err
    assert f"«nhacviec plan import {v2.name} --amends 1»" in refused.err
    assert '--title "…"' in refused.err
    assert snapshot(store_url) == before

    english = cli("--lang", "en", "plan", "import", v2)
    assert english.code == 2
    assert f"“nhacviec plan import {v2.name} --amends 1”" in english.err

    applied = _ok(cli("--lang", "vi", "plan", "import", v2, "--amends", "1"))
    assert "kế hoạch số 1 nay là phiên bản 2" in applied.out
    [plan] = _plans(cli)  # the stored plan amended, its readable title kept
    assert (plan["id"], plan["version"], plan["source"]) == (1, 2, v2.name)
    assert plan["title"] == "Kế hoạch Cải cách hành chính năm 2026"


def test_an_untitled_version_given_a_title_is_a_plan_of_its_own(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    _ok(cli("plan", "import", write_plan(tmp_path, "ke-hoach-2026.docx")))
    v2 = _untitled(tmp_path, "ke-hoach-bo-sung.docx", amended(), "15a/KH-SCT")
    named = "Kế hoạch bổ sung cải cách hành chính năm 2026"
    _ok(cli("plan", "import", v2, "--title", named))
    assert [plan["title"] for plan in _plans(cli)][1] == named


def test_an_untitled_plan_that_amends_nothing_imports(
    cli: CliRunner, store_url: str, tmp_path: Path
) -> None:
    """Same issuer, another number, one task of five shared: another plan, imported."""
    _ok(cli("plan", "import", write_plan(tmp_path, "ke-hoach-2026.docx")))
    other = _untitled(tmp_path, "ke-hoach-thuong-mai.docx", OTHER_TASKS, "27/KH-SCT")
    _ok(cli("plan", "import", other))
    assert [plan["number"] for plan in _plans(cli)] == ["15/KH-SCT", "27/KH-SCT"]


def test_the_dry_run_refuses_an_untitled_amendment_as_the_import_does(
    cli: CliRunner, store_url: str, tmp_path: Path
) -> None:
    """``--dry-run`` is the import: the same refusal, the same exit code, the same sentence."""
    _ok(cli("plan", "import", write_plan(tmp_path, "ke-hoach-2026.docx")))
    v2 = _untitled(tmp_path, "ke-hoach-sua-doi.docx", amended(), "15a/KH-SCT")
    before = snapshot(store_url)

    real = cli("--lang", "vi", "plan", "import", v2)
    for args in (("--dry-run",), ("--dry-run", "--json")):
        dry = cli("--lang", "vi", "plan", "import", v2, *args)
        assert (dry.code, dry.err) == (2, real.err)
        assert dry.out == ""
    assert "bản sửa đổi của kế hoạch số 1 đã nhập" in real.err
    assert snapshot(store_url) == before

    # the ways out preview as they import: the amendment's diff, a named plan of its own
    assert "kế hoạch số 1" in _ok(cli("--lang", "vi", "plan", "import", v2, "--amends", "1",
                                     "--dry-run")).out  # fmt: skip
    named = _ok(
        cli("plan", "import", v2, "--title", "Kế hoạch bổ sung 2026", "--dry-run", "--json")
    )
    assert named.json()["import"]["status"] == "dry_run"
    # a file already imported previews as before (its own import finds it, refuses nothing)
    again = _ok(cli("plan", "import", write_plan(tmp_path, "ke-hoach-2026.docx"), "--dry-run"))
    assert again.code == 0
    assert snapshot(store_url) == before


def test_the_api_preview_refuses_it_with_the_cli_s_sentence(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    """``POST /api/v1/plans/preview`` is ``plan import --dry-run``: the same refusal."""
    _ok(cli("plan", "import", write_plan(tmp_path, "ke-hoach-2026.docx")))
    v2 = _untitled(tmp_path, "ke-hoach-sua-doi.docx", amended(), "15a/KH-SCT")
    world = WebWorld(sqlite_url, datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ))
    world.add(Person("leader", AccountRole.LEADER))
    files = {"file": (v2.name, v2.read_bytes(), "application/octet-stream")}
    answer = world.client.post(
        "/api/v1/plans/preview", files=files, headers=world.headers("leader")
    )
    world.close()
    assert answer.status_code == 400, answer.text  # as ``POST /api/v1/plans`` refuses it
    assert answer.json()["error"] == "import.untitled_amendment"
    refused = cli("--lang", "vi", "plan", "import", tmp_path / v2.name, "--dry-run")
    assert refused.code == 2
    expected = refused.err.strip().replace(f"tệp {v2}:", f"tệp {v2.name}:")
    assert answer.json()["message"] == expected
