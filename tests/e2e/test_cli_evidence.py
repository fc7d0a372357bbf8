"""Evidence files and partner requests from the command line, on SQLite and PostgreSQL: a report
carries files (kept once by content, in the evidence folder), the limits refuse a file and
change nothing, ``task show`` lists the files and the requests; the lead asks a partner by a
date, the partner is reminded (``tick``) until it answers with words and a file.

Every command gets ``--now`` (Hà Nội time). VII.2 of the Sở Công Thương seed plan is led by
Bộ phận Một cửa; Phòng Quản lý Công nghiệp is one of its partners (through «Các phòng, đơn vị
thuộc Sở»).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, func, select

from nhacviec.store.evidence import EvidenceFile, EvidenceLink, PartnerRequest
from nhacviec.store.models import Reminder
from tests.e2e.conftest import CliRunner, Run
from tests.e2e.plans import snapshot
from tests.shared_paths import require_shared

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
OFFICE = "Văn phòng Sở"
ONE_STOP = "Bộ phận Một cửa"
INDUSTRY = "Phòng Quản lý Công nghiệp"
JUSTICE = "Sở Tư pháp"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture
def store_url(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    monkeypatch.setenv("NHACVIEC_EVIDENCE_FOLDER", str(tmp_path / "evidence"))
    monkeypatch.setenv("NHACVIEC_EVIDENCE_MAX_FILE_MB", "1")
    return database_url


def _run(cli: CliRunner, when: str, *args: str | Path) -> Run:
    return cli("--now", f"{when}+07:00", *args)


def _ok(cli: CliRunner, when: str, *args: str | Path) -> Run:
    run = _run(cli, when, *args)
    assert run.code == 0, (run.out, run.err)
    return run


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return {
                table.__name__: int(session.exec(select(func.count()).select_from(table)).one())
                for table in (EvidenceFile, EvidenceLink, PartnerRequest)
            }
    finally:
        engine.dispose()


def _request_reminders(url: str) -> list[tuple[int, str]]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            query = select(Reminder).where(Reminder.kind == "partner_request")
            return sorted((row.stage, row.status) for row in session.exec(query))
    finally:
        engine.dispose()


def _files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _import_seed(cli: CliRunner) -> None:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    _ok(cli, "2025-07-05T08:00", "plan", "import", plan, "--units", SCT_UNITS)


def test_a_report_carries_files_kept_once_by_content(
    cli: CliRunner, store_url: str, tmp_path: Path
) -> None:
    _import_seed(cli)
    scan = tmp_path / "Báo cáo tháng 7.pdf"
    scan.write_bytes(PDF)
    copy = tmp_path / "ban-sao.pdf"
    copy.write_bytes(PDF)  # the same content under another name
    reported = _ok(
        cli, "2025-07-20T09:00", "task", "report", "VII.2", "--as", ONE_STOP,
        "--note", "Đã số hóa 85% hồ sơ", "--file", scan, "--file", copy,
    )  # fmt: skip
    assert "sang «đã báo cáo»" in reported.out

    evidence = tmp_path / "evidence"
    (kept,) = _files_in(evidence)  # one content, one file, named by its hash
    assert kept.read_bytes() == PDF
    assert _counts(store_url) == {"EvidenceFile": 1, "EvidenceLink": 2, "PartnerRequest": 0}
    shown = _ok(cli, "2025-07-20T10:00", "task", "show", "VII.2")
    assert "Tệp minh chứng" in shown.out
    assert "Báo cáo tháng 7.pdf" in shown.out
    assert "ban-sao.pdf" in shown.out
    history = _ok(cli, "2025-07-20T10:00", "history", "VII.2", "--json").json()
    assert history[-1]["evidence"] == "Báo cáo tháng 7.pdf, ban-sao.pdf"  # the files say it


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        ("virus.exe", b"MZ", "Tệp «virus.exe» không thuộc loại được nhận."),
        ("lon.pdf", b"%PDF" + b"0" * (1024 * 1024), "vượt mức tối đa 1 MB"),
        ("rong.pdf", b"", "Tệp «rong.pdf» không có nội dung."),
    ],
)
def test_a_file_past_the_limits_is_refused_and_nothing_changes(
    cli: CliRunner, store_url: str, tmp_path: Path, name: str, content: bytes, sentence: str
) -> None:
    _import_seed(cli)
    path = tmp_path / name
    path.write_bytes(content)
    before, counts = snapshot(store_url), _counts(store_url)
    refused = _run(
        cli, "2025-07-20T09:00", "task", "report", "VII.2", "--as", ONE_STOP,
        "--note", "Đã xong", "--file", path,
    )  # fmt: skip
    assert refused.code == 2, (refused.out, refused.err)
    assert sentence in " ".join(refused.err.split())
    assert snapshot(store_url) == before
    assert _counts(store_url) == counts
    assert _files_in(tmp_path / "evidence") == []


def test_a_missing_file_is_named_and_only_reports_carry_files(
    cli: CliRunner, store_url: str, tmp_path: Path
) -> None:
    _import_seed(cli)
    missing = _run(
        cli, "2025-07-20T09:00", "task", "report", "VII.2", "--as", ONE_STOP,
        "--file", tmp_path / "khong-co.pdf",
    )  # fmt: skip
    assert missing.code == 2
    assert "Không đọc được tệp" in missing.err
    assert "khong-co.pdf" in missing.err


def test_a_partner_is_asked_reminded_and_answers_with_a_file(
    cli: CliRunner, store_url: str, tmp_path: Path
) -> None:
    _import_seed(cli)
    _ok(cli, "2025-07-07T09:00", "tick")  # the plan's own reminders, planned once
    not_partner = _run(
        cli, "2025-07-07T09:30", "task", "ask", "VII.2", "--partner", JUSTICE,
        "--by", "18/07/2025", "--text", "Đề nghị cung cấp số liệu", "--as", ONE_STOP,
    )  # fmt: skip
    assert not_partner.code == 2
    assert "không phải đơn vị phối hợp của nhiệm vụ VII.2" in not_partner.err
    by_partner = _run(
        cli, "2025-07-07T09:30", "task", "ask", "VII.2", "--partner", INDUSTRY,
        "--by", "18/07/2025", "--text", "Đề nghị", "--as", INDUSTRY,
    )  # fmt: skip
    assert by_partner.code == 1  # the table: only the lead asks
    asked = _ok(
        cli, "2025-07-07T10:00", "task", "ask", "VII.2", "--partner", INDUSTRY,
        "--by", "18/07/2025", "--text", "Đề nghị cung cấp số liệu hồ sơ công nghiệp tháng 7",
        "--as", ONE_STOP,
    )  # fmt: skip
    assert "cung cấp trước ngày 18/07/2025" in asked.out

    told = _ok(cli, "2025-07-07T10:05", "tick")
    assert "Đề nghị cung cấp số liệu hồ sơ công nghiệp tháng 7" in told.out  # at once
    assert _request_reminders(store_url) == [(0, "sent"), (1, "pending"), (2, "pending")]
    _ok(cli, "2025-07-07T10:10", "tick")  # planning again adds nothing: each told once
    assert _request_reminders(store_url) == [(0, "sent"), (1, "pending"), (2, "pending")]
    again = _ok(cli, "2025-07-17T08:05", "tick")  # the working day before the date
    assert "đơn vị chủ trì đề nghị đơn vị phối hợp cung cấp trước hạn này" in again.out
    assert _request_reminders(store_url) == [(0, "sent"), (1, "sent"), (2, "pending")]

    figures = tmp_path / "so-lieu.xlsx"
    figures.write_bytes(b"PK\x03\x04 figures")
    outsider = _run(
        cli, "2025-07-17T09:00", "task", "answer", "VII.2", "--as", JUSTICE, "--text", "x"
    )
    assert outsider.code == 1
    assert "không tham gia nhiệm vụ" in outsider.err
    not_asked = _run(  # the lead is a partner too (a member of «Các phòng, đơn vị …»)
        cli, "2025-07-17T09:00", "task", "answer", "VII.2", "--as", ONE_STOP, "--text", "x"
    )
    assert not_asked.code == 2
    assert "chưa có đề nghị nào đang chờ" in not_asked.err
    answered = _ok(
        cli, "2025-07-17T09:00", "task", "answer", "VII.2", "--as", INDUSTRY,
        "--text", "Gửi số liệu tháng 7", "--file", figures,
    )  # fmt: skip
    assert "kèm 1 tệp" in answered.out
    _ok(cli, "2025-07-17T09:05", "tick")
    assert _request_reminders(store_url) == [(0, "sent"), (1, "sent"), (2, "cancelled")]
    twice = _run(
        cli, "2025-07-17T09:10", "task", "answer", "VII.2", "--as", INDUSTRY, "--text", "y"
    )
    assert twice.code == 2
    assert "chưa có đề nghị nào đang chờ" in twice.err

    shown = " ".join(_ok(cli, "2025-07-17T10:00", "task", "show", "VII.2").out.split())
    assert "Đề nghị đơn vị phối hợp" in shown
    assert "18/07/2025" in shown
    assert "Gửi số liệu tháng 7" in shown
    assert "so-lieu.xlsx" in shown
    history = _ok(cli, "2025-07-17T10:00", "history", "VII.2", "--json").json()
    asks = [entry for entry in history if entry["action"] in {"ask", "answer"}]
    assert [(e["action"], e["unit"], e["from"] == e["to"]) for e in asks] == [
        ("ask", ONE_STOP, True),
        ("answer", INDUSTRY, True),
    ]
    assert asks[0]["details"]["by"] == "2025-07-18"
