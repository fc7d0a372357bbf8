"""Plain-data views of a read plan: the ``--json`` output contract of ``plan import``.

Keep the shape stable: acceptance checks and other tools read it. Dates are ``YYYY-MM-DD``;
``due`` is the last on-time day; ``start`` is null for a plain deadline.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from nhacviec.i18n import Language, translate
from workflows.plan import Notice, ParsedPlan, Task
from workflows.schedule import Occurrence, Schedule
from workflows.units.directory import UnitDirectory, UnitMatch
from workflows.units.draft import name_uses


def plan_to_dict(parsed: ParsedPlan, lang: Language = Language.VI) -> dict[str, Any]:
    meta = parsed.metadata
    return {
        "plan": {
            "title": meta.title,
            "issuer": meta.issuer,
            "issuer_level": meta.issuer_level.value,
            "number": meta.number,
            "signed_on": _iso(meta.signed_on),
            "period": {"start": _iso(meta.period.start), "end": _iso(meta.period.end)},
            "period_source": meta.period_source,
        },
        "tasks": [task_to_dict(task, lang) for task in parsed.tasks],
        "warnings": [notice_text(notice, lang) for notice in parsed.warnings],
    }


def task_to_dict(task: Task, lang: Language = Language.VI) -> dict[str, Any]:
    row = task.row
    return {
        "ref": task.ref,
        "section": row.section,
        "section_title": row.section_title,
        "number": row.number,
        "objective": row.objective,
        "task": row.task,
        "activity": row.activity,
        "product": row.product,
        "lead": list(task.lead),
        "partners": list(task.partners),
        "unknown_units": list(task.unknown_units),
        "time_text": row.time_text,
        "budget": row.budget,
        "notes": row.notes,
        "source": {"table": row.source.table, "row": row.source.row, "page": row.source.page},
        "schedule": schedule_to_dict(task.schedule, lang),
    }


def schedule_to_dict(schedule: Schedule, lang: Language = Language.VI) -> dict[str, Any]:
    event = schedule.event
    return {
        "kind": schedule.kind.value,
        "recurrence": schedule.recurrence.value if schedule.recurrence else None,
        "event": None
        if event is None
        else {
            "text": event.text,
            "offset_days": event.offset_days,
            "working_days": event.working_days,
        },
        "notes": list(schedule.notes),
        "needs_review": schedule.needs_review,
        "reasons": [
            translate(f"deadline.reason.{reason.code}", lang, **reason.params)
            for reason in schedule.reasons
        ],
        "reason_codes": [reason.code for reason in schedule.reasons],
        "occurrences": [occurrence_to_dict(o) for o in schedule.occurrences],
    }


def occurrence_to_dict(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "label": occurrence.label,
        "start": _iso(occurrence.start),
        "due": _iso(occurrence.due),
        "in_period": occurrence.in_period,
        "qualifier": occurrence.qualifier,
        "due_words": occurrence.due_words,
        "check_in": occurrence.check_in,
    }


def notice_text(notice: Notice, lang: Language = Language.VI) -> str:
    """The notice's sentence; an issuer level (a code such as ``so``) is said in words."""
    params = dict(notice.params)
    if "level" in params:
        params["level"] = translate(f"cli.issuer_level.{params['level']}", lang)
    return translate(notice.code, lang, **params)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def units_to_list(parsed: ParsedPlan, directory: UnitDirectory | None) -> list[dict[str, Any]]:
    """Each distinct lead or partner name of the plan, how many tasks name it (and lead with
    it), and what the units directory makes of it (null: no directory, or not in it)."""
    uses = name_uses((task.lead, task.partners) for task in parsed.tasks)
    return [
        {
            "name": use.name,
            "tasks": len(use.tasks),
            "lead_tasks": len(use.lead),
            "resolved": _resolved(directory.resolve(use.name) if directory else None),
        }
        for use in uses
    ]


def _resolved(match: UnitMatch | None) -> dict[str, str] | None:
    if match is None:
        return None
    kind = "unit" if match.unit is not None else "group"
    return {"kind": kind, "key": match.target.key, "name": match.target.name}
