"""The Telegram notifier's delivery details: what each of Telegram's answers tells the office, in
Vietnamese and English, with Telegram's own words kept and the bot token never shown. The errors
are python-telegram-bot's own, built as it builds them from Telegram's answers."""

from __future__ import annotations

import string

import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    TelegramError,
    TimedOut,
)

from nhacviec.i18n import catalogue
from notifiers.pacer import ChatKey
from notifiers.telegram import outcome

TOKEN = "7000000001:AAF-secret-part-of-the-token"
GROUP, PERSON, CHANNEL = -1001000000006, 424242, "@so_cong_thuong"
SERVER = "api.telegram.org"


def failure(error: TelegramError, chat: ChatKey = GROUP, language: str = "vi") -> str:
    return outcome.failure(
        error, chat, language=language, server=SERVER, timeout_s=30.0, token=TOKEN
    )


def rejected_token() -> InvalidToken:
    """As ``Bot.initialize`` raises it: PTB's sentence (with the token) from Telegram's answer."""
    try:
        raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.") from InvalidToken(
            "Unauthorized"
        )
    except InvalidToken as raised:
        return raised


# error, chat, Telegram's words as the detail quotes them, the Vietnamese sentence, the English
CASES = [
    (
        Forbidden("Forbidden: bot was blocked by the user"),
        PERSON,
        "Forbidden: bot was blocked by the user",
        f"Bot không gửi được tới tài khoản Telegram {PERSON}: người nhận đã chặn bot",
        f"The bot cannot write to the Telegram user {PERSON}: the recipient has blocked the bot",
    ),
    (
        Forbidden("Forbidden: bot was kicked from the supergroup chat"),
        GROUP,
        "Forbidden: bot was kicked from the supergroup chat",
        f"Bot không gửi được vào nhóm chat {GROUP}: bot đã bị xoá khỏi nhóm",
        f"The bot cannot post in the group chat {GROUP}: it was removed from the group",
    ),
    (
        Forbidden("Forbidden: bot is not a member of the channel chat"),
        CHANNEL,
        "Forbidden: bot is not a member of the channel chat",
        f"Bot không gửi được vào kênh {CHANNEL}: bot đã bị xoá khỏi nhóm",
        f"The bot cannot post in the channel {CHANNEL}: it was removed",
    ),
    (
        Forbidden("Forbidden: user is deactivated"),
        PERSON,
        "Forbidden: user is deactivated",
        "tài khoản Telegram của người nhận đã bị xoá hoặc vô hiệu hoá",
        "the recipient's Telegram account was deleted or deactivated",
    ),
    (
        Forbidden("Forbidden: bot can't initiate conversation with a user"),
        PERSON,
        "Forbidden: bot can't initiate conversation with a user",
        "người nhận chưa từng mở cuộc trò chuyện với bot",
        "the recipient has never opened a chat with it",
    ),
    (
        Forbidden("Forbidden: not enough rights to send text messages"),
        GROUP,
        "Forbidden: not enough rights to send text messages",
        f"Telegram không cho bot gửi tới nhóm chat {GROUP}",
        f"Telegram does not let the bot write to the group chat {GROUP}",
    ),
    (
        BadRequest("Bad Request: chat not found"),
        GROUP,
        "Bad Request: Chat not found",
        f"Telegram không tìm thấy nhóm chat {GROUP}",
        f"Telegram cannot find the group chat {GROUP}",
    ),
    (
        BadRequest("Bad Request: PEER_ID_INVALID"),
        PERSON,
        "Bad Request: Peer_id_invalid",
        f"Telegram không tìm thấy tài khoản Telegram {PERSON}",
        f"Telegram cannot find the Telegram user {PERSON}",
    ),
    (
        BadRequest("Bad Request: message is too long"),
        GROUP,
        "Bad Request: Message is too long",
        f"Telegram từ chối tin nhắn gửi tới nhóm chat {GROUP}",
        f"Telegram refused the message to the group chat {GROUP}",
    ),
    (
        TimedOut(),
        GROUP,
        "Timed out",
        f"Máy chủ Telegram {SERVER} không trả lời trong 30 giây khi gửi tới nhóm chat {GROUP}",
        f"The Telegram server {SERVER} did not answer within 30 s",
    ),
    (
        rejected_token(),
        GROUP,
        "Unauthorized",
        f"Máy chủ Telegram {SERVER} từ chối mã truy cập (token) của bot",
        f"The Telegram server {SERVER} rejected the bot token",
    ),
    (
        InvalidToken("Not Found"),
        GROUP,
        "Not Found",
        "Hãy kiểm tra biến môi trường NHACVIEC_TELEGRAM_TOKEN",
        "Check the NHACVIEC_TELEGRAM_TOKEN environment variable",
    ),
    (
        NetworkError("Bad Gateway"),
        GROUP,
        "Bad Gateway",
        f"Không liên lạc được với máy chủ Telegram {SERVER} khi gửi tới nhóm chat {GROUP}",
        f"Could not reach the Telegram server {SERVER} while sending to the group chat {GROUP}",
    ),
    (
        ChatMigrated(-1009999),
        -1005001,
        "",
        "Telegram lại chuyển nhóm chat -1005001 sang mã mới -1009999",
        "Telegram moved the group chat -1005001 to a new id, -1009999, once more",
    ),
    (
        Conflict("Conflict: terminated by other getUpdates request"),
        GROUP,
        "Conflict: terminated by other getUpdates request",
        f"Máy chủ Telegram {SERVER} báo lỗi khi gửi tới nhóm chat {GROUP}",
        f"The Telegram server {SERVER} answered with an error while sending to the group chat",
    ),
    (
        EndPointNotFound("Not Found"),
        GROUP,
        "Not Found",
        f"Máy chủ Telegram {SERVER} báo lỗi",
        f"The Telegram server {SERVER} answered with an error",
    ),
]


@pytest.mark.parametrize(("error", "chat", "words", "vi", "en"), CASES)
def test_each_answer_is_a_sentence_that_keeps_telegrams_words(
    error: TelegramError, chat: ChatKey, words: str, vi: str, en: str
) -> None:
    vietnamese, english = failure(error, chat, "vi"), failure(error, chat, "en")
    assert vi in vietnamese
    assert en in english
    assert words in vietnamese
    assert words in english
    assert vietnamese != english


@pytest.mark.parametrize(
    ("error", "todo"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), "Hãy nhờ người nhận bỏ chặn bot"),
        (Forbidden("Forbidden: bot was kicked from the group chat"), "Hãy mời lại bot vào nhóm"),
        (Forbidden("Forbidden: user is deactivated"), "Hãy cập nhật mã chat mới"),
        (Forbidden("Forbidden: bot can't initiate conversation with a user"), "bấm Start"),
        (BadRequest("Bad Request: chat not found"), "Hãy kiểm tra mã chat trong danh bạ đơn vị"),
        (BadRequest("Bad Request: message is too long"), "sẽ không được gửi lại"),
        (TimedOut(), "Tin nhắn có thể đã đến nơi"),
        (NetworkError("Bad Gateway"), "tin nhắn sẽ được gửi lại sau"),
        (ChatMigrated(-100777), "Hãy cập nhật mã nhóm chat thành -100777 trong danh bạ đơn vị"),
    ],
)
def test_each_sentence_says_what_happens_next(error: TelegramError, todo: str) -> None:
    assert todo in failure(error)


def test_the_brief_example_reads_as_the_office_expects() -> None:
    detail = failure(Forbidden("Forbidden: bot was kicked from the group chat"), -1001000000006)
    assert detail == (
        "Bot không gửi được vào nhóm chat -1001000000006: bot đã bị xoá khỏi nhóm (Telegram: "
        '"Forbidden: bot was kicked from the group chat"). Hãy mời lại bot vào nhóm hoặc cập '
        "nhật mã nhóm chat trong danh bạ đơn vị."
    )


@pytest.mark.parametrize(
    "error",
    [
        rejected_token(),
        InvalidToken(f"The token `{TOKEN}` was rejected by the server."),
        NetworkError(f"httpx.ConnectError: https://{SERVER}/bot{TOKEN}/sendMessage"),
        TimedOut(f"Pool timeout on /bot{TOKEN}/sendMessage"),
        Forbidden(f"Forbidden: {TOKEN}"),
        BadRequest(f"Bad Request: {TOKEN}"),
        Conflict(f"Conflict: {TOKEN}"),
        TelegramError(f"Invalid server response for {TOKEN}"),
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_token_never_appears(error: TelegramError, language: str) -> None:
    detail = failure(error, language=language)
    assert TOKEN not in detail
    assert "secret-part" not in detail


def test_a_token_that_is_not_there_leaves_the_words_whole() -> None:
    assert "<token>" not in failure(NetworkError("Bad Gateway"))
    assert "<token>" in failure(NetworkError(f"GET /bot{TOKEN}/getMe"))


@pytest.mark.parametrize(
    ("seconds", "vi", "en"),
    [
        (35.0, "trong 35 giây", "for 35 s"),
        (2.5, "trong 3 giây", "for 3 s"),  # whole seconds, rounded up
        (1.01, "trong 2 giây", "for 2 s"),
    ],
)
def test_a_flood_wait_names_the_chat_and_the_seconds(seconds: float, vi: str, en: str) -> None:
    words = "Too Many Requests: retry after 35"
    vietnamese = outcome.flood_wait(PERSON, seconds, words, language="vi")
    english = outcome.flood_wait(PERSON, seconds, words, language="en")
    assert f"Telegram yêu cầu tạm ngừng gửi tới tài khoản Telegram {PERSON} {vi}" in vietnamese
    assert f"Telegram asked us to pause sending to the Telegram user {PERSON} {en}" in english
    assert f'(Telegram: "{words}")' in vietnamese
    assert f'(Telegram: "{words}")' in english


def test_a_wait_under_a_second_is_told_as_one_second() -> None:
    assert "trong 1 giây" in outcome.flood_wait(PERSON, 0.2, "Too Many Requests", language="vi")


def test_a_held_chat_says_how_long_it_still_waits() -> None:
    assert outcome.held(GROUP, 34.2, language="vi").startswith(
        f"Đang tạm ngừng gửi tới nhóm chat {GROUP} thêm 35 giây theo yêu cầu của Telegram"
    )
    assert outcome.held(GROUP, 34.2, language="en").startswith(
        f"Sending to the group chat {GROUP} is paused for another 35 s"
    )


def test_addresses_that_are_not_telegram_chats() -> None:
    assert outcome.wrong_channel("email", "vt@stc.gov.vn", language="vi") == (
        "Địa chỉ «vt@stc.gov.vn» thuộc kênh email, không phải Telegram."
    )
    assert "belongs to the email channel, not Telegram" in outcome.wrong_channel(
        "email", "vt@stc.gov.vn", language="en"
    )
    vietnamese = outcome.bad_chat_id("phòng VHXH", language="vi")
    assert vietnamese.startswith("«phòng VHXH» không phải mã chat Telegram")
    assert "Hãy sửa mã chat trong danh bạ đơn vị" in vietnamese
    english = outcome.bad_chat_id("phòng VHXH", language="en")
    assert english.startswith('"phòng VHXH" is not a Telegram chat id')


def test_no_note_for_a_message_sent_as_asked() -> None:
    assert outcome.accepted_note(language="vi") == ""


def test_the_notes_on_an_accepted_message() -> None:
    words = "Bad Request: Can't parse entities: unsupported start tag"
    plain = outcome.accepted_note(plain_because=words, language="vi")
    assert plain.startswith("Đã gửi dưới dạng văn bản thường")
    assert f'(Telegram: "{words}")' in plain
    assert "Sent as plain text" in outcome.accepted_note(plain_because=words, language="en")
    moved = outcome.accepted_note(moved_from=-5001, chat=-1000000005001, language="vi")
    assert moved.startswith("Nhóm chat -5001 đã được nâng cấp thành siêu nhóm -1000000005001")
    assert "Hãy cập nhật mã nhóm chat thành -1000000005001 trong danh bạ đơn vị" in moved
    english = outcome.accepted_note(moved_from=-5001, chat=-1000000005001, language="en")
    assert "-5001 became the supergroup -1000000005001" in english
    both = outcome.accepted_note(
        plain_because=words, moved_from=-5001, chat=-1000000005001, language="vi"
    )
    assert both == f"{plain} {moved}"


def test_the_part_of_a_long_message_that_failed() -> None:
    assert outcome.part(2, 3, "Lỗi.", language="vi") == "Phần 2/3 của tin nhắn: Lỗi."
    assert outcome.part(2, 3, "Error.", language="en") == "Part 2/3 of the message: Error."


@pytest.mark.parametrize(
    ("chat", "vi", "en"),
    [
        (GROUP, f"nhóm chat {GROUP}", f"the group chat {GROUP}"),
        (PERSON, f"tài khoản Telegram {PERSON}", f"the Telegram user {PERSON}"),
        (CHANNEL, f"kênh {CHANNEL}", f"the channel {CHANNEL}"),
    ],
)
def test_a_chat_is_named_by_its_kind(chat: ChatKey, vi: str, en: str) -> None:
    assert outcome.chat_name(chat, "vi") == vi
    assert outcome.chat_name(chat, "en") == en


@pytest.mark.parametrize(
    ("base_url", "server"),
    [
        ("https://api.telegram.org/bot", "api.telegram.org"),
        ("http://127.0.0.1:8081/bot", "127.0.0.1:8081"),
        ("https://proxy:secret@tg.stc.gov.vn/bot", "tg.stc.gov.vn"),
    ],
)
def test_the_server_is_named_by_its_host(base_url: str, server: str) -> None:
    assert outcome.server_name(base_url) == server


def test_every_detail_has_both_languages_with_the_same_placeholders() -> None:
    keys = [key for key in catalogue() if key.startswith("telegram.")]
    assert len(keys) > 20
    for key in keys:
        texts = catalogue()[key]
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(texts[lang]) if name}
            for lang in ("vi", "en")
        ]
        assert fields[0] == fields[1], key
