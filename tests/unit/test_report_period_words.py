"""The period a scheduled report covers, in the subject and the file name."""

from __future__ import annotations

import pytest

from nhacviec.i18n import Language
from nhacviec.reports.scheduled import period_words
from scheduler.report_plan import Cadence


@pytest.mark.parametrize(
    ("cadence", "period", "vi", "en"),
    [
        (Cadence.MONTHLY, "2025-10", "tháng 10/2025", "10/2025"),
        (Cadence.QUARTERLY, "2025-Q4", "quý IV/2025", "quarter IV of 2025"),
        (Cadence.HALF_YEARLY, "2025-H1", "6 tháng đầu năm 2025", "the first half of 2025"),
        (Cadence.HALF_YEARLY, "2025-H2", "6 tháng cuối năm 2025", "the second half of 2025"),
        (Cadence.YEARLY, "2025", "năm 2025", "2025"),
    ],
)
def test_period_words(cadence: Cadence, period: str, vi: str, en: str) -> None:
    assert period_words(cadence, period, Language.VI) == vi
    assert period_words(cadence, period, Language.EN) == en
