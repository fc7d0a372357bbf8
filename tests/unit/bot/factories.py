"""Tasks and occurrences in memory (no store), for the bot's pure parts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count

from nhacviec.services.queries import TaskStatus, status_of
from nhacviec.store.models import Occurrence, Plan, Task
from nhacviec.store.tasks import TaskView

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
PLAN = Plan(
    id=1,
    title="Kế hoạch cải cách hành chính năm 2026",
    issuer="Sở Công Thương",
    issuer_level="province",
    number="15/KH-SCT",
    period_start=date(2026, 1, 1),
    period_end=date(2026, 12, 31),
    period_source="title",
    source_name="plan.docx",
    source_format="docx",
    source_sha256="0" * 64,
)
_ids = count(1)


def occurrence(
    due: date | None,
    state: str = "assigned",
    *,
    seq: int = 1,
    label: str = "",
    reported: datetime | None = None,
) -> Occurrence:
    return Occurrence(
        id=next(_ids),
        task_id=0,
        seq=seq,
        label=label,
        due_date=due,
        state=state,
        reported_at=reported,
    )


def status(ref: str, *occurrences: Occurrence, text: str = "", position: int = 0) -> TaskStatus:
    task_id = next(_ids)
    task = Task(
        id=task_id,
        plan_id=1,
        ref=ref,
        position=position,
        task_text=text or f"Nhiệm vụ {ref}",
        schedule_kind="deadline",
        time_text="Trước ngày 31/3/2026",
    )
    for item in occurrences:
        item.task_id = task_id
    view = TaskView(task, PLAN, ("Phòng Kinh tế",), ("Văn phòng Sở",), tuple(occurrences))
    return status_of(view, NOW)
