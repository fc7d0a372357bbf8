"""Unit scorecards: how each lead unit's work stands at an instant, and the units' ranking (pure).

One line per occurrence a unit leads (``Standing``: its bucket at the instant and how many days
late it is, see ``days_late``). Occurrences without a bucket (cancelled, or no date yet) are not
counted: nothing can be said of their timeliness.

- ``assigned``: the occurrences with a standing; the four buckets add up to it.
- ``on_time_rate``: done on time over the work that was finished or fell due (done on time +
  done late + overdue); open work still on time is not judged yet. ``None`` when nothing was.
- ``average_days_late``: over the late occurrences (done late and overdue); ``None`` without.

The ranking: best on-time rate first (units with nothing judged yet last), then fewer overdue,
then fewer average days late, then the name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from workflows.standing import LOCAL_TZ, Bucket


@dataclass(frozen=True)
class Standing:
    """One occurrence a unit leads, as it stands at the instant."""

    unit: str
    bucket: Bucket
    days_late: int  # 0 unless late


@dataclass(frozen=True)
class Scorecard:
    unit: str
    assigned: int
    done_on_time: int
    done_late: int
    open_on_time: int
    overdue: int
    on_time_rate: float | None  # 0..1
    average_days_late: float | None
    rank: int = 0

    def count(self, kind: Bucket) -> int:
        return {
            Bucket.DONE_ON_TIME: self.done_on_time,
            Bucket.DONE_LATE: self.done_late,
            Bucket.OPEN_ON_TIME: self.open_on_time,
            Bucket.OPEN_LATE: self.overdue,
        }[kind]


def days_late(kind: Bucket, due: date | None, reported_at: datetime | None, now: datetime) -> int:
    """Whole days past the last on-time day: to the report's day for work reported late (the
    clock stopped then), to ``now``'s day for open late work; 0 for work on time."""
    if due is None or kind in (Bucket.DONE_ON_TIME, Bucket.OPEN_ON_TIME):
        return 0
    clock = reported_at if reported_at is not None else now
    return max((clock.astimezone(LOCAL_TZ).date() - due).days, 0)


def scorecards(standings: Iterable[Standing]) -> list[Scorecard]:
    """Every unit's scorecard, ranked (``rank`` 1 is the best; equal figures share a rank)."""
    by_unit: dict[str, list[Standing]] = defaultdict(list)
    for standing in standings:
        by_unit[standing.unit].append(standing)
    cards = sorted((_card(unit, items) for unit, items in by_unit.items()), key=_order)
    ranked: list[Scorecard] = []
    for index, card in enumerate(cards):
        tied = ranked and _order(ranked[-1])[:-1] == _order(card)[:-1]
        rank = ranked[-1].rank if tied else index + 1
        ranked.append(replace(card, rank=rank))
    return ranked


def _card(unit: str, items: Sequence[Standing]) -> Scorecard:
    counts = {kind: sum(1 for item in items if item.bucket is kind) for kind in Bucket}
    judged = counts[Bucket.DONE_ON_TIME] + counts[Bucket.DONE_LATE] + counts[Bucket.OPEN_LATE]
    late = [item.days_late for item in items if item.bucket in (Bucket.DONE_LATE, Bucket.OPEN_LATE)]
    return Scorecard(
        unit=unit,
        assigned=len(items),
        done_on_time=counts[Bucket.DONE_ON_TIME],
        done_late=counts[Bucket.DONE_LATE],
        open_on_time=counts[Bucket.OPEN_ON_TIME],
        overdue=counts[Bucket.OPEN_LATE],
        on_time_rate=counts[Bucket.DONE_ON_TIME] / judged if judged else None,
        average_days_late=sum(late) / len(late) if late else None,
    )


def _order(card: Scorecard) -> tuple[bool, float, int, float, str]:
    return (
        card.on_time_rate is None,
        -(card.on_time_rate or 0.0),
        card.overdue,
        card.average_days_late or 0.0,
        card.unit,
    )
