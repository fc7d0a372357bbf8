"""An amended plan told by its content when its title came out damaged
(``workflows.identity.new_version_of``): the same issuer, another number, signed no earlier,
at least half of the tasks shared. Anything less is another plan."""

from __future__ import annotations

from datetime import date

from workflows.identity import PlanIdentity, identity, new_version_of, same_plan

TASKS = [
    "Rà soát, cập nhật quy trình nội bộ",
    "Tổng hợp, báo cáo kết quả ứng dụng công nghệ thông tin",
    "Tuyên truyền cải cách hành chính",
    "Kiểm tra công tác cải cách hành chính tại các xã",
    "Đánh giá chỉ số hài lòng của người dân",
    "Số hóa hồ sơ thủ tục hành chính",
]
OTHERS = [
    "Tổ chức hội nghị xúc tiến thương mại",
    "Kiểm tra an toàn thực phẩm dịp Tết",
    "Phát triển thương mại điện tử",
    "Quản lý chợ truyền thống",
]
ISSUER = "SỞ CÔNG THƯƠNG"
SIGNED = date(2026, 1, 5)


def _stored() -> PlanIdentity:
    return identity(ISSUER, "15/KH-SCT", SIGNED, TASKS)


def test_an_amendment_keeping_most_tasks_is_a_new_version() -> None:
    """Row 6 dropped, a survey added, one row reworded: four of six shared."""
    tasks = [*TASKS[:3], "Kiểm tra công tác cải cách hành chính tại các xã, phường", TASKS[4]]
    amended = identity(ISSUER, "15a/KH-SCT", date(2026, 3, 2), [*tasks, "Khảo sát mức độ hài lòng"])
    assert new_version_of(amended, _stored())
    assert not same_plan(amended, _stored())  # not a copy: never taken as already imported


def test_accents_and_case_lost_in_the_issuer_still_agree() -> None:
    amended = identity("SO CONG THUONG", "15a/KH-SCT", SIGNED, [t.upper() for t in TASKS])
    assert new_version_of(amended, _stored())


def test_a_plan_sharing_fewer_than_half_the_tasks_is_another_plan() -> None:
    other = identity(ISSUER, "27/KH-SCT", date(2026, 2, 1), [*TASKS[:2], *OTHERS])
    assert not new_version_of(other, _stored())


def test_another_issuer_is_another_plan() -> None:
    assert not new_version_of(identity("SỞ NỘI VỤ", "15a/KH-SNV", SIGNED, TASKS), _stored())


def test_the_same_number_is_a_copy_not_a_version() -> None:
    assert not new_version_of(identity(ISSUER, "15/KH-SCT", SIGNED, TASKS), _stored())


def test_without_a_printed_number_nothing_is_told() -> None:
    assert not new_version_of(identity(ISSUER, "", SIGNED, TASKS), _stored())


def test_a_plan_signed_before_the_stored_one_does_not_amend_it() -> None:
    older = identity(ISSUER, "120/KH-SCT", date(2025, 12, 20), TASKS)
    assert not new_version_of(older, _stored())
