"""The outbox in memory: the ``Outbox`` half of ``scheduler.store.memory.MemoryStore``, with
the SQL store's rules (whole addresses claimed, leases fencing every change of a dispatcher)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from scheduler.store.base import (
    CANCELLED,
    DEAD,
    PENDING,
    SENT,
    SUPERSEDED,
    DeliveryRecord,
    OutboxEntry,
    OutboxRow,
)


@dataclass
class StoredReminder:
    """One outbox row as the memory store keeps it (the SQL table's columns)."""

    id: int
    key: str
    plan_id: int
    occurrence_id: int | None
    kind: str
    stage: int
    recipient_unit_id: int
    role: str
    channel: str
    address: str
    due_at: datetime
    next_attempt_at: datetime
    created_at: datetime
    due_date: date | None = None
    status: str = PENDING
    attempts: int = 0
    lease_owner: str | None = None
    lease_until: datetime | None = None
    sent_at: datetime | None = None
    last_error: str = ""
    failure_told_at: datetime | None = None

    def entry(self) -> OutboxEntry:
        return OutboxEntry(
            id=self.id,
            key=self.key,
            plan_id=self.plan_id,
            occurrence_id=self.occurrence_id,
            kind=self.kind,
            stage=self.stage,
            recipient_unit_id=self.recipient_unit_id,
            role=self.role,
            channel=self.channel,
            address=self.address,
            due_at=self.due_at,
            next_attempt_at=self.next_attempt_at,
            due_date=self.due_date,
            attempts=self.attempts,
            last_error=self.last_error,
        )

    def due(self, now: datetime) -> bool:
        return (
            self.status == PENDING
            and self.next_attempt_at <= now
            and (self.lease_until is None or self.lease_until < now)
        )


class MemoryOutbox:
    """Reminders and the delivery log in dicts and lists."""

    def __init__(self) -> None:
        self.clear_outbox()

    def clear_outbox(self) -> None:
        self.outbox: dict[int, StoredReminder] = {}
        self._by_key: dict[str, int] = {}
        self._next_id = 1
        self.deliveries: list[DeliveryRecord] = []

    def rows(self) -> list[StoredReminder]:
        """Every outbox row, oldest first."""
        return [self.outbox[i] for i in sorted(self.outbox)]

    def add_rows(self, rows: Sequence[OutboxRow], now: datetime) -> int:
        added = 0
        for row in rows:
            if row.key in self._by_key:
                continue
            row_id, self._next_id = self._next_id, self._next_id + 1
            self.outbox[row_id] = StoredReminder(
                id=row_id, next_attempt_at=row.due_at, created_at=now, **vars(row)
            )
            self._by_key[row.key] = row_id
            added += 1
        return added

    def cancel_pending_except(
        self, occurrence_ids: Iterable[int], keep: set[str], *, kinds: Iterable[str]
    ) -> int:
        ids, wanted = set(occurrence_ids), set(kinds)
        stale = [
            row.id
            for row in self.outbox.values()
            if row.occurrence_id in ids
            and row.status == PENDING
            and row.kind in wanted
            and row.key not in keep
        ]
        return self._set(stale, None, status=CANCELLED, lease_owner=None, lease_until=None)

    def claim_due(
        self, now: datetime, owner: str, lease: timedelta, limit: int
    ) -> list[OutboxEntry]:
        """Whole addresses, earliest due first, within ``limit`` rows (the first address
        whole, however many): the SQL store's rule (``nhacviec.store.outbox.claim_due``)."""
        claimed = _whole_addresses([row for row in self.outbox.values() if row.due(now)], limit)
        for row in claimed:
            row.lease_owner, row.lease_until = owner, now + lease
        claimed.sort(key=lambda row: (row.recipient_unit_id, row.next_attempt_at))
        return [row.entry() for row in claimed]

    def heard_since(
        self,
        addresses: Iterable[tuple[str, str]],
        since: datetime,
        now: datetime,
        *,
        kinds: Iterable[str],
        owner: str,
    ) -> set[tuple[str, str]]:
        wanted, kinds_wanted = set(addresses), set(kinds)
        return {
            (row.channel, row.address)
            for row in self.outbox.values()
            if (row.channel, row.address) in wanted
            and row.kind in kinds_wanted
            and (_sent_since(row, since) or _leased_by_another(row, now, owner))
        }

    def defer(self, ids: Sequence[int], until: datetime, *, owner: str) -> int:
        return self._set(ids, owner, next_attempt_at=until, lease_owner=None, lease_until=None)

    def supersede(self, ids: Sequence[int]) -> int:
        return self._set(ids, None, status=SUPERSEDED, lease_owner=None, lease_until=None)

    def renew_lease(self, ids: Sequence[int], owner: str, until: datetime) -> int:
        return self._set(ids, owner, lease_until=until)

    def release(self, ids: Sequence[int], owner: str) -> int:
        return self._set(ids, owner, lease_owner=None, lease_until=None)

    def mark_sent(self, ids: Sequence[int], now: datetime, *, owner: str | None = None) -> int:
        return self._set(ids, owner, status=SENT, sent_at=now, lease_owner=None, lease_until=None)

    def mark_retry(
        self,
        ids: Sequence[int],
        attempts: int,
        next_at: datetime,
        error: str,
        *,
        owner: str | None = None,
    ) -> int:
        return self._set(
            ids,
            owner,
            attempts=attempts,
            next_attempt_at=next_at,
            last_error=error[:2000],
            lease_owner=None,
            lease_until=None,
        )

    def mark_dead(
        self, ids: Sequence[int], attempts: int, error: str, *, owner: str | None = None
    ) -> int:
        return self._set(
            ids,
            owner,
            status=DEAD,
            attempts=attempts,
            last_error=error[:2000],
            lease_owner=None,
            lease_until=None,
        )

    def pull_retries(self, channel: str, now: datetime, limit: int) -> int:
        waiting = sorted(
            (
                row
                for row in self.outbox.values()
                if row.channel == channel
                and row.status == PENDING
                and row.attempts > 0
                and row.next_attempt_at > now
                and (row.lease_until is None or row.lease_until < now)
            ),
            key=lambda row: (row.next_attempt_at, row.id),
        )[:limit]
        for row in waiting:
            row.next_attempt_at = now
        return len(waiting)

    def untold_failures(self, plan_ids: Iterable[int]) -> list[OutboxEntry]:
        plans = set(plan_ids)
        return [
            row.entry()
            for row in self.rows()
            if row.plan_id in plans and row.status == DEAD and row.failure_told_at is None
        ]

    def mark_told(self, ids: Sequence[int], now: datetime) -> int:
        return self._set(ids, None, failure_told_at=now)

    def record_delivery(self, record: DeliveryRecord) -> None:
        self.deliveries.append(record)

    def _set(self, ids: Iterable[int], owner: str | None, **values: Any) -> int:
        """Set ``values`` on the rows; with ``owner``, only on pending rows leased to it."""
        changed = 0
        for row_id in ids:
            row = self.outbox.get(row_id)
            if row is None or (
                owner is not None and (row.lease_owner != owner or row.status != PENDING)
            ):
                continue
            for name, value in values.items():
                setattr(row, name, value)
            changed += 1
        return changed


def _whole_addresses(due: list[StoredReminder], limit: int) -> list[StoredReminder]:
    """The rows of the addresses, in order of their earliest row (ties to the address with the
    oldest row), that fit in ``limit`` rows; the first address whatever its size."""
    by_address: dict[tuple[str, str], list[StoredReminder]] = {}
    for row in due:
        by_address.setdefault((row.channel, row.address), []).append(row)
    ordered = sorted(
        by_address.values(),
        key=lambda rows: (min(row.next_attempt_at for row in rows), min(row.id for row in rows)),
    )
    taken: list[StoredReminder] = []
    for rows in ordered:
        if taken and len(taken) + len(rows) > limit:
            break
        taken.extend(rows)
    return taken


def _sent_since(row: StoredReminder, since: datetime) -> bool:
    return row.status == SENT and row.sent_at is not None and row.sent_at >= since


def _leased_by_another(row: StoredReminder, now: datetime, owner: str) -> bool:
    return (
        row.status == PENDING
        and row.lease_until is not None
        and row.lease_until > now
        and row.lease_owner is not None
        and row.lease_owner != owner
    )
