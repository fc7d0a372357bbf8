"""Another store's world in memory: the facts and events a scheduler on ``MemoryStore`` needs."""

from __future__ import annotations

from scheduler.store.base import SchedulerStore
from scheduler.store.memory import HistoryNote, MemoryStore


def copy_facts(source: SchedulerStore, into: MemoryStore) -> None:
    """Load into ``into`` the events of ``source`` it lacks and, as they are now, the facts the
    passes read of every plan (its outbox is left alone): a scheduler then runs in memory on
    another store's world (a demo, a test on the same plans as the SQL store)."""
    into.events.extend(source.events_after(into.last_seq, 1 << 62))
    plan_ids = source.plan_ids()
    offices = source.offices_of(plan_ids)
    for plan_id in plan_ids:
        headline = source.plan_headline(plan_id)
        if headline is not None:
            into.add_plan(headline, offices.get(plan_id))
        into.awaited[plan_id] = source.awaited_events(plan_id)
        ids = source.occurrence_ids_of(plan_id=plan_id)
        facts = source.occurrence_facts(ids)
        for line in source.task_lines(ids).values():
            into.put_occurrence(facts.get(line.occurrence_id), line)
    _copy_units(source, into)
    _copy_history(source, into)


def _copy_units(source: SchedulerStore, into: MemoryStore) -> None:
    units = set(into.offices.values())
    for facts in into.facts.values():
        units.update(facts.lead_units, facts.partner_units)
        units.update([facts.office_unit] if facts.office_unit is not None else [])
    names, contacts = source.unit_names(units), source.contacts_of(units)
    for unit in units:
        into.add_unit(unit, names.get(unit, ""), contacts.get(unit, ()))
    into.task_leads = source.lead_names({line.task_id for line in into.lines.values()})


def _copy_history(source: SchedulerStore, into: MemoryStore) -> None:
    """What the passes read of the history: who last reported, why a report came back."""
    ids = sorted(into.lines)
    into.history = [
        HistoryNote(i, "report", actor)
        for i in ids
        if (actor := source.last_actor(i, "report")) is not None
    ]
    notes = source.latest_notes(ids, action="return")
    into.history += [HistoryNote(i, "return", None, note) for i, note in sorted(notes.items())]
