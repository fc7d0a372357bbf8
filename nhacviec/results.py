"""The JSON of what a use case did or found: an import, an amendment, tasks with their
standing. One shape for the CLI's ``--json`` and the REST API, which must print the same.

Sits above the use cases (it reads their results) and the plan views (``export``); words its
warnings with the catalogue in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nhacviec.export import plan_to_dict, units_to_list
from nhacviec.i18n import Language, translate
from nhacviec.i18n.amendments import describe, notice_line
from nhacviec.services.importing import ImportResult
from nhacviec.services.partner_requests import RequestDone
from nhacviec.services.queries import TaskStatus
from nhacviec.services.tasks import Outcome
from nhacviec.store.models import Task
from nhacviec.store.occurrence_extras import FileRow, OccurrenceExtras, RequestRow
from workflows.amendments import ChangeKind, HeldDate, KeptLead, PlanDiff


def import_json(results: Sequence[ImportResult], lang: Language) -> Any:
    """``plan import --json``: one document per file (the document alone for one file)."""
    documents = [import_document(result, lang) for result in results]
    return documents[0] if len(documents) == 1 else documents


def import_document(result: ImportResult, lang: Language) -> dict[str, Any]:
    document = plan_to_dict(result.reading.parsed, lang)
    document["import"] = {
        "file": str(result.reading.path),
        "status": result.status.value,
        "plan_id": result.plan_id,
        "units_linked": result.units_linked,
    }
    directory = result.reading.directory
    document["units_directory"] = result.directory_key or (
        directory.organisation_key if directory else None
    )
    document["units"] = units_to_list(result.reading.parsed, directory)
    if not has_directory(result):
        warning, lines, hint = no_directory_lines(result, lang)
        document["warnings"] += [f"{warning} {'; '.join(lines)}", hint]
    return document


def has_directory(result: ImportResult) -> bool:
    """Whether the plan's names are (or would be) linked to a units directory."""
    return bool(result.directory_key) or result.reading.directory is not None


def no_directory_lines(result: ImportResult, lang: Language) -> tuple[str, list[str], str]:
    """The warning, one line per name that would become a recipient, and the way out."""
    parsed = result.reading.parsed
    names = units_to_list(parsed, None)
    warning = translate(
        "import.no_directory", lang, issuer=parsed.metadata.issuer, count=len(names)
    )
    lines = [
        translate("import.no_directory_name", lang, name=n["name"], tasks=n["tasks"]) for n in names
    ]
    hint = translate("import.no_directory_hint", lang, plan=result.reading.path)
    return warning, lines, hint


def amendment_json(
    plan_id: int, version: int, diff: PlanDiff, lang: Language, *, applied: bool
) -> dict[str, Any]:
    """``plan import --amends N --json``: the changes an amended version makes."""
    return {
        "plan": plan_id,
        "version": version,
        "applied": applied,
        "counts": {kind.value: count for kind, count in diff.counts().items()},
        "changes": [
            {"kind": c.kind.value, "ref": c.ref, "describe": describe(c, lang)}
            for c in diff.changes
            if c.kind is not ChangeKind.UNCHANGED or c.ref_changed
        ],
        "notices": [_notice_json(ref, notice, lang) for ref, notice in diff.notices],
    }


def _notice_json(ref: str, notice: HeldDate | KeptLead, lang: Language) -> dict[str, Any]:
    """What the amendment kept for the office to decide: a granted date, a reassigned lead."""
    if isinstance(notice, KeptLead):
        facts: dict[str, Any] = {
            "kind": "lead_kept",
            "lead": list(notice.lead),
            "amended": list(notice.amended),
        }
    else:
        facts = {
            "kind": "extension_kept",
            "occurrence": notice.stored.id,
            "label": notice.stored.label,
            "granted": _iso(notice.granted),
            "amended": _iso(notice.amended),
        }
    return {"ref": ref, **facts, "describe": notice_line(ref, notice, lang)}


def task_json(status: TaskStatus, extras: OccurrenceExtras) -> dict[str, Any]:
    """The ``tasks --json`` contract (and a few extra fields); ``extras``
    (``store.occurrence_extras.extras_of_tasks``) the files and partner requests of each
    occurrence."""
    view = status.view
    task = view.task
    return {
        "id": task.id,
        "ref": task.ref,
        "plan": task.plan_id,
        "lead": list(view.lead),
        "partners": list(view.partners),
        "time_text": task.time_text,
        "state": status.state.value,
        "task": task.task_text,
        "activity": task.activity,
        "schedule_kind": task.schedule_kind,
        "needs_review": task.needs_review,
        "occurrences": [
            {
                "id": item.occurrence.id,
                "seq": item.occurrence.seq,
                "label": item.occurrence.label,
                "start": _iso(item.occurrence.start_date),
                "due": _iso(item.occurrence.due_date),
                "state": item.state.value,
                "bucket": item.bucket.value if item.bucket else None,
                "reported_at": _iso(item.occurrence.reported_at),
                "extended": item.occurrence.extended,  # issue 14: an extension moved "due"
                **extras_json(extras, item.occurrence.id),
            }
            for item in status.occurrences
        ],
    }


def extras_json(extras: OccurrenceExtras, occurrence_id: int | None) -> dict[str, Any]:
    """An occurrence's ``evidence`` files and partner ``requests``: what they are, never a
    file's bytes or where it is kept."""
    return {
        "evidence": [_file_json(row) for row in extras.files_of(occurrence_id)],
        "requests": [_request_json(row) for row in extras.requests_of(occurrence_id)],
    }


def _file_json(row: FileRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "size": row.size,
        "type": row.media_type,
        "sha256": row.sha256,
        "uploaded_at": row.uploaded_at.isoformat(),
        "uploaded_by": row.uploaded_by,
    }


def _request_json(row: RequestRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "asked_at": row.asked_at.isoformat(),
        "by": row.asked_by,
        "to": row.partner,
        "due": row.due.isoformat(),
        "text": row.text,
        "answered": row.answered_at is not None,
        "answered_at": _iso(row.answered_at),
        "answer": row.answer,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def request_done_json(done: RequestDone) -> dict[str, Any]:
    """``task ask|answer --json`` and the web's answer: the move and the task's requests."""
    return {
        "task": done.task.id,
        "ref": done.task.ref,
        "seq": done.occurrence.seq,
        "action": done.move.action.value,
        "requests": [
            {
                "id": r.id,
                "partner_unit_id": r.partner_unit_id,
                "due": r.due_date.isoformat(),
                "answered": r.answered_at is not None,
            }
            for r in done.requests
        ],
    }


def move_json(task: Task, outcome: Outcome) -> dict[str, Any]:
    """The REST API's answer to a move: the occurrence as it stands after it (refresh it from
    the session first: the versioned update writes past the ORM object)."""
    moved = outcome.occurrence
    return {
        "occurrence": moved.id,
        "task": task.id,
        "ref": task.ref,
        "seq": moved.seq,
        "action": outcome.move.action.value,
        "from": outcome.move.from_state.value,
        "state": outcome.move.to_state.value,
        "version": moved.version,
    }
