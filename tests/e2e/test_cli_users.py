"""``nhacviec user``: accounts made with a password typed twice (hidden) or read from standard
input, a token printed alone on standard output, disabled accounts, the listing; bad input ends
with a sentence and exit 2."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nhacviec.services.accounts import check_password
from nhacviec.store.database import make_engine
from nhacviec.store.users import get_user
from tests.e2e.conftest import CliRunner
from tests.e2e.services import NHACVIEC, clean_environment

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
TOKEN = re.compile(r"nv_[A-Za-z0-9_-]{43}\n")


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_add_token_disable_and_list(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, "mật khẩu dài\n")
    added = cli("user", "add", "chanh.vp", "--role", "office", "--password-stdin")
    assert (added.code, added.out) == (0, "Đã tạo tài khoản chanh.vp (vai trò office).\n")
    token = cli("user", "token", "chanh.vp")
    assert token.code == 0
    assert TOKEN.fullmatch(token.out), token.out  # alone: TOKEN=$(nhacviec user token …)
    assert cli("user", "token", "chanh.vp").out != token.out
    listed = cli("user", "list", "--json").json()
    assert [(u["login"], u["role"], u["disabled"], u["tokens"]) for u in listed] == [
        ("chanh.vp", "office", False, 2)
    ]
    disabled = cli("--lang", "en", "user", "disable", "chanh.vp")
    assert disabled.out == "Disabled the account chanh.vp; its tokens no longer work.\n"
    table = cli("--lang", "en", "user", "list")
    assert "chanh.vp" in table.out
    assert "disabled" in table.out
    from sqlmodel import Session

    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        user = get_user(session, "chanh.vp")
        assert user is not None
        assert user.password_hash.startswith("$argon2")
        assert check_password(user, "mật khẩu dài")
        assert not check_password(user, "mật khẩu khác")
    engine.dispose()


def test_a_unit_account_names_its_unit(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("units", "check", Path(__file__).resolve().parents[2] / "config/units/so-cong-thuong.yaml")
    missing = cli("--lang", "en", "user", "add", "a", "--role", "unit", "--password-stdin")
    assert missing.code == 2
    assert missing.err == "An account with the unit role needs its unit: add --unit UNIT_NAME.\n"
    _stdin(monkeypatch, "mật khẩu dài\n")
    unknown = cli(
        "user", "add", "a", "--role", "unit", "--unit", "Phòng Không Có", "--password-stdin"
    )
    assert unknown.code == 2
    assert "Phòng Không Có" in unknown.err


@pytest.mark.parametrize(
    ("args", "stdin", "sentence"),
    [
        (
            ["--role", "boss"],
            "mật khẩu dài\n",
            "Unknown role «boss»; choose one of: admin, office, leader, unit.\n",
        ),
        (["--role", "leader"], "short\n", "The password is too short: at least 8 characters.\n"),
        (["--role", "leader", "--unit", "x y"], "mật khẩu dài\n", None),
    ],
    ids=["role", "password", "unit"],
)
def test_bad_input_exits_2_with_a_sentence(
    cli: CliRunner,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    stdin: str,
    sentence: str | None,
) -> None:
    _stdin(monkeypatch, stdin)
    run = cli("--lang", "en", "user", "add", "someone", *args, "--password-stdin")
    assert run.code == 2
    assert run.out == ""
    if sentence is not None:
        assert run.err == sentence
    assert cli("user", "list", "--json").json() == []


def test_a_login_is_taken_once_and_an_unknown_one_is_said(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, "mật khẩu dài\n")
    assert cli("user", "add", "lanh.dao", "--role", "leader", "--password-stdin").code == 0
    _stdin(monkeypatch, "mật khẩu dài\n")
    again = cli("--lang", "en", "user", "add", "lanh.dao", "--role", "leader", "--password-stdin")
    assert (again.code, again.err) == (
        2,
        "An account lanh.dao already exists. Please choose another login.\n",
    )
    for command in ("token", "disable"):
        unknown = cli("--lang", "en", "user", command, "ai.do")
        assert (unknown.code, unknown.out) == (2, "")
        assert unknown.err == "No account ai.do. See the list: nhacviec user list\n"


def test_the_password_is_asked_twice(tmp_path: Path) -> None:
    env = clean_environment(
        NHACVIEC_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite'}", NHACVIEC_LANGUAGE="en"
    )

    def add(login: str, typed: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(NHACVIEC), "--lang", "en", "user", "add", login, "--role", "admin"],
            input=typed,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    same = add("quan.tri", "mật khẩu dài\nmật khẩu dài\n")
    assert same.returncode == 0, same.stderr
    assert same.stdout == "Created the account quan.tri (role admin).\n"
    assert "Password" in same.stderr
    assert "Repeat the password" in same.stderr
    differ = add("khac", "mật khẩu dài\nmật khẩu khác\n")
    assert differ.returncode == 2
    assert differ.stderr.endswith("The two passwords differ; the account was not created.\n")


def test_revoke_refuses_every_token_and_keeps_the_account(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlmodel import Session

    from nhacviec.errors import Unauthenticated
    from nhacviec.services.accounts import authenticate

    _stdin(monkeypatch, "mật khẩu dài\n")
    cli("user", "add", "cv.vp", "--role", "office", "--password-stdin")
    lost = [cli("user", "token", "cv.vp").out.strip() for _ in range(2)]
    revoked = cli("user", "revoke", "cv.vp")
    assert (revoked.code, revoked.out) == (0, "Đã thu hồi 2 mã truy cập của tài khoản cv.vp.\n")
    again = cli("--lang", "en", "user", "revoke", "cv.vp")
    assert again.out == "Revoked 0 token(s) of the account cv.vp.\n"
    fresh = cli("user", "token", "cv.vp").out.strip()
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        for token in lost:
            with pytest.raises(Unauthenticated):
                authenticate(session, token, NOW)
        assert authenticate(session, fresh, NOW).login == "cv.vp"
    engine.dispose()
    listed = cli("user", "list", "--json").json()
    assert [(u["login"], u["disabled"], u["tokens"]) for u in listed] == [("cv.vp", False, 1)]
    unknown = cli("user", "revoke", "không.có")
    assert unknown.code == 2
