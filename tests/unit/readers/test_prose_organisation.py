"""The organisation part («TỔ CHỨC THỰC HIỆN») of a prose plan (``workflows.readers.prose``): a
generic responsibility for the plan as a whole is no task (a clerk sees none there); a duty
there with a dated deadline, and each body's duties a ministry's plan lists there, are tasks.

The paragraphs are Đồng Tháp 556/KH-UBND's organisation part (tests/fixtures/layouts), and the
shape of Bộ VHTTDL 4385/QĐ-BVHTTDL's, shortened."""

from __future__ import annotations

from workflows.readers.document import DocumentFormat, Paragraph, SourceDocument
from workflows.readers.prose import read_prose_tasks

TASKS = (
    "III. NHIỆM VỤ VÀ GIẢI PHÁP",
    "1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với các sở, ngành rà soát quy hoạch "
    "không gian biển, hoàn thành trước ngày 30/11/2025.",
)
GENERIC = (
    "2. Các sở, ban, ngành tỉnh có liên quan tới việc thực hiện Kế hoạch này có trách nhiệm "
    "thường xuyên phối hợp cùng các cơ quan chuyên môn thuộc các bộ, ngành Trung ương trong việc "
    "hỗ trợ vốn, khoa học và công nghệ.",
    "4. Các đơn vị, địa phương tăng cường kiểm tra, đôn đốc triển khai, thực hiện Kế hoạch này, "
    "định kỳ hàng năm báo cáo kết quả thực hiện về Sở Nông nghiệp và Môi trường chậm nhất ngày 17 "
    "tháng 12.",
    "5. Giao Sở Nông nghiệp và Môi trường chủ trì phối hợp với các sở, ban, ngành tỉnh và Ủy ban "
    "nhân dân các xã, phường tổ chức triển khai thực hiện Kế hoạch này; Đồng thời theo dõi kiểm "
    "tra, đôn đốc các sở, ban, ngành tỉnh có liên quan trong việc thực hiện kế hoạch.",
)
DATED = (
    "6. Sở Nông nghiệp và Môi trường chủ trì tổng kết việc thực hiện Kế hoạch này, báo cáo Ủy ban "
    "nhân dân tỉnh trước ngày 15/12/2025."
)


def _document(*texts: str) -> SourceDocument:
    paragraphs = tuple(Paragraph(text) for text in texts)
    return SourceDocument(path="ke-hoach.txt", format=DocumentFormat.TEXT, paragraphs=paragraphs)


def test_generic_responsibilities_for_the_plan_are_no_tasks() -> None:
    rows = read_prose_tasks(_document(*TASKS, "VI. TỔ CHỨC THỰC HIỆN", *GENERIC, DATED))
    assert [(row.number, row.section) for row in rows] == [("1", "III"), ("6", "VI")]
    assert rows[1].time_text == "trước ngày 15/12/2025"
    assert rows[1].lead == "Sở Nông nghiệp và Môi trường"


def test_the_same_sentences_in_the_task_part_are_tasks() -> None:
    """Only the organisation part holds the plan's own upkeep: in the task part a sentence
    naming its lead stays a task, whatever it says of the plan."""
    rows = read_prose_tasks(_document(*TASKS, *GENERIC))
    assert [row.number for row in rows] == ["1", "2", "4", "5"]


def test_each_bodys_duties_in_the_organisation_part_are_tasks() -> None:
    """A ministry's plan lists each body's duties under «TỔ CHỨC THỰC HIỆN»: kept."""
    rows = read_prose_tasks(
        _document(
            "IV. TỔ CHỨC THỰC HIỆN",
            "1. Cục Văn hóa cơ sở, gia đình và thư viện:",
            "a) Tổ chức tuyên truyền phổ biến nội dung quy hoạch và Kế hoạch thực hiện Quy hoạch "
            "mạng lưới cơ sở văn hóa.",
            "b) Tổ chức đánh giá thực hiện Kế hoạch thực hiện Quy hoạch hằng năm.",
        )
    )
    assert [(row.ref_hint, row.lead) for row in rows] == [
        ("1.a", "Cục Văn hóa cơ sở, gia đình và thư viện"),
        ("1.b", "Cục Văn hóa cơ sở, gia đình và thư viện"),
    ]
