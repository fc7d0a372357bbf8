"""A plan's metadata from any ``SourceDocument``: title, issuer and level, number, signing date
and the plan period, each from where a clerk would read it, with what the user overrides.

What had to be inferred is returned as ``Notice``s (catalogue keys with parameters, rendered by
the caller in the user's language); a plan whose period cannot be found at all is refused with
a ``DocumentError`` that asks for ``--period``.

The package: ``header`` (the issuer | motto block, number and date), ``level`` (the issuer's
level from its name), ``period`` (the plan period from a title or text), ``title`` (the plan's
title); this module puts them together (``read_metadata``) and is the package's face. Pure: it
reads a ``SourceDocument``, never a file. May import the neutral document model
(``workflows.readers.document``), the rest of the domain (``workflows.plan``, ``text``) and the
ground (``nhacviec.errors``); never a format's reader, the store, the scheduler or a channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nhacviec.errors import DocumentError, SourceLocation
from workflows.plan import IssuerLevel, Notice, Period, PlanMetadata
from workflows.readers.document import SourceDocument
from workflows.readers.metadata.header import HeaderFacts, issuer_from_appendix, read_header
from workflows.readers.metadata.level import issuer_level
from workflows.readers.metadata.period import (
    cycle_period,
    deadline_years,
    guessed_in_title,
    period_in_body,
    period_in_text,
    years_period,
)
from workflows.readers.metadata.title import (
    PrintedTitle,
    appendix_captions,
    compose_title,
    plan_title,
    printed_titles,
    sentence_case,
)


@dataclass(frozen=True)
class MetadataOverrides:
    """Values the user gives at import; each one, when set, wins over the document."""

    title: str | None = None
    issuer: str | None = None
    issuer_level: IssuerLevel | None = None
    number: str | None = None
    period: Period | None = None


def read_metadata(
    document: SourceDocument,
    *,
    time_texts: Sequence[str] = (),
    overrides: MetadataOverrides | None = None,
) -> tuple[PlanMetadata, list[Notice]]:
    """The plan's metadata; ``time_texts`` is its time column, used when no text names the
    period. Raises ``DocumentError`` when the period cannot be found."""
    overrides = overrides or MetadataOverrides()
    warnings: list[Notice] = []
    header = read_header(document)
    issuer, parent = _issuer(document, header, overrides, warnings)
    number = header.number if overrides.number is None else overrides.number
    level = _level(issuer, parent, number, overrides, warnings)
    titles = printed_titles(document, issuer)
    period, source = _period(document, header, titles, time_texts, overrides, warnings)
    metadata = PlanMetadata(
        title=_title(document, titles, overrides, warnings),
        issuer=issuer,
        issuer_level=level,
        number=number,
        signed_on=header.signed_on,
        period=period,
        period_source=source,
    )
    return metadata, warnings


def _issuer(
    document: SourceDocument,
    header: HeaderFacts,
    overrides: MetadataOverrides,
    warnings: list[Notice],
) -> tuple[str, str]:
    """(issuer, parent body printed above it)."""
    if overrides.issuer:
        return overrides.issuer, ""
    if header.issuer:
        return header.issuer, header.parent
    issuer = issuer_from_appendix(document) or header.portal_issuer.upper()
    if not issuer:
        warnings.append(Notice("metadata.issuer_missing"))
    return issuer, ""


def _level(
    issuer: str,
    parent: str,
    number: str,
    overrides: MetadataOverrides,
    warnings: list[Notice],
) -> IssuerLevel:
    if overrides.issuer_level is not None:
        return overrides.issuer_level
    reading = issuer_level(issuer, parent=parent, number=number)
    if reading.level is None:
        warnings.append(Notice("metadata.issuer_level_unknown", {"issuer": issuer}))
        return IssuerLevel.SO
    if reading.guessed:
        params = {"issuer": issuer or number, "level": reading.level.value}
        warnings.append(Notice("metadata.issuer_level_guessed", params))
    return reading.level


def _title(
    document: SourceDocument,
    titles: Sequence[PrintedTitle],
    overrides: MetadataOverrides,
    warnings: list[Notice],
) -> str:
    if overrides.title:
        return overrides.title
    title = plan_title(titles)
    if title is not None:
        return compose_title(title, document)
    captions = appendix_captions(document)
    if captions:
        warnings.append(Notice("metadata.title_from_caption"))
        return sentence_case(captions[0], document)
    warnings.append(Notice("metadata.title_missing"))
    return ""


def _period(
    document: SourceDocument,
    header: HeaderFacts,
    titles: Sequence[PrintedTitle],
    time_texts: Sequence[str],
    overrides: MetadataOverrides,
    warnings: list[Notice],
) -> tuple[Period, str]:
    """The period and where it came from: option, title, body, deadlines or signing_year."""
    if overrides.period is not None:
        return overrides.period, "option"
    span = deadline_years(time_texts)
    start_year = header.signing_year or (span[0] if span else None)
    named = [title.subtitle for title in reversed(titles)] + appendix_captions(document)
    for text in named:
        period = period_in_text(text, start_year=start_year)
        if period is not None:
            return _judged(period, guessed_in_title(text), header, warnings), "title"
    period = period_in_body(document.paragraphs, start_year=start_year)
    if period is not None:
        return period, "body"
    if span is not None:
        period = cycle_period(*span)
        warnings.append(_inferred("metadata.period_from_deadlines", period, span))
        return period, "deadlines"
    if header.signing_year is not None:
        period = years_period(header.signing_year, header.signing_year)
        warnings.append(_inferred("metadata.period_from_signing_year", period, None))
        return period, "signing_year"
    raise DocumentError("metadata.period_missing", SourceLocation(document.path))


def _judged(
    period: Period, guessed: str | None, header: HeaderFacts, warnings: list[Notice]
) -> Period:
    """«Những tháng cuối năm 2025» starts when the plan was signed; an open end is flagged."""
    signed = header.signed_on
    if guessed == "late_months" and signed is not None and signed.year == period.start.year:
        return Period(signed, period.end)
    if guessed is not None:
        warnings.append(_inferred(f"metadata.period_{guessed}", period, None))
    return period


def _inferred(code: str, period: Period, span: tuple[int, int] | None) -> Notice:
    params: dict[str, object] = {
        "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y"),
    }
    if span is not None:
        params.update(first=span[0], last=span[1])
    return Notice(code, params)
