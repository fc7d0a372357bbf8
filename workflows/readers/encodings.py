"""Which encoding a text file is in, from its content (never from its length).

Accepted: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when every other
byte of ASCII text is zero) and Windows-1258 (any other 8-bit text). Refused with a way to
convert: text in the legacy Vietnamese font encodings TCVN3 (ABC, fonts ".Vn…") and VNI
("VNI-…" fonts). Those files are 8-bit text whose Vietnamese letters are Latin-1 symbols or
letters no Vietnamese word has, glued inside words: "ho¹ch" (TCVN3 for "hoạch"), "Keá hoaïch"
(VNI for "Kế hoạch"). The same letters show up in UTF-8 files pasted from such documents.
"""

from __future__ import annotations

import codecs
import re
from enum import StrEnum

from nhacviec.errors import DocumentError, SourceLocation

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# TCVN3 puts a, ă, â, đ, ê, ô, ơ, ư and the a-tones on Latin-1 symbols (0xA1–0xB9).
_TCVN3_SIGNS = "¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹×÷"
# VNI adds tone and hat marks as Latin-1 letters that no Vietnamese word holds.
_VNI_SIGNS = "øïûåäëüñöæØÏÛÅÄËÜÑÖÆ"
# A sign after a letter or a sign ("ho¹ch", "®¬n"), or "®" (đ) starting a word ("®Þa").
_TCVN3_IN_WORD = re.compile(
    rf"(?<=[^\W\d_])[{_TCVN3_SIGNS}]|(?<=[{_TCVN3_SIGNS}])[{_TCVN3_SIGNS}]|®(?=[^\W\d_])"
)
_VNI_IN_WORD = re.compile(rf"(?<=[^\W\d_])[{_VNI_SIGNS}]")
# Letters only Vietnamese has: ă â đ ê ô ơ ư and the precomposed tones (U+1EA0–U+1EF9).
_VIETNAMESE = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9]")
_LEGACY_MIN_SIGNS = 3
_ZERO_SHARE = 0.3  # UTF-16 without BOM: ASCII letters leave a zero in every other byte


class Legacy(StrEnum):
    TCVN3 = "TCVN3"
    VNI = "VNI"


def looks_like_text(head: bytes) -> bool:
    """The first bytes of a file could start a text file in an encoding we read."""
    if not head:
        return False
    if _bom_encoding(head) or _utf16_without_bom(head):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the 4 KiB read is still UTF-8; 8-bit text is cp1258.
        return error.start >= len(head) - 4 or _decodes_cp1258(head)
    return True


def choose_encoding(sample: bytes, location: SourceLocation) -> str:
    """The encoding to read a text file with, from its first bytes (``sample``); refused when
    it is none we read, or a legacy Vietnamese encoding."""
    encoding = _bom_encoding(sample) or _utf16_without_bom(sample) or _utf8_or_cp1258(sample)
    if encoding is None:
        raise DocumentError("import.text_encoding", location)
    view = sample.decode("latin-1" if encoding == "cp1258" else encoding, errors="ignore")
    legacy = legacy_encoding(view)
    if legacy is not None:
        raise DocumentError("import.text_legacy_encoding", location, encoding=legacy.value)
    return encoding


def legacy_encoding(text: str) -> Legacy | None:
    """TCVN3 or VNI when the text (a sample of a file) is full of their signs and has fewer
    real Vietnamese letters."""
    for legacy, signs in ((Legacy.TCVN3, _TCVN3_IN_WORD), (Legacy.VNI, _VNI_IN_WORD)):
        count = len(signs.findall(text))  # text is a sample: a few matches at most
        if count >= _LEGACY_MIN_SIGNS and count > len(_VIETNAMESE.findall(text)):
            return legacy
    return None


def _utf8_or_cp1258(sample: bytes) -> str | None:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # not a character cut by the end of the sample
            return "cp1258" if _decodes_cp1258(sample) else None
    return "utf-8"


def _bom_encoding(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > _ZERO_SHARE * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > _ZERO_SHARE * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _decodes_cp1258(data: bytes) -> bool:
    try:
        data.decode("cp1258")
    except UnicodeDecodeError:
        return False
    return True
