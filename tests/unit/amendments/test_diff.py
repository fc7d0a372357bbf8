"""diff_plan on small hand-made plans: one test per way a plan can be amended."""

from __future__ import annotations

from datetime import date

from tests.unit.amendments.build import stored, task, with_occurrence
from tests.unit.amendments.sample import (
    INSPECT,
    PROPAGANDA,
    REPORT,
    REVIEW,
    TWO_REPORTS,
    by_ref,
    kinds,
    only_change,
    replaced,
    v1,
)
from workflows.amendments import ChangeKind, diff_plan


def test_the_same_plan_gives_an_empty_diff() -> None:
    diff = diff_plan(stored(v1()), v1())
    assert diff.is_empty
    assert [c.similarity for c in diff.changes] == [1.0] * 6
    assert [c.stored.ref for c in diff.changes if c.stored] == [t.ref for t in v1()]
    assert diff.counts()[ChangeKind.UNCHANGED] == 6


def test_a_new_task_is_added_in_document_order() -> None:
    new = v1()
    new.insert(5, task("II.4", "Tổ chức hội nghị tập huấn nghiệp vụ kiểm soát TTHC", "Quý IV"))
    diff = diff_plan(stored(v1()), new)
    assert kinds(diff)[5] == ("II.4", ChangeKind.ADDED)
    added = diff.changes[5]
    assert (added.stored, added.new, added.occurrences) == (None, new[5], ())
    assert diff.counts()[ChangeKind.ADDED] == 1
    assert diff.counts()[ChangeKind.UNCHANGED] == 6


def test_a_vanished_task_is_removed_and_its_open_occurrences_cancelled() -> None:
    old = stored(v1(), states={"I.2": ("verified", "in_progress")})
    new = [item for item in v1() if item.ref != "I.2"]
    change = only_change(diff_plan(old, new))
    assert change.kind is ChangeKind.REMOVED
    assert change.stored is by_ref(old, "I.2")
    assert change.new is None
    third_quarter, fourth_quarter = change.stored.occurrences
    assert [(o.kind, o.stored) for o in change.occurrences] == [("cancel", fourth_quarter)]
    assert change.kept == (third_quarter,)


def test_removed_tasks_come_last_in_stored_order() -> None:
    new = [item for item in v1() if item.ref not in {"I.1", "II.2"}]
    diff = diff_plan(stored(v1()), new)
    assert kinds(diff)[-2:] == [("I.1", ChangeKind.REMOVED), ("II.2", ChangeKind.REMOVED)]


def test_a_changed_deadline_re_dates_the_occurrence_and_keeps_its_id() -> None:
    old = stored(v1(), states={"II.1": ("in_progress",)})
    new = replaced(v1(), "II.1", task("II.1", REVIEW, "Trước ngày 30/11/2025"))
    change = only_change(diff_plan(old, new))
    assert change.kind is ChangeKind.REDATED
    assert not change.text_changed
    (move,) = change.occurrences
    assert move.kind == "redate"
    assert move.stored == by_ref(old, "II.1").occurrences[0]
    assert move.new is not None
    assert (move.new.start, move.new.due) == (None, date(2025, 11, 29))


def test_one_of_two_reports_re_dated_pairs_them_by_label() -> None:
    later = "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 20/11)"
    old = stored(v1())
    change = only_change(diff_plan(old, replaced(v1(), "II.2", task("II.2", REPORT, later))))
    assert change.kind is ChangeKind.REDATED
    (move,) = change.occurrences
    assert move.stored == by_ref(old, "II.2").occurrences[1]
    assert move.stored.label == "Báo cáo năm"
    assert move.new is not None
    assert move.new.due == date(2025, 11, 19)


def test_a_quarter_replaced_by_another_pairs_by_position() -> None:
    old = stored(v1())
    new = replaced(v1(), "I.2", task("I.2", PROPAGANDA, "Quý III/2025, Quý I/2026"))
    change = only_change(diff_plan(old, new))
    (move,) = change.occurrences
    assert move.kind == "redate"
    assert move.stored == by_ref(old, "I.2").occurrences[1]
    assert move.new is not None
    assert (move.new.label, move.new.start, move.new.due) == (
        "Quý I/2026",
        date(2026, 1, 1),
        date(2026, 3, 31),
    )


def test_an_extra_occurrence_is_added() -> None:
    new = replaced(v1(), "II.3", task("II.3", INSPECT, "Quý III, IV"))
    change = only_change(diff_plan(stored(v1()), new))
    assert change.kind is ChangeKind.REDATED
    (move,) = change.occurrences
    assert (move.kind, move.stored) == ("add", None)
    assert move.new is not None
    assert (move.new.label, move.new.due) == ("Quý III/2025", date(2025, 9, 30))


def test_a_dropped_occurrence_is_cancelled_when_open() -> None:
    old = stored(v1(), states={"I.2": ("returned", "assigned")})
    change = only_change(diff_plan(old, replaced(v1(), "I.2", task("I.2", PROPAGANDA, "Quý IV"))))
    assert change.kind is ChangeKind.REDATED
    (move,) = change.occurrences
    assert (move.kind, move.stored, move.new) == ("cancel", by_ref(old, "I.2").occurrences[0], None)
    assert change.kept == ()


def test_a_dropped_occurrence_already_verified_is_kept_not_cancelled() -> None:
    old = stored(v1(), states={"I.2": ("verified", "assigned")})
    change = only_change(diff_plan(old, replaced(v1(), "I.2", task("I.2", PROPAGANDA, "Quý IV"))))
    assert change.kind is ChangeKind.REDATED
    assert change.occurrences == ()
    assert change.kept == (by_ref(old, "I.2").occurrences[0],)


def test_a_dropped_occurrence_already_cancelled_needs_nothing() -> None:
    old = stored(v1(), states={"I.2": ("cancelled", "assigned")})
    change = only_change(diff_plan(old, replaced(v1(), "I.2", task("I.2", PROPAGANDA, "Quý IV"))))
    assert change.kind is ChangeKind.REDATED  # the deadline's wording changed
    assert (change.occurrences, change.kept) == ((), ())


def test_a_verified_occurrence_is_re_dated_like_any_other() -> None:
    old = stored(v1(), states={"II.1": ("verified",)})
    new = replaced(v1(), "II.1", task("II.1", REVIEW, "Trước ngày 30/11/2025"))
    (move,) = only_change(diff_plan(old, new)).occurrences
    assert (move.kind, move.stored.state if move.stored else None) == ("redate", "verified")


def test_a_reworded_task_keeps_its_pair() -> None:
    reworded = "Xây dựng và ban hành Kế hoạch cải cách hành chính 6 tháng cuối năm 2025 của Sở"
    old = stored(v1())
    new = replaced(v1(), "I.1", task("I.1", reworded, "Trước ngày 31/7/2025"))
    change = only_change(diff_plan(old, new))
    assert change.kind is ChangeKind.REWORDED
    assert change.text_changed
    assert change.stored is old[0]
    assert 0.55 <= change.similarity < 1.0
    assert change.occurrences == ()


def test_a_reworded_task_with_a_new_deadline_is_re_dated_and_marked_reworded() -> None:
    reworded = "Rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc lĩnh vực của ngành"
    new = replaced(v1(), "II.1", task("II.1", reworded, "Trước ngày 30/11/2025"))
    change = only_change(diff_plan(stored(v1()), new))
    assert (change.kind, change.text_changed) == (ChangeKind.REDATED, True)
    assert [o.kind for o in change.occurrences] == ["redate"]


def test_a_deadline_printed_with_other_spacing_is_unchanged() -> None:
    spaced = replaced(v1(), "II.3", task("II.3", INSPECT, "Quý IV/2025- Quý II/2026"))
    tight = replaced(v1(), "II.3", task("II.3", INSPECT, "quý IV/2025 -Quý II/2026"))
    assert diff_plan(stored(spaced), tight).is_empty


def test_punctuation_and_spacing_in_the_text_do_not_count_as_rewording() -> None:
    new = replaced(v1(), "II.2", task("II.2", REPORT.replace(", ", " ,  "), TWO_REPORTS))
    assert diff_plan(stored(v1()), new).is_empty


def test_a_loosely_similar_task_pairs_only_under_its_own_ref() -> None:
    rewritten = "Rà soát văn bản pháp luật của ngành và đề xuất bãi bỏ văn bản không còn phù hợp"
    old = stored(v1())
    same_ref = diff_plan(
        old, replaced(v1(), "II.1", task("II.1", rewritten, "Trước ngày 18/11/2025"))
    )
    change = only_change(same_ref)
    assert change.kind is ChangeKind.REWORDED
    assert 0.4 <= change.similarity < 0.55
    other_ref = [item for item in v1() if item.ref != "II.1"]
    other_ref.append(task("III.2", rewritten, "Trước ngày 18/11/2025"))
    assert kinds(diff_plan(old, other_ref))[-2:] == [
        ("III.2", ChangeKind.ADDED),
        ("II.1", ChangeKind.REMOVED),
    ]


def test_a_renumbered_section_pairs_by_text() -> None:
    new = [
        task(f"IV.{item.ref.split('.')[1]}", item.row.task, item.row.time_text)
        if item.ref.startswith("III.")
        else item
        for item in v1()
    ]
    old = stored(v1())
    diff = diff_plan(old, new)
    change = only_change(diff)
    assert (change.kind, change.ref_changed, change.ref) == (ChangeKind.UNCHANGED, True, "IV.1")
    assert change.stored is by_ref(old, "III.1")
    assert not diff.is_empty
    assert diff.renumbered == 1


def test_a_task_inserted_before_others_does_not_steal_their_refs() -> None:
    new = v1()
    shifted = [
        task(f"II.{n + 1}", item.row.task, item.row.time_text)
        for n, item in enumerate(new[2:5], start=1)
    ]
    inserted = task("II.1", "Rà soát văn bản hành chính thuộc lĩnh vực quản lý của ngành", "Quý IV")
    diff = diff_plan(stored(v1()), [*new[:2], inserted, *shifted, new[5]])
    assert kinds(diff)[2] == ("II.1", ChangeKind.ADDED)
    moved = [(c.stored.ref, c.ref) for c in diff.changes[3:6] if c.stored and c.ref_changed]
    assert moved == [("II.1", "II.2"), ("II.2", "II.3"), ("II.3", "II.4")]
    assert diff.counts()[ChangeKind.REMOVED] == 0


def test_swapped_tasks_follow_their_text() -> None:
    new = v1()
    new[3:5] = [task("II.2", INSPECT, "Quý IV"), task("II.3", REPORT, TWO_REPORTS)]
    old = stored(v1())
    diff = diff_plan(old, new)
    pairs = [(c.ref, c.stored.ref if c.stored else None, c.kind) for c in diff.changes[3:5]]
    assert pairs == [("II.2", "II.3", ChangeKind.UNCHANGED), ("II.3", "II.2", ChangeKind.UNCHANGED)]
    assert diff.renumbered == 2


def test_a_task_split_in_two_keeps_one_half_and_adds_the_other() -> None:
    whole = "Rà soát, đánh giá thủ tục hành chính và cập nhật dữ liệu lên Cổng dịch vụ công"
    first = "Rà soát, đánh giá thủ tục hành chính thuộc phạm vi quản lý của Sở"
    second = "Cập nhật, công khai dữ liệu thủ tục hành chính lên Cổng dịch vụ công"
    old = stored([task("II.1", whole, "Quý IV"), task("II.2", REPORT, TWO_REPORTS)])
    new = [
        task("II.1", first, "Quý IV"),
        task("II.2", second, "Quý IV"),
        task("II.3", REPORT, TWO_REPORTS),
    ]
    diff = diff_plan(old, new)
    assert [(c.ref, c.kind, c.stored.ref if c.stored else None) for c in diff.changes] == [
        ("II.1", ChangeKind.REWORDED, "II.1"),
        ("II.2", ChangeKind.ADDED, None),
        ("II.3", ChangeKind.UNCHANGED, "II.2"),
    ]


def test_two_tasks_merged_keep_the_closer_one_and_remove_the_other() -> None:
    first = "Rà soát, đánh giá thủ tục hành chính thuộc phạm vi quản lý của Sở"
    second = "Cập nhật dữ liệu thủ tục hành chính lên Cổng dịch vụ công"
    merged = (
        "Rà soát, đánh giá thủ tục hành chính thuộc phạm vi quản lý của Sở và cập nhật lên Cổng"
    )
    old = stored(
        [
            task("II.1", first, "Quý IV"),
            task("II.2", second, "Quý IV"),
            task("II.3", REPORT, TWO_REPORTS),
        ]
    )
    new = [task("II.1", merged, "Quý IV"), task("II.2", REPORT, TWO_REPORTS)]
    diff = diff_plan(old, new)
    assert [(c.ref, c.kind, c.stored.ref if c.stored else None) for c in diff.changes] == [
        ("II.1", ChangeKind.REWORDED, "II.1"),
        ("II.2", ChangeKind.UNCHANGED, "II.3"),
        ("II.2", ChangeKind.REMOVED, "II.2"),
    ]


def test_an_already_cancelled_task_that_vanishes_gives_no_change() -> None:
    old = stored(v1(), states={"II.3": ("cancelled",)})
    diff = diff_plan(old, [item for item in v1() if item.ref != "II.3"])
    assert diff.is_empty
    assert len(diff.changes) == 5


def test_an_already_cancelled_task_still_listed_stays_as_it_is() -> None:
    old = stored(v1(), states={"II.3": ("cancelled",)})
    diff = diff_plan(old, v1())
    assert diff.is_empty
    assert diff.changes[4].stored is by_ref(old, "II.3")


def test_dates_the_office_set_survive_when_the_plan_still_leaves_them_open() -> None:
    open_text = "Theo Kế hoạch được phê duyệt"
    (old,) = stored([task("IV.3", INSPECT, open_text)])
    old = with_occurrence(old, "Do văn phòng ấn định", date(2025, 10, 15))
    diff = diff_plan([old], [task("IV.3", INSPECT, open_text)])
    assert diff.is_empty


def test_a_date_the_office_set_is_re_dated_when_the_plan_now_gives_one() -> None:
    (old,) = stored([task("IV.3", INSPECT, "Theo Kế hoạch được phê duyệt")])
    old = with_occurrence(old, "Do văn phòng ấn định", date(2025, 10, 15))
    change = only_change(diff_plan([old], [task("IV.3", INSPECT, "Trước ngày 30/11/2025")]))
    (move,) = change.occurrences
    assert (move.kind, move.stored) == ("redate", old.occurrences[0])
    assert move.new is not None
    assert move.new.due == date(2025, 11, 29)


def test_a_dated_deadline_turned_into_an_event_cancels_the_open_dates() -> None:
    old = stored(v1())
    event = "Trong vòng 05 ngày làm việc sau khi Bộ công bố thủ tục hành chính"
    change = only_change(diff_plan(old, replaced(v1(), "II.1", task("II.1", REVIEW, event))))
    assert change.kind is ChangeKind.REDATED
    assert [(o.kind, o.stored) for o in change.occurrences] == [
        ("cancel", by_ref(old, "II.1").occurrences[0])
    ]


def test_identical_texts_pair_by_ref_then_by_position() -> None:
    same = "Báo cáo kết quả thực hiện nhiệm vụ được giao"
    tasks = [task("V.1", same, "Quý III"), task("V.2", same, "Quý IV"), task("V.3", same, "Quý IV")]
    old = stored(tasks)
    diff = diff_plan(old, [task("V.2", same, "Quý IV"), task("V.3", same, "Quý IV")])
    assert [(c.ref, c.stored.id if c.stored else None) for c in diff.changes] == [
        ("V.2", old[1].id),
        ("V.3", old[2].id),
        ("V.1", old[0].id),
    ]
    assert diff.changes[2].kind is ChangeKind.REMOVED


def test_activities_of_one_task_are_told_apart_by_their_activity() -> None:
    shared = "Đánh giá tình hình thi hành pháp luật"
    rows = [
        task("II.6a", shared, "Quý IV", activity="Kiểm tra tình hình thi hành pháp luật"),
        task("II.6b", shared, "Quý IV", activity="Điều tra, khảo sát tình hình thi hành"),
    ]
    old = stored(rows)
    # The first activity is dropped; the second, slightly reworded, is now the only one.
    left = task("II.6", shared, "Quý IV", activity="Điều tra, khảo sát về tình hình thi hành")
    diff = diff_plan(old, [left])
    assert [(c.ref, c.kind, c.stored.ref if c.stored else None) for c in diff.changes] == [
        ("II.6", ChangeKind.REWORDED, "II.6b"),
        ("II.6a", ChangeKind.REMOVED, "II.6a"),
    ]
    assert diff.changes[0].ref_changed


def test_swapped_tasks_that_differ_by_one_word_still_follow_their_text() -> None:
    text = "Kiểm tra công tác cải cách hành chính, kỷ luật, kỷ cương hành chính tại {} thuộc Sở"
    rooms, units = text.format("các phòng"), text.format("các chi cục")
    old = stored([task("I.3", rooms, "Quý III"), task("I.4", units, "Quý IV")])
    diff = diff_plan(old, [task("I.3", units, "Quý IV"), task("I.4", rooms, "Quý III")])
    assert [(c.ref, c.stored.ref if c.stored else None) for c in diff.changes] == [
        ("I.3", "I.4"),
        ("I.4", "I.3"),
    ]
    assert {c.kind for c in diff.changes} == {ChangeKind.UNCHANGED}


def test_a_cancelled_task_gets_no_new_occurrence_from_the_amendment() -> None:
    old = stored(v1(), states={"II.3": ("cancelled",)})
    change = only_change(
        diff_plan(old, replaced(v1(), "II.3", task("II.3", INSPECT, "Quý III, IV")))
    )
    assert change.kind is ChangeKind.REDATED  # the wording changed, the store keeps it
    assert change.occurrences == ()
