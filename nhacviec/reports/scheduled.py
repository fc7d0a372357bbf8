"""The outlet of reports on a schedule (``nhacviec.services.report_delivery``): the email's
subject and body, the chat's caption, the file with a Vietnamese name («Báo cáo KH1 tháng
10-2025.docx»), the delivery log's warning for an office without an address — every sentence
from the catalogue (``reports_schedule.*``) — and the channels that carry them."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime

from nhacviec.i18n import Language, translate
from nhacviec.reports.files import ReportFormat, render_report, report_file_name
from nhacviec.services.report_delivery import ComposedReport
from nhacviec.services.reports import PlanReport
from nhacviec.store.report_outbox import DueReport
from notifiers.attachment import Attachment
from notifiers.base import Address, Delivery, Notifier
from notifiers.email import EmailNotifier
from notifiers.email.attachments import build_email_with_files
from notifiers.email.message import Envelope, is_mailbox
from notifiers.telegram import TelegramNotifier
from scheduler.report_plan import Cadence
from workflows.standing import LOCAL_TZ, Bucket

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class ReportOutlet:
    """Makes what the office receives (the file in the schedule's format and language) and
    hands it to the channels: an email with the file attached, the file in the Telegram chat."""

    def __init__(self, notifiers: Mapping[str, Notifier]) -> None:
        self.notifiers = notifiers

    @property
    def channels(self) -> Sequence[str]:
        return tuple(self.notifiers)

    async def send(
        self, address: Address, composed: ComposedReport, *, key: str, language: str, now: datetime
    ) -> Delivery:
        notifier = self.notifiers.get(address.channel)
        if isinstance(notifier, EmailNotifier):
            if not is_mailbox(address.value):
                detail = translate("notifiers.email.bad_address", language, value=address.value)
                return Delivery.permanent(detail)
            envelope = Envelope(
                sender=notifier.from_address,
                sender_name=notifier.from_name,
                recipient=address.value,
                recipient_name=address.name,
            )
            mail = build_email_with_files(
                composed.subject,
                composed.text,
                composed.html,
                envelope,
                [composed.attachment],
                key=key,
                now=now,
                language=language,
            )
            return await notifier.deliver(mail, address.value, key=key, language=language)
        if isinstance(notifier, TelegramNotifier):
            return await notifier.deliver_document(
                address, composed.attachment, caption_html=composed.caption_html, language=language
            )
        detail = translate("reports_schedule.no_files", language, channel=address.channel)
        return Delivery.permanent(detail)

    def compose(self, report: PlanReport, due: DueReport) -> ComposedReport:
        lang = Language(due.language)
        kind = ReportFormat(due.format)
        content = render_report(report, lang, kind)
        period = period_words(Cadence(due.cadence), due.period, lang)
        plan = plan_words(report, lang)
        name = translate(
            "reports_schedule.file_name", lang, plan=report.plan.id, period=period.replace("/", "-")
        )
        file_name = f"{name}.{kind.value}"
        values = {
            "office": report.office or translate("reports_schedule.office_missing", lang),
            "plan": plan,
            "period": period,
            "as_of": report.as_of.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y"),
            "tasks": report.total.tasks,
            "late": report.total.buckets.get(Bucket.OPEN_LATE, (0, 0))[1],
            "file": file_name,
        }
        text = translate("reports_schedule.body", lang, **values)
        body_html = "".join(
            f"<p>{html.escape(paragraph).replace(chr(10), '<br>')}</p>"
            for paragraph in text.split("\n\n")
        )
        caption = translate("reports_schedule.caption", lang, **values)
        return ComposedReport(
            subject=translate("reports_schedule.subject", lang, plan=plan, period=period),
            text=text,
            html=f'<html lang="{lang.value}"><body>{body_html}</body></html>',
            caption_html=html.escape(caption, quote=False),
            attachment=Attachment(
                file_name, content, kind.media_type, ascii_name=report_file_name(report, kind)
            ),
        )

    def no_address(self, office: str, channel: str, language: str) -> str:
        lang = Language(language)
        return translate(
            "reports_schedule.no_address",
            lang,
            office=office or translate("reports_schedule.office_missing", lang),
            channel=translate(f"reports_schedule.channel.{channel}", lang),
        )


def period_words(cadence: Cadence, period: str, lang: Language) -> str:
    """«tháng 10/2025», «quý IV/2025», «6 tháng cuối năm 2025», «năm 2025»."""
    year, _, part = period.partition("-")
    if cadence is Cadence.MONTHLY:
        return translate("reports_schedule.period.monthly", lang, month=part, year=year)
    if cadence is Cadence.QUARTERLY:
        quarter = _ROMAN.get(int(part.lstrip("Q") or 0), part)
        return translate("reports_schedule.period.quarterly", lang, quarter=quarter, year=year)
    if cadence is Cadence.HALF_YEARLY:
        half = part.lstrip("H") or "1"
        return translate(f"reports_schedule.period.half_yearly.{half}", lang, year=year)
    return translate("reports_schedule.period.yearly", lang, year=year)


def plan_words(report: PlanReport, lang: Language) -> str:
    if report.plan.number:
        return translate("reports_schedule.plan", lang, number=report.plan.number)
    return translate("reports_schedule.plan_id", lang, plan=report.plan.id)
