"""Plans sent to the bot, the pure parts: the summary's button data, the sent file's name, and
where files are downloaded from."""

from __future__ import annotations

import pytest

from nhacviec.bot.documents import safe_name
from nhacviec.telegram.application import file_url
from nhacviec.telegram.callbacks import MAX_BYTES, Decide, decode, decode_decision, encode_decision


@pytest.mark.parametrize("accept", [True, False])
def test_decision_data_round_trips_within_telegrams_limit(accept: bool) -> None:
    data = encode_decision(Decide(accept, 999_999_999_999_999_999))
    assert len(data.encode()) <= MAX_BYTES
    assert decode_decision(data) == Decide(accept, 999_999_999_999_999_999)
    assert decode(data) is None  # the other buttons' decoder leaves it to its own handler


@pytest.mark.parametrize("data", ["u:ok:", "u:ok:0", "u:yes:3", "u:ok:3:4", "u:ok:-3", "a:ok:3"])
def test_decision_data_we_did_not_draw_is_nothing(data: str) -> None:
    assert decode_decision(data) is None


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("ke-hoach.docx", "ke-hoach.docx"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\An\\KH 15.docx", "KH 15.docx"),
        ("", "ke-hoach"),
        ("..", "ke-hoach"),
        ("a\x00b.pdf", "ab.pdf"),
    ],
)
def test_a_sent_files_name_loses_any_folder(sent: str, kept: str) -> None:
    assert safe_name(sent) == kept


@pytest.mark.parametrize(
    ("base", "files"),
    [
        ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
        ("http://127.0.0.1:8081/bot/", "http://127.0.0.1:8081/file/bot"),
        ("http://proxy.local/telegram", "http://proxy.local/telegram/file/bot"),
    ],
)
def test_files_are_downloaded_beside_the_methods(base: str, files: str) -> None:
    assert file_url(base) == files
