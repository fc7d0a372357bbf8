"""A directory unit's form: its fields to the file's entry (as ``config/units`` writes it) and
back. The entry is then checked with the whole directory, as a file is."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

LISTS = ("aliases", "emails", "telegram_chat_ids")
HEAD = ("name", "title", "email", "telegram_chat_id")


def entry_of(form: FormData) -> dict[str, Any]:
    """The unit's entry from the form; empty fields left out (the file's defaults)."""
    entry: dict[str, Any] = {"name": _text(form, "name")}
    for field in LISTS:
        lines = [line.strip() for line in _text(form, field).splitlines() if line.strip()]
        values: list[int | str] = [
            _number(line) if field == "telegram_chat_ids" else line for line in lines
        ]
        if values:
            entry[field] = values
    head = {field: _text(form, f"head_{field}") for field in HEAD}
    if any(head.values()):
        entry["head"] = {
            field: _number(value) if field == "telegram_chat_id" else value
            for field, value in head.items()
            if value or field == "name"
        }
    groups = [str(value) for value in form.getlist("groups") if str(value)]
    if groups:
        entry["groups"] = groups
    for flag in ("office", "external"):
        if form.get(flag):
            entry[flag] = True
    return entry


def fields_of(entry: dict[str, Any]) -> dict[str, Any]:
    """The form's values for an entry: lists one per line, the head's fields side by side."""
    head = entry.get("head") or {}
    return {
        "name": entry.get("name", ""),
        **{field: "\n".join(str(value) for value in entry.get(field, [])) for field in LISTS},
        **{f"head_{field}": str(head.get(field, "") or "") for field in HEAD},
        "groups": list(entry.get("groups", [])),
        "office": bool(entry.get("office")),
        "external": bool(entry.get("external")),
    }


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _number(text: str) -> int | str:
    """A chat id as a number; anything else kept as typed, for the check to name it."""
    try:
        return int(text)
    except ValueError:
        return text
