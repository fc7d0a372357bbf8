"""Unit scorecards (pure): counts, on-time rate, average days late, ranking with ties."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from workflows.scorecards import Standing, days_late, scorecards
from workflows.standing import Bucket

ON, LATE_DONE = Bucket.DONE_ON_TIME, Bucket.DONE_LATE
OPEN, OVERDUE = Bucket.OPEN_ON_TIME, Bucket.OPEN_LATE


def test_counts_rate_and_average_days_late() -> None:
    [card] = scorecards(
        [
            Standing("Văn phòng", ON, 0),
            Standing("Văn phòng", ON, 0),
            Standing("Văn phòng", LATE_DONE, 3),
            Standing("Văn phòng", OVERDUE, 7),
            Standing("Văn phòng", OPEN, 0),
        ]
    )
    assert (card.assigned, card.done_on_time, card.done_late) == (5, 2, 1)
    assert (card.open_on_time, card.overdue) == (1, 1)
    assert card.on_time_rate == pytest.approx(2 / 4)  # open work on time is not judged yet
    assert card.average_days_late == pytest.approx(5.0)  # (3 + 7) / 2
    assert card.rank == 1


def test_nothing_judged_has_no_rate_and_ranks_last() -> None:
    cards = scorecards([Standing("A", OPEN, 0), Standing("B", OVERDUE, 2), Standing("C", ON, 0)])
    assert [(c.unit, c.rank) for c in cards] == [("C", 1), ("B", 2), ("A", 3)]
    assert cards[-1].on_time_rate is None
    assert cards[-1].average_days_late is None


def test_equal_figures_share_a_rank_and_fewer_overdue_rank_higher() -> None:
    cards = scorecards(
        [
            Standing("Phòng B", OVERDUE, 4),
            Standing("Phòng A", OVERDUE, 4),
            Standing("Phòng C", OVERDUE, 4),
            Standing("Phòng C", OVERDUE, 4),
        ]
    )
    assert [(c.unit, c.rank) for c in cards] == [("Phòng A", 1), ("Phòng B", 1), ("Phòng C", 3)]


def test_days_late_counts_to_the_report_or_to_now_in_hanoi_days() -> None:
    due = date(2025, 9, 30)
    now = datetime(2025, 10, 15, 1, 0, tzinfo=UTC)  # 08:00 on 15/10 in Hà Nội
    assert days_late(OVERDUE, due, None, now) == 15
    reported = datetime(2025, 10, 2, 18, 0, tzinfo=UTC)  # 01:00 on 03/10 in Hà Nội
    assert days_late(LATE_DONE, due, reported, now) == 3
    assert days_late(ON, due, reported, now) == 0
    assert days_late(OVERDUE, None, None, now) == 0
