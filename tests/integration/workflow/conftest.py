"""A store with the Sở Công Thương seed plan imported, on every backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from config.settings import Settings
from nhacviec.app import App
from nhacviec.services.importing import read_plan_file, store_readings
from nhacviec.services.tasks import Actor, Channel, find_task, find_unit_id
from nhacviec.store.models import Task
from nhacviec.store.tasks import plan_of
from tests.shared_paths import require_shared
from workflows.standing import LOCAL_TZ
from workflows.units.directory import load_directory

REPO = Path(__file__).resolve().parents[3]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
IMPORTED = datetime(2025, 7, 10, 8, 0, tzinfo=LOCAL_TZ)


def make_app(url: str) -> App:
    return App(Settings(database_url=url))


@pytest.fixture
def app(database_url: str) -> Iterator[App]:
    """The seed plan imported into a new store (plan 1)."""
    app = make_app(database_url)
    import_seed(app)
    yield app
    app.close()


def import_seed(app: App) -> None:
    path = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    reading = read_plan_file(path, directory=load_directory(SCT_UNITS))
    with app.transaction() as session:
        store_readings(session, [reading], now=IMPORTED)


def actor(session: Session, task: Task, unit: str) -> Actor:
    return Actor(find_unit_id(session, unit, plan_of(session, task)), Channel.CLI)


def task(session: Session, ref: str) -> Task:
    return find_task(session, ref, 1)
