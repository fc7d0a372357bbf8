"""The dry-run lines: one per change, in Vietnamese and English, words from the catalogue."""

from __future__ import annotations

import math
import re
from pathlib import Path

import yaml

from nhacviec.i18n import Language, translate
from nhacviec.i18n.amendments import CANCEL_REASON_KEY, describe, summarize
from tests.unit.amendments.build import stored, task
from tests.unit.amendments.sample import (
    INSPECT,
    PLAN_TEXT,
    PROPAGANDA,
    REPORT,
    REVIEW,
    TWO_REPORTS,
    only_change,
    replaced,
    v1,
)
from workflows.amendments import ChangeKind, PlanDiff, TaskChange, diff_plan
from workflows.plan import Task

CATALOGUE = Path(__file__).resolve().parents[3] / "nhacviec" / "i18n" / "catalogue"


def change_for(new: list[Task], **states: tuple[str, ...]) -> TaskChange:
    return only_change(diff_plan(stored(v1(), states=states), new))


def test_a_new_deadline_reads_as_its_old_and_new_wording() -> None:
    new = replaced(v1(), "II.1", task("II.1", REVIEW, "Trước ngày 30/11/2025"))
    change = change_for(new)
    assert (
        describe(change) == "II.1: đổi thời hạn «Trước ngày 18/11/2025» → «Trước ngày 30/11/2025»"
    )
    assert describe(change, Language.EN) == (
        "II.1: deadline changed “Trước ngày 18/11/2025” → “Trước ngày 30/11/2025”"
    )


def test_added_removed_and_unchanged_tasks() -> None:
    new = [item for item in v1() if item.ref != "II.3"]
    new.append(task("III.2", "Tổ chức tập huấn nghiệp vụ kiểm soát thủ tục hành chính", "Quý IV"))
    diff = diff_plan(stored(v1()), new)
    lines = [describe(change) for change in diff.changes]
    assert lines[0] == "I.1: không thay đổi"
    # Added and removed tasks are named by their text too: refs of the two may coincide.
    assert lines[-2:] == [
        "III.2 «Tổ chức tập huấn nghiệp vụ kiểm soát thủ tục hành chính»: thêm mới",
        f"II.3 «{INSPECT[:59]}…»: bãi bỏ theo kế hoạch sửa đổi",
    ]
    assert (
        describe(diff.changes[-1], "en") == f"II.3 “{INSPECT[:59]}…”: cancelled by the amended plan"
    )


def test_a_removed_task_names_the_verified_work_it_keeps() -> None:
    change = change_for(
        [item for item in v1() if item.ref != "I.2"], **{"I.2": ("verified", "assigned")}
    )
    assert describe(change) == (
        f"I.2 «{PROPAGANDA[:59]}…»: bãi bỏ theo kế hoạch sửa đổi; "
        "giữ lần «Quý III/2025» vì đã xác nhận hoàn thành"
    )


def test_a_dropped_quarter_is_named() -> None:
    change = change_for(replaced(v1(), "I.2", task("I.2", PROPAGANDA, "Quý IV")))
    assert describe(change) == "I.2: đổi thời hạn «Quý III, IV» → «Quý IV»; hủy lần «Quý III/2025»"
    assert describe(change, "en") == (
        "I.2: deadline changed “Quý III, IV” → “Quý IV”; occurrence “Quý III/2025” cancelled"
    )


def test_one_report_of_two_re_dated_names_it() -> None:
    later = TWO_REPORTS.replace("07/11", "20/11")
    change = change_for(replaced(v1(), "II.2", task("II.2", REPORT, later)))
    assert describe(change) == (
        f"II.2: đổi thời hạn «{TWO_REPORTS}» → «{later}»; "
        "lần «Báo cáo năm»: hạn 06/11/2025 → hạn 19/11/2025"
    )


def test_windows_show_both_ends_and_additions_their_span() -> None:
    moved = change_for(replaced(v1(), "I.2", task("I.2", PROPAGANDA, "Quý III/2025, Quý I/2026")))
    assert describe(moved).endswith(
        "; lần «Quý IV/2025»: từ 01/10/2025 đến 31/12/2025 → từ 01/01/2026 đến 31/03/2026"
    )
    added = change_for(replaced(v1(), "II.3", task("II.3", INSPECT, "Quý III, IV")))
    assert describe(added) == (
        "II.3: đổi thời hạn «Quý IV» → «Quý III, IV»; thêm lần «Quý III/2025» "
        "(từ 01/07/2025 đến 30/09/2025)"
    )


def test_a_reworded_task_shows_how_alike_it_is() -> None:
    reworded = "Xây dựng và ban hành Kế hoạch cải cách hành chính 6 tháng cuối năm 2025 của Sở"
    change = change_for(replaced(v1(), "I.1", task("I.1", reworded, "Trước ngày 31/7/2025")))
    line = describe(change)
    found = re.fullmatch(r"I\.1: sửa nội dung \(giống (\d+)%\)", line)
    assert found, line
    assert int(found.group(1)) == math.floor(change.similarity * 100)


def test_a_renumbered_task_shows_both_refs() -> None:
    new = [
        task("IV.1", item.row.task, item.row.time_text) if item.ref == "III.1" else item
        for item in v1()
    ]
    assert describe(change_for(new)) == "III.1 → IV.1: đánh số lại"
    assert describe(change_for(new), "en") == "III.1 → IV.1: renumbered"


def test_a_blank_deadline_is_named_blank() -> None:
    change = change_for(replaced(v1(), "II.3", task("II.3", INSPECT, "")))
    assert describe(change) == "II.3: đổi thời hạn «Quý IV» → «để trống»; hủy lần «Quý IV/2025»"


def test_summary_counts_every_kind() -> None:
    new = [item for item in v1() if item.ref != "II.3"]
    new[0] = task("I.1", PLAN_TEXT, "Trước ngày 15/8/2025")
    new.append(task("IV.1", "Tổ chức tập huấn nghiệp vụ kiểm soát thủ tục hành chính", "Quý IV"))
    diff = diff_plan(stored(v1()), new)
    assert diff.counts() == {
        ChangeKind.ADDED: 1,
        ChangeKind.REMOVED: 1,
        ChangeKind.REDATED: 1,
        ChangeKind.REWORDED: 0,
        ChangeKind.UNCHANGED: 4,
    }
    assert summarize(diff) == (
        "Nhiệm vụ: thêm mới 1, bãi bỏ 1, đổi thời hạn 1, sửa nội dung 0, đánh số lại 0, "
        "không thay đổi 4."
    )
    assert summarize(diff_plan(stored(v1()), v1()), "en") == "The amended plan changes no task."
    assert summarize(PlanDiff(()), "vi") == "Kế hoạch sửa đổi không làm thay đổi nhiệm vụ nào."


def test_the_cancel_reason_is_the_issue_s_wording() -> None:
    assert translate(CANCEL_REASON_KEY, "vi") == "bãi bỏ theo kế hoạch sửa đổi"


def test_every_amendment_message_has_both_languages_and_the_same_placeholders() -> None:
    messages = yaml.safe_load((CATALOGUE / "amendments.yaml").read_text(encoding="utf-8"))
    placeholder = re.compile(r"\{(\w+)\}")
    for key, texts in messages.items():
        assert key.startswith("amendment."), key
        assert set(texts) == {"vi", "en"}, key
        assert set(placeholder.findall(texts["vi"])) == set(placeholder.findall(texts["en"])), key
