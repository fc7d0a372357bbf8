"""What every ``nhacviec task …`` move shares: its options, the way it finds the task and
names the actor, and the way it tells the outcome.

``nhacviec.cli.task``, ``task_requests`` and ``task_extensions`` all use it (``task`` imports
``task_requests``, so the shared part lives here rather than in ``task``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlmodel import Session

from nhacviec.cli.options import MAX_ID, within
from nhacviec.cli.state import CliState, help_text
from nhacviec.services import tasks as operations
from nhacviec.services.tasks import Actor, Outcome
from nhacviec.store.models import Task

Target = Annotated[str, typer.Argument(help=help_text("cli.help.target"))]
PlanOption = Annotated[
    int | None,
    typer.Option(
        "--plan", help=help_text("cli.help.plan_id"), callback=within("--plan", 1, MAX_ID)
    ),
]
AsUnit = Annotated[str, typer.Option("--as", help=help_text("cli.help.as_unit"))]
ByPerson = Annotated[str, typer.Option("--by", help=help_text("cli.help.by"))]
OccurrenceOption = Annotated[
    int | None,
    typer.Option(
        "--occurrence",
        help=help_text("cli.help.occurrence"),
        callback=within("--occurrence", 1, MAX_ID),
    ),
]
NoteOption = Annotated[str, typer.Option("--note", help=help_text("cli.help.note"))]
EvidenceOption = Annotated[str, typer.Option("--evidence", help=help_text("cli.help.evidence"))]
JsonOption = Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))]
OnBehalf = Annotated[bool, typer.Option("--on-behalf", help=help_text("cli.help.on_behalf"))]

ActorOf = Callable[[CliState, Session, Task, str, str], Actor]
ReportOutcome = Callable[[CliState, Outcome, bool], None]


@contextmanager
def acting(
    cli: CliState, target: str, plan: int | None, actor_of: ActorOf, as_unit: str, by: str
) -> Iterator[tuple[Session, Task, Actor]]:
    """One move's transaction: the task ``target`` names (in ``plan``) and the actor
    ``actor_of`` makes of ``--as`` and ``--by``."""
    with cli.app.transaction() as session:
        task = operations.find_task(session, target, plan)
        yield session, task, actor_of(cli, session, task, as_unit, by)
