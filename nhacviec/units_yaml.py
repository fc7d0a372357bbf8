"""A drafted units directory as YAML the loader reads, with comments telling the office what to
fill in (``nhacviec units init``). The comments come from the catalogue, in the user's language.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence

import yaml

from nhacviec.i18n import Language, translate
from workflows.units.draft import DirectoryDraft, DraftEntry

_WIDTH = 96


def draft_to_yaml(draft: DirectoryDraft, sources: Sequence[str], lang: Language) -> str:
    """The file's text: a header, the organisation, the units, then the groups."""
    lines = [*_comment(translate("units_init.header", lang, sources=", ".join(sources)))]
    lines += ["", *_comment(translate("units_init.organisation", lang))]
    lines += _organisation(draft, lang)
    lines += ["", *_comment(translate("units_init.units", lang, count=len(draft.units)))]
    if draft.units:
        lines.append("units:")
        for position, entry in enumerate(draft.units):
            lines += [""] * bool(position) + _unit(entry, lang)
    else:
        lines += [*_comment(translate("units_init.no_units", lang)), "units: {}"]
    if draft.groups:
        lines += ["", *_comment(translate("units_init.groups", lang, count=len(draft.groups)))]
        lines.append("groups:")
        for position, entry in enumerate(draft.groups):
            lines += [""] * bool(position) + _group(entry, lang)
    return "\n".join(lines).rstrip() + "\n"


def _organisation(draft: DirectoryDraft, lang: Language) -> list[str]:
    name = draft.organisation_name or translate("units_init.organisation_unknown", lang)
    lines = [
        "organisation:",
        f"  key: {_scalar(draft.organisation_key)}",
        f"  name: {_scalar(name)}",
    ]
    if draft.issuer_names:
        lines.append("  issuer_names:")
        lines += [f"    - {_scalar(name)}" for name in draft.issuer_names]
    return lines


def _unit(entry: DraftEntry, lang: Language) -> list[str]:
    lines = [*_about(entry, lang), f"  {entry.key}:", f"    name: {_scalar(entry.name)}"]
    lines += _listed("aliases", entry.aliases)
    lines.append(f"    emails: []  # {translate('units_init.fill_emails', lang)}")
    lines.append(f"    telegram_chat_ids: []  # {translate('units_init.fill_telegram', lang)}")
    return lines


def _group(entry: DraftEntry, lang: Language) -> list[str]:
    lines = [*_about(entry, lang), f"  {entry.key}:", f"    name: {_scalar(entry.name)}"]
    lines += _listed("phrases", entry.aliases)
    lines.append(f"    members: []  # {translate('units_init.fill_members', lang)}")
    return lines


def _about(entry: DraftEntry, lang: Language) -> list[str]:
    """How much the plan uses the entry and, when merged, the spellings it prints."""
    text = translate("units_init.counts", lang, tasks=entry.tasks, lead=entry.lead)
    if len(entry.spellings) > 1:
        spellings = ", ".join(f"«{spelling}»" for spelling in entry.spellings)
        text += "; " + translate("units_init.spellings", lang, spellings=spellings)
    return list(_comment(text, indent="  "))


def _listed(field: str, values: Sequence[str]) -> list[str]:
    if not values:
        return []
    return [f"    {field}:", *(f"      - {_scalar(value)}" for value in values)]


def _comment(text: str, indent: str = "") -> Iterator[str]:
    """Comment lines, long lines wrapped; the text's own line breaks and indents are kept."""
    prefix = f"{indent}# "
    for line in text.splitlines() or [""]:
        body = line.lstrip(" ")
        lead = line[: len(line) - len(body)]
        wrapped = textwrap.wrap(
            body, _WIDTH - len(prefix), initial_indent=lead, subsequent_indent=lead + "  "
        )
        for part in wrapped or [""]:
            yield (prefix + part).rstrip()


def _scalar(value: str) -> str:
    """A YAML scalar for ``value``: plain when it reads back the same, else quoted."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 16)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()
