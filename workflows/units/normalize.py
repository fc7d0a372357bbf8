"""Matching keys for unit names: one key for every way a clerk may write the same name.

"Phòng VH-XH", "phòng  Văn hoá - Xã hội" and "PHÒNG VĂN HÓA – XÃ HỘI" (NFD or NFC) all give
the same key. A key is for comparing only; it is never shown to anyone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

# Abbreviations used in unit cells, keyed by their casefolded NFC spelling. Expansions are
# written in the casefolded form too. Ambiguous short forms ("CT", "XD") are left out on purpose.
ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {
        "vp": "văn phòng",
        "tt": "trung tâm",
        "ubnd": "ủy ban nhân dân",
        "hđnd": "hội đồng nhân dân",
        "ubmttq": "ủy ban mặt trận tổ quốc",
        "mttq": "mặt trận tổ quốc",
        "vh-xh": "văn hóa - xã hội",
        "kt-xh": "kinh tế - xã hội",
        "kt-ht-đt": "kinh tế - hạ tầng - đô thị",
        "tc-kh": "tài chính - kế hoạch",
        "kh-tc": "kế hoạch - tài chính",
        "hcc": "hành chính công",
        "pvhcc": "phục vụ hành chính công",
        "cq": "cơ quan",
        "đv": "đơn vị",
        "gđ": "giám đốc",
        "pgđ": "phó giám đốc",
        "chqs": "chỉ huy quân sự",
        "bch": "ban chỉ huy",
        "bql": "ban quản lý",
        "tthc": "thủ tục hành chính",
        "qppl": "quy phạm pháp luật",
        "vbqppl": "văn bản quy phạm pháp luật",
        "cchc": "cải cách hành chính",
        "kh&cn": "khoa học và công nghệ",
        "khcn": "khoa học và công nghệ",
        "gd&đt": "giáo dục và đào tạo",
        "gdđt": "giáo dục và đào tạo",
        "tn&mt": "tài nguyên và môi trường",
        "tnmt": "tài nguyên và môi trường",
        "nn&mt": "nông nghiệp và môi trường",
        "nn&ptnt": "nông nghiệp và phát triển nông thôn",
        "lđtb&xh": "lao động - thương binh và xã hội",
        "lđtbxh": "lao động - thương binh và xã hội",
        "ttxvn": "thông tấn xã việt nam",
    }
)

# Vietnamese tone marks as combining characters. Every other mark (circumflex, breve, horn)
# belongs to the letter; a tone belongs to the syllable, whichever vowel carries it.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
# Anything that is not a letter, digit, "-" or "&" separates words in a key.
_NOT_WORD = re.compile(r"[^\w&-]+")
_DASH_RUN = re.compile(r"-+")
_PARENTHESISED = re.compile(r"\([^()]*\)")
# A syllable whose only vowel is "y" ("kỹ", "lý", "quý", "Mỹ") is also written with "i".
_LONE_Y = re.compile(r"^(qu|[bcdđghklmnprstvx]*)y$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Letters without any mark, "đ" as "d": how names are typed on a keyboard without Telex."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def fold_word(word: str) -> str:
    """One spelling per casefolded syllable: the tone moves to the end ("hoà", "hòa" → "hoa2")."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = "".join(_TONES[c] for c in decomposed if c in _TONES)
    letters = nfc("".join(c for c in decomposed if c not in _TONES))
    return _LONE_Y.sub(r"\1i", letters) + tones


def expand_abbreviations(words: list[str]) -> list[str]:
    """Casefolded words with every known abbreviation spelled out."""
    expanded: list[str] = []
    for word in words:
        expanded.extend(_expand(word).split())
    return expanded


def key_words(name: str) -> list[str]:
    """The words of a name's key, before tone folding: casefolded, expanded, no punctuation."""
    text = _NOT_WORD.sub(" ", nfc(name).translate(_DASHES).casefold())
    words = expand_abbreviations(text.split())
    parts = [part for word in words for part in _DASH_RUN.split(word) if part]
    return ["và" if part == "&" else part for part in parts]


def unit_key(name: str) -> str:
    """The matching key of a unit name: case, Unicode form, tone placement, spacing,
    punctuation and abbreviations do not matter."""
    return " ".join(fold_word(word) for word in key_words(name))


def loose_key(name: str) -> str:
    """``unit_key`` without any diacritics: "TT Phuc vu HCC" and "TT Phục vu HCC" meet here."""
    return " ".join(_LONE_Y.sub(r"\1i", strip_diacritics(word)) for word in key_words(name))


def without_notes(name: str) -> tuple[str, str]:
    """The name with parenthesised remarks removed, and the remarks themselves.

    "TT Phục vụ HCC (TTHC cấp xã: …)" → ("TT Phục vụ HCC", "TTHC cấp xã: …").
    """
    notes = [match.group(0)[1:-1].strip() for match in _PARENTHESISED.finditer(name)]
    bare = " ".join(_PARENTHESISED.sub(" ", name).split())
    return bare, "; ".join(note for note in notes if note)


def _expand(word: str) -> str:
    found = ABBREVIATIONS.get(word) or _ASCII_ABBREVIATIONS.get(word)
    if found is not None:
        return found
    if "-" in word.strip("-"):
        return " - ".join(_expand(part) for part in word.split("-") if part)
    return word


# The same table reachable when a name is typed without diacritics ("HDND", "PGD"), except
# where the bare spelling means something else ("DV" is "dịch vụ" far more often than "đơn vị").
_ASCII_ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {
        strip_diacritics(short): long
        for short, long in ABBREVIATIONS.items()
        if strip_diacritics(short) not in {"dv"}
    }
)
