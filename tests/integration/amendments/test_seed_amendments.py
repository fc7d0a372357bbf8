"""Amendment diffs on the real seed plans: an edited version, and the same plan in other formats."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

import pytest

from nhacviec.i18n.amendments import describe
from tests.shared_paths import CORPUS_STEMS, require_shared
from tests.unit.amendments.build import stored
from workflows.amendments import ChangeKind, StoredTask, diff_plan
from workflows.deadlines.reader import read_deadline
from workflows.importing import parse_plan
from workflows.plan import ParsedPlan, PlanContext, Task
from workflows.readers import read_document

SO_CONG_THUONG = "so-cong-thuong-2025h2"
BA_LONG = "xa-ba-long-2025h2"
NEW_TASK = "Tổ chức tập huấn chuyển đổi số cho công chức, viên chức các phòng thuộc Sở"


@cache
def parsed(*relative: str) -> ParsedPlan:
    return parse_plan(read_document(require_shared(*relative)))


def seed(name: str, extension: str) -> ParsedPlan:
    return parsed("fixtures", "plans", f"{name}.{extension}")


def renumbered(item: Task, section: str) -> Task:
    ref = f"{section}.{item.ref.partition('.')[2]}"
    return replace(item, ref=ref, row=replace(item.row, section=section, ref_hint=ref))


def re_dated(item: Task, time_text: str, plan: ParsedPlan) -> Task:
    context = PlanContext(plan.metadata.period, plan.metadata.issuer_level)
    schedule = read_deadline(time_text, context)
    return replace(item, row=replace(item.row, time_text=time_text), schedule=schedule)


def added(template: Task, ref: str, text: str) -> Task:
    row = replace(template.row, section=ref.partition(".")[0], task=text, activity=text)
    return replace(template, ref=ref, row=replace(row, ref_hint=ref))


def v2(v1: ParsedPlan) -> list[Task]:
    """The Sở Công Thương plan amended: III.3 dropped, II.2 later, a new section VII with one
    task before the old VII (now VIII)."""
    tasks: list[Task] = []
    for item in v1.tasks:
        if item.ref == "III.3":
            continue
        if item.ref == "II.2":
            item = re_dated(item, "Trước ngày 30/11/2025", v1)
        if item.ref == "VII.1":
            tasks.append(added(item, "VII.1", NEW_TASK))
        if item.ref.startswith("VII."):
            item = renumbered(item, "VIII")
        tasks.append(item)
    return tasks


def _title(task: StoredTask) -> str:
    text = task.activity or task.task_text
    return text if len(text) <= 60 else text[:59] + "…"


def test_an_edited_seed_plan_gives_exactly_its_edits() -> None:
    v1 = seed(SO_CONG_THUONG, "docx")
    old = stored(v1.tasks)
    stored_by_ref = {item.ref: item for item in old}
    diff = diff_plan(old, v2(v1))
    got = [(c.ref, c.kind, c.stored.ref if c.stored else None, c.ref_changed) for c in diff.changes]
    expected: list[tuple[str, ChangeKind, str | None, bool]] = []
    for item in v1.tasks:
        if item.ref == "II.2":
            expected.append(("II.2", ChangeKind.REDATED, "II.2", False))
        elif item.ref == "VII.1":
            expected.append(("VII.1", ChangeKind.ADDED, None, False))
        if item.ref.startswith("VII."):
            new_ref = item.ref.replace("VII.", "VIII.")
            expected.append((new_ref, ChangeKind.UNCHANGED, item.ref, True))
        elif item.ref not in {"II.2", "III.3"}:
            expected.append((item.ref, ChangeKind.UNCHANGED, item.ref, False))
    expected.append(("III.3", ChangeKind.REMOVED, "III.3", False))
    assert got == expected
    assert all(c.stored is stored_by_ref.get(c.stored.ref) for c in diff.changes if c.stored)

    by_ref = {c.ref: c for c in diff.changes}
    (move,) = by_ref["II.2"].occurrences
    assert (move.kind, move.stored) == ("redate", stored_by_ref["II.2"].occurrences[0])
    assert move.new is not None
    assert move.new.due == date(2025, 11, 29)
    (cancel,) = by_ref["III.3"].occurrences
    assert (cancel.kind, cancel.stored) == ("cancel", stored_by_ref["III.3"].occurrences[0])

    lines = [describe(c) for c in diff.changes if c.kind is not ChangeKind.UNCHANGED]
    assert lines == [
        "II.2: đổi thời hạn «Trước ngày 18/11/2025» → «Trước ngày 30/11/2025»",
        f"VII.1 «{NEW_TASK[:59]}…»: thêm mới",
        f"III.3 «{_title(stored_by_ref['III.3'])}»: bãi bỏ theo kế hoạch sửa đổi",
    ]
    assert describe(by_ref["VIII.2"]) == "VII.2 → VIII.2: đánh số lại"


def test_dropping_one_activity_of_a_task_leaves_its_sibling_alone() -> None:
    v1 = seed(BA_LONG, "docx")
    siblings = [item.ref for item in v1.tasks if item.ref.startswith("II.2")]
    assert siblings == ["II.2a", "II.2b"]  # two activity rows sharing one task cell
    diff = diff_plan(stored(v1.tasks), [item for item in v1.tasks if item.ref != "II.2a"])
    changed = [(c.ref, c.kind) for c in diff.changes if c.kind is not ChangeKind.UNCHANGED]
    assert changed == [("II.2a", ChangeKind.REMOVED)]
    assert diff.renumbered == 0


SAME_PLAN = [
    (
        ("fixtures", "plans", f"{SO_CONG_THUONG}.docx"),
        ("fixtures", "plans", f"{SO_CONG_THUONG}.pdf"),
    ),
    (
        ("fixtures", "plans", f"{SO_CONG_THUONG}.docx"),
        ("fixtures", "plans", f"{SO_CONG_THUONG}.xlsx"),
    ),
    (("fixtures", "plans", f"{SO_CONG_THUONG}.pdf"), ("seeds", "000_739eac5672039361.txt")),
    (("fixtures", "plans", f"{BA_LONG}.docx"), ("fixtures", "plans", f"{BA_LONG}.pdf")),
    (("fixtures", "plans", f"{BA_LONG}.pdf"), ("fixtures", "plans", f"{BA_LONG}.xlsx")),
    *((("corpus", f"{stem}.docx"), ("corpus", f"{stem}.pdf")) for stem in CORPUS_STEMS),
]


@pytest.mark.parametrize(
    ("first", "second"), SAME_PLAN, ids=[f"{a[-1]}~{b[-1]}" for a, b in SAME_PLAN]
)
def test_a_plan_read_from_another_format_is_unchanged(
    first: tuple[str, ...], second: tuple[str, ...]
) -> None:
    old = stored(parsed(*first).tasks)
    diff = diff_plan(old, parsed(*second).tasks)
    assert [(c.ref, c.kind) for c in diff.changes if c.kind is not ChangeKind.UNCHANGED] == []
    assert diff.is_empty
    assert [c.stored for c in diff.changes] == old
