"""Read a plan's "Thời gian" cell into a Schedule (see shared docs/deadline-semantics.md).

The pipeline: clean the cell → split it at its bullets → read each part (anchors, asides,
labels, qualifiers) → keep the parts meant for the issuer's level (rule 9) → assemble one
schedule. Nothing is guessed silently: every judgement adds a ``Reason``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workflows.deadlines.dates import place
from workflows.deadlines.glue import PartReading, Reading, read_part
from workflows.deadlines.hints import review_hints
from workflows.deadlines.meanings import (
    DATED,
    AfterEvent,
    Meaning,
    NoDate,
    OnDemand,
    OpenEnded,
    Reference,
    Repeats,
    StartsFrom,
    Unsupported,
)
from workflows.deadlines.periods import day_words
from workflows.deadlines.qualifiers import choose_for_level
from workflows.deadlines.reasons import ReasonCode, reason
from workflows.deadlines.recurring import check_ins, starts_from
from workflows.deadlines.words import split_parts
from workflows.plan import Period, PlanContext
from workflows.schedule import (
    EventTrigger,
    Occurrence,
    Reason,
    Recurrence,
    Schedule,
    ScheduleKind,
)
from workflows.text import clean

__all__ = ["read_deadline", "review_hints"]


@dataclass
class _Draft:
    """What the assembly has gathered so far."""

    text: str
    occurrences: list[Occurrence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    recurrence: Recurrence | None = None
    recurring: bool = False
    event: EventTrigger | None = None

    def note(self, text: str, *, whole_cell_too: bool = False) -> None:
        """Keep ``text`` as a note; the whole cell only when asked (it is shown anyway)."""
        if text and (whole_cell_too or text != self.text) and text not in self.notes:
            self.notes.append(text)

    def flag(self, code: ReasonCode, **params: str) -> None:
        found = reason(code, **params)
        if found not in self.reasons:
            self.reasons.append(found)


def read_deadline(
    text: str, context: PlanContext, *, monthly_check_in_for_continuous: bool = True
) -> Schedule:
    """The schedule a "Thời gian" cell names, read in the plan's ``context``. Pure."""
    cleaned = clean(text)
    if not cleaned:
        return Schedule(ScheduleKind.UNSCHEDULED, "", reasons=(reason(ReasonCode.EMPTY),))
    draft = _Draft(cleaned)
    parts = [read_part(part) for part in split_parts(text)]
    readings = _keep_for_level(draft, parts, context)
    _read_dated(draft, readings, context)
    _read_repeats(draft, readings, context, monthly_check_in_for_continuous)
    _read_events(draft, readings)
    _read_the_rest(draft, readings, parts)
    return _schedule(draft)


def _keep_for_level(draft: _Draft, parts: list[PartReading], context: PlanContext) -> list[Reading]:
    for part in parts:
        for aside in part.asides:
            draft.note(aside.text)
            if aside.condition:
                draft.flag(ReasonCode.CONDITION_IN_NOTE, note=aside.text)
            if aside.has_number:
                draft.flag(ReasonCode.PARTIAL, text=aside.text)
        if len({type(r.meaning) for r in part.readings if isinstance(r.meaning, DATED)}) > 1:
            draft.flag(ReasonCode.MIXED, text=part.text)  # "Quý III/2025 (trước 15/9)"
    choice = choose_for_level([r for part in parts for r in part.readings], context.issuer_level)
    for dropped in choice.dropped:
        draft.note(dropped.source)
    if choice.unmatched:
        draft.flag(ReasonCode.QUALIFIER_NOT_MATCHED)
    return list(choice.kept)


def _read_dated(draft: _Draft, readings: list[Reading], context: PlanContext) -> None:
    for reading in readings:
        if isinstance(reading.meaning, DATED):
            placed = place(reading, context.period)
            if placed.occurrence is not None:
                draft.occurrences.append(placed.occurrence)
            for found in placed.reasons:
                if found not in draft.reasons:
                    draft.reasons.append(found)


def _read_repeats(
    draft: _Draft, readings: list[Reading], context: PlanContext, continuous_check_ins: bool
) -> None:
    repeating = [r for r in readings if isinstance(r.meaning, Repeats | StartsFrom)]
    if not repeating:
        return
    chosen = min(repeating, key=_precedence)
    milestones = list(draft.occurrences)
    duty, start = _duty(draft, chosen.meaning, context.period)
    signed = context.signed_on
    if start is None and signed is not None and signed in context.period:
        start = signed  # continuous work starts when the plan is signed, not before
    draft.recurring = True
    if duty.recurrence is not None or continuous_check_ins:
        draft.recurrence = duty.recurrence or Recurrence.MONTHLY
        draft.occurrences.extend(check_ins(duty, context.period, start))
    for other in repeating:
        if _cadence(other) not in (_cadence(chosen), None) and not _is_assumed(other):
            draft.flag(ReasonCode.MIXED, text=other.words)
    if milestones:
        draft.flag(ReasonCode.MILESTONE, text="; ".join(o.due_words for o in milestones))


def _duty(draft: _Draft, meaning: Meaning, period: Period) -> tuple[Repeats, date | None]:
    """The repeating duty and its written start, flagging what had to be assumed."""
    if isinstance(meaning, StartsFrom):
        start, duty = starts_from(meaning, period)
        if meaning.open_ended_yearly:
            draft.flag(ReasonCode.OPEN_ENDED, year=str(start.year))
        else:
            draft.flag(ReasonCode.START_ONLY, start=day_words(start))
        return duty, start
    assert isinstance(meaning, Repeats)
    if meaning.assumed:
        draft.flag(ReasonCode.ASSUMED_CADENCE)
    return meaning, None


def _precedence(reading: Reading) -> int:
    """Which repeating duty sets the cadence: a written one, a start, continuous, "định kỳ"."""
    meaning = reading.meaning
    if isinstance(meaning, StartsFrom):
        return 1
    assert isinstance(meaning, Repeats)
    if meaning.assumed:
        return 3
    return 0 if meaning.recurrence is not None else 2


def _cadence(reading: Reading) -> Recurrence | None:
    meaning = reading.meaning
    return meaning.recurrence if isinstance(meaning, Repeats) else None


def _is_assumed(reading: Reading) -> bool:
    return isinstance(reading.meaning, Repeats) and reading.meaning.assumed


def _read_events(draft: _Draft, readings: list[Reading]) -> None:
    events = [r for r in readings if isinstance(r.meaning, AfterEvent)]
    if not events:
        return
    first = events[0].meaning
    assert isinstance(first, AfterEvent)
    draft.event = first.trigger
    if not first.unit_written:
        draft.flag(ReasonCode.EVENT_UNIT_MISSING, text=events[0].words)
    beside_dates = bool(draft.occurrences or draft.recurring)
    for extra in events if beside_dates else events[1:]:
        draft.flag(ReasonCode.MIXED, text=extra.words)


def _read_the_rest(draft: _Draft, readings: list[Reading], parts: list[PartReading]) -> None:
    scheduled = bool(draft.occurrences or draft.recurring or draft.event)
    for reading in readings:
        meaning = reading.meaning
        if isinstance(meaning, OnDemand):
            draft.note(reading.words, whole_cell_too=True)
            if not scheduled:
                draft.flag(ReasonCode.ON_DEMAND)
        elif isinstance(meaning, NoDate):
            draft.note(reading.source)
            if not scheduled:
                draft.flag(ReasonCode.NO_DATE, text=reading.words)
        elif isinstance(meaning, Reference):
            draft.note(reading.source)
            draft.flag(ReasonCode.REFERENCE, text=reading.words)
        elif isinstance(meaning, Unsupported | OpenEnded):
            draft.note(reading.source)
            draft.flag(ReasonCode.UNSUPPORTED_CADENCE, text=reading.words)
    understood = any(part.readings for part in parts)
    for part in parts:
        for leftover in part.leftovers:
            draft.note(leftover)
            draft.flag(ReasonCode.PARTIAL if understood else ReasonCode.UNMATCHED, text=leftover)


def _schedule(draft: _Draft) -> Schedule:
    kind = _kind(draft)
    if kind is ScheduleKind.UNSCHEDULED and not draft.reasons:
        draft.flag(ReasonCode.UNMATCHED, text=draft.text)
    occurrences = sorted(set(draft.occurrences), key=lambda o: (o.due, o.start or o.due, o.label))
    return Schedule(
        kind=kind,
        text=draft.text,
        occurrences=tuple(occurrences),
        recurrence=draft.recurrence,
        event=draft.event,
        notes=tuple(draft.notes),
        reasons=tuple(draft.reasons),
    )


def _kind(draft: _Draft) -> ScheduleKind:
    if draft.recurring:
        return ScheduleKind.RECURRING
    if any(o.start is not None for o in draft.occurrences):
        return ScheduleKind.WINDOW
    if draft.occurrences:
        return ScheduleKind.DEADLINE
    if draft.event is not None:
        return ScheduleKind.EVENT
    return ScheduleKind.UNSCHEDULED
