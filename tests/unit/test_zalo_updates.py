"""Zalo's updates in every form seen: the documented one object, a list, nothing; a text
message's chat, sender and words; everything else skipped."""

from __future__ import annotations

from typing import Any

import pytest

from nhacviec.zalo.updates import IncomingFile, IncomingText, incoming_file, incoming_text
from notifiers.zalo.api import updates_of
from notifiers.zalo.split import split_text, text_length

MESSAGE = {
    "chat": {"id": "e4ea2cd5189df1c3a88c", "chat_type": "PRIVATE"},
    "text": "Xin chào",
    "message_id": "16f6366b3f02645a3d15",
    "date": 1766619597466,
    "from": {"id": "e4ea2cd5189df1c3a88c", "display_name": "Nguyen Van A"},
}
UPDATE = {"event_name": "message.text.received", "message": MESSAGE}


@pytest.mark.parametrize(
    ("result", "count"),
    [
        (UPDATE, 1),  # documented: one update object
        ({"message": MESSAGE}, 1),  # the docs' sample: no event_name
        ([UPDATE, UPDATE], 2),  # a list, as some clients expect
        ([UPDATE, None, "x", {}], 1),  # junk in a list is dropped
        (None, 0),
        ({}, 0),
        ([], 0),
        ("ok", 0),
    ],
)
def test_every_form_of_a_get_updates_result(result: Any, count: int) -> None:
    assert len(updates_of(result)) == count


def test_a_text_message_is_read() -> None:
    assert incoming_text(UPDATE) == IncomingText(
        chat_id="e4ea2cd5189df1c3a88c",
        chat_type="private",
        text="Xin chào",
        sender_id="e4ea2cd5189df1c3a88c",
        sender_name="Nguyen Van A",
        message_id="16f6366b3f02645a3d15",
    )


@pytest.mark.parametrize("name_key", ["display_name", "first_name", "name"])
def test_the_sender_s_name_under_any_key(name_key: str) -> None:
    message = {**MESSAGE, "from": {"id": 42, name_key: "Trần Bình"}}
    found = incoming_text({"message": message})
    assert found is not None
    assert (found.sender_id, found.sender_name) == ("42", "Trần Bình")


@pytest.mark.parametrize(
    "update",
    [
        {"event_name": "message.image.received", "message": MESSAGE},
        {"event_name": "message.sticker.received", "message": {**MESSAGE, "text": None}},
        {"message": {**MESSAGE, "text": "   "}},
        {"message": {**MESSAGE, "chat": {}}},
        {"message": "not an object"},
        {},
    ],
)
def test_anything_but_a_text_message_is_skipped(update: dict[str, Any]) -> None:
    assert incoming_text(update) is None


def test_a_group_s_chat_type_and_a_sender_without_id() -> None:
    message = {**MESSAGE, "chat": {"id": "g1", "chat_type": "GROUP"}, "from": {}}
    found = incoming_text({"message": message})
    assert found is not None
    assert (found.chat_type, found.sender_id) == ("group", "g1")


def test_split_counts_utf16_and_never_cuts_a_character_in_two() -> None:
    text = "😀" * 1500  # 3,000 UTF-16 code units
    parts = split_text(text)
    assert [text_length(part) for part in parts] == [2000, 1000]
    assert "".join(parts) == text


def test_split_prefers_a_blank_line_then_a_line_then_a_space() -> None:
    items = "\n\n".join(f"- mục {n}: " + "a" * 600 for n in range(5))
    parts = split_text(items)
    assert all(part.startswith("- mục") for part in parts)
    one_line = " ".join(["chữ"] * 1000)  # 3,999 characters, no line break
    parts = split_text(one_line)
    assert all(text_length(part) <= 2000 for part in parts)
    assert all(not part.startswith(" ") and not part.endswith(" ") for part in parts)
    assert " ".join(parts) == one_line
    assert split_text("  \n\n ") == []


@pytest.mark.parametrize(
    ("event", "kind"),
    [("message.image.received", "image"), ("message.unsupported.received", "unsupported")],
)
def test_a_photo_or_a_file_is_read_as_one(event: str, kind: str) -> None:
    group = {"id": "g1", "chat_type": "GROUP"}
    message = {**MESSAGE, "text": None, "chat": group, "from": {"id": 42}}
    found = incoming_file({"event_name": event, "message": message})
    assert found == IncomingFile("g1", "group", "42", kind)


@pytest.mark.parametrize(
    "update",
    [
        UPDATE,
        {"event_name": "message.sticker.received", "message": MESSAGE},
        {"event_name": "message.image.received", "message": {**MESSAGE, "chat": {}}},
        {"event_name": "message.image.received"},
        {"message": MESSAGE},
    ],
)
def test_texts_stickers_and_malformed_updates_are_no_file(update: dict[str, Any]) -> None:
    assert incoming_file(update) is None
