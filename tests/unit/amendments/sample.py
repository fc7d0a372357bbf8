"""A small plan of six tasks, the "v1" the unit tests amend, and helpers to look at a diff."""

from __future__ import annotations

from tests.unit.amendments.build import task
from workflows.amendments import ChangeKind, PlanDiff, StoredTask, TaskChange
from workflows.plan import Task

PLAN_TEXT = "Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2025 của Sở"
PROPAGANDA = "Tuyên truyền công tác cải cách hành chính đến công chức, viên chức và người dân"
REVIEW = "Rà soát văn bản quy phạm pháp luật thuộc lĩnh vực quản lý của ngành"
REPORT = "Báo cáo kết quả thực hiện công tác phổ biến, giáo dục pháp luật"
INSPECT = "Kiểm tra tình hình thi hành pháp luật tại các phòng, đơn vị thuộc Sở"
POSTING = "Niêm yết công khai thủ tục hành chính tại trụ sở cơ quan"
TWO_REPORTS = "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)"


def v1() -> list[Task]:
    return [
        task("I.1", PLAN_TEXT, "Trước ngày 31/7/2025"),
        task("I.2", PROPAGANDA, "Quý III, IV"),
        task("II.1", REVIEW, "Trước ngày 18/11/2025"),
        task("II.2", REPORT, TWO_REPORTS),
        task("II.3", INSPECT, "Quý IV"),
        task("III.1", POSTING, "Thường xuyên"),
    ]


def replaced(tasks: list[Task], ref: str, new: Task) -> list[Task]:
    return [new if item.ref == ref else item for item in tasks]


def kinds(diff: PlanDiff) -> list[tuple[str, ChangeKind]]:
    return [(change.ref, change.kind) for change in diff.changes]


def only_change(diff: PlanDiff) -> TaskChange:
    changed = [c for c in diff.changes if c.kind is not ChangeKind.UNCHANGED or c.ref_changed]
    assert len(changed) == 1, kinds(diff)
    return changed[0]


def by_ref(old: list[StoredTask], ref: str) -> StoredTask:
    return next(item for item in old if item.ref == ref)
