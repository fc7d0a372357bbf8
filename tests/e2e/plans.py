"""Small synthetic plans, written as DOCX files the way a Sở types them, for end-to-end tests.

``SIX_TASKS`` is a plan of the Sở Công Thương for 2026 whose "Thời gian" cells cover the kinds
the workflow treats differently: fixed deadlines, two quarters, an event with a working-day
offset, an event without an offset, and a date the plan leaves to the office. ``AMENDED`` is
the same plan as amended: one task re-dated, one dropped (the rows below it renumbered), one
added at the end.

``snapshot`` and ``plan_events`` read back what the commands wrote, to check that a refused
move or a dry run changed nothing, and that a change left its trace in the plan's event log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import docx
from sqlalchemy import create_engine, func
from sqlmodel import Session, col, select

from nhacviec.store import models

HEADER = ("TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian")

EVENT = "Bộ, ngành trung ương công bố"  # the words the "05 ngày làm việc" cell waits on


@dataclass(frozen=True)
class Row:
    number: str
    task: str
    lead: str
    partners: str
    time: str


# What each row means at import (the plan period is 01/01/2026–31/12/2026):
SIX_TASKS: tuple[Row, ...] = (
    Row(
        "1",
        "Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026",
        "Văn phòng Sở",
        "Các phòng, đơn vị thuộc Sở",
        "Trước ngày 31/01/2026",  # due 30/01/2026 (overdue from 31/01 00:00)
    ),
    Row(
        "2",
        "Công bố danh mục thủ tục hành chính nội bộ thuộc phạm vi quản lý của Sở",
        "Phòng Quản lý Công nghiệp",
        "Sở Tư pháp",
        f"trong vòng 05 ngày làm việc sau khi {EVENT}",  # no date until the event
    ),
    Row(
        "3",
        "Xây dựng Quy chế phối hợp giải quyết thủ tục hành chính liên thông",
        "Phòng Quản lý Thương mại",
        "Bộ phận Một cửa",
        "Sau khi có Quy chế của TW",  # an event without an offset: the office sets the date
    ),
    Row(
        "4",
        "Kiểm tra việc thực hiện các nội dung phân cấp, ủy quyền",
        "Phòng Quản lý Năng lượng",
        "Văn phòng Sở",
        "Theo Kế hoạch phê duyệt",  # unscheduled
    ),
    Row(
        "5",
        "Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính",
        "Phòng Kế hoạch - Tài chính",
        "Các phòng chuyên môn",
        "Quý I, II",  # two windows: due 31/03/2026 and 30/06/2026
    ),
    Row(
        "6",
        "Tổ chức tập huấn kỹ năng số cho công chức, viên chức",
        "Chi cục Quản lý thị trường",
        "Trung tâm Khuyến công",
        "Trước ngày 15/3/2026",  # due 14/03/2026
    ),
)

NEW_TASK = Row(
    "6",
    "Khảo sát mức độ hài lòng của người dân, doanh nghiệp đối với thủ tục hành chính của Sở",
    "Bộ phận Một cửa",
    "Văn phòng Sở",
    "Quý III",  # due 30/09/2026
)


def amended(rows: Sequence[Row] = SIX_TASKS) -> tuple[Row, ...]:
    """The amended plan: row 1 later ("Trước ngày 28/02/2026", due 27/02), row 6 dropped,
    a new survey task added as the new row 6."""
    kept = [replace(rows[0], time="Trước ngày 28/02/2026"), *rows[1:5]]
    return (*kept, NEW_TASK)


def write_plan(
    folder: Path,
    name: str,
    rows: Sequence[Row] = SIX_TASKS,
    *,
    number: str = "15/KH-SCT",
    subtitle: str = "Cải cách hành chính năm 2026",
) -> Path:
    """A plan as a DOCX: the issuer block and motto, the title, and the task table."""
    document = docx.Document()
    for line in (
        "UBND TỈNH QUẢNG TRỊ",
        "SỞ CÔNG THƯƠNG",
        f"Số: {number}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Trị, ngày 05 tháng 01 năm 2026",
        "KẾ HOẠCH",
        subtitle,
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows) + 1, cols=len(HEADER))
    texts = [HEADER, *((r.number, r.task, r.lead, r.partners, r.time) for r in rows)]
    for row, values in zip(table.rows, texts, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = folder / name
    document.save(str(path))
    return path


# -- looking into the store a command wrote ---------------------------------------------------

_COUNTED = (
    models.Plan,
    models.Task,
    models.TaskUnit,
    models.Occurrence,
    models.HistoryEntry,
    models.PlanEvent,
    models.ExternalEvent,
    models.PlanSource,
)


@dataclass(frozen=True)
class StoreSnapshot:
    """What a refused or dry-run command must leave exactly as it was."""

    counts: dict[str, int]
    plans: list[tuple[Any, ...]]
    tasks: list[tuple[Any, ...]]
    occurrences: list[tuple[Any, ...]]


def snapshot(url: str) -> StoreSnapshot:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            counts = {
                table.__name__: int(session.exec(select(func.count()).select_from(table)).one())
                for table in _COUNTED
            }
            plans = [
                (p.id, p.version, p.source_sha256, p.office_unit_id)
                for p in session.exec(select(models.Plan).order_by(col(models.Plan.id)))
            ]
            tasks = [
                (t.id, t.ref, t.time_text, t.task_text)
                for t in session.exec(select(models.Task).order_by(col(models.Task.id)))
            ]
            occurrences = [
                (o.id, o.state, o.due_date, o.start_date, o.version, o.reported_at)
                for o in session.exec(select(models.Occurrence).order_by(col(models.Occurrence.id)))
            ]
    finally:
        engine.dispose()
    return StoreSnapshot(counts, plans, tasks, occurrences)


def plan_events(url: str, kind: str) -> list[models.PlanEvent]:
    """The plan event log's entries of one kind, in log order."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            query = select(models.PlanEvent).where(models.PlanEvent.kind == kind)
            return list(session.exec(query.order_by(col(models.PlanEvent.seq))).all())
    finally:
        engine.dispose()
