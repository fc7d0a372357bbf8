"""A reply's items packed into Zalo messages: at most 2,000 characters (UTF-16 units) each, cut
between items, an item longer than a message cut inside it; nothing lost, order kept."""

from __future__ import annotations

from nhacviec.zalo.responder import pack
from notifiers.zalo.split import MESSAGE_LIMIT, text_length


def test_short_items_go_in_one_message() -> None:
    assert pack(["Danh sách", "1. II.1b — Tập huấn", "2. II.2 — Báo cáo"]) == [
        "Danh sách\n1. II.1b — Tập huấn\n2. II.2 — Báo cáo"
    ]


def test_items_are_never_cut_when_each_fits() -> None:
    items = [
        f"{n}. " + ("Kiểm tra công tác cải cách hành chính " * 8).strip() for n in range(1, 30)
    ]
    messages = pack(items)
    assert len(messages) > 1
    assert all(text_length(m) <= MESSAGE_LIMIT for m in messages)
    lines = [line for m in messages for line in m.split("\n")]
    assert lines == items  # every item whole, in order


def test_an_item_longer_than_a_message_is_cut_inside_it() -> None:
    long_item = "Nội dung báo cáo rất dài 😀 " * 150  # emoji count two UTF-16 units
    messages = pack(["Tiêu đề", long_item, "Cuối"])
    assert all(0 < text_length(m) <= MESSAGE_LIMIT for m in messages)
    assert messages[0].startswith("Tiêu đề")
    assert messages[-1].endswith("Cuối")
    assert "".join(messages).replace("\n", "").replace(" ", "") == (
        "Tiêu đề" + long_item + "Cuối"
    ).replace(" ", "")


def test_blank_items_make_no_message() -> None:
    assert pack(["", "  "]) == []
