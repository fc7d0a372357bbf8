"""An amendment does not silently override what the office decided (issue 14): an occurrence
whose due date an approved extension moved keeps the granted date — unchanged when the amended
plan keeps the plan's date, held with a notice when it gives another —, and a reassigned task
keeps its lead — a notice when the amended plan names another lead. Pure: ``diff_plan`` on
hand-made stored sides, and the lines ``nhacviec.i18n.amendments`` words from them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from nhacviec.i18n import Language
from nhacviec.i18n.amendments import notice_lines
from tests.unit.amendments.build import stored, task
from tests.unit.amendments.sample import REPORT, REVIEW, TWO_REPORTS, by_ref, replaced, v1
from workflows.amendments import ChangeKind, KeptLead, PlanDiff, StoredTask, TaskChange, diff_plan
from workflows.amendments.occurrences import plan_due
from workflows.event_payloads import DueSource
from workflows.extensions import DeadlineChange, deadline_history
from workflows.plan import Task
from workflows.standing import LOCAL_TZ

GRANTED = date(2025, 12, 10)  # II.1 «Trước ngày 18/11/2025» (due 17/11) extended to 10/12


def _extended(old: list[StoredTask], ref: str, granted: date, seq: int = 1) -> list[StoredTask]:
    """``old`` with the ``seq``-th occurrence of ``ref`` moved to ``granted`` by an extension."""
    item = by_ref(old, ref)
    moved = tuple(
        replace(o, due=granted, extended=True, plan_due=o.due) if o.seq == seq else o
        for o in item.occurrences
    )
    return replaced_stored(old, replace(item, occurrences=moved))


def _reassigned(old: list[StoredTask], ref: str, lead: str) -> list[StoredTask]:
    item = by_ref(old, ref)
    moved = replace(item, lead_text="Văn phòng Sở", lead=(lead,), reassigned=True)
    return replaced_stored(old, moved)


def replaced_stored(old: list[StoredTask], new: StoredTask) -> list[StoredTask]:
    return [new if item.id == new.id else item for item in old]


def test_an_amendment_keeping_the_plan_s_date_leaves_the_granted_one_alone() -> None:
    old = _extended(stored(v1()), "II.1", GRANTED)
    diff = diff_plan(old, v1())
    assert diff.is_empty  # before: a re-date back to 17/11, the extension silently undone
    assert diff.notices == ()


def test_an_amendment_re_dating_an_extended_occurrence_holds_the_granted_date() -> None:
    old = _extended(stored(v1()), "II.1", GRANTED)
    later = task("II.1", REVIEW, "Trước ngày 30/11/2025")
    diff = diff_plan(old, replaced(v1(), "II.1", later))
    (change,) = [c for c in diff.changes if c.ref == "II.1"]
    assert change.kind is ChangeKind.REDATED  # the plan's words changed
    assert change.occurrences == ()  # no re-date applied
    (held,) = change.held
    assert (held.granted, held.amended) == (GRANTED, date(2025, 11, 29))
    assert diff.notices == (("II.1", held),)
    [line] = notice_lines(diff, Language.VI)
    assert line == (
        "II.1, lần «Trước ngày 18/11/2025»: kế hoạch sửa đổi ghi hạn 29/11/2025, nhưng đơn vị đã "
        "được đồng ý gia hạn đến ngày 10/12/2025; hạn đã gia hạn được giữ nguyên."
    )
    [english] = notice_lines(diff, Language.EN)
    assert "an extension to 10/12/2025 was granted; the extended date is kept" in english


def test_only_the_extended_occurrence_is_held_the_others_re_date() -> None:
    old = _extended(stored(v1()), "II.2", date(2025, 6, 20), seq=1)  # the 6-month report
    moved = task("II.2", REPORT, TWO_REPORTS.replace("07/11", "15/11").replace("07/6", "10/6"))
    diff = diff_plan(old, replaced(v1(), "II.2", moved))
    (change,) = [c for c in diff.changes if c.ref == "II.2"]
    assert [h.stored.seq for h in change.held] == [1]
    assert [(o.kind, o.stored.seq if o.stored else None) for o in change.occurrences] == [
        ("redate", 2)
    ]


def test_a_reassigned_lead_is_kept_and_a_rewritten_one_noticed() -> None:
    old = _reassigned(stored(v1()), "II.3", "Phòng Quản lý Thương mại")
    same = diff_plan(old, v1())
    assert same.is_empty
    assert by_ref_change(same, "II.3").keep_lead  # the stored lead stays when applied
    assert same.notices == ()

    amended = replaced(v1(), "II.3", _led_by(by_ref_task(v1(), "II.3"), "Thanh tra Sở"))
    diff = diff_plan(old, amended)
    change = by_ref_change(diff, "II.3")
    assert change.keep_lead
    assert change.kept_lead == KeptLead(("Phòng Quản lý Thương mại",), ("Thanh tra Sở",))
    [line] = notice_lines(diff, Language.VI)
    assert line.startswith(
        "II.3: kế hoạch sửa đổi giao «Thanh tra Sở» chủ trì, nhưng nhiệm vụ đã được chuyển đơn "
        "vị chủ trì sang «Phòng Quản lý Thương mại»; đơn vị chủ trì hiện tại được giữ nguyên"
    )


def test_a_task_never_reassigned_takes_the_amended_lead() -> None:
    amended = replaced(v1(), "II.3", _led_by(by_ref_task(v1(), "II.3"), "Thanh tra Sở"))
    change = by_ref_change(diff_plan(stored(v1()), amended), "II.3")
    assert (change.keep_lead, change.kept_lead) == (False, None)


def test_the_plan_s_date_is_the_last_the_plan_gave_before_the_office_moved_it() -> None:
    changes = [
        _change(date(2025, 11, 17), date(2025, 11, 29), DueSource.AMENDMENT, 1),
        _change(date(2025, 11, 29), date(2025, 12, 10), DueSource.EXTENSION, 2),
        _change(date(2025, 12, 10), date(2025, 12, 17), DueSource.SUSPENSION, 3),
    ]
    history = deadline_history(date(2025, 12, 17), changes)
    assert plan_due(history) == date(2025, 11, 29)
    assert plan_due(deadline_history(date(2025, 11, 17), [])) == date(2025, 11, 17)


def _change(before: date, after: date, source: DueSource, day: int) -> DeadlineChange:
    return DeadlineChange(before, after, source, datetime(2025, 10, day, 9, tzinfo=LOCAL_TZ))


def _led_by(item: Task, lead: str) -> Task:
    return replace(item, row=replace(item.row, lead=lead), lead=(lead,))


def by_ref_task(tasks: list[Task], ref: str) -> Task:
    return next(item for item in tasks if item.ref == ref)


def by_ref_change(diff: PlanDiff, ref: str) -> TaskChange:
    return next(c for c in diff.changes if c.ref == ref)
