"""``nhacviec demo --channels zalo``: the example units linked to Zalo chats before the replay.

The example directories name no Zalo chats (Zalo gives a chat its id when a person first writes
to the bot), so the demo links each unit of the directories the way a unit's head would: the
office's one-time invite code (``links.invite``) sent to the bot (``links.redeem``, the use case
the Zalo poller calls on ``/start <mã>``), from a chat whose id is derived from the unit's key.
The loopback Zalo server (``tests/zalo_api.py``, ``any_chat``) accepts those ids.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlmodel import col, select

from nhacviec.cli.state import CliState
from nhacviec.services import links
from nhacviec.store.models import Unit

CHANNEL = "zalo"


def demo_chat_id(unit_key: str) -> str:
    """The demo's Zalo chat of a unit: 20 hex digits, as Zalo's chat ids look."""
    return hashlib.sha256(f"demo-zalo:{unit_key}".encode()).hexdigest()[:20]


def link_demo_chats(cli: CliState, now: datetime) -> int:
    """Every unit of the directories (not the outside partners) linked to its demo Zalo chat;
    how many."""
    with cli.app.transaction() as session:
        query = select(Unit).where(col(Unit.in_directory), col(Unit.external).is_(False))
        units = list(session.exec(query.order_by(col(Unit.id))).all())
        for unit in units:
            invitation = links.invite(session, unit, office=False, now=now, by="demo")
            chat = links.ChatInfo(demo_chat_id(unit.key), "private", unit.name, channel=CHANNEL)
            links.redeem(session, invitation.code, chat, by="demo (zalo)", now=now)
    cli.out.print(cli.t("zalo.demo_linked", count=len(units), server=cli.settings.zalo.base_url))
    return len(units)
