"""The summary of a plan sent to the bot: valid Telegram HTML within 4,096 characters, the
flagged rows' first reasons, the names the directory lacks (or that there is no directory),
and the two buttons, with room for more."""

from __future__ import annotations

from functools import cache

from telegram import InlineKeyboardButton

from nhacviec.bot.documents import Preview
from nhacviec.i18n import translate
from nhacviec.services.importing import read_plan_file
from nhacviec.telegram.document_views import NAMES_SHOWN, REASONS_SHOWN, summary_reply, web_button
from tests.shared_paths import REPO, require_shared
from tests.telegram_text import format_text
from workflows.plan import ParsedPlan
from workflows.units.directory import load_directory

XA_PLAN = "xa-ba-long-2025h2.docx"


@cache
def _parsed(with_directory: bool) -> ParsedPlan:
    """The commune's plan, read with the Sở's directory (most names unknown to it) or none."""
    directory = load_directory(REPO / "config" / "units" / "so-cong-thuong.yaml")
    path = require_shared("fixtures", "plans", XA_PLAN)
    return read_plan_file(path, directory=directory if with_directory else None).parsed


def _summary(with_directory: bool, language: str = "vi") -> str:
    preview = Preview(7, XA_PLAN, _parsed(with_directory), with_directory)
    reply = summary_reply(preview, language)
    shown = format_text(reply.text, "HTML", None).text  # raises if Telegram would refuse it
    assert len(shown) <= 4096
    return shown


def test_the_summary_names_the_plan_its_counts_and_the_first_reasons() -> None:
    parsed = _parsed(True)
    text = _summary(True)
    review = [task for task in parsed.tasks if task.schedule.needs_review]
    assert translate("bot.document.counts", "vi", tasks=len(parsed.tasks), review=len(review)) in (
        text
    )
    shown = [line for line in text.splitlines() if line.startswith("• ")]
    assert [line.split(":")[0] for line in shown] == [
        f"• {task.ref}" for task in review[:REASONS_SHOWN]
    ]


def test_names_not_in_the_directory_are_listed_and_counted() -> None:
    parsed = _parsed(True)
    names = list(dict.fromkeys(n for task in parsed.tasks for n in task.unknown_units))
    assert len(names) > NAMES_SHOWN  # the Sở's directory knows none of the commune's offices
    line = next(line for line in _summary(True).splitlines() if line.startswith("Tên đơn vị"))
    assert line.startswith(f"Tên đơn vị chưa có trong danh mục ({len(names)}): {names[0]}")
    assert line.endswith("; …")


def test_without_a_directory_the_summary_says_so() -> None:
    issuer = _parsed(False).metadata.issuer
    assert translate("bot.document.no_directory", "vi", issuer=issuer) in _summary(False)
    assert translate("bot.document.no_directory", "en", issuer=issuer) in _summary(False, "en")


def test_the_buttons_import_and_cancel_with_room_for_more() -> None:
    preview = Preview(7, XA_PLAN, _parsed(True), True)
    web = InlineKeyboardButton("Xem trên web", url="https://nhacviec.example.gov.vn/plans/7")
    markup = summary_reply(preview, "vi", extra=(web,)).markup
    assert markup is not None
    [row] = markup.inline_keyboard
    assert [(key.text, key.callback_data) for key in row] == [
        ("Nhập kế hoạch", "u:ok:7"),
        ("Xem trên web", None),
        ("Hủy", "u:no:7"),
    ]


def test_view_on_the_web_links_the_kept_files_page_when_the_console_has_an_address() -> None:
    assert web_button("", 7, "vi") == []
    [button] = web_button("https://nhacviec.example.gov.vn/", 7, "vi")
    assert (button.text, button.url) == (
        "Xem trên web",
        "https://nhacviec.example.gov.vn/plans/uploads/7",
    )
    assert web_button("https://x.example", 7, "en")[0].text == "View on the web"
