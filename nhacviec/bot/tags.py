"""How the bot names an occurrence in every messenger. Imports nothing of the bot, so any of its
modules may use it without a cycle."""

from __future__ import annotations


def occurrence_tag(ref: str, label: str = "") -> str:
    """How the bot names an occurrence: "VII.2", or "VII.2 · Tháng 7/2025"."""
    return f"{ref} · {label}" if label else ref
