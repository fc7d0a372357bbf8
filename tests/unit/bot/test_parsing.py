"""Chat text → typed command: every command's arguments, usage errors, other bots' commands,
and garbage that must never crash the parser."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nhacviec.bot import parsing
from nhacviec.bot.commands import COMMANDS, find
from nhacviec.bot.parsing import (
    ActOnTask,
    Help,
    ListTasks,
    Malformed,
    NotACommand,
    Progress,
    RecordEvent,
    SetDate,
    ShowTask,
    Start,
    TaskRef,
    Unknown,
    parse,
)
from workflows.workflow import Action

BOT = "nhacviec_bot"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/viec", ListTasks("viec")),
        ("/tasks", ListTasks("viec")),
        ("/quahan", ListTasks("quahan")),
        ("/sapden", ListTasks("sapden", 7)),
        ("/sapden 14", ListTasks("sapden", 14)),
        ("/upcoming@nhacviec_bot 3", ListTasks("sapden", 3)),
        ("/xem II.1b", ShowTask(TaskRef("II.1b"))),
        ("/XEM ii.1b", ShowTask(TaskRef("ii.1b"))),
        ("/xem #12", ShowTask(TaskRef("#12"))),
        ("/xem 12", ShowTask(TaskRef("12"))),
        ("/show 2/II.1b", ShowTask(TaskRef("II.1b", 2))),
        ("/batdau II.1b", ActOnTask(Action.START, TaskRef("II.1b"))),
        (
            "/baocao II.1b Đã ban hành kế hoạch",
            ActOnTask(Action.REPORT, TaskRef("II.1b"), "Đã ban hành kế hoạch"),
        ),
        (
            "/baocao II.1b Số 123/BC-SCT",
            ActOnTask(Action.REPORT, TaskRef("II.1b"), evidence="Số 123/BC-SCT"),
        ),
        (
            "/report 6 45/2025/QĐ-UBND",
            ActOnTask(Action.REPORT, TaskRef("6"), evidence="45/2025/QĐ-UBND"),
        ),
        (
            "/baocao 6 Đã gửi văn bản số 45/SCT",
            ActOnTask(Action.REPORT, TaskRef("6"), "Đã gửi văn bản số 45/SCT"),
        ),
        ("/xacnhan 6", ActOnTask(Action.VERIFY, TaskRef("6"))),
        (
            "/tralai 6 Thiếu số liệu\ntháng 7",
            ActOnTask(Action.RETURN, TaskRef("6"), "Thiếu số liệu\ntháng 7"),
        ),
        ("/huy 6 Trùng nhiệm vụ", ActOnTask(Action.CANCEL, TaskRef("6"), "Trùng nhiệm vụ")),
        ("/ngay 6 05/3/2026", SetDate(TaskRef("6"), date(2026, 3, 5))),
        (
            "/setdate 6 5.3.2026 theo chỉ đạo",
            SetDate(TaskRef("6"), date(2026, 3, 5), "theo chỉ đạo"),
        ),
        ("/sukien Bộ công bố 05/03/2026", RecordEvent("Bộ công bố", date(2026, 3, 5))),
        ("/tiendo", Progress()),
        ("/trogiup", Help()),
        ("/help@NhacViec_Bot", Help()),
        ("/start", Start("")),
        ("/start K7M2Q 9XDPA", Start("K7M2Q 9XDPA")),
        ("/khongco 6", Unknown("khongco")),
        ("/viec@other_bot", NotACommand()),
        ("xin chào /viec", NotACommand()),
        ("", NotACommand()),
        ("/", NotACommand()),
    ],
)
def test_commands_read_as_typed(text: str, expected: parsing.Parsed) -> None:
    assert parse(text, BOT) == expected


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("/viec 3", "viec"),
        ("/quahan nhiều", "quahan"),
        ("/sapden 0", "sapden"),
        ("/sapden 367", "sapden"),
        ("/sapden ３", "sapden"),  # a full-width digit is no number of days
        ("/xem", "xem"),
        ("/xem II.1b II.2", "xem"),
        ("/xem <b>", "xem"),
        ("/xem #", "xem"),
        ("/xem #ab", "xem"),
        ("/xem 0/II.1", "xem"),
        ("/xem,II.1", "xem"),
        ("/xem ²", "xem"),  # a digit int() cannot read
        ("/xem #²", "xem"),
        ("/batdau", "batdau"),
        ("/batdau 6 ngay", "batdau"),
        ("/baocao 6", "baocao"),
        ("/tralai 6", "tralai"),
        ("/huy 6", "huy"),
        ("/ngay 6", "ngay"),
        ("/ngay 6 31/02/2026", "ngay"),
        ("/ngay 6 mai", "ngay"),
        ("/sukien 05/03/2026", "sukien"),
        ("/sukien Bộ công bố", "sukien"),
        ("/tiendo 1", "tiendo"),
        ("/trogiup viec", "trogiup"),
    ],
)
def test_malformed_commands_answer_with_their_usage(text: str, command: str) -> None:
    assert parse(text, BOT) == Malformed(BY_NAME[command])


BY_NAME = {spec.name: spec for spec in COMMANDS}


def test_every_command_and_alias_is_understood() -> None:
    for spec in COMMANDS:
        for name in spec.names:
            assert find(f"/{name}@{BOT}") is spec
            assert not isinstance(parse(f"/{name}", BOT), Unknown | NotACommand)


def test_the_command_is_known_whoever_it_is_addressed_to() -> None:
    assert parsing.spec_of("/xem,II.1") is BY_NAME["xem"]
    assert parsing.spec_of("/tasks@other_bot") is BY_NAME["viec"]
    assert parsing.spec_of("viec") is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31/12/2025", date(2025, 12, 31)),
        ("1-2-2026", date(2026, 2, 1)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_days(text: str, day: date) -> None:
    assert parsing.parse_day(text) == day


@pytest.mark.parametrize(
    "text", ["29/02/2025", "00/01/2026", "1/13/2026", "2026-01-01", "31/12/25", ""]
)
def test_no_days(text: str) -> None:
    assert parsing.parse_day(text) is None


@given(st.text(max_size=300))
def test_any_text_is_read_without_crashing(text: str) -> None:
    found = parse(text, BOT)
    assert isinstance(found, parsing.Parsed)
    if not text.startswith("/"):
        assert found == NotACommand()


@given(
    st.sampled_from([f"/{name}" for spec in COMMANDS for name in spec.names]),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200),
)
def test_any_arguments_give_a_request_or_the_usage_line(command: str, rest: str) -> None:
    found = parse(f"{command} {rest}", BOT)
    assert not isinstance(found, Unknown | NotACommand)
    if isinstance(found, ShowTask | ActOnTask | SetDate | parsing.Reassign | parsing.Pause):
        assert found.ref.target.strip() == found.ref.target
        assert 1 <= len(found.ref.target) <= 50
        assert found.ref.target.isascii()
    if isinstance(found, ActOnTask) and found.action in {
        Action.REPORT,
        Action.RETURN,
        Action.CANCEL,
    }:
        assert (found.note or found.evidence).strip()
    if isinstance(found, parsing.Pause):
        assert found.reason.strip()
    if isinstance(found, parsing.Reassign):
        assert found.splits
        assert all(unit.strip() == unit and unit for unit, _ in found.splits)


# -- the office's issue-14 moves: /giaolai, /tamdung, /tieptuc ----------------------------------


def test_giaolai_offers_the_splits_longest_unit_first() -> None:
    found = parse("/giaolai 6 Sở Tài chính Theo Công văn 45", BOT)
    assert found == parsing.Reassign(
        TaskRef("6"),
        (
            ("Sở Tài chính Theo Công văn 45", ""),
            ("Sở Tài chính Theo Công văn", "45"),
            ("Sở Tài chính Theo Công", "văn 45"),
            ("Sở Tài chính Theo", "Công văn 45"),
            ("Sở Tài chính", "Theo Công văn 45"),
            ("Sở Tài", "chính Theo Công văn 45"),
            ("Sở", "Tài chính Theo Công văn 45"),
        ),
        "Sở Tài chính Theo Công văn 45",
    )


@pytest.mark.parametrize(
    "text",
    [
        '/giaolai II.1b "Sở  Tài chính" Theo Công văn 45',
        "/reassign II.1b “Sở Tài chính” Theo Công văn 45",
        "/giaolai@nhacviec_bot II.1b «Sở Tài chính»Theo Công văn 45",
    ],
)
def test_a_quoted_unit_is_the_one_split(text: str) -> None:
    found = parse(text, BOT)
    assert isinstance(found, parsing.Reassign)
    assert found.ref == TaskRef("II.1b")
    assert found.splits == (("Sở Tài chính", "Theo Công văn 45"),)


def test_a_long_unit_is_read_from_at_most_its_limit_of_words() -> None:
    words = " ".join(f"w{n}" for n in range(40))
    found = parse(f"/giaolai 6 {words}", BOT)
    assert isinstance(found, parsing.Reassign)
    assert len(found.splits) == parsing.MAX_UNIT_WORDS
    assert found.splits[0][0] == " ".join(f"w{n}" for n in range(parsing.MAX_UNIT_WORDS))
    assert all(unit and reason for unit, reason in found.splits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/tamdung 6 Chờ hướng dẫn", parsing.Pause(Action.SUSPEND, TaskRef("6"), "Chờ hướng dẫn")),
        ("/suspend 2/II.1b Chờ", parsing.Pause(Action.SUSPEND, TaskRef("II.1b", 2), "Chờ")),
        ("/tieptuc 6 Đã có", parsing.Pause(Action.RESUME, TaskRef("6"), "Đã có")),
        ("/resume #12 Tiếp", parsing.Pause(Action.RESUME, TaskRef("#12"), "Tiếp")),
    ],
)
def test_suspend_and_resume(text: str, expected: parsing.Pause) -> None:
    assert parse(text, BOT) == expected


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("/giaolai", "giaolai"),
        ("/giaolai 6", "giaolai"),
        ("/tamdung 6", "tamdung"),
        ("/tamdung Chờ hướng dẫn", "tamdung"),  # no task
        ("/tieptuc 6", "tieptuc"),
        ("/resume", "tieptuc"),
    ],
)
def test_office_moves_without_their_words_answer_with_the_usage(text: str, command: str) -> None:
    assert parse(text, BOT) == Malformed(BY_NAME[command])


def test_the_office_moves_are_office_only() -> None:
    for name in ("giaolai", "tamdung", "tieptuc"):
        assert BY_NAME[name].office_only
