"""``nhacviec report`` and ``nhacviec units scores`` on both seed plans mid-period (issue 12).

The figures the report prints are checked against ``nhacviec tasks --json`` at the same instant:
the DOCX opened with python-docx, the XLSX with openpyxl. Every command gets ``--now``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pdfplumber
import pytest

from tests.e2e.conftest import CliRunner
from tests.shared_paths import require_shared

REPO = Path(__file__).resolve().parents[2]
AS_OF = "15/10/2025"
AS_OF_INSTANT = "2025-10-15T23:59:59+07:00"  # what --as-of 15/10/2025 means: the day's end
BUCKETS = ("done_on_time", "done_late", "open_on_time", "open_late")
BUCKET_WORDS = {
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "open_on_time": "chưa hoàn thành, trong hạn",
    "open_late": "chưa hoàn thành, quá hạn",
}

SCT = 1  # Sở Công Thương: office Văn phòng Sở
XA = 2  # xã Ba Lòng: office Phòng Văn hóa - Xã hội


def _ok(cli: CliRunner, when: str, *args: str | Path) -> str:
    run = cli("--now", f"{when}+07:00", *args)
    assert run.code == 0, (run.out, run.err)
    return run.out


@pytest.fixture
def seeded(cli: CliRunner, database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Both seed plans, and a few months of work on them: reports in time and late, with and
    without evidence, a verification, a return."""
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    for name, units in (("so-cong-thuong", "so-cong-thuong"), ("xa-ba-long", "xa-ba-long")):
        plan = require_shared("fixtures", "plans", f"{name}-2025h2.docx")
        _ok(
            cli,
            "2025-07-01T08:00",
            "plan",
            "import",
            plan,
            "--units",
            REPO / f"config/units/{units}.yaml",
        )
    office, vhxh = "Văn phòng Sở", "Phòng Văn hóa - Xã hội"
    steps: list[tuple[str, tuple[str, ...]]] = [
        (
            "2025-07-20T09:00",
            ("task", "report", "I.1", "--plan", "1", "--as", office, "--evidence", "Số 125/KH-SCT"),
        ),
        ("2025-07-22T09:00", ("task", "verify", "I.1", "--plan", "1", "--as", office)),
        (
            "2025-08-01T09:00",
            ("task", "start", "II.6b", "--plan", "1", "--as", "Phòng Quản lý Công nghiệp"),
        ),
        (
            "2025-10-02T09:00",
            (
                "task",
                "report",
                "II.6b",
                "--plan",
                "1",
                "--as",
                "Phòng Quản lý Công nghiệp",
                "--evidence",
                "Số 410/BC-QLCN",
            ),
        ),
        (
            "2025-08-05T09:00",
            (
                "task",
                "report",
                "I.1",
                "--plan",
                "2",
                "--as",
                vhxh,
                "--evidence",
                "Kế hoạch số 57/KH-UBND",
            ),
        ),
        ("2025-08-06T09:00", ("task", "verify", "I.1", "--plan", "2", "--as", vhxh)),
        (
            "2025-09-10T09:00",
            ("task", "report", "I.2", "--plan", "2", "--as", vhxh, "--note", "Đã tuyên truyền"),
        ),
        (
            "2025-09-12T09:00",
            ("task", "return", "I.2", "--plan", "2", "--as", vhxh, "--note", "Thiếu số liệu"),
        ),
    ]
    for when, args in steps:
        _ok(cli, when, *args)
    return cli


def _tasks(cli: CliRunner, plan: int) -> list[dict[str, Any]]:
    run = cli("--now", AS_OF_INSTANT, "tasks", "--plan", str(plan), "--json")
    assert run.code == 0, run.err
    tasks: list[dict[str, Any]] = run.json()
    return tasks


def _counts(tasks: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Per bucket: (tasks with an occurrence in it, occurrences in it), as tasks --json says."""
    return {
        kind: (
            sum(1 for t in tasks if any(o["bucket"] == kind for o in t["occurrences"])),
            sum(1 for t in tasks for o in t["occurrences"] if o["bucket"] == kind),
        )
        for kind in BUCKETS
    }


def _by_lead(tasks: list[dict[str, Any]]) -> dict[str, dict[str, tuple[int, int]]]:
    leads: dict[str, list[dict[str, Any]]] = {}
    for task in tasks:
        for lead in task["lead"]:
            leads.setdefault(lead, []).append(task)
    return {lead: _counts(members) for lead, members in leads.items()}


def _pair(text: str) -> tuple[int, int]:
    tasks, _, rest = text.strip().partition(" (")
    return int(tasks), int(rest.rstrip(")"))


def _table_after(document: Any, header: str) -> Any:
    for table in document.tables:
        if table.rows and table.rows[0].cells[0].text.strip() == header:
            yield table


def _write(cli: CliRunner, plan: int, path: Path, *more: str | Path) -> Path:
    run = cli(
        "--now", AS_OF_INSTANT, "report", "--plan", str(plan), "--as-of", AS_OF, "-o", path, *more
    )
    assert run.code == 0, (run.out, run.err)
    assert path.is_file()
    return path


@pytest.mark.parametrize("plan", [SCT, XA])
def test_docx_counts_are_the_standings_of_tasks_json(
    seeded: CliRunner, tmp_path: Path, plan: int
) -> None:
    tasks = _tasks(seeded, plan)
    expected = _counts(tasks)
    document = docx.Document(str(_write(seeded, plan, tmp_path / "bao-cao.docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện Kế hoạch" in text
    occurrences = sum(len(t["occurrences"]) for t in tasks)
    assert f"Tổng số: {len(tasks)} nhiệm vụ ({occurrences} lượt/kỳ thực hiện)." in text

    [standing] = list(_table_after(document, "Nhóm"))
    rows = {
        row.cells[0].text: (int(row.cells[1].text), int(row.cells[2].text))
        for row in standing.rows[1:]
    }
    assert rows == {BUCKET_WORDS[kind]: expected[kind] for kind in BUCKETS}

    by_section, by_unit, overdue_table = list(_table_after(document, "TT"))[:3]
    section_totals = Counter[str]()
    for row in by_section.rows[1:]:
        for kind, cell in zip(BUCKETS, row.cells[3:], strict=True):
            section_totals[kind] += _pair(cell.text)[1]
    assert section_totals == Counter({kind: expected[kind][1] for kind in BUCKETS})
    units = {
        row.cells[1].text: {k: _pair(c.text) for k, c in zip(BUCKETS, row.cells[3:], strict=True)}
        for row in by_unit.rows[1:]
    }
    assert units == _by_lead(tasks)
    overdue = list(overdue_table.rows[1:])  # 5. the overdue work
    assert len(overdue) == expected["open_late"][1]

    # the chart: one picture, a PNG, in the document's package
    assert len(document.inline_shapes) == 1
    with zipfile.ZipFile(tmp_path / "bao-cao.docx") as package:
        images = [name for name in package.namelist() if name.startswith("word/media/")]
        assert len(images) == 1
        assert package.read(images[0]).startswith(b"\x89PNG")

    # the parts only the office can write are marked, never invented
    assert "[Văn phòng bổ sung: những tồn tại, hạn chế" in text
    assert "[Văn phòng bổ sung: phương hướng" in text


@pytest.mark.parametrize("plan", [SCT, XA])
def test_xlsx_appendix_has_every_occurrence_with_real_dates(
    seeded: CliRunner, tmp_path: Path, plan: int
) -> None:
    tasks = _tasks(seeded, plan)
    expected = _counts(tasks)
    path = _write(seeded, plan, tmp_path / "bao-cao.xlsx", "--format", "xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Phụ lục", "Tổng hợp", "Xếp hạng"]

    appendix = workbook["Phụ lục"]
    header = [cell.value for cell in appendix[2]]
    assert header == ["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Kết quả", "Sản phẩm"]
    rows = list(appendix.iter_rows(min_row=3, values_only=True))
    assert len(rows) == sum(len(t["occurrences"]) for t in tasks)
    dues = [o["due"] for t in tasks for o in t["occurrences"]]
    for row, due in zip(rows, dues, strict=True):
        if due is None:
            assert not isinstance(row[4], dt.datetime)
        else:
            assert row[4] == dt.datetime.fromisoformat(due)  # a date cell, not text
    results = Counter(
        kind for row in rows for kind in BUCKETS if str(row[5]).endswith(BUCKET_WORDS[kind])
    )
    assert results == Counter({kind: expected[kind][1] for kind in BUCKETS if expected[kind][1]})

    total = next(workbook["Tổng hợp"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert total[2:4] == (len(tasks), len(rows))
    assert [tuple(total[4 + 2 * i : 6 + 2 * i]) for i in range(4)] == [expected[k] for k in BUCKETS]

    for sheet in workbook.worksheets:  # values only: nothing for the reader to recompute
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_an_offices_own_template_is_used(seeded: CliRunner, tmp_path: Path) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    from nhacviec.reports.word import shipped_template

    own = docx.Document(io.BytesIO(shipped_template()))
    own.paragraphs[0].insert_paragraph_before("MẪU RIÊNG: {{ issuer }} — {{ total_line }}")
    own.paragraphs[0].insert_paragraph_before("Tại {{ place }}: {{ shortcomings }}.")
    own.save(str(tmp_path / "mau-rieng.docx"))
    path = _write(seeded, SCT, tmp_path / "bao-cao.docx", "--template", tmp_path / "mau-rieng.docx")
    document = docx.Document(str(path))
    text = [p.text for p in document.paragraphs]
    tasks = _tasks(seeded, SCT)
    occurrences = sum(len(t["occurrences"]) for t in tasks)
    total = f"Tổng số: {len(tasks)} nhiệm vụ ({occurrences} lượt/kỳ thực hiện)."
    assert f"MẪU RIÊNG: SỞ CÔNG THƯƠNG — {total}" in text
    # the placeholders it prints are marked wherever the office put them, the rest is not
    runs = document.paragraphs[0].runs
    marked = [r.text for r in runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert marked == [
        "[Địa danh]",
        "[Văn phòng bổ sung: những tồn tại, hạn chế và nguyên nhân trong kỳ báo cáo]",
    ]
    assert "".join(r.text for r in runs).startswith("Tại [Địa danh]: [Văn phòng bổ sung")


def test_a_broken_template_is_refused_with_exit_2(seeded: CliRunner, tmp_path: Path) -> None:
    from nhacviec.reports.word import shipped_template

    own = docx.Document(io.BytesIO(shipped_template()))
    own.add_paragraph("{{ issuer ")  # an unclosed tag
    own.save(str(tmp_path / "hong.docx"))
    out = tmp_path / "bao-cao.docx"
    run = seeded(
        "report", "--plan", "1", "--as-of", AS_OF, "-o", out, "--template", tmp_path / "hong.docx"
    )
    assert run.code == 2
    assert "Không dùng được mẫu báo cáo" in run.err
    assert not out.exists()
    missing = seeded("report", "--plan", "1", "--template", tmp_path / "khong-co.docx", "-o", out)
    assert missing.code == 2
    assert "Không tìm thấy tệp mẫu" in missing.err
    assert seeded("report", "--plan", "1", "--format", "pdf", "-o", out).code == 2
    assert seeded("report", "--plan", "9", "-o", out).code == 2


@pytest.mark.parametrize("kind", ["md", "html"])
def test_text_reports_print_the_same_standings(seeded: CliRunner, kind: str) -> None:
    expected = _counts(_tasks(seeded, XA))
    run = seeded(
        "--now", AS_OF_INSTANT, "report", "--plan", "2", "--as-of", AS_OF, "--format", kind
    )
    assert run.code == 0, run.err
    words = " ".join(run.out.split())
    for kind_name in BUCKETS:
        tasks, occurrences = expected[kind_name]
        cells = (
            f"| {BUCKET_WORDS[kind_name]} | {tasks} | {occurrences} |"
            if kind == "md"
            else f'<td>{BUCKET_WORDS[kind_name]}</td><td class="n">{tasks}</td>'
            f'<td class="n">{occurrences}</td>'
        )
        assert cells in words


def test_units_scores_json_agrees_with_tasks_json(seeded: CliRunner) -> None:
    tasks = _tasks(seeded, SCT)
    run = seeded(
        "--now", AS_OF_INSTANT, "units", "scores", "--plan", "1", "--as-of", AS_OF, "--json"
    )
    assert run.code == 0, run.err
    units = {row["unit"]: row for row in run.json()["units"]}
    for lead, counts in _by_lead(tasks).items():
        row = units[lead]
        assert [row[k] for k in ("done_on_time", "done_late", "open_on_time", "open_late")] == [
            counts[k][1] for k in BUCKETS
        ]
        assert row["assigned"] == sum(counts[k][1] for k in BUCKETS)
    office = units["Văn phòng Sở"]  # I.1 reported in time and verified
    assert office["done_on_time"] >= 1
    ranks = [row["rank"] for row in run.json()["units"]]
    assert ranks == sorted(ranks)
    assert ranks[0] == 1
    table = seeded("--now", AS_OF_INSTANT, "units", "scores", "--plan", "1", "--as-of", AS_OF)
    assert table.code == 0
    assert "Văn phòng Sở" in table.out


def require_soffice(environ: dict[str, str] | None = None) -> str:
    """LibreOffice's ``soffice``; without it the test skips with the reason, but under
    ``CI=true`` it fails (CI installs ``libreoffice-writer-nogui``: .ci/run)."""
    environ = dict(os.environ) if environ is None else environ
    found = shutil.which("soffice")
    if found is not None:
        return found
    reason = "no soffice on PATH (apt-get install libreoffice-writer-nogui)"
    if environ.get("CI") == "true":
        pytest.fail(f"LibreOffice is required under CI=true: {reason}")
    pytest.skip(reason)


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("plan", [SCT, XA])
def test_docx_renders_to_an_a4_pdf_with_its_title(
    seeded: CliRunner, tmp_path: Path, plan: int
) -> None:
    soffice = require_soffice()
    path = _write(seeded, plan, tmp_path / "bao-cao.docx")
    profile = (tmp_path / "lo-profile").as_uri()  # a profile of its own: runs may be parallel
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(tmp_path / "bao-cao.pdf") as pdf:
        first = pdf.pages[0]
        assert (round(first.width), round(first.height)) == (595, 842)  # A4 in points
        words = " ".join((first.extract_text() or "").split())
        assert "BÁO CÁO" in words
        assert "Kết quả thực hiện Kế hoạch" in words
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in words
        assert "Độc lập - Tự do - Hạnh phúc" in words
        fonts = {char["fontname"].split("+")[-1] for char in first.chars}
        assert all("Times" in font or "Liberation" in font for font in fonts), fonts
