"""Reading faults found by the ninth blind set (tests/fixtures/layouts/held_out_9): four
gazette (Công báo) PDFs whose duties are lists naming units, times inside the duties. Each test
reads the real PDF that showed the fault, once per module."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.unit.readers.excerpts import blind_plan, blind_task
from workflows.plan import ParsedPlan, Task
from workflows.readers.prose import times_in_text
from workflows.schedule import ScheduleKind
from workflows.units.splitter import split_units

SET = Path(__file__).resolve().parents[2] / "fixtures" / "layouts" / "held_out_9"


def _plan(name: str) -> ParsedPlan:
    return blind_plan("held_out_9", name)


def _task(name: str, ref: str) -> Task:
    return blind_task("held_out_9", name, ref)


def test_an_appendix_listing_the_duties_assigned_is_a_task_part() -> None:
    """122/NQ-CP: «Phụ lục / NHIỆM VỤ CỤ THỂ GIAO CÁC BỘ, CƠ QUAN, ĐỊA PHƯƠNG …» has no Roman
    heading, so none of its 91 duties was read; a finding of the body's review («Các ngành, lĩnh
    vực chủ yếu … duy trì đà tăng tích cực») was read as a duty instead."""
    tasks = _plan("cp_nq122_2026.pdf").tasks
    assert len(tasks) == 91
    assert tasks[0].ref == "1.a"
    assert tasks[0].row.task.startswith("Đẩy nhanh tiến độ lập, điều chỉnh các quy hoạch")
    assert not any(task.row.task.startswith("Các ngành, lĩnh vực chủ yếu") for task in tasks)


def test_a_heading_sentence_ending_in_a_colon_heads_the_lettered_duties_below_it() -> None:
    """«3. Bộ Tài chính chủ trì, phối hợp với các cơ quan, địa phương:» over a)–o): a unit's
    heading over letters, as over «- » bullets; not a duty of its own."""
    assert _task("cp_nq122_2026.pdf", "3.o").lead == ("Bộ Tài chính",)
    assert not any(task.ref == "3" for task in _plan("cp_nq122_2026.pdf").tasks)


def test_the_mandate_a_heading_grants_is_no_part_of_the_bodies_name() -> None:
    """«1. Các bộ, cơ quan, địa phương căn cứ chức năng, nhiệm vụ, quyền hạn được giao:»."""
    assert _task("cp_nq122_2026.pdf", "1.a").lead == ("Các bộ, cơ quan, địa phương",)


def test_a_numbered_duty_opening_with_its_bodies_is_a_task() -> None:
    """«19. Bộ Công an, Bộ Quốc phòng khẩn trương xây dựng …» was taken for a heading naming
    bodies; «1. Ban Thường vụ Tỉnh ủy, Thành ủy lãnh đạo, chỉ đạo …» and «8. Bộ Văn hóa, Thể
    thao và Du lịch phối hợp với … định hướng …» were left unread."""
    assert _task("cp_nq122_2026.pdf", "19").lead == ("Bộ Công an", "Bộ Quốc phòng")
    assert _task("ttg_ct21_2026.pdf", "8").lead == ("Bộ Văn hóa, Thể thao và Du lịch",)
    first = _task("ttg_ct21_2026.pdf", "1")
    assert first.row.task.startswith("Ban Thường vụ Tỉnh ủy, Thành ủy lãnh đạo")


def test_a_subject_ends_before_the_verb_it_leads() -> None:
    """«2. Đề nghị Ban Tuyên giáo và Dân vận Trung ương lãnh đạo, chỉ đạo …»: the lead was read
    with its verb; so was «21. Các Tập đoàn, Tổng công ty hoàn thành chỉ tiêu …»."""
    assert _task("ttg_ct21_2026.pdf", "2").lead == ("Ban Tuyên giáo và Dân vận Trung ương",)
    assert "hoàn thành" not in " ".join(_task("cp_nq122_2026.pdf", "21").lead)


def test_the_clauses_of_an_article_assigning_bodies_are_a_task_part() -> None:
    """126/NQ-CP has no Roman heading: «Điều 1. … 2. Giao Bộ Văn hoá, Thể thao và Du lịch:» and
    «3. Giao Ủy ban nhân dân thành phố Hà Nội:» over a)–c) were not read (``import.no_tasks``);
    the article's other clauses and the next articles are no tasks."""
    tasks = _plan("cp_nq126_2026.pdf").tasks
    assert [task.ref for task in tasks] == ["2.a", "2.b", "2.c", "3.a", "3.b", "3.c"]
    assert tasks[0].lead == ("Bộ Văn hoá, Thể thao và Du lịch",)
    assert tasks[-1].lead == ("Ủy ban nhân dân thành phố Hà Nội",)


def test_every_time_of_a_duty_is_read_not_only_the_last() -> None:
    """21/CT-TTg 4.c «Kết thúc hoạt động … trước ngày 31 tháng 5 năm 2026. … trước ngày 30
    tháng 6 năm 2026.»: only the second deadline was read, unflagged."""
    task = _task("ttg_ct21_2026.pdf", "4.c")
    assert [o.due for o in task.schedule.occurrences] == [date(2026, 5, 30), date(2026, 6, 29)]
    mixed = _task("cp_nq122_2026.pdf", "3.đ")  # a month, a day and a quarter: flagged
    assert len(mixed.schedule.occurrences) == 3
    assert mixed.schedule.needs_review


def test_a_weekly_report_is_a_cadence_the_reading_flags() -> None:
    """21/CT-TTg 4.d «… vào thứ Sáu hàng tuần …; … trước ngày 05 tháng 7 năm 2026» and 5.đ
    «Định kỳ thứ Hai hàng tuần …»: read as the final report alone, unflagged."""
    for ref in ("4.d", "5.đ"):
        task = _task("ttg_ct21_2026.pdf", ref)
        assert "hàng tuần" in task.row.time_text
        assert task.schedule.needs_review


def test_a_span_or_a_target_year_is_no_time_of_the_duty() -> None:
    """122/NQ-CP 1.b «phấn đấu tỷ trọng chi thường xuyên trong giai đoạn 2026 - 2030 …» and 2.d
    «phấn đấu tiết kiệm điện tối thiểu 3,0% … trong năm 2026» were read as windows, unflagged."""
    assert (
        times_in_text(
            "phấn đấu tỷ trọng chi thường xuyên trong giai đoạn 2026 - 2030 bình quân khoảng 51%"
        )
        == ""
    )
    assert times_in_text("việc chuẩn bị trong giai đoạn 2026 - 2030 theo kế hoạch") == ""
    assert (
        times_in_text(
            "phấn đấu tiết kiệm điện tối thiểu 3,0% tổng điện năng tiêu thụ trong năm 2026"
        )
        == ""
    )
    for ref in ("1.b", "2.d"):
        assert _task("cp_nq122_2026.pdf", ref).schedule.needs_review


def test_a_duty_waiting_for_a_text_to_be_issued_is_due_on_that_event() -> None:
    """122/NQ-CP 3.e «… báo cáo cấp có thẩm quyền ngay sau khi Nghị quyết của Bộ Chính trị được
    ban hành» and 13.c «… sau khi Ủy ban Thường vụ Quốc hội ban hành Kế hoạch …» read no time;
    «sau khi nước rút» is a circumstance, no event."""
    for ref in ("3.e", "13.c"):
        assert _task("cp_nq122_2026.pdf", ref).schedule.kind is ScheduleKind.EVENT
    assert times_in_text("khử khuẩn nguồn nước sinh hoạt bằng Cloramin B sau khi nước rút.") == ""


def test_central_after_an_organisation_word_is_its_level_not_a_name() -> None:
    """21/CT-TTg 3 «Đề nghị Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam lãnh đạo …»: the body
    was split in two at «Mặt trận» («Ủy ban Trung ương», «Mặt trận Tổ quốc Việt Nam»)."""
    assert split_units("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam") == [
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
    ]
    assert split_units("Ban Tuyên giáo và Dân vận Trung ương Bộ Tài chính") == [
        "Ban Tuyên giáo và Dân vận Trung ương",
        "Bộ Tài chính",
    ]
    lead = _task("ttg_ct21_2026.pdf", "3").lead
    assert lead == ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",)


def test_bullets_under_a_sentence_continuing_a_lettered_duty_are_its_content() -> None:
    """21/CT-TTg 4.c, then «Phương án bố trí, sử dụng phải gắn với …, theo hướng:» over four «- »
    lines: the lines were read as tasks 4.1-4.4 of the heading's body."""
    refs = [task.ref for task in _plan("ttg_ct21_2026.pdf").tasks]
    assert not any(ref.startswith("4.") and ref[2:].isdigit() for ref in refs)
    task = _task("ttg_ct21_2026.pdf", "4.c")
    assert "Giải quyết đầy đủ, kịp thời chế độ, chính sách" in task.row.task
    assert len(task.schedule.occurrences) == 2
