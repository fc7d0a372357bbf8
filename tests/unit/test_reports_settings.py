"""``reports:`` in the settings file: read into schedules; a wrong cadence or day is refused
with the setting's path."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from config.settings import SettingsError, load_settings
from nhacviec.app import App
from scheduler.report_plan import Cadence


def test_reports_are_read_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nhacviec.yaml"
    path.write_text(
        "language: en\n"
        "reports:\n"
        "  - {every: monthly, day: 20, at: '07:30'}\n"
        "  - {every: half_yearly, day: 31, format: xlsx, language: vi, plans: [2], name: kh2}\n",
        encoding="utf-8",
    )
    settings = load_settings(path, environ={})
    first, second = settings.reports
    assert (second.every, second.format) == ("half_yearly", "xlsx")
    assert (first.every, first.day, first.at, first.format) == ("monthly", 20, time(7, 30), "docx")
    delivery = App(settings).report_delivery({}, "t:1")
    assert delivery is not None
    monthly, half = delivery.schedules
    assert (monthly.cadence, monthly.language, monthly.label) == (Cadence.MONTHLY, "en", "monthly")
    assert (half.cadence, half.language, half.plans, half.label) == (
        Cadence.HALF_YEARLY,
        "vi",
        (2,),
        "kh2",
    )


def test_no_reports_no_delivery() -> None:
    assert App(load_settings(None, environ={})).report_delivery({}, "t:1") is None


@pytest.mark.parametrize(
    ("entry", "where"),
    [("{every: weekly}", "reports.0.every"), ("{every: monthly, day: 32}", "reports.0.day")],
)
def test_a_wrong_schedule_is_refused_with_its_path(tmp_path: Path, entry: str, where: str) -> None:
    path = tmp_path / "nhacviec.yaml"
    path.write_text(f"reports:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=where):
        load_settings(path, environ={})


def test_working_day_reaches_the_schedule(tmp_path: Path) -> None:
    path = tmp_path / "nhacviec.yaml"
    path.write_text("reports:\n  - {every: monthly, working_day: true}\n", encoding="utf-8")
    delivery = App(load_settings(path, environ={})).report_delivery({}, "t:1")
    assert delivery is not None
    assert [s.working_day for s in delivery.schedules] == [True]
    assert delivery.days is not None
