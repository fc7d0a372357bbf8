"""``/tonghop``: the office's report upward on one of its plans, as a Word file in the chat."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from nhacviec.bot.access import ChatAccess
from nhacviec.bot.cards import office_plans
from nhacviec.errors import NhacviecError, OfficeOnly
from nhacviec.i18n import Language, translate
from nhacviec.reports.files import ReportFormat, render_report, report_file_name
from nhacviec.services.reports import plan_report
from nhacviec.store.models import Plan
from workflows.standing import LOCAL_TZ


class Reading(Protocol):
    def reading(self) -> AbstractContextManager[Session]: ...


@dataclass(frozen=True)
class ReportFile:
    name: str  # «bao-cao-kh1-20251015.docx»
    content: bytes
    caption: str


def summary_file(
    workspace: Reading, access: ChatAccess, plan_id: int | None, now: datetime, language: str
) -> ReportFile:
    """The DOCX of the chat's office's plan ``plan_id`` (its first plan when not given) at
    ``now``; refused to a unit's chat and for a plan the office does not follow."""
    if not access.office:
        raise OfficeOnly()
    lang = Language(language)
    with workspace.reading() as session:
        plans = office_plans(session, access)
        if not plans:
            raise NhacviecError("bot.progress_none")
        plan = _chosen(plans, plan_id)
        assert plan.id is not None
        report = plan_report(session, plan.id, now)
    content = render_report(report, lang, ReportFormat.DOCX)
    caption = translate(
        "reports.bot.caption",
        lang,
        plan=plan.id,
        as_of=now.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M"),
    )
    return ReportFile(report_file_name(report, ReportFormat.DOCX), content, caption)


def summary_plan(workspace: Reading, access: ChatAccess, plan_id: int | None) -> int:
    """The plan ``/tonghop`` reports on (``plan_id``, else the office's first), for a
    messenger that cannot carry the file: its number, for the console's report link."""
    if not access.office:
        raise OfficeOnly()
    with workspace.reading() as session:
        plans = office_plans(session, access)
        if not plans:
            raise NhacviecError("bot.progress_none")
        plan = _chosen(plans, plan_id)
    assert plan.id is not None
    return plan.id


def _chosen(plans: list[Plan], plan_id: int | None) -> Plan:
    if plan_id is None:
        return plans[0]
    for plan in plans:
        if plan.id == plan_id:
            return plan
    numbers = ", ".join(str(plan.id) for plan in plans)
    raise NhacviecError("reports.bot.not_followed", plan=plan_id, plans=numbers)
