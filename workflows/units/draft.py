"""A first units directory drafted from the names a plan prints: the office then adds contacts.

Every lead and partner name becomes an entry. Spellings of one name — case, a missing tone mark
(«Phục vu»/«Phục vụ»), an abbreviation (TT/Trung tâm, VH-XH), a parenthesised remark — are
merged into one unit whose other spellings are its aliases. Collective phrases («các đơn vị»,
«Các phòng chuyên môn», «UBND các xã») become groups; wordings that differ only in filler words
(«có liên quan»/«liên quan», «và»/«,», a leading «Các») are one group. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from workflows.units import vocabulary as words
from workflows.units.directory import Unit, UnitDirectory, UnitGroup
from workflows.units.normalize import fold_word, key_words, loose_key, nfc, strip_diacritics
from workflows.units.normalize import without_notes as split_notes
from workflows.units.tokens import Token, TokenKind, tokenize

# Lower-case words after a kind of body that make it a collective phrase, not a proper name:
# «Cơ quan liên quan», «Phòng chuyên môn», «Cơ quan soạn thảo văn bản QPPL».
COLLECTIVE_TAILS = (
    "liên quan", "có liên quan", "khác", "chuyên môn", "soạn thảo", "chủ trì", "được giao",
    "thuộc", "trực thuộc", "cấp", "trên", "trong", "tại", "các",
)  # fmt: skip
# Words that do not change which units a collective phrase stands for.
GROUP_FILLERS = ("các", "những", "và", "có", "khác")
_FILLER_PAIRS = (("liên", "quan"),)
_KEY_LENGTH = 48
_NOT_KEY = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class NameUse:
    """A name as printed in the plan, and the tasks (by position) that name it."""

    name: str
    tasks: frozenset[int]
    lead: frozenset[int]  # the tasks where it is (one of) the lead


@dataclass(frozen=True)
class DraftEntry:
    """One unit or group of the draft: its name, the other spellings, and how much it is used."""

    key: str
    name: str
    aliases: tuple[str, ...]  # a unit's aliases, a group's phrases
    spellings: tuple[str, ...]  # every name printed in the plan that lands here, as printed
    tasks: int
    lead: int


@dataclass(frozen=True)
class DirectoryDraft:
    organisation_key: str
    organisation_name: str
    issuer_names: tuple[str, ...]
    units: tuple[DraftEntry, ...]
    groups: tuple[DraftEntry, ...]

    def as_directory(self) -> UnitDirectory:
        """The draft as the loader would read it (no contacts yet)."""
        units = tuple(Unit(entry.key, entry.name, entry.aliases) for entry in self.units)
        groups = tuple(UnitGroup(entry.key, entry.name, entry.aliases) for entry in self.groups)
        return UnitDirectory(
            self.organisation_key, self.organisation_name, self.issuer_names, units, groups
        )


def name_uses(cells: Iterable[tuple[Sequence[str], Sequence[str]]]) -> tuple[NameUse, ...]:
    """Each distinct name of the tasks' (lead, partners) cells, in order of first mention."""
    tasks: dict[str, set[int]] = {}
    lead: dict[str, set[int]] = {}
    for position, (leads, partners) in enumerate(cells, start=1):
        for name in (*leads, *partners):
            tasks.setdefault(name, set()).add(position)
        for name in leads:
            lead.setdefault(name, set()).add(position)
    return tuple(
        NameUse(name, frozenset(found), frozenset(lead.get(name, ())))
        for name, found in tasks.items()
    )


def draft_directory(uses: Sequence[NameUse], issuer: str) -> DirectoryDraft:
    """The directory the names call for: near-duplicates merged, collective phrases grouped."""
    clusters = _clusters(uses, lambda use: loose_key(_bare(use.name)))
    units: list[list[NameUse]] = []
    groups: dict[str, list[NameUse]] = {}
    for cluster in clusters:
        if is_collective_name(preferred_spelling(cluster)):
            groups.setdefault(group_key(preferred_spelling(cluster)), []).extend(cluster)
        else:
            units.append(cluster)
    return DirectoryDraft(
        organisation_key=make_key(issuer) or "to-chuc",
        organisation_name=issuer,
        issuer_names=(issuer,) if issuer else (),
        units=_entries(units, most_used=False),
        groups=_entries(list(groups.values()), most_used=True),
    )


Cells = tuple[Sequence[str], Sequence[str]]  # one task's lead and partner names


def draft_until_known(
    read: Callable[[UnitDirectory | None], Sequence[Cells]], issuer: str, *, rounds: int = 4
) -> DirectoryDraft:
    """A draft under which every name of the plans is known.

    ``read(directory)`` gives the tasks' names as split with that directory (None: without).
    A directory can change how a cell is cut (a known name is never cut), so the names met
    when reading with the draft join the draft until nothing is left unknown.
    """
    uses = name_uses(read(None))
    draft = draft_directory(uses, issuer)
    for _ in range(rounds):
        directory = draft.as_directory()
        cells = read(directory)
        names = [name for lead, partners in cells for name in (*lead, *partners)]
        if all(directory.resolve(name) is not None for name in names):
            break
        uses = merge_uses(uses, name_uses(cells))
        draft = draft_directory(uses, issuer)
    return draft


def merge_uses(*batches: Sequence[NameUse]) -> tuple[NameUse, ...]:
    """The uses of several readings of the same tasks, one per name."""
    merged: dict[str, NameUse] = {}
    for use in (use for batch in batches for use in batch):
        known = merged.get(use.name)
        if known is not None:
            use = NameUse(use.name, known.tasks | use.tasks, known.lead | use.lead)
        merged[use.name] = use
    return tuple(merged.values())


# -- telling a collective phrase from a unit ------------------------------------------------


def is_collective_name(name: str) -> bool:
    """Whether a printed name stands for several bodies: «các đơn vị», «Các phòng chuyên môn»,
    «UBND các xã», «UBND cấp xã», «UBND xã, phường», «Cơ quan, địa phương liên quan»,
    «Cơ quan soạn thảo văn bản QPPL» — but not «Sở Nội vụ», «Sở nội vụ», «Bộ phận một cửa»,
    «Ban Quản lý các khu công nghệ cao» or «Vụ Các vấn đề chung …»."""
    tokens = [t for t in tokenize(_bare(name)) if t.kind in (TokenKind.WORD, TokenKind.COMMA)]
    if not tokens:
        return False
    if words.starts_collective(tokens) or _plural_inside(tokens):
        return True
    organisation, kind = words.organisation_at(tokens), words.kind_at(tokens)
    if kind and kind >= organisation and _kind_left_open(tokens[kind:]):
        return True
    return bool(organisation) and _kinds_after(tokens[organisation:])


def _plural_inside(tokens: Sequence[Token]) -> bool:
    """«UBND các xã», «Các Sở, ban, ngành»: «các» then a kind of body."""
    return any(
        words.is_word(token, words.COLLECTIVE_WORDS) and words.kind_at(tokens, index + 1) > 0
        for index, token in enumerate(tokens)
    )


def _kind_left_open(rest: Sequence[Token]) -> bool:
    """After a bare kind of body: nothing, a comma, or a collective tail («liên quan»)."""
    if not rest or rest[0].kind is TokenKind.COMMA:
        return True
    if words.starts_name(rest[0]):
        return False
    text = " ".join(fold_word(token.text) for token in rest if token.is_word)
    return any(
        f"{text} ".startswith(" ".join(fold_word(w) for w in tail.split()) + " ")
        for tail in COLLECTIVE_TAILS
    )


def _kinds_after(rest: Sequence[Token]) -> bool:
    """«UBND cấp xã», «UBND xã, phường»: an organisation word over a level or a list of kinds."""
    if rest and words.is_word(rest[0], ("cấp",)) and words.kind_at(rest, 1):
        return True
    kind = words.kind_at(rest)
    return bool(kind) and len(rest) > kind and rest[kind].kind is TokenKind.COMMA


# -- merging -----------------------------------------------------------------------------------


def group_key(name: str) -> str:
    """What a collective phrase says once its filler words are dropped (its loose key)."""
    fillers = {fold_word(word) for word in GROUP_FILLERS}
    kept: list[str] = []
    for word in key_words(_bare(name)):
        kept.append(word)
        if fold_word(word) in fillers:
            kept.pop()
        for first, second in _FILLER_PAIRS:
            pair = [fold_word(w) for w in kept[-2:]]
            if pair == [fold_word(first), fold_word(second)]:
                del kept[-2:]
    return loose_key(" ".join(kept))


def preferred_spelling(uses: Sequence[NameUse], *, most_used: bool = False) -> str:
    """The spelling to show: most tone marks, then longest (no abbreviation), then
    capitalised, then most used, then first met — all without parenthesised remarks.
    ``most_used`` puts use first (a group's wordings are all correct; the usual one wins)."""
    ranked = sorted(
        enumerate(uses),
        key=lambda pair: (
            -len(pair[1].tasks) if most_used else 0,
            -_marks(_bare(pair[1].name)),
            -_letters(_bare(pair[1].name)),
            -_capitals(_bare(pair[1].name)),
            -len(pair[1].tasks),
            pair[0],
        ),
    )
    return _bare(ranked[0][1].name)


def _clusters(uses: Iterable[NameUse], key_of: Callable[[NameUse], str]) -> list[list[NameUse]]:
    clusters: dict[str, list[NameUse]] = {}
    for use in uses:
        key = key_of(use)
        if key:
            clusters.setdefault(key, []).append(use)
    return list(clusters.values())


def _entries(clusters: Sequence[Sequence[NameUse]], *, most_used: bool) -> tuple[DraftEntry, ...]:
    taken: set[str] = set()
    entries = []
    for cluster in clusters:
        name = preferred_spelling(cluster, most_used=most_used)
        spellings = tuple(dict.fromkeys(use.name for use in cluster))
        aliases = tuple(dict.fromkeys(_bare(s) for s in spellings if _bare(s) != name))
        entries.append(
            DraftEntry(
                key=_unique(make_key(name) or "don-vi", taken),
                name=name,
                aliases=aliases,
                spellings=spellings,
                tasks=len(frozenset().union(*(use.tasks for use in cluster))),
                lead=len(frozenset().union(*(use.lead for use in cluster))),
            )
        )
    return tuple(entries)


def make_key(name: str) -> str:
    """A directory key from a name: «Phòng Văn hóa - Xã hội» → "phong-van-hoa-xa-hoi"."""
    slug = _NOT_KEY.sub("-", strip_diacritics(name).casefold()).strip("-")
    if len(slug) > _KEY_LENGTH:
        slug = slug[:_KEY_LENGTH].rsplit("-", 1)[0]
    return slug


def _unique(key: str, taken: set[str]) -> str:
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _bare(name: str) -> str:
    bare, _ = split_notes(name)
    return bare or name


def _marks(text: str) -> int:
    composed = nfc(text)
    return sum(1 for a, b in zip(composed, strip_diacritics(composed), strict=True) if a != b)


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def _capitals(text: str) -> int:
    return sum(word[:1].isupper() for word in text.split())
