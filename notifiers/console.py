"""The console notifier: prints each message as a block (the embedded default and the demo's).

    ── Gửi: Phòng Văn hóa - Xã hội (console) ───────────────────
    NHẮC VIỆC — thứ Sáu, 29/08/2025
    …

The block (``format_block``) is shared with the file notifier.
"""

from __future__ import annotations

import sys
from typing import TextIO

from nhacviec.i18n import translate
from notifiers.base import Address, Delivery
from notifiers.message import Message
from notifiers.render import Rendered, render

DEFAULT_WIDTH = 72  # characters of the header rule
_RULE = "─"


def format_block(
    address: Address, message: Message, rendered: Rendered, *, channel: str, width: int
) -> str:
    """A header line naming the recipient and the channel, the text body, then a blank line."""
    name = " ".join((address.name or message.recipient_name).split())  # one header line
    header = translate("notifiers.block.header", rendered.language, name=name, channel=channel)
    lead = f"{_RULE * 2} {header} "
    return f"{lead}{_RULE * max(2, width - len(lead))}\n{rendered.text}\n\n"


class ConsoleNotifier:
    """Writes each message to a text stream (standard output unless told otherwise)."""

    channel = "console"

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        width: int = DEFAULT_WIDTH,
        language: str | None = None,
    ) -> None:
        self._stream = stream
        self.width = width
        self.language = language  # None: each message's own language

    async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
        rendered = render(message, language=self.language)
        block = format_block(address, message, rendered, channel=self.channel, width=self.width)
        stream = self._stream or sys.stdout  # looked up now, so a redirected stdout is honoured
        try:
            stream.write(block)
            stream.flush()
        except UnicodeEncodeError as exc:  # the terminal cannot show Vietnamese: never will
            return Delivery.permanent(f"{type(exc).__name__}: {exc}")
        except OSError as exc:
            return Delivery.temporary(f"{type(exc).__name__}: {exc}")
        return Delivery.accepted(provider_id=key)

    async def aclose(self) -> None:
        """Nothing to release: the stream belongs to the caller."""
