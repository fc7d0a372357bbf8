"""Reading a short excerpt of a real plan, as the reader-fault tests do: the lines written to a
text file (a portal copy: one paragraph a line, a table row's cells joined by tabs) and imported."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from workflows.importing import parse_plan
from workflows.plan import ParsedPlan, Task
from workflows.readers import read_document


def parse_lines(tmp_path: Path, lines: list[str]) -> ParsedPlan:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return parse_plan(read_document(path))


def unread_items(parsed: ParsedPlan) -> list[str]:
    """The items an import names as not read (``import.item_not_read``): nothing is dropped
    silently."""
    return [str(n.params["text"]) for n in parsed.warnings if n.code == "import.item_not_read"]


LAYOUTS = Path(__file__).resolve().parents[2] / "fixtures" / "layouts"


@cache
def blind_plan(folder: str, name: str) -> ParsedPlan:
    """A plan of a blind set (``tests/fixtures/layouts/<folder>/<name>``), read once a session."""
    return parse_plan(read_document(LAYOUTS / folder / name))


def blind_task(folder: str, name: str, ref: str) -> Task:
    return next(task for task in blind_plan(folder, name).tasks if task.ref == ref)
