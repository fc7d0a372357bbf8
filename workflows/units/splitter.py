"""Reading a "Chủ trì" / "Phối hợp" cell into the unit names it lists.

The cell is cut in four passes, each deciding one kind of boundary with small predicates:

1. hard separators: ";", line breaks, and dash bullets (a dash at the start, or " - " before
   something that starts a unit: "Sở Tư pháp - Các phòng, đơn vị thuộc Sở");
2. names printed with no separator ("Phòng VH-XH Phòng Kinh tế");
3. commas, where the next part starts another unit ("Vụ A, Vụ B") but not inside a name or a
   collective phrase ("Vụ Phổ biến, giáo dục pháp luật", "Các sở, ban, ngành");
4. "và", where what follows starts another unit ("Bộ X và các bộ, ngành khác có liên quan") but
   not inside a name ("Bộ Khoa học và Công nghệ", "VP HĐND và UBND").

A directory, when given, has the last word: a known name is never cut, and a known name after
a separator always starts a unit. Nothing but separators is ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from workflows.text import fold
from workflows.units import vocabulary as words
from workflows.units.directory import Unit, UnitDirectory, UnitGroup, UnitMatch
from workflows.units.distributive import expand_distributive
from workflows.units.tokens import Token, TokenKind, Tokens, render, tokenize

Piece = list[Token]
_COMMA = Token(",", TokenKind.COMMA)
_AND = Token("và", TokenKind.WORD)


_PLACES = frozenset({"thanh pho", "tinh"})


def split_units(text: str, directory: UnitDirectory | None = None) -> list[str]:
    """The unit names in a cell, as printed (trimmed of bullets, separators and full stops)."""
    names: list[str] = []
    for part in _hard_parts(tokenize(expand_distributive(text)), directory):
        pieces = [part] if _is_qualified(part) else _soft_split(part, directory)
        names.extend(render(piece) for piece in pieces)
    return [name for name in names if name]


@dataclass(frozen=True)
class ResolvedUnits:
    units: tuple[Unit, ...]  # each once, in order of first mention
    groups: tuple[UnitGroup, ...]
    unknown: tuple[str, ...]  # names the directory does not know, kept as printed
    matches: tuple[tuple[str, UnitMatch | None], ...]  # every name with what it matched


def resolve_units(names: Iterable[str], directory: UnitDirectory | None) -> ResolvedUnits:
    matches = tuple(
        (name, None if directory is None else directory.resolve(name)) for name in names
    )
    units = [match.unit for _, match in matches if match is not None and match.unit]
    groups = [match.group for _, match in matches if match is not None and match.group]
    unknown = [name for name, match in matches if match is None]
    return ResolvedUnits(
        tuple(dict.fromkeys(units)), tuple(dict.fromkeys(groups)), tuple(unknown), matches
    )


# -- pass 1: hard separators ---------------------------------------------------------------


def _hard_parts(tokens: Tokens, directory: UnitDirectory | None) -> Iterator[Piece]:
    part: Piece = []
    for index, token in enumerate(tokens):
        if token.kind in (TokenKind.SEMICOLON, TokenKind.BREAK):
            yield part
            part = []
        elif token.kind is TokenKind.DASH and not _has_words(part):
            continue  # a bullet before the first word
        elif token.kind is TokenKind.DASH and _is_bullet(_line_rest(tokens, index + 1), directory):
            yield part
            part = []
        else:
            part.append(token)
    yield part


def _line_rest(tokens: Tokens, start: int) -> Tokens:
    """The tokens after ``start`` up to the next ";", line break or dash."""
    end = start
    while end < len(tokens) and tokens[end].kind not in _HARD:
        end += 1
    return tokens[start:end]


_HARD = (TokenKind.SEMICOLON, TokenKind.BREAK, TokenKind.DASH)


def _is_bullet(after: Tokens, directory: UnitDirectory | None) -> bool:
    """ " - " is a bullet when what follows starts a unit: "Các …" or "Sở Tư pháp", not
    "hành chính" ("Vụ Pháp luật hình sự - hành chính") or "Xã hội"."""
    if not after:
        return False
    if directory is not None and _starts_known(directory, after):
        return True
    return words.starts_collective(after) or words.names_organisation(after)


# -- passes 2-4: inside one part -----------------------------------------------------------


def _soft_split(part: Piece, directory: UnitDirectory | None) -> list[Piece]:
    pieces = _split_unprinted(part, directory)
    pieces = [p for piece in pieces for p in _split_commas(piece, directory)]
    return [p for piece in pieces for p in _split_and(piece, directory)]


def _is_qualified(part: Tokens) -> bool:
    """A qualifier ("… với các tiêu chuẩn …") applies to every unit before it: keep it whole.
    «đối với …» («Bộ Y tế, Sở Y tế đối với địa phương») scopes the last unit alone."""
    return any(
        words.is_word(token, words.QUALIFIER_WORDS)
        and not (index and fold(part[index - 1].text) == "doi")
        for index, token in enumerate(part)
    )


def _split_unprinted(part: Piece, directory: UnitDirectory | None) -> list[Piece]:
    """Pass 2: "Phòng VH-XH Phòng Kinh tế" — a new name starts with no separator printed."""
    if words.is_all_capitals(part):
        return [part]
    pieces: list[Piece] = []
    start = 0
    for index in range(1, len(part)):
        if _starts_unprinted(part, start, index, directory):
            pieces.append(part[start:index])
            start = index
    pieces.append(part[start:])
    return pieces


def _starts_unprinted(
    part: Tokens, start: int, index: int, directory: UnitDirectory | None
) -> bool:
    """Whether a unit starts at ``index`` although nothing separates it from the one before:
    a capitalised organisation word or "Các", after a complete name, before a name."""
    length = _opening_length(part, index)
    if not length or _inside_organisation(part, index) or _is_branch(part, index, length):
        return False
    if directory and directory.is_name_prefix(render(part[start : index + length + 1])):
        return False
    return (
        _has_own_name(part, start, index)
        and _ends_name(part[index - 1], part[index])
        and _followed_by_name(part, index, length)
    )


def _is_branch(part: Tokens, index: int, length: int) -> bool:
    """«Ngân hàng Nhà nước Việt Nam Chi nhánh Khu vực II»: a branch is printed after the body
    it belongs to, one name; «Chi nhánh Ngân hàng Chính sách xã hội» names a body of its own."""
    words_at = fold(" ".join(token.text for token in part[index : index + length]))
    return words_at == "chi nhanh" and not words.organisation_at(part, index + length)


def _opening_length(part: Tokens, index: int) -> int:
    """Tokens of a capitalised organisation word or "Các" at ``index`` (0: none there)."""
    token = part[index]
    if not words.is_capitalised(token):
        return 0
    return words.organisation_at(part, index) or int(words.starts_collective([token]))


def _has_own_name(part: Tokens, start: int, index: int) -> bool:
    """Whether the unit before ``index`` has words past its organisation word: "Văn phòng
    Ban Chỉ huy" and "Vụ Các vấn đề chung" are still one name at "Ban" and "Các"."""
    commas = (i + 1 for i in range(index) if part[i].kind is TokenKind.COMMA)
    name_start = max([start, *commas])
    name_end = name_start + words.organisation_at(part, name_start)
    # «Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam»: «Trung ương» is the level of the body
    # whose name follows, not a name of its own.
    level = fold(" ".join(token.text for token in part[name_end:index]))
    return index > name_end and level != _CENTRAL


_CENTRAL = "trung uong"


def _followed_by_name(part: Tokens, index: int, length: int) -> bool:
    following = part[index + length : index + length + 1]
    if not following:
        return False
    if words.starts_collective([part[index]]):
        return following[0].is_word
    return words.starts_name(following[0])


def _ends_name(before: Token, token: Token) -> bool:
    """Whether ``before`` can be the last word of a name, with ``token`` starting the next."""
    if before.kind is TokenKind.NOTE:
        return True
    if not before.is_word or words.is_connective(before):
        return False
    title_case = words.is_capitalised(before) and not words.is_acronym(before)
    return not (title_case and words.is_compound(before, token))


def _inside_organisation(part: Tokens, index: int) -> bool:
    """Whether ``index`` is inside an organisation word that starts earlier ("Văn Phòng")."""
    return any(words.organisation_at(part, i) > index - i for i in range(max(0, index - 3), index))


def _split_commas(piece: Piece, directory: UnitDirectory | None) -> list[Piece]:
    """Pass 3: "Vụ A, Vụ B" → two units; "Vụ Phổ biến, giáo dục pháp luật" → one."""
    chunks = _chunks(piece)
    pieces: list[Piece] = []
    current = chunks[0]
    for chunk in chunks[1:]:
        if _comma_breaks(current, chunk, directory):
            pieces.append(current)
            current = chunk
        else:
            current = [*current, _COMMA, *chunk]
    pieces.append(current)
    return pieces


def _chunks(piece: Piece) -> list[Piece]:
    chunks: list[Piece] = [[]]
    for token in piece:
        if token.kind is TokenKind.COMMA:
            chunks.append([])
        else:
            chunks[-1].append(token)
    return chunks


def _comma_breaks(current: Tokens, chunk: Tokens, directory: UnitDirectory | None) -> bool:
    if not _has_words(current) or not _has_words(chunk):
        return False
    if directory is not None:
        if directory.is_name_prefix(render([*current, _COMMA, *chunk])):
            return False
        if _starts_known(directory, chunk):
            return True
    if words.starts_collective(chunk) or _names_place(chunk):
        return True
    if not words.starts_organisation(chunk):
        # "VTV, VOV, TTXVN"; not «Các cơ sở sản xuất giống, NTTS thương phẩm», where the
        # acronym (nuôi trồng thủy sản) opens a common noun phrase in lower case.
        return words.is_acronym(chunk[0]) and not _common_phrase(chunk)
    listing_kinds = _enumerates_kinds(current)
    if not words.names_organisation(chunk):  # a bare "Bộ" (cut off) or "ban" ("Sở, ban, ngành")
        return words.is_capitalised(chunk[0]) and not listing_kinds
    # "Các phòng, đơn vị thuộc Sở" goes on listing kinds; "Vụ A, Vụ B" names another unit
    return words.is_capitalised(chunk[0]) or not listing_kinds or _qualified_kind(current)


def _names_place(chunk: Tokens) -> bool:
    """«Thành phố Hồ Chí Minh», «thành phố Đà Nẵng», «Tỉnh Lâm Đồng»: a city or province by its
    name (a local body in a central plan), not «thành phố trực thuộc trung ương»."""
    named = [token for token in chunk if token.is_word]
    for size in (2, 1):
        place = " ".join(fold(token.text) for token in named[:size])
        if place in _PLACES and len(named) > size:
            return words.is_capitalised(named[size])
    return False


def _common_phrase(chunk: Tokens) -> bool:
    """An acronym followed by words in lower case: «NTTS thương phẩm», no body's name."""
    following = [token for token in chunk[1:] if token.is_word]
    return bool(following) and not any(words.starts_name(token) for token in following)


def _qualified_kind(current: Tokens) -> bool:
    """«các Sở, ban, ngành, đoàn thể cấp tỉnh, cơ quan ngành dọc …»: the enumeration of kinds
    closed with a level («cấp tỉnh») after its last kind; a kind with its own words after it
    begins another group («cơ quan ngang bộ» after «Các Bộ» goes on listing)."""
    commas = [i for i, token in enumerate(current) if token.kind is TokenKind.COMMA]
    if not commas:
        return False
    last = [token for token in current[commas[-1] + 1 :] if token.is_word]
    kind = words.kind_at(last) if last else 0
    return 0 < kind < len(last) and fold(last[kind].text) == "cap"


def _enumerates_kinds(current: Tokens) -> bool:
    """Whether the text before a comma is a collective phrase still being listed."""
    return words.is_collective(current) or words.is_collective(_after_last_and(current))


def _split_and(piece: Piece, directory: UnitDirectory | None) -> list[Piece]:
    """Pass 4: "Bộ X và các bộ, ngành khác có liên quan" → "Bộ X", "các bộ, ngành …"."""
    pieces: list[Piece] = []
    start = 0
    for index, token in enumerate(piece):
        if words.is_word(token, words.AND_WORDS) and _and_breaks(
            piece[start:index], piece[index + 1 :], directory
        ):
            pieces.append(piece[start:index])
            start = index + 1
    pieces.append(piece[start:])
    return pieces


def _and_breaks(left: Tokens, right: Tokens, directory: UnitDirectory | None) -> bool:
    if not _has_words(left) or not _has_words(right):
        return False
    if directory is not None:
        if directory.is_name_prefix(render([*left, _AND, *right[:1]])):
            return False
        if _starts_known(directory, right):
            return True
    if words.starts_collective(right):
        return True
    if words.is_paired(left, right):
        return False  # "VP HĐND và UBND xã"
    if words.is_collective(left):
        # "Các phòng và đơn vị thuộc Sở" goes on listing kinds; "các sở, ngành liên quan và
        # Ủy ban nhân dân các xã, phường" names another body, capitalised.
        return words.is_capitalised(right[0]) and words.names_organisation(right)
    return words.names_organisation(right)


# -- shared helpers ------------------------------------------------------------------------


def _has_words(tokens: Tokens) -> bool:
    return any(token.is_word for token in tokens)


def _after_last_and(tokens: Tokens) -> Tokens:
    positions = [i for i, token in enumerate(tokens) if words.is_word(token, words.AND_WORDS)]
    return tokens[positions[-1] + 1 :] if positions else []


def _starts_known(directory: UnitDirectory, tokens: Tokens) -> bool:
    """Whether the tokens (up to the next comma) begin with a name the directory knows."""
    chunk = _chunks(list(tokens))[0]
    return any(directory.knows(render(chunk[:end])) for end in range(len(chunk), 0, -1))
