"""What the Zalo notifier tells the office: the ``Delivery.detail`` of each outcome, a sentence
from the catalogue (keys ``zalo.*``) naming the chat, keeping Zalo's own words and saying what to
do. Whether an outcome is temporary or permanent is the notifier's decision (``kind``); this
module words it. The token never appears (``ZaloBotApi`` scrubs it)."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from nhacviec.i18n import translate
from notifiers.zalo.api import ZaloApiError, ZaloNetworkError

_KEY = "zalo."
_NOT_FOUND = ("not found", "not exist", "invalid chat", "chat_id")
_FORBIDDEN = ("block", "not allowed", "forbidden", "permission")


def server_name(base_url: str) -> str:
    """The Bot API server's host (and port): no path (it holds the token), no credentials."""
    return urlsplit(base_url).netloc.rpartition("@")[2] or base_url


def kind(error: ZaloApiError | ZaloNetworkError) -> str:
    """What the failure is, for the office: a catalogue key's last part."""
    if isinstance(error, ZaloNetworkError):
        return "timeout" if error.timed_out else "network"
    lowered = error.description.lower()
    if error.code == 429:
        return "rate_limited"
    if error.code == 401:
        return "token_rejected"
    if error.code == 403 or any(marker in lowered for marker in _FORBIDDEN):
        return "forbidden"
    if error.code == 404 or (error.code == 400 and any(m in lowered for m in _NOT_FOUND)):
        return "chat_not_found"
    if error.code == 400:
        return "bad_request"
    if error.code == 408 or error.code >= 500:
        return "server_error"
    return "error"


PERMANENT = frozenset({"forbidden", "chat_not_found", "bad_request"})


def failure(
    error: ZaloApiError | ZaloNetworkError,
    chat: str,
    *,
    language: str,
    server: str,
    timeout_s: float,
) -> str:
    reason = (
        error.description
        if isinstance(error, ZaloNetworkError)
        else (f"{error.code} {error.description}".strip())
    )
    return translate(
        _KEY + kind(error),
        language,
        chat=chat,
        reason=reason,
        server=server,
        seconds=_whole_seconds(timeout_s),
    )


def rate_limited(chat: str, seconds: float, reason: str, *, language: str) -> str:
    return translate(
        _KEY + "rate_limited", language, chat=chat, reason=reason, seconds=_whole_seconds(seconds)
    )


def held(chat: str, seconds: float, *, language: str) -> str:
    return translate(_KEY + "held", language, chat=chat, seconds=_whole_seconds(seconds))


def wrong_channel(channel: str, value: str, *, language: str) -> str:
    return translate(_KEY + "wrong_channel", language, channel=channel, value=value)


def bad_chat_id(value: str, *, language: str) -> str:
    return translate(_KEY + "bad_chat_id", language, value=value)


def part(index: int, count: int, detail: str, *, language: str) -> str:
    """``detail`` said of part ``index`` (from 1) of a message sent in ``count`` parts."""
    return translate(_KEY + "part", language, index=index, count=count, detail=detail)


def _whole_seconds(seconds: float) -> int:
    return max(1, math.ceil(seconds))
