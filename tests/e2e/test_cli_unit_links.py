"""``nhacviec unit invite | revoke | links`` and the codes a chat redeems (``/start <code>``):
one-time, seven days, one active link per chat, nothing deleted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, create_engine, select

from nhacviec.errors import InputError
from nhacviec.i18n.errors import render_error
from nhacviec.services import links
from nhacviec.services.links import ChatInfo
from nhacviec.store import units as stored_units
from nhacviec.store.models import ChatInvite, ChatLink, Unit
from tests.e2e.conftest import CliRunner
from tests.shared_paths import require_shared

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
NOW = "2026-11-23T09:00+07:00"
ECONOMY_GROUP = ChatInfo("-1002000000001", "supergroup", "Phòng QLTM - công việc")


@pytest.fixture
def url(cli: CliRunner, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The seed plan imported (its directory's units stored); an engine on the same store."""
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    run = cli("--now", NOW, "plan", "import", plan, "--units", SCT_UNITS)
    assert run.code == 0, run.err
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


def _session(url: Engine) -> Session:
    return Session(url, expire_on_commit=False)


def _redeem(url: Engine, code: str, chat: ChatInfo, when: datetime) -> links.Linked:
    with _session(url) as session:
        linked = links.redeem(session, code, chat, by="Võ Thị Hà (tg:42)", now=when)
        session.commit()
        return linked


def _invite(cli: CliRunner, *args: str) -> dict[str, object]:
    run = cli("--now", NOW, "unit", "invite", *args, "--json")
    assert run.code == 0, run.err
    payload = run.json()
    assert isinstance(payload, dict)
    return payload


def _now() -> datetime:
    return datetime.fromisoformat(NOW)


def test_an_invite_prints_a_code_that_links_a_chat_once(cli: CliRunner, url: Engine) -> None:
    payload = _invite(cli, "Phòng QLTM")
    assert set(payload) == {"unit", "code", "expires_at", "office"}
    assert payload["unit"] == "Phòng Quản lý Thương mại"
    assert payload["office"] is False
    code = str(payload["code"])
    assert len(code) == 11
    assert code[5] == "-"
    assert datetime.fromisoformat(str(payload["expires_at"])) == _now() + timedelta(days=7)
    linked = _redeem(url, code.lower().replace("-", " "), ECONOMY_GROUP, _now())
    assert (linked.unit.name, linked.already, linked.link.office) == (
        "Phòng Quản lý Thương mại",
        False,
        False,
    )
    with pytest.raises(InputError) as used:  # a used code opens nothing, for anyone
        _redeem(url, code, ChatInfo("-1009"), _now())
    assert used.value.key == "links.code_invalid"
    with _session(url) as session:
        (invite,) = session.exec(select(ChatInvite)).all()
        assert invite.code_hash != code
        assert code.replace("-", "") not in invite.code_hash
        assert invite.used_by_chat == ECONOMY_GROUP.chat_id


def test_the_linked_chat_gets_the_units_reminders(cli: CliRunner, url: Engine) -> None:
    code = str(_invite(cli, "Phòng QLTM")["code"])
    _redeem(url, code, ECONOMY_GROUP, _now())
    with _session(url) as session:
        unit = session.exec(select(Unit).where(Unit.name == "Phòng Quản lý Thương mại")).one()
        assert unit.id is not None
        contacts = stored_units.contacts_of(session, [unit.id])[unit.id]
    chats = [(c.address, c.for_head) for c in contacts if c.channel == "telegram"]
    assert chats == [("-1001000000006", False), (ECONOMY_GROUP.chat_id, False)]
    listed = cli("unit", "links", "--json").json()
    assert listed == [
        {
            "unit": "Phòng Quản lý Thương mại",
            "chat_id": ECONOMY_GROUP.chat_id,
            "chat_type": "supergroup",
            "chat_title": "Phòng QLTM - công việc",
            "office": False,
            "linked_at": listed[0]["linked_at"],
            "linked_by": "Võ Thị Hà (tg:42)",
        }
    ]


def test_a_code_expires_after_seven_days(cli: CliRunner, url: Engine) -> None:
    code = str(_invite(cli, "Phòng QLTM")["code"])
    with pytest.raises(InputError) as expired:
        _redeem(url, code, ECONOMY_GROUP, _now() + timedelta(days=7))
    assert "wrong, already used or expired" in render_error(expired.value, "en")
    assert _redeem(url, code, ECONOMY_GROUP, _now() + timedelta(days=6, hours=23)).link.id


def test_a_chat_speaks_for_one_unit_at_a_time(cli: CliRunner, url: Engine) -> None:
    _redeem(url, str(_invite(cli, "Phòng QLTM")["code"]), ECONOMY_GROUP, _now())
    other = str(_invite(cli, "Văn phòng Sở")["code"])
    with pytest.raises(InputError) as taken:
        _redeem(url, other, ECONOMY_GROUP, _now())
    assert taken.value.params == {"unit": "Phòng Quản lý Thương mại"}
    again = _redeem(url, str(_invite(cli, "Phòng QLTM")["code"]), ECONOMY_GROUP, _now())
    assert again.already  # the same unit again: nothing changes, the code stays unused
    with _session(url) as session:
        assert len(session.exec(select(ChatLink)).all()) == 1


def test_an_office_invite_is_for_the_office_only_and_upgrades_its_chat(
    cli: CliRunner, url: Engine
) -> None:
    refused = cli("--now", NOW, "unit", "invite", "Phòng QLTM", "--office")
    assert refused.code == 2
    assert "không phải cơ quan thường trực" in refused.err
    office_chat = ChatInfo("700000001", "private", "")
    _redeem(url, str(_invite(cli, "VP Sở")["code"]), office_chat, _now())
    upgraded = _redeem(url, str(_invite(cli, "VP Sở", "--office")["code"]), office_chat, _now())
    assert upgraded.link.office
    assert not upgraded.already
    with _session(url) as session:
        rows = session.exec(select(ChatLink).order_by(ChatLink.id)).all()  # type: ignore[arg-type]
    assert [(row.office, row.revoked_at is None) for row in rows] == [(False, False), (True, True)]


def test_revoke_unlinks_and_cancels_unused_codes(cli: CliRunner, url: Engine) -> None:
    _redeem(url, str(_invite(cli, "Phòng QLTM")["code"]), ECONOMY_GROUP, _now())
    unused = str(_invite(cli, "Phòng QLTM")["code"])
    run = cli("--now", NOW, "unit", "revoke", "Phòng QLTM")
    assert run.code == 0, run.err
    assert "Đã gỡ 1 liên kết Telegram của «Phòng Quản lý Thương mại»" in run.out
    assert cli("unit", "links", "--json").json() == []
    with pytest.raises(InputError):
        _redeem(url, unused, ChatInfo("-1003"), _now())
    with _session(url) as session:
        (link,) = session.exec(select(ChatLink)).all()
    assert link.revoked_at is not None
    assert link.revoked_by == "cli"


def test_an_unknown_unit_is_named(cli: CliRunner, url: Engine) -> None:
    run = cli("--now", NOW, "unit", "invite", "Phòng Không Có")
    assert run.code == 2
    assert "Không tìm thấy đơn vị «Phòng Không Có»" in run.err


def test_the_invite_text_tells_the_head_what_to_send(cli: CliRunner, url: Engine) -> None:
    run = cli("--now", NOW, "unit", "invite", "Phòng QLTM")
    assert run.code == 0, run.err
    words = " ".join(run.out.split())
    assert "Mã mời của «Phòng Quản lý Thương mại»:" in words
    assert "hết hạn lúc 30/11/2026 09:00" in words
    assert "/start " in words
