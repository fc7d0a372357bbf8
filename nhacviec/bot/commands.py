"""The bot's commands: Vietnamese names, English aliases, who may use them, and what they take.

The table is the single source for the handlers, ``/trogiup`` and ``setMyCommands``. Each
command's description and usage line live in the catalogue (``bot.command.<name>.description``,
``bot.command.<name>.usage``), in Vietnamese and English.
"""

from __future__ import annotations

from dataclasses import dataclass

from nhacviec.i18n import Language, translate


@dataclass(frozen=True)
class CommandSpec:
    name: str  # what people type, Vietnamese without diacritics: "baocao"
    alias: str  # the English alias: "report"
    office_only: bool = False  # needs a chat linked with the office role
    listed: bool = True  # shown by /trogiup and published with setMyCommands

    @property
    def names(self) -> tuple[str, str]:
        return (self.name, self.alias)

    def description(self, language: Language | str) -> str:
        return translate(f"bot.command.{self.name}.description", language)

    def usage(self, language: Language | str) -> str:
        return translate(f"bot.command.{self.name}.usage", language)


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("viec", "tasks"),  # my unit's open tasks, by the four buckets
    CommandSpec("quahan", "overdue"),
    CommandSpec("sapden", "upcoming"),  # [số ngày]
    CommandSpec("xem", "show"),  # <mã>
    CommandSpec("batdau", "begin"),  # <mã>
    CommandSpec("baocao", "report"),  # <mã> <ghi chú hoặc số văn bản>
    CommandSpec("denghi", "ask"),  # <mã> <đơn vị phối hợp> <dd/mm/yyyy> <nội dung>
    CommandSpec("traloi", "answer"),  # <mã> <nội dung> (tệp: gửi kèm, lệnh ở chú thích)
    CommandSpec("xacnhan", "verify", office_only=True),  # <mã>
    CommandSpec("tralai", "return", office_only=True),  # <mã> <lý do>
    CommandSpec("huy", "cancel", office_only=True),  # <mã> <lý do>
    CommandSpec("ngay", "setdate", office_only=True),  # <mã> <dd/mm/yyyy>
    CommandSpec("sukien", "event", office_only=True),  # <tên sự kiện> <dd/mm/yyyy>
    CommandSpec("tiendo", "progress", office_only=True),  # by section and bucket
    CommandSpec("tonghop", "summary", office_only=True),  # [số KH]: the report upward, DOCX
    CommandSpec("giahan", "extend"),  # <mã> <dd/mm/yyyy> <lý do>: ask for an extension
    CommandSpec("giaolai", "reassign", office_only=True),  # <mã> <đơn vị> <lý do>
    CommandSpec("tamdung", "suspend", office_only=True),  # <mã> <lý do>
    CommandSpec("tieptuc", "resume", office_only=True),  # <mã> <lý do>
    CommandSpec("trogiup", "help"),
    CommandSpec("start", "start", listed=False),  # /start <mã mời>: link this chat
)

BY_NAME: dict[str, CommandSpec] = {name: spec for spec in COMMANDS for name in spec.names}


def find(name: str) -> CommandSpec | None:
    """The command typed as ``name`` ("/BaoCao@nhacviec_bot" → baocao), or None."""
    bare = name.lstrip("/").split("@", 1)[0].lower()
    return BY_NAME.get(bare)


def published(language: Language | str) -> list[tuple[str, str]]:
    """(command, description) pairs for ``setMyCommands``, in the table's order."""
    return [(spec.name, spec.description(language)) for spec in COMMANDS if spec.listed]
