"""The four standings of a plan at a given instant, against a hand-computed example."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import docx
import pytest

from config.settings import Settings
from nhacviec.app import App
from nhacviec.services import tasks as operations
from nhacviec.services.importing import read_plan_file, store_readings
from nhacviec.services.queries import TaskFilter, count_by_bucket, task_statuses
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store.tasks import plan_of
from workflows.standing import LOCAL_TZ, Bucket
from workflows.workflow import Action, Request

ROWS = [  # TT, task, lead, time
    ("1", "Ban hành kế hoạch", "Văn phòng", "Trước ngày 31/7/2025"),  # due 30/07
    ("2", "Tuyên truyền", "Văn phòng", "Quý III, IV"),  # due 30/09 and 31/12
    ("3", "Rà soát văn bản", "Văn phòng", "Trước ngày 18/11/2025"),  # due 17/11
    ("4", "Phân cấp", "Văn phòng", "Theo Kế hoạch phê duyệt"),  # no date
    ("5", "Hội nghị", "Văn phòng", "Tháng 8/2025"),  # due 31/08
    ("6", "Kiểm tra", "Văn phòng", "Trước ngày 01/10/2025"),  # due 30/09
]


def _plan(folder: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện nhiệm vụ 06 tháng cuối năm 2025")
    table = document.add_table(rows=len(ROWS) + 1, cols=4)
    for row, texts in zip(
        table.rows, [("TT", "Nhiệm vụ", "Chủ trì", "Thời gian"), *ROWS], strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    path = folder / "ke-hoach.docx"
    document.save(str(path))
    return path


def _at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> App:
    app = App(Settings(database_url=database_url))
    with app.transaction() as session:
        reading = read_plan_file(_plan(tmp_path))
        store_readings(session, [reading], now=_at(7, 10), office="Văn phòng")
    return app


def _do(app: App, ref: str, action: Action, at: datetime, seq: int | None = None) -> None:
    with app.transaction() as session:
        task = operations.find_task(session, ref, 1)
        unit = Actor(
            operations.find_unit_id(session, "Văn phòng", plan_of(session, task)), Channel.CLI
        )
        request = Request(action, note="ghi chú", evidence="Số 1/BC")
        operations.act(session, task, request, unit, at, occurrence_seq=seq)


def test_bucket_counts_match_the_hand_computed_example(app: App) -> None:
    _do(app, "1", Action.REPORT, _at(7, 28))  # before 31/07 00:00 …
    _do(app, "1", Action.VERIFY, _at(7, 29))  # … verified: done on time
    _do(app, "2", Action.REPORT, _at(10, 2), seq=1)  # Q3 report after 30/09: …
    _do(app, "2", Action.VERIFY, _at(10, 3), seq=1)  # … verified: done late
    _do(app, "3", Action.REPORT, _at(11, 10))  # reported in time, not verified yet
    _do(app, "5", Action.CANCEL, _at(8, 5))  # cancelled: not counted
    with app.reading() as session:
        statuses = task_statuses(session, _at(11, 20), TaskFilter(plan_id=1))
    # At 20/11/2025: 1 done on time (1); 2-Q3 done late; 2-Q4 (due 31/12) open on time;
    # 3 reported on 10/11, before its due 17/11: open on time (the clock stopped);
    # 6 (due 30/09) still assigned: open late; 4 has no date and 5 is cancelled: no bucket.
    assert count_by_bucket(statuses) == {
        Bucket.DONE_ON_TIME: 1,
        Bucket.DONE_LATE: 1,
        Bucket.OPEN_ON_TIME: 2,
        Bucket.OPEN_LATE: 1,
    }
    by_ref = {s.view.task.ref: s for s in statuses}
    assert [o.occurrence.due_date for o in by_ref["2"].occurrences] == [
        date(2025, 9, 30),
        date(2025, 12, 31),
    ]
    assert by_ref["4"].occurrences[0].bucket is None
    app.close()
