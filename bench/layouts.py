"""How well real plans are read, against a clerk's reading: the figures of issue 13.

    python bench/layouts.py [held_out|held_out_2|held_out_3|layouts|corpus ...]

``held_out``: the plans kept out of the tuning (tests/fixtures/layouts/held_out/); ``held_out_2``:
a second blind set, read by a clerk before the importer ever saw it
(tests/fixtures/layouts/held_out_2/); ``held_out_3``, ``held_out_4``, ``held_out_5``, …: later
blind sets (tests/fixtures/layouts/<name>/); ``layouts``:
the layout fixtures; ``corpus``: the six corpus plans (DOCX, with the file's period, as their
test reads them). Per set it prints

  * rows found   – the clerk's tasks the import found (by the start of their text),
  * leads right  – found tasks whose lead units are the clerk's (or an accepted alternative),
  * deadlines    – found tasks whose schedule is the clerk's, or flagged where the clerk judges
                   (a task read as activity rows «16a» «16b» of one merged task cell: their
                   schedules together),
  * silent       – found tasks read with a wrong schedule and no flag, plus tasks the clerk does
                   not see that the import gives an unflagged schedule (phantoms),
  * dropped      – the clerk's tasks neither found nor named in a notice.

A plan the import refuses (``DocumentError``, e.g. ``import.no_tasks``) is printed with its key:
its tasks count as not found, not as dropped (the refusal tells the user).

Goals: 100 % / ≥ 97 % / ≥ 98 % / 0 / 0.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nhacviec.errors import DocumentError  # noqa: E402
from tests.integration.importing.ground_truth import (  # noqa: E402
    expected_period,
    no_space,
    same_units,
    unit_form,
)
from workflows.importing import parse_plan  # noqa: E402
from workflows.plan import ParsedPlan, Task  # noqa: E402
from workflows.readers import read_document  # noqa: E402
from workflows.readers.metadata import MetadataOverrides  # noqa: E402

LAYOUTS = REPO / "tests" / "fixtures" / "layouts"
_ACTIVITY_REF = re.compile(r"^(?P<task>.*\d)[a-z]$")
CORPUS = REPO / "tests" / "fixtures" / "corpus"


@dataclass
class Tally:
    clerk: int = 0
    found: int = 0
    leads: int = 0
    deadlines: int = 0
    silent: int = 0
    dropped: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self, name: str) -> str:
        def pct(part: int, whole: int) -> str:
            return f"{100 * part / whole:5.1f} %" if whole else "  n/a"

        return (
            f"{name:34} tasks {self.clerk:3}  rows found {pct(self.found, self.clerk)}  "
            f"leads right {pct(self.leads, self.found)}  deadlines right "
            f"{pct(self.deadlines, self.found)}  silent {self.silent}  dropped {self.dropped}"
        )


def _text_start(clerk: dict[str, Any]) -> str:
    return no_space(clerk.get("text_start") or clerk["task_text_start"])[:40]


def _match(task: Task, clerk: dict[str, Any]) -> bool:
    """By the start of the text, else by the ref (a task may be worded by its heading or by
    its «Nội dung:»), as the corpus README aligns them."""
    start = _text_start(clerk)
    if start and start in no_space(task.row.task)[: len(start) + 12]:
        return True
    ref = clerk["ref"]
    return task.ref == ref or (clerk.get("group") is True and task.ref.startswith(ref))


def _match_closely(task: Task, clerk: dict[str, Any]) -> bool:
    """By the whole recorded start of the text: many bullets open alike («Chủ trì, phối hợp
    với các sở, ngành, địa phương có liên quan …»), and the first 40 characters pair them
    wrongly."""
    start = no_space(clerk.get("text_start") or clerk["task_text_start"])
    return bool(start) and start in no_space(task.row.task)[: len(start) + 12]


def _lead_right(task: Task, clerk: dict[str, Any]) -> bool:
    alt = clerk.get("lead_alt") or clerk.get("units_alt", {}).get("lead")
    if same_units(task.lead, clerk["lead"], alt):
        return True
    if clerk.get("lead_prefix"):  # the clerk's list ends in a name printed in part
        got = [unit_form(name) for name in task.lead]
        want = [unit_form(name) for name in clerk["lead"]]
        return got[: len(want) - 1] == want[:-1] or (alt is not None and got == alt[:1])
    return False


def _schedule_right(tasks: list[Task], expect: dict[str, Any]) -> tuple[bool, bool]:
    """(right, silent): a wrong answer is silent when it is not flagged. ``tasks``: the task
    and the activity rows it was read as (their schedules together are the task's)."""
    kinds = {task.schedule.kind.value for task in tasks}
    flagged = any(task.schedule.needs_review for task in tasks)
    pairs = sorted(
        (o.start.isoformat() if o.start else "", o.due.isoformat())
        for task in tasks
        for o in task.schedule.occurrences
    )
    wanted = sorted((o["start"] or "", o["due"]) for o in expect["occurrences"])
    same = kinds == {expect["kind"]} and (
        pairs == wanted or (not wanted and expect["kind"] in ("event", "unscheduled"))
    )
    if expect["strict"]:
        right = same and (flagged or not expect["needs_review"])
    else:
        right = flagged or same
    return right, not right and not flagged


def _activity_rows(parsed: ParsedPlan, index: int, used: set[int]) -> list[int]:
    """The other rows a task was read as: «16a» «16b», one task whose merged cell spans
    sub-rows that give another product and time (the clerk may read them as one task with
    several occurrences, as the ``group`` rule reads several bullets as one)."""
    task = parsed.tasks[index]
    match = _ACTIVITY_REF.match(task.ref)
    if match is None:
        return []
    return [
        i
        for i, other in enumerate(parsed.tasks)
        if i not in used
        and i != index
        and (found := _ACTIVITY_REF.match(other.ref)) is not None
        and found["task"] == match["task"]
        and other.row.task == task.row.task
    ]


def measure(parsed: ParsedPlan, tasks: list[dict[str, Any]]) -> Tally:
    """Pair the clerk's tasks with the import's: first every pairing by the whole recorded start
    of the text, then, for the clerk's tasks left, by the first 40 characters or the ref (a
    task the import did not find must not take, by its first words, a later task's row)."""
    tally = Tally(clerk=len(tasks))
    used: set[int] = set()
    paired: dict[int, int] = {}
    rows: dict[int, list[int]] = {}
    notices = " ".join(json.dumps(dict(n.params), ensure_ascii=False) for n in parsed.warnings)
    for match in (_match_closely, _match):
        for number, clerk in enumerate(tasks):
            if number in paired:
                continue
            index = next(
                (i for i, task in enumerate(parsed.tasks) if i not in used and match(task, clerk)),
                None,
            )
            if index is None:
                continue
            paired[number] = index
            used.add(index)
            if clerk.get("group") is True:  # one clerk task; the import may give one per bullet
                used.update(
                    i for i, task in enumerate(parsed.tasks) if task.ref.startswith(clerk["ref"])
                )
    for number, index in sorted(paired.items()):  # once every clerk's task has its row
        rows[number] = [index, *_activity_rows(parsed, index, used)]
        used.update(rows[number])
    for number, clerk in enumerate(tasks):
        if number not in paired:
            named = _text_start(clerk)[:25] in no_space(notices)
            tally.dropped += 0 if named else 1
            continue
        task = parsed.tasks[paired[number]]
        tally.found += 1
        tally.leads += _lead_right(task, clerk)
        right, silent = _schedule_right([parsed.tasks[i] for i in rows[number]], clerk["expect"])
        tally.deadlines += right
        tally.silent += silent
    phantoms = [t for i, t in enumerate(parsed.tasks) if i not in used]
    tally.silent += sum(
        1 for task in phantoms if task.schedule.occurrences and not task.schedule.needs_review
    )
    return tally


Plans = list[tuple[str, ParsedPlan | DocumentError, list[dict[str, Any]]]]


def _plans(name: str) -> Plans:
    found: Plans = []
    if name == "corpus":
        for expected_path in sorted(CORPUS.glob("*.expected.json")):
            expected = json.loads(expected_path.read_text("utf-8"))
            stem = expected_path.name.removesuffix(".expected.json")
            document = read_document(CORPUS / f"{stem}.docx")
            overrides = MetadataOverrides(period=expected_period(expected))
            found.append((stem, parse_plan(document, overrides=overrides), expected["tasks"]))
        return found
    folder = LAYOUTS / name if name.startswith("held_out") else LAYOUTS
    for expected_path in sorted(folder.glob("*.expected.json")):
        expected = json.loads(expected_path.read_text("utf-8"))
        document = read_document(folder / expected["plan"])
        try:
            parsed: ParsedPlan | DocumentError = parse_plan(document)
        except DocumentError as refusal:
            parsed = refusal
        found.append((expected_path.name.removesuffix(".expected.json"), parsed, expected["tasks"]))
    return found


def main() -> None:
    for name in sys.argv[1:] or ["held_out", "held_out_2", "layouts", "corpus"]:
        total = Tally()
        for stem, parsed, tasks in _plans(name):
            if isinstance(parsed, DocumentError):
                tally = Tally(clerk=len(tasks))
                total.add(tally)
                print(tally.line(f"  {stem}") + f"  refused: {parsed.key}")
                continue
            tally = measure(parsed, tasks)
            total.add(tally)
            print(tally.line(f"  {stem}"))
        print(total.line(f"{name} (all)"))


if __name__ == "__main__":
    main()
