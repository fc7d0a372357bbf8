"""What ``reminders preview`` says when it has no row: whether the clock lies outside every
plan's period (the usual cause: the plans are past) and which days do have reminders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from nhacviec.cli.render import day
from nhacviec.cli.state import CliState
from nhacviec.store.listing import PlanLine
from workflows.standing import LOCAL_TZ


@dataclass(frozen=True)
class EmptyPreview:
    """The asked range [start, end) and the due instants of every reminder planned at ``now``
    for the asked unit, whatever their day."""

    now: datetime
    start: datetime
    end: datetime
    due: Sequence[datetime]


def clock_outside(plans: Sequence[PlanLine], now: datetime) -> bool:
    today = now.astimezone(LOCAL_TZ).date()
    return bool(plans) and not any(p.period_start <= today <= p.period_end for p in plans)


def explain(cli: CliState, plans: Sequence[PlanLine], empty: EmptyPreview) -> bool:
    """Print why nothing is shown; ``True`` when the clock lies outside every plan's period."""
    outside = clock_outside(plans, empty.now)
    last_day = (empty.end - timedelta(days=1)).astimezone(LOCAL_TZ).date()
    cli.err.print(
        cli.t("cli.preview.none_in_range", start=_day(empty.start), end=day(last_day)),
        markup=False,
        soft_wrap=True,
    )
    if empty.due:
        first, last = min(empty.due), max(empty.due)
        cli.err.print(
            cli.t("cli.preview.range", first=_day(first), last=_day(last)),
            markup=False,
            soft_wrap=True,
        )
    else:
        cli.err.print(cli.t("cli.preview.none_at_all"), markup=False, soft_wrap=True)
    if outside:
        periods = "; ".join(
            dict.fromkeys(f"{day(p.period_start)}–{day(p.period_end)}" for p in plans)
        )
        now_text = empty.now.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
        cli.err.print(
            cli.t("cli.preview.clock_outside", now=now_text, periods=periods),
            style="yellow",
            markup=False,
            soft_wrap=True,
        )
        example = _example_day(plans, empty.start.astimezone(LOCAL_TZ).date())
        cli.err.print(
            cli.t("cli.preview.try_now", example=f"{example.isoformat()}T08:00+07:00"),
            markup=False,
            soft_wrap=True,
        )
    return outside


def _day(instant: datetime) -> str:
    return day(instant.astimezone(LOCAL_TZ).date())


def _example_day(plans: Sequence[PlanLine], asked: date) -> date:
    """The asked first day when some plan covers it, else the earliest plan's first day."""
    if any(p.period_start <= asked <= p.period_end for p in plans):
        return asked
    return min(p.period_start for p in plans)
