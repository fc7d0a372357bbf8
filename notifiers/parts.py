"""A long message goes out in parts: what the channels (Telegram, Zalo) remember of one whose
first parts were accepted, so that its retry sends only the rest, and how a part's failure is
said."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from notifiers.base import Delivery, DeliveryStatus

KEPT = 1_000  # long messages whose first parts went out, kept for their retry


class Progress(Protocol):
    """The parts of one long message already accepted (a channel's own dataclass)."""

    @property
    def fingerprint(self) -> int: ...

    @property
    def ids(self) -> Sequence[object]: ...


_P = TypeVar("_P", bound=Progress)


class Unfinished(Generic[_P]):
    """The progress of long messages by delivery key, the newest ``KEPT`` of them."""

    def __init__(self, fresh: Callable[[int], _P]) -> None:
        self._fresh = fresh
        self._by_key: OrderedDict[str, _P] = OrderedDict()

    def resume(self, key: str, parts: Sequence[str]) -> _P:
        """What went out of ``parts`` under ``key`` (nothing when the text changed)."""
        fingerprint = hash(tuple(parts))
        progress = self._by_key.get(key)
        if progress is None or progress.fingerprint != fingerprint:
            progress = self._fresh(fingerprint)
        return progress

    def interrupted(self, key: str, progress: _P, failure: Delivery) -> None:
        """Remember what went out for the retry a temporary failure brings; else forget it."""
        if progress.ids and failure.status is DeliveryStatus.TEMPORARY:
            self._by_key[key] = progress
            self._by_key.move_to_end(key)
            while len(self._by_key) > KEPT:
                self._by_key.popitem(last=False)
        else:
            self._by_key.pop(key, None)

    def done(self, key: str) -> None:
        self._by_key.pop(key, None)


def part_failed(
    failure: Delivery, index: int, count: int, part: Callable[..., str], language: str
) -> Delivery:
    """``failure`` of part ``index`` (from 0) of ``count``, its detail worded by the channel's
    ``part`` (``outcome.part``) when there was more than one."""
    if count == 1:
        return failure
    detail = part(index + 1, count, failure.detail, language=language)
    return Delivery(failure.status, detail, failure.retry_after, failure.provider_id)
