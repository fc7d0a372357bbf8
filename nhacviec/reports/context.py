"""The report's words and figures, ready for a template: one context for DOCX, HTML and Markdown.

Every sentence comes from the catalogue (``reports.*``) in the reader's language; the figures
from ``nhacviec.services.reports.PlanReport``. Parts only the office can write («Tồn tại, hạn
chế», «Phương hướng»), and what nhacviec does not know (the place, the parent body, the
signer's name) are placeholders in square brackets, marked ``placeholder`` so a renderer can
highlight them; nothing is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nhacviec.i18n import Language, translate
from nhacviec.i18n.workflow import state_name
from nhacviec.services.queries import Tally, TaskStatus
from nhacviec.services.reports import Group, PlanReport, task_words
from workflows.standing import LOCAL_TZ, Bucket

BUCKETS: tuple[Bucket, ...] = tuple(Bucket)


@dataclass(frozen=True)
class Placeholder:
    """Text the clerk must replace before the report is signed."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Options:
    place: str | None = None  # "Quảng Trị"; a placeholder when not given
    recipients: tuple[str, ...] = field(default_factory=tuple)  # the bodies reported to


PLAIN = Options()  # no place, the default recipients


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def bucket_name(kind: Bucket, lang: Language) -> str:
    return translate(f"workflow.bucket.{kind.value}", lang)


def report_context(report: PlanReport, lang: Language, options: Options = PLAIN) -> dict[str, Any]:
    """Everything a report template names (see ``templates/make_template.py`` for the list)."""

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    plan = report.plan
    as_of = report.as_of_day
    plan_name = plan_reference(report, lang)
    return {
        "lang": lang.value,
        "t": t,
        "nation": t("reports.nation"),
        "motto": t("reports.motto"),
        "parent": Placeholder(t("reports.parent_missing")) if plan.issuer_level == "so" else "",
        "issuer": issuer_lines(plan.issuer),
        "number": t("reports.number", abbreviation=abbreviation(plan.number, plan.issuer)),
        "place": options.place or Placeholder(t("reports.place_missing")),
        "date_words": t(
            "reports.date_words",
            day=f"{as_of.day:02d}",
            month=f"{as_of.month:02d}" if as_of.month < 3 else str(as_of.month),
            year=as_of.year,
        ),
        "kind": t("reports.kind"),
        "title": t("reports.title", plan=plan_reference(report, lang, short=True)),
        "summary": t(
            "reports.summary", plan=plan_name, issuer=_issuer_words(plan.issuer), as_of=day(as_of)
        ),
        "as_of": day(as_of),
        "plan_title": plan.title,
        "office": report.office,
        "buckets": [bucket_name(kind, lang) for kind in BUCKETS],
        "short_buckets": [t(f"reports.short.{kind.value}") for kind in BUCKETS],  # table heads
        "total": _tally_row(t("reports.column.total"), "", report.total),
        "total_line": t(
            "reports.total", tasks=report.total.tasks, occurrences=report.total.occurrences
        ),
        "tally_note": t("reports.tally_note"),
        "standing": [
            {
                "bucket": bucket_name(kind, lang),
                "tasks": report.total.buckets[kind][0],
                "occurrences": report.total.buckets[kind][1],
            }
            for kind in BUCKETS
        ],
        "sections": [_group_row(str(i), group) for i, group in enumerate(report.sections, 1)],
        "units": [_group_row(str(i), group) for i, group in enumerate(report.units, 1)],
        "ranking": [
            {
                "rank": card.rank,
                "unit": card.unit,
                "assigned": card.assigned,
                "done_on_time": card.done_on_time,
                "done_late": card.done_late,
                "open_on_time": card.open_on_time,
                "overdue": card.overdue,
                "on_time_rate": _percent(card.on_time_rate, lang),
                "average_days_late": _decimal(card.average_days_late, lang),
            }
            for card in report.scorecards
        ],
        "rate_note": t("reports.rate_note"),
        "overdue": [
            {
                "number": i,
                "ref": work.ref,
                "task": work.task + (f" ({work.label})" if work.label else ""),
                "lead": "; ".join(work.lead),
                "due": day(work.due),
                "days_late": work.days_late,
                "state": state_name(work.state, lang),
            }
            for i, work in enumerate(report.overdue, 1)
        ],
        "evidence": [
            {
                "number": i,
                "ref": cited.ref,
                "unit": cited.unit + (f" {t('reports.on_behalf')}" if cited.on_behalf else ""),
                "evidence": cited.evidence,
                "reported_on": day(cited.at.astimezone(LOCAL_TZ).date()),
            }
            for i, cited in enumerate(report.evidence, 1)
        ],
        "undated": [
            {
                "number": i,
                "ref": item.ref,
                "task": item.task,
                "lead": "; ".join(item.lead),
                "time_text": item.time_text,
                "awaits": t("reports.awaits.event", event=item.event)
                if item.event
                else t("reports.awaits.office"),
            }
            for i, item in enumerate(report.undated, 1)
        ],
        "none": t("reports.none"),
        "shortcomings": Placeholder(t("reports.placeholder.shortcomings")),
        "next_steps": Placeholder(t("reports.placeholder.next_steps")),
        "recipients_title": t("reports.recipients"),
        "recipients": [
            *(t("reports.recipient.above", recipient=name) for name in options.recipients),
            *([] if options.recipients else [Placeholder(t("reports.recipient.default_above"))]),
            t("reports.recipient.archive", office=report.office or "…"),
        ],
        "signer": _signer(plan.issuer_level, lang),
        "signer_name": Placeholder(t("reports.placeholder.signer_name")),
        "appendix": appendix_rows(report, lang),
    }


def plan_reference(report: PlanReport, lang: Language, *, short: bool = False) -> str:
    """«Kế hoạch số 12/KH-SCT ngày 05/07/2025 …»: the plan as a report names it; ``short``:
    without its number and date (a report's title)."""
    plan = report.plan
    words = [translate("reports.plan_words", lang)]
    number = plan.number.strip()
    if number.strip("/ ") and not short:
        number = "…" + number if number.startswith("/") else number  # a number left blank
        words.append(translate("reports.plan_number", lang, number=number))
    if plan.signed_on is not None and not short:
        words.append(translate("reports.plan_signed", lang, date=day(plan.signed_on)))
    title = re.sub(r"^\s*kế hoạch\s+", "", plan.title, flags=re.IGNORECASE)
    return " ".join([*words, title])


def abbreviation(number: str, issuer: str) -> str:
    """The issuer's abbreviation in the plan's number («12/KH-SCT» → «SCT»); «UBND» for a
    People's Committee; «…» for the clerk to fill otherwise."""
    found = re.search(r"/[^-/\s]+-([^\s/]+)\s*$", number)
    if found:
        return found.group(1)
    if re.match(r"\s*(ỦY|UỶ) BAN NHÂN DÂN", issuer, flags=re.IGNORECASE):
        return "UBND"
    return "…"


_COMMITTEE = re.compile(r"^\s*(ỦY|UỶ) BAN NHÂN DÂN\s+", re.IGNORECASE)


def issuer_lines(issuer: str) -> str:
    """The issuing body in capitals as Nghị định 30 sets it: a People's Committee on two lines
    («ỦY BAN NHÂN DÂN», «XÃ BA LÒNG»)."""
    name = " ".join(issuer.split()).upper()
    found = _COMMITTEE.match(name)
    return f"ỦY BAN NHÂN DÂN\n{name[found.end() :]}" if found else name


def _issuer_words(issuer: str) -> str:
    """«SỞ CÔNG THƯƠNG» → «Sở Công Thương», «ỦY BAN NHÂN DÂN XÃ BA LÒNG» → «Ủy ban nhân dân
    xã Ba Lòng» in running text."""
    if not issuer.isupper():
        return issuer
    found = _COMMITTEE.match(issuer)
    if found:
        level, _, place = issuer[found.end() :].partition(" ")
        return f"Ủy ban nhân dân {level.lower()} {place.title()}".strip()
    return issuer.title()


def _signer(level: str, lang: Language) -> list[str]:
    key = f"reports.signer.{level}"
    text = translate(key, lang)
    if text == key:
        text = translate("reports.signer.other", lang)
    return text.split("|")


def _tally_row(number: str, name: str, tally: Tally) -> dict[str, Any]:
    return {
        "number": number,
        "name": name,
        "tasks": tally.tasks,
        "occurrences": tally.occurrences,
        "counts": [
            {"tasks": tally.buckets[kind][0], "occurrences": tally.buckets[kind][1]}
            for kind in BUCKETS
        ],
    }


def _group_row(number: str, group: Group) -> dict[str, Any]:
    return _tally_row(number, group.title, group.tally)


def appendix_rows(report: PlanReport, lang: Language) -> list[dict[str, Any]]:
    """One row per occurrence, in document order: the appendix (TT, nhiệm vụ, chủ trì, phối
    hợp, thời hạn, kết quả, sản phẩm); ``due`` is a date (``None`` when undated)."""
    evidence: dict[tuple[str, int | None], list[str]] = {}
    for cited in report.evidence:
        evidence.setdefault((cited.ref, cited.occurrence_seq), []).append(cited.evidence)
    return [row for status in report.statuses for row in _task_rows(status, evidence, lang)]


def _task_rows(
    status: TaskStatus, evidence: dict[tuple[str, int | None], list[str]], lang: Language
) -> list[dict[str, Any]]:
    task = status.view.task
    rows = []
    several = len(status.occurrences) > 1
    for item in status.occurrences:
        occurrence = item.occurrence
        result = state_name(item.state, lang)
        if item.bucket is not None:
            result = f"{result} — {bucket_name(item.bucket, lang)}"
        cited = evidence.get((task.ref, occurrence.seq), [])
        rows.append(
            {
                "ref": task.ref,
                "task": task_words(status) + (f" ({occurrence.label})" if several else ""),
                "lead": "; ".join(status.view.lead),
                "partners": "; ".join(status.view.partners),
                "due": occurrence.due_date,
                "due_text": day(occurrence.due_date) or task.time_text,
                "result": result,
                "bucket": item.bucket.value if item.bucket else "",
                "product": "; ".join(part for part in (task.product, *cited) if part),
            }
        )
    return rows


def _percent(value: float | None, lang: Language) -> str:
    if value is None:
        return translate("reports.not_judged", lang)
    text = f"{value * 100:.1f}%"
    return text.replace(".", ",") if lang is Language.VI else text


def _decimal(value: float | None, lang: Language) -> str:
    if value is None:
        return translate("reports.not_judged", lang)
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang is Language.VI else text
