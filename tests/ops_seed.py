"""A store with something to report: outbox rows of every status on two channels, a delivery
log, service rows (for ``nhacviec status``, ``/metrics`` and the backups' tests)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from nhacviec.store import outbox
from nhacviec.store.database import make_engine
from nhacviec.store.instances import ServiceInstance
from nhacviec.store.models import Delivery, Plan, Reminder, Unit

NOW = datetime(2025, 9, 29, 1, 0, tzinfo=UTC)
# (status, channel) -> how many rows
BACKLOG = {
    ("pending", "email"): 3,
    ("pending", "telegram"): 2,
    ("sent", "email"): 5,
    ("sent", "telegram"): 4,
    ("dead", "email"): 1,
    ("cancelled", "telegram"): 2,
}
OLDEST_DUE = NOW - timedelta(hours=2)  # the first pending email row
LAST_EMAIL = NOW - timedelta(minutes=30)
LAST_TELEGRAM = NOW - timedelta(minutes=10)


def seed(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        unit_id, plan_id = _plan_and_unit(session)
        rows = [
            _row(plan_id, unit_id, status, channel, number)
            for (status, channel), count in BACKLOG.items()
            for number in range(count)
        ]
        outbox.add_rows(session, [row for row, _ in rows], NOW)
        for row, status in rows:
            if status != "pending":
                stored = session.exec(select(Reminder).where(Reminder.key == row.key)).one()
                stored.status = status
                session.add(stored)
        session.add_all(_deliveries(unit_id))
        session.commit()


def due_notices(url: str, addresses: Iterable[tuple[str, str]], *, key: str) -> None:
    """A new plan's notice to one unit, due a minute before NOW (sent at once) at each
    ``(channel, address)``; the rows' keys are ``<key>:<channel>``."""
    engine = make_engine(url)
    with Session(engine) as session:
        unit_id, plan_id = _plan_and_unit(session)
        due = NOW - timedelta(minutes=1)
        rows = [
            _notice(f"{key}:{channel}", plan_id, unit_id, channel, address, due)
            for channel, address in addresses
        ]
        outbox.add_rows(session, rows, NOW)
        session.commit()
    engine.dispose()


def _plan_and_unit(session: Session) -> tuple[int, int]:
    unit = Unit(key="thu/van-phong", name="Văn phòng", created_at=NOW)
    plan = new_plan()
    session.add_all([unit, plan])
    session.flush()
    assert unit.id is not None
    assert plan.id is not None
    return unit.id, plan.id


def new_plan() -> Plan:
    return Plan(
        title="Kế hoạch thử",
        issuer="SỞ THỬ",
        issuer_level="so",
        period_start=date(2025, 7, 1),
        period_end=date(2025, 12, 31),
        period_source="option",
        source_name="thu.docx",
        source_format="docx",
        source_sha256="0" * 64,
        imported_at=NOW,
    )


def _row(
    plan_id: int, unit_id: int, status: str, channel: str, number: int
) -> tuple[outbox.OutboxRow, str]:
    # Pending rows fall due two hours, then one hour, ... before NOW (and one in the future).
    due = OLDEST_DUE + timedelta(hours=number) if status == "pending" else NOW - timedelta(days=1)
    key, address = f"{status}:{channel}:{number}", f"{channel}:{number}"
    return _notice(key, plan_id, unit_id, channel, address, due), status


def _notice(
    key: str, plan_id: int, unit_id: int, channel: str, address: str, due: datetime
) -> outbox.OutboxRow:
    """A new plan's notice to the unit's lead."""
    return outbox.OutboxRow(
        key=key,
        plan_id=plan_id,
        occurrence_id=None,
        kind="new_plan",
        stage=0,
        recipient_unit_id=unit_id,
        role="lead",
        channel=channel,
        address=address,
        due_at=due,
    )


def _deliveries(unit_id: int) -> list[Delivery]:
    def one(channel: str, at: datetime, outcome: str) -> Delivery:
        return Delivery(
            at=at,
            channel=channel,
            address=f"{channel}:0",
            recipient_unit_id=unit_id,
            message_key="m",
            reminders=1,
            outcome=outcome,
        )

    return [
        one("email", LAST_EMAIL - timedelta(hours=1), "accepted"),
        one("email", LAST_EMAIL, "accepted"),
        one("email", NOW - timedelta(minutes=5), "temporary"),
        one("telegram", LAST_TELEGRAM, "accepted"),
        one("telegram", NOW - timedelta(minutes=20), "permanent"),
    ]


def instance(owner: str, heartbeat_at: datetime, *, bot: str = "polling") -> ServiceInstance:
    host, _, pid = owner.rpartition(":")
    return ServiceInstance(
        owner=owner,
        host=host,
        pid=int(pid),
        bot=bot,
        started_at=heartbeat_at - timedelta(hours=1),
        heartbeat_at=heartbeat_at,
        last_pass_at=heartbeat_at,
        last_pass_ok=True,
    )
