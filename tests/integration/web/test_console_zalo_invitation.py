"""The console's invitation page says how to link on Zalo as well when a Zalo bot answers
(``create_api(zalo_linking=…)``, from the settings: a token and ``zalo.bot`` on), and the code
it shows links a Zalo chat; without a Zalo bot it says nothing of Zalo."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from config.settings import Settings, ZaloSettings
from nhacviec.app import App
from nhacviec.i18n import translate
from nhacviec.services import links
from nhacviec.services.links import ChatInfo
from tests.e2e.plans import SIX_TASKS, write_plan
from tests.integration.web.harness import LEAD_UNIT, WebWorld
from tests.integration.web.test_console_units import BOT, NOW, PEOPLE, post, unit_id


@pytest.fixture
def world(tmp_path: Path) -> Iterator[WebWorld]:
    built = WebWorld(f"sqlite:///{tmp_path / 'store.db'}", NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx", SIX_TASKS))
    for person in PEOPLE:
        built.add(person)
    built.api.state.bot_username = BOT
    yield built
    built.close()


def zalo_sentence(code: str) -> str:
    return translate("zalo_ops.console.invitation", "vi", code=code)


def test_with_a_zalo_bot_the_invitation_says_how_to_link_on_zalo(world: WebWorld) -> None:
    world.api.state.zalo_linking = True
    page = post(world.signed_in("office"), f"/units/{unit_id(world, LEAD_UNIT)}/invitations")
    assert page.status_code == 200
    found = re.search(r"/start ([A-Z2-9]{5}-[A-Z2-9]{5})", page.text)
    assert found is not None
    code = found.group(1)
    assert zalo_sentence(code) in page.text
    assert "https://t.me/" in page.text  # Telegram's way stays
    with world.app.transaction() as session:  # the same code links a Zalo chat
        linked = links.redeem(
            session,
            code,
            ChatInfo("e4ea2cd5189df1c3a88c", "group", "Nhóm Zalo", channel="zalo"),
            by="Trưởng (zalo)",
            now=NOW,
        )
    assert linked.unit.name == LEAD_UNIT


def test_without_a_zalo_bot_the_invitation_says_nothing_of_zalo(world: WebWorld) -> None:
    page = post(world.signed_in("office"), f"/units/{unit_id(world, LEAD_UNIT)}/invitations")
    assert page.status_code == 200
    assert "Zalo" not in page.text


@pytest.mark.parametrize(
    ("zalo", "linking"),
    [
        (ZaloSettings(), False),
        (ZaloSettings(token=SecretStr("1459232241454765289:abc")), True),
        (ZaloSettings(token=SecretStr("1459232241454765289:abc"), bot=False), False),
    ],
)
def test_the_console_links_on_zalo_when_the_settings_run_a_zalo_bot(
    tmp_path: Path, zalo: ZaloSettings, linking: bool
) -> None:
    from nhacviec.cli.state import CliState
    from nhacviec.cli.web import _api

    cli = CliState(None, None, clock=lambda: NOW)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", zalo=zalo)
    cli.__dict__["settings"] = settings
    cli.__dict__["app"] = App(settings, clock=lambda: NOW)
    try:
        assert _api(cli).state.zalo_linking is linking
    finally:
        cli.close()
