"""Review hints from the other columns of a row (rule 8, last sentence)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.shared_paths import require_shared
from workflows.deadlines.reader import review_hints


def codes(*texts: str) -> list[str]:
    return [hint.code for hint in review_hints(texts)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Công bố danh mục TTHC đầy đủ, chính xác, kịp thời của cả 2 cấp (cấp tỉnh và cấp xã) "
            "trong vòng 05 ngày sau khi Bộ, ngành trung ương công bố.",
            ["event_in_text"],
        ),
        ("Triển khai thực hiện khi có Thông tư mới thay thế", ["condition_in_text"]),
        ("Các văn bản xử lý kết quả theo dõi thi hành pháp luật (nếu có)", ["condition_in_text"]),
        ("Điều chỉnh vị trí việc làm sau khi có hướng dẫn của Trung ương", ["event_in_text"]),
        ("30 ngày kể từ ngày Kế hoạch được phê duyệt", ["event_in_text"]),
        # Guidance as a source of rules is not an event.
        ("theo quy định của Chính phủ và hướng dẫn của Bộ, ngành trung ương", []),
        ("Hướng dẫn phương pháp, trình tự thống kê phù hợp với lĩnh vực quản lý các ngành", []),
        ("", []),
    ],
)
def test_hint_phrases(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_hint_keeps_the_phrase() -> None:
    (hint,) = review_hints(["… kịp thời trong vòng 05 ngày sau khi Bộ, ngành trung ương công bố."])
    assert hint.params == {"text": "trong vòng 05 ngày sau khi Bộ, ngành trung ương công bố"}


def test_the_same_hint_is_given_once() -> None:
    assert codes("Báo cáo (nếu có)", "Văn bản (nếu có)") == ["condition_in_text"]


def _load(*relative: str) -> Any:
    return json.loads(require_shared(*relative).read_text(encoding="utf-8"))


# Rows whose objective, task, activity or product carry an event or a condition, found by
# reading the seed plans: (section, task number) → hint codes.
SEED_HINTS = {
    "so-cong-thuong-2025h2.json": {
        ("II", "7"): ["condition_in_text"],  # product "… (nếu có)"
        ("III", "1"): ["event_in_text"],  # "trong vòng 05 ngày sau khi Bộ, ngành … công bố"
    },
    "xa-ba-long-2025h2.json": {
        ("II", "2"): ["condition_in_text"],
        ("II", "9"): ["condition_in_text"],
        ("III", "1"): ["event_in_text"],  # "trong vòng 05 sau khi …" (no "ngày" printed)
        ("IV", "2"): ["condition_in_text"],
        ("IV", "3"): ["event_in_text", "condition_in_text"],  # "sau khi có hướng dẫn …"
        ("V", "2"): ["condition_in_text"],
    },
}


@pytest.mark.parametrize("name", sorted(SEED_HINTS))
def test_seed_plan_rows(name: str) -> None:
    plan = _load("fixtures", "plans", name)
    found = {}
    for section in plan["sections"]:
        for task in section["tasks"]:
            for activity in task["activities"]:
                texts = (
                    task["objective"],
                    activity.get("task", task["task"]),
                    activity["activity"],
                    activity["product"],
                )
                hints = codes(*texts)
                if hints:
                    found[(section["numeral"], task["number"])] = hints
    assert found == SEED_HINTS[name]


def test_corpus_13_conditional_tasks() -> None:
    plan = _load("corpus", "13_ubnd_nghean_kh980_2025.json")
    found = {}
    for section in plan["sections"]:
        for row in section["rows"]:
            number, task, *_, product = row["cells"]
            hints = codes(task, product)
            if hints:
                found[f"{section['label_stt']}.{number}"] = hints
    # II.2 and II.3: "Triển khai thực hiện khi có …" (the clerk flags them, corpus notes).
    assert found == {"II.2": ["condition_in_text"], "II.3": ["condition_in_text"]}
