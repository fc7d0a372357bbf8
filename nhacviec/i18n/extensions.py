"""Issue 14's words for people: an occurrence's deadline history and its extension requests,
one line each, for the CLI's ``task show``, the bot and the console's task page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from nhacviec.i18n import Language, translate
from workflows.extensions import DeadlineHistory, ExtensionStatus


class RequestLike(Protocol):
    """An extension request as the store keeps it (``store.models.ExtensionRequest``)."""

    @property
    def status(self) -> str: ...
    @property
    def requested_due(self) -> date: ...
    @property
    def reason(self) -> str: ...
    @property
    def late(self) -> bool: ...
    @property
    def granted_due(self) -> date | None: ...
    @property
    def decision_reason(self) -> str: ...


def deadline_lines(
    label: str,
    history: DeadlineHistory,
    requests: Sequence[RequestLike],
    lang: Language | str,
) -> list[str]:
    """«Kỳ …: hạn ban đầu 30/08/2025 → 10/09/2025 (gia hạn) → …», then one line a request."""
    lines = []
    if history.changes:
        steps = " → ".join(
            translate(
                "extensions.history.step",
                lang,
                date=_day(change.after),
                why=translate(f"extensions.source.{change.source.value}", lang),
            )
            for change in history.changes
        )
        original = _day(history.original) if history.original else "—"
        lines.append(
            translate("extensions.history.line", lang, label=label, original=original, steps=steps)
        )
    lines.extend(_request_line(request, label, lang) for request in requests)
    return lines


def _request_line(request: RequestLike, label: str, lang: Language | str) -> str:
    status = ExtensionStatus(request.status)
    words = translate(f"extensions.status.{status.value}", lang)
    if status is ExtensionStatus.APPROVED and request.granted_due is not None:
        words += " " + translate("extensions.history.granted", lang, date=_day(request.granted_due))
    if status is ExtensionStatus.REFUSED and request.decision_reason:
        words += " — " + request.decision_reason
    late = " " + translate("extensions.history.late", lang) if request.late else ""
    return translate(
        "extensions.history.request",
        lang,
        label=label,
        date=_day(request.requested_due),
        reason=request.reason,
        status=words,
        late=late,
    )


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"
