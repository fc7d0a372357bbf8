"""The words that tell where one unit ends and the next begins, and tests on cell tokens.

Every comparison ignores case, Unicode form and tone placement, and a word typed without
any diacritics ("So Noi vu") matches its accented form.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from workflows.units.normalize import fold_word, strip_diacritics, unit_key
from workflows.units.tokens import Token, TokenKind, Tokens, render

# Words that begin the name of a body: "Sở Nội vụ", "Vụ Pháp luật quốc tế", "UBND xã".
ORGANISATION_WORDS = (
    "sở", "bộ", "phòng", "ban", "cục", "vụ", "viện", "đài", "báo", "trường", "hội", "đoàn",
    "quỹ", "trạm", "đội", "hạt", "văn phòng", "trung tâm", "ủy ban", "ủy ban nhân dân",
    "hội đồng", "hội đồng nhân dân", "công an", "thanh tra", "bộ phận", "cơ quan", "đơn vị",
    "tổng cục", "chi cục", "bệnh viện", "học viện", "tòa án", "viện kiểm sát", "ngân hàng",
    "kho bạc", "bảo hiểm xã hội", "công ty", "tổng công ty", "tập đoàn", "mặt trận",
    "liên đoàn", "liên minh", "hiệp hội", "đảng ủy", "chi nhánh", "cảng vụ", "tạp chí",
    "ban chỉ huy", "bộ chỉ huy",
    "ban quản lý", "tổ công tác", "tổ giúp việc", "thông tấn xã", "nhà xuất bản",
    "cổng thông tin", "hệ thống truyền thanh",
    "kiểm toán nhà nước", "thuế", "ubnd", "hđnd", "ubmttq", "vp", "tt", "bch", "bql",
)  # fmt: skip
# Nouns for kinds of bodies, as enumerated in collective phrases ("Các sở, ban, ngành").
KIND_WORDS = (
    "bộ", "ngành", "sở", "ban", "phòng", "văn phòng", "cơ quan", "đơn vị", "địa phương",
    "tổ chức", "doanh nghiệp", "đoàn thể", "xã", "phường", "thị trấn", "huyện", "tỉnh",
    "thành phố", "trường học", "hội", "chủ đầu tư",
)  # fmt: skip
COLLECTIVE_WORDS = ("các", "những")
# Words after which an organisation word belongs to the name before it ("thuộc Sở").
CONNECTIVES = (
    "của", "thuộc", "trực thuộc", "và", "với", "cho", "tại", "về", "ở", "các", "cấp", "trong",
    "trên", "toàn",
    # «Trưởng Ban Chỉ đạo», «Cục trưởng Cục …»: a role held in the body named after it.
    "trưởng",
)  # fmt: skip
# Ordinary words whose second syllable is an organisation word; they matter only in text
# written in title case ("Trung Tâm Phục Vụ", "Bộ Quốc Phòng", "Sở Tài Nguyên Và Môi Trường").
COMPOUNDS = (
    "phục vụ", "nhiệm vụ", "dịch vụ", "nội vụ", "ngoại vụ", "công vụ", "sự vụ", "cơ sở",
    "trụ sở", "cán bộ", "toàn bộ", "nội bộ", "đồng bộ", "quốc phòng", "dự phòng", "xã hội",
    "quốc hội", "đại hội", "hiệp hội", "môi trường", "thị trường", "công trường",
    "thông báo", "dự báo", "cảnh báo", "tình báo", "quân đoàn", "phái đoàn", "thư viện",
)  # fmt: skip
# Bodies named together as one complement: "Văn phòng HĐND và UBND xã" is a single office.
PAIRED = (
    ("hội đồng nhân dân", "ủy ban nhân dân"),
    # «Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh»: one office since 2025.
    ("đoàn đại biểu quốc hội", "hội đồng nhân dân"),
)
QUALIFIER_WORDS = ("với",)  # "Bộ Công an, Bộ KH&CN với các tiêu chuẩn …": a qualified cell
AND_WORDS = ("và",)

_STRIP = ".:!?\"'“”‘’"


@lru_cache(maxsize=1 << 16)
def word_forms(word: str) -> tuple[str, str]:
    """The accented key and the bare key a written word is compared by (cached: plans repeat
    the same few hundred words, and every phrase test compares them)."""
    core = word.strip(_STRIP)
    return fold_word(core), strip_diacritics(core).casefold()


@lru_cache(maxsize=1 << 16)
def _has_marks(word: str) -> bool:
    return strip_diacritics(word) != word


Forms = tuple[str, str]  # a word's accented key and bare key (see word_forms)
Phrase = tuple[Forms, ...]


class PhraseBook:
    """Phrases to look for in a cell, indexed by their first word so a lookup is not a scan."""

    def __init__(self, words: Iterable[str]) -> None:
        split = (tuple(word_forms(part) for part in phrase.split()) for phrase in words)
        self.phrases: tuple[Phrase, ...] = tuple(sorted(split, key=len, reverse=True))
        self._by_folded: dict[str, list[Phrase]] = {}
        self._by_bare: dict[str, list[Phrase]] = {}
        for phrase in self.phrases:
            self._by_folded.setdefault(phrase[0][0], []).append(phrase)
            self._by_bare.setdefault(phrase[0][1], []).append(phrase)

    def starting_with(self, word: str) -> list[Phrase]:
        """Phrases whose first word can be ``word``, longest first."""
        folded, bare = word_forms(word)
        found = self._by_folded.get(folded, [])
        if not _has_marks(word):  # typed without diacritics: the bare key may match too
            found = list(dict.fromkeys([*found, *self._by_bare.get(bare, [])]))
        return sorted(found, key=len, reverse=True)


_ORGANISATIONS = PhraseBook(ORGANISATION_WORDS)
_KINDS = PhraseBook(KIND_WORDS)
_CONNECTIVES = PhraseBook(CONNECTIVES)
_COMPOUNDS = PhraseBook(COMPOUNDS)


def _same(token: Token, form: tuple[str, str]) -> bool:
    if not token.is_word:
        return False
    folded, bare = word_forms(token.text)
    return folded == form[0] or (not _has_marks(token.text) and bare == form[1])


def _phrase_at(tokens: Tokens, index: int, book: PhraseBook) -> int:
    """Number of tokens of the longest phrase of ``book`` starting at ``index`` (0: none)."""
    if index >= len(tokens) or not tokens[index].is_word:
        return 0
    for phrase in book.starting_with(tokens[index].text):
        window = tokens[index : index + len(phrase)]
        if len(window) == len(phrase) and all(map(_same, window, phrase)):
            return len(phrase)
    return 0


def organisation_at(tokens: Tokens, index: int = 0) -> int:
    """Number of tokens of the organisation word starting at ``index`` (0 when there is none)."""
    return _phrase_at(tokens, index, _ORGANISATIONS)


def starts_organisation(tokens: Tokens) -> bool:
    """ "Sở …", "phòng …", "UBND …": the tokens begin with an organisation word."""
    return organisation_at(tokens) > 0


def names_organisation(tokens: Tokens) -> bool:
    """An organisation word followed by a name: "Sở Tư pháp", not a bare "Sở" or "ban"."""
    return 0 < organisation_at(tokens) < len(tokens)


def kind_at(tokens: Tokens, index: int = 0) -> int:
    return _phrase_at(tokens, index, _KINDS)


def is_word(token: Token, words: tuple[str, ...]) -> bool:
    return any(_same(token, word_forms(word)) for word in words)


def is_connective(token: Token) -> bool:
    return _phrase_at([token], 0, _CONNECTIVES) == 1


def is_compound(first: Token, second: Token) -> bool:
    return any(all(map(_same, (first, second), phrase)) for phrase in _COMPOUNDS.phrases)


def is_capitalised(token: Token) -> bool:
    letters = [c for c in token.text if c.isalpha()]
    return bool(letters) and letters[0].isupper()


def is_acronym(token: Token) -> bool:
    """ "VTV", "UBND", "VH-XH", "KH&CN": two or more letters, all capitals."""
    letters = [c for c in token.text if c.isalpha()]
    return token.is_word and len(letters) >= 2 and all(c.isupper() for c in letters)


def starts_collective(tokens: Tokens) -> bool:
    """ "Các …", "các …": a phrase naming several bodies at once."""
    return bool(tokens) and is_word(tokens[0], COLLECTIVE_WORDS)


def is_collective(tokens: Tokens) -> bool:
    """A collective phrase: "Các phòng …", or a bare kind of body ("Sở", "Cơ quan, …")
    not followed by a proper name ("Sở Nội vụ" is a unit, "Sở, ban, ngành" is not)."""
    if starts_collective(tokens):
        return True
    length = kind_at(tokens)
    if not length:
        return False
    following = tokens[length : length + 1]
    return not following or not (following[0].is_word and _starts_name(following[0]))


def is_all_capitals(tokens: Tokens) -> bool:
    """Text printed in capitals ("PHÒNG KINH TẾ"), where case cannot show where names begin."""
    words = [token for token in tokens if token.is_word]
    letters = [c for token in words for c in token.text if c.isalpha()]
    return len(words) > 1 and all(c.isupper() for c in letters)


def _starts_name(token: Token) -> bool:
    return is_capitalised(token) or is_acronym(token)


def starts_name(token: Token) -> bool:
    """A word that begins a proper name: capitalised or an acronym."""
    return token.kind is TokenKind.WORD and _starts_name(token)


def is_paired(left: Tokens, right: Tokens) -> bool:
    """Whether "left và right" joins a fixed pair ("… HĐND và UBND …") rather than two units."""
    before = f" {unit_key(render(left))} "
    after = f"{unit_key(render(right))} "
    return any(
        before.endswith(f" {unit_key(first)} ") and after.startswith(f"{unit_key(second)} ")
        for first, second in PAIRED
    )
