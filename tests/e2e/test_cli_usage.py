"""What Typer refuses before a command runs (an unknown command or option, a missing or
malformed value) is said in the reader's language from the catalogue, with the usage and where
to read more; exit 2, never a traceback."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import CliRunner


@pytest.mark.usefixtures("sqlite_url")
@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("nosuch",), "Không có lệnh «nosuch»."),
        (("tasks", "--nope"), "Không có tùy chọn «--nope»."),
        (("tasks", "--pla", "1"), "Không có tùy chọn «--pla». Có phải ý bạn là «--plan»?"),
        (("plan", "import"), "Thiếu tham số «files»: vui lòng nhập tham số này."),
        (("user", "add", "x"), "Thiếu tùy chọn «--role»: vui lòng nhập tùy chọn này."),
        (("tasks", "--plan", "x"), "Giá trị của «--plan» không hợp lệ: «x» không phải số nguyên."),
        (
            ("web", "--port", "99999"),
            "Giá trị của «--port» không hợp lệ: cần nhỏ hơn hoặc bằng 65535.",
        ),
        (("tasks", "--bucket"), "Tùy chọn «--bucket» cần một giá trị đi kèm."),
        (
            ("--lang", "en", "web", "--port", "0"),
            "The value of «--port» is not valid: it must be at least 1.",
        ),
    ],
)
def test_a_usage_error_is_a_sentence_in_the_readers_language(
    cli: CliRunner, args: tuple[str, ...], sentence: str
) -> None:
    run = cli(*args)
    assert run.code == 2, run.err
    assert "Traceback" not in run.err
    lines = [line for line in run.err.strip().splitlines() if line.strip()]
    assert lines[0] == sentence
    assert all(word not in run.err for word in ("No such", "Missing", "Invalid value", "Error"))


@pytest.mark.usefixtures("sqlite_url")
def test_the_usage_and_the_help_command_follow_the_sentence(cli: CliRunner) -> None:
    run = cli("tasks", "--nope")
    assert run.err.strip().splitlines()[1:] == [
        "Cách dùng: nhacviec tasks [OPTIONS]",
        "Xem hướng dẫn: «nhacviec tasks --help».",
    ]


@pytest.mark.usefixtures("sqlite_url")
def test_a_group_without_its_command_shows_its_help(cli: CliRunner) -> None:
    run = cli("user")
    assert run.code == 2
    assert "revoke" in run.out + run.err  # its commands are listed
