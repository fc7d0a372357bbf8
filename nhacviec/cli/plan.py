"""``nhacviec plan import`` and ``nhacviec plan list``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nhacviec.cli.options import MAX_ID, within
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.errors import InputError, NotFoundError

if TYPE_CHECKING:  # importing loads the readers and the store; ``plan list`` needs neither
    from nhacviec.services.importing import FileReading, ImportResult
    from nhacviec.store.listing import PlanLine
    from workflows.readers.metadata import MetadataOverrides

app = typer.Typer(help=help_text("cli.help.plan"), no_args_is_help=True)


@app.command("import", help=help_text("cli.help.plan_import"))
def import_plans(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help=help_text("cli.help.files"))],
    period: Annotated[str | None, typer.Option(help=help_text("cli.help.period"))] = None,
    issuer_level: Annotated[
        str | None, typer.Option(help=help_text("cli.help.issuer_level"))
    ] = None,
    issuer: Annotated[str | None, typer.Option(help=help_text("cli.help.issuer"))] = None,
    title: Annotated[str | None, typer.Option(help=help_text("cli.help.title"))] = None,
    number: Annotated[str | None, typer.Option(help=help_text("cli.help.number"))] = None,
    units: Annotated[Path | None, typer.Option(help=help_text("cli.help.units_file"))] = None,
    office: Annotated[str | None, typer.Option(help=help_text("cli.help.office"))] = None,
    amends: Annotated[
        int | None,
        typer.Option(help=help_text("cli.help.amends"), callback=within("--amends", 1, MAX_ID)),
    ] = None,
    dry_run: Annotated[bool, typer.Option(help=help_text("cli.help.dry_run"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    from nhacviec.cli.options import parse_issuer_level, parse_period
    from nhacviec.services.importing import store_readings
    from workflows.readers.metadata import MetadataOverrides

    cli = state(ctx)
    if amends is not None and len(files) != 1:
        raise InputError("cli.amends_one_file")
    overrides = MetadataOverrides(
        period=parse_period(period),
        issuer_level=parse_issuer_level(issuer_level),
        issuer=issuer,
        title=title,
        number=number,
    )
    readings = read_files(cli, files, overrides, units, show_progress=not as_json)
    if amends is not None:
        amend_plan(cli, amends, readings[0], dry_run=dry_run, as_json=as_json)
        return
    if dry_run:
        results = preview(cli, readings)
    else:
        with cli.app.transaction() as session:
            results = store_readings(session, readings, now=cli.now, office=office)
    if as_json:
        _print_json(cli, results)
    else:
        for result in results:
            show_result(cli, result)


def preview(cli: CliState, readings: list[FileReading]) -> list[ImportResult]:
    """The dry run refuses what the import would refuse (it reads the store for an untitled
    plan only, and never creates a database that is not there: it would hold no plan)."""
    from nhacviec.services.importing import (
        ImportResult,
        ImportStatus,
        needs_store_to_preview,
        preview_readings,
    )
    from nhacviec.store.listing import sqlite_file

    missing = sqlite_file(cli.app.settings.database_url)
    if not needs_store_to_preview(readings) or (missing is not None and not missing.exists()):
        return [ImportResult(reading, ImportStatus.DRY_RUN) for reading in readings]
    with cli.app.reading() as session:
        return preview_readings(session, readings)


def amend_plan(
    cli: CliState, plan_id: int, reading: FileReading, *, dry_run: bool, as_json: bool
) -> None:
    """Show what the amended version changes; apply it unless this is a dry run."""
    from nhacviec.i18n.amendments import cancel_reason, describe, notice_lines, summarize
    from nhacviec.services.amend import amend, diff_against
    from nhacviec.services.tasks import Actor, Channel
    from nhacviec.store import plans
    from workflows.amendments import ChangeKind

    with cli.app.transaction() as session:
        plan = plans.get_plan(session, plan_id)
        if plan is None:
            raise NotFoundError("cli.plan_not_found", plan=plan_id)
        if dry_run:
            diff = diff_against(session, plan, reading)
            version = plan.version
        else:
            actor = Actor(plan.office_unit_id, Channel.CLI)
            reason = cancel_reason()  # the history's note, in the plan's language
            amendment = amend(session, plan, reading, actor, cli.now, cancel_reason=reason)
            diff, version = amendment.diff, plan.version
            if not amendment.applied:
                cli.out.print(cli.t("cli.amend.already", plan=plan_id, file=reading.path.name))
                return
    if as_json:
        from nhacviec.results import amendment_json

        payload = amendment_json(plan_id, version, diff, cli.lang, applied=not dry_run)
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for change in diff.changes:
        if change.kind is not ChangeKind.UNCHANGED or change.ref_changed:
            cli.out.print(describe(change, cli.lang), markup=False)
    cli.out.print(summarize(diff, cli.lang))
    notices = notice_lines(diff, cli.lang)  # what the office decided holds: it decides again
    if notices:
        cli.out.print(cli.t("amendment.notices"), style="yellow")
    for line in notices:
        cli.out.print(f"  • {line}", style="yellow", markup=False, soft_wrap=True)
    key = "cli.amend.dry_run" if dry_run else "cli.amend.applied"
    cli.out.print(cli.t(key, plan=plan_id, version=version), style="green")


def read_files(
    cli: CliState,
    files: list[Path],
    overrides: MetadataOverrides,
    units: Path | None,
    *,
    show_progress: bool,
) -> list[FileReading]:
    """Read every file before anything is written; a progress bar for long or many files."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    from nhacviec.services.importing import read_plan_file

    directory = cli.app.directory_file(units) if units else None
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    quiet = not show_progress or not cli.err.is_terminal
    with Progress(*columns, console=cli.err, transient=True, disable=quiet) as bar:
        overall = bar.add_task(cli.t("cli.progress.reading", file=""), total=len(files))
        readings = []
        for path in files:
            pages = bar.add_task(cli.t("cli.progress.reading", file=path.name), total=None)

            def on_page(done: int, total: int, task_id: TaskID = pages) -> None:
                bar.update(task_id, completed=done, total=total)

            readings.append(
                read_plan_file(
                    path,
                    overrides=overrides,
                    directory=directory,
                    directories=cli.app.directories,
                    on_page=on_page,
                    limits=cli.app.read_limits,
                )
            )
            bar.remove_task(pages)
            bar.advance(overall)
    return readings


def show_result(cli: CliState, result: ImportResult) -> None:
    from nhacviec.cli.render import preview_table
    from nhacviec.export import notice_text

    parsed = result.reading.parsed
    meta = parsed.metadata
    cli.out.print(
        cli.t(
            "cli.plan.summary",
            title=meta.title,
            issuer=meta.issuer,
            level=cli.t(f"cli.issuer_level.{meta.issuer_level.value}"),
            number=meta.number or "—",
            start=meta.period.start.strftime("%d/%m/%Y"),
            end=meta.period.end.strftime("%d/%m/%Y"),
        ),
        style="bold",
    )
    review = sum(task.schedule.needs_review for task in parsed.tasks)
    cli.out.print(cli.t("cli.plan.counts", tasks=len(parsed.tasks), review=review))
    cli.out.print(preview_table(parsed, cli.lang))
    for notice in parsed.warnings:
        cli.out.print(notice_text(notice, cli.lang), style="yellow")
    unknown = list(dict.fromkeys(name for task in parsed.tasks for name in task.unknown_units))
    if unknown:
        cli.out.print(
            cli.t("import.unknown_units", count=len(unknown), names="; ".join(unknown)),
            style="yellow",
        )
    from nhacviec.results import has_directory

    if not has_directory(result):
        _no_directory_warning(cli, result)
    cli.out.print(_status_line(cli, result), style="green")
    if result.units_linked:
        cli.out.print(_relinked_line(cli, result), style="green")


def _no_directory_warning(cli: CliState, result: ImportResult) -> None:
    from nhacviec.results import no_directory_lines

    warning, lines, hint = no_directory_lines(result, cli.lang)
    cli.out.print(warning, style="yellow", markup=False, soft_wrap=True)
    for line in lines:
        cli.out.print(f"  • {line}", markup=False, soft_wrap=True)
    cli.out.print(hint, style="yellow", markup=False, soft_wrap=True)


def _relinked_line(cli: CliState, result: ImportResult) -> str:
    return cli.t(
        "import.relinked",
        count=result.units_linked,
        plan_id=result.plan_id,
        organisation=result.directory_key,
    )


def _status_line(cli: CliState, result: ImportResult) -> str:
    from nhacviec.services.importing import ImportStatus

    parsed = result.reading.parsed
    if result.status is ImportStatus.DRY_RUN:
        return cli.t("import.dry_run")
    if result.status is ImportStatus.ALREADY_IMPORTED:
        return cli.t(
            "import.already_imported", plan_id=result.plan_id, source=result.existing_source
        )
    return cli.t(
        "import.imported",
        plan_id=result.plan_id,
        tasks=len(parsed.tasks),
        occurrences=sum(len(task.schedule.occurrences) for task in parsed.tasks),
        review=sum(task.schedule.needs_review for task in parsed.tasks),
    )


def _print_json(cli: CliState, results: list[ImportResult]) -> None:
    from nhacviec.results import import_json

    typer.echo(json.dumps(import_json(results, cli.lang), ensure_ascii=False, indent=2))


@app.command("list", help=help_text("cli.help.plan_list"))
def list_plans(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    from nhacviec.cli.render import plans_table

    cli = state(ctx)
    lines = cli.app.plan_lines()
    if as_json:
        typer.echo(
            json.dumps([_summary_dict(line) for line in lines], ensure_ascii=False, indent=2)
        )
    elif not lines:
        cli.out.print(cli.t("cli.plan_list.empty"))
    else:
        cli.out.print(plans_table(lines, cli.lang))


def _summary_dict(plan: PlanLine) -> dict[str, object]:
    return {
        "id": plan.id,
        "title": plan.title,
        "issuer": plan.issuer,
        "issuer_level": plan.issuer_level,
        "number": plan.number,
        "version": plan.version,
        "office_unit_id": plan.office_unit_id,
        "period": {"start": plan.period_start.isoformat(), "end": plan.period_end.isoformat()},
        "tasks": plan.tasks,
        "needs_review": plan.needs_review,
        "occurrences": plan.occurrences,
        "source": plan.source_name,
        "imported_at": plan.imported_at.isoformat(),
    }
