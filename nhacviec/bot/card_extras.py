"""What a task's card shows beside its occurrences: its evidence files and partner requests
(``services.evidence``, ``services.partner_requests``). The files are named, never sent: a
download is the office's, on the web console."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from nhacviec.services.evidence import EvidenceItem, evidence_by_task
from nhacviec.services.partner_requests import RequestView, requests_on

FILES_SHOWN = 5
REQUESTS_SHOWN = 3


@dataclass(frozen=True)
class CardExtras:
    files: tuple[EvidenceItem, ...] = ()  # the newest, at most FILES_SHOWN
    file_count: int = 0
    requests: tuple[RequestView, ...] = ()  # the newest, at most REQUESTS_SHOWN


def card_extras(session: Session, task_id: int, now: datetime) -> CardExtras:
    files = evidence_by_task(session, [task_id]).get(task_id, [])
    asked = requests_on(session, task_id, now)
    return CardExtras(tuple(files[-FILES_SHOWN:]), len(files), tuple(asked[-REQUESTS_SHOWN:]))
