"""A plan's identity comes from its content (``workflows.identity``): a copy whose title or
accents came out damaged is the plan already stored; an amendment or another plan is not."""

from __future__ import annotations

from datetime import date

from workflows.identity import PlanIdentity, identity, same_plan

TASKS = [
    "Rà soát, cập nhật quy trình nội bộ",
    "Tổng hợp, báo cáo kết quả ứng dụng công nghệ thông tin",
    "Tuyên truyền cải cách hành chính",
    "Kiểm tra công tác cải cách hành chính tại các xã",
    "Đánh giá chỉ số hài lòng của người dân",
    "Số hóa hồ sơ thủ tục hành chính",
    "Bồi dưỡng cán bộ làm công tác một cửa",
    "Rà soát thủ tục hành chính cấp xã",
    "Xây dựng kế hoạch năm sau",
    "Báo cáo sơ kết 6 tháng",
]
SIGNED = date(2026, 1, 15)


def _stored() -> PlanIdentity:
    return identity("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "99/KH-UBND", SIGNED, TASKS)


def test_a_copy_with_damaged_accents_and_punctuation_is_the_same_plan() -> None:
    damaged = [text.replace("ả", "a").replace(",", "").upper() for text in TASKS]
    copy = identity("UY BAN NHAN DAN TINH QUANG TRI", "99 / KH-UBND", SIGNED, damaged)
    assert same_plan(copy, _stored())


def test_a_copy_losing_one_task_in_ten_is_the_same_plan() -> None:
    copy = identity("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "99/KH-UBND", SIGNED, TASKS[:9])
    assert same_plan(copy, _stored())


def test_a_copy_whose_issuer_came_out_wrong_is_known_by_number_and_date() -> None:
    copy = identity("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "99/KH-UBND", SIGNED, TASKS)
    assert same_plan(copy, _stored())


def test_without_a_number_the_issuer_and_date_must_agree() -> None:
    copy = identity("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "", SIGNED, TASKS)
    assert same_plan(copy, _stored())
    assert not same_plan(identity("SỞ TƯ PHÁP", "", SIGNED, TASKS), _stored())


def test_an_amendment_under_a_new_number_is_another_plan() -> None:
    amended = identity("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "120/KH-UBND", SIGNED, TASKS)
    assert not same_plan(amended, _stored())


def test_another_date_is_another_plan() -> None:
    later = identity("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "99/KH-UBND", date(2027, 1, 15), TASKS)
    assert not same_plan(later, _stored())


def test_the_same_facts_with_other_tasks_are_not_taken_for_a_copy() -> None:
    other = identity("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "99/KH-UBND", SIGNED, TASKS[:5])
    assert not same_plan(other, _stored())
    assert not same_plan(
        identity("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "99/KH-UBND", SIGNED, []),
        identity("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "99/KH-UBND", SIGNED, []),
    )
