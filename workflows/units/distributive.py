"""Names that share one kind word: «Các Cục: Di sản văn hóa, Bản quyền tác giả» names «Cục Di
sản văn hóa» and «Cục Bản quyền tác giả»; «Sở: Tư pháp, Nội vụ» names two departments; «Ủy ban
nhân dân các xã: Gia Thuận, Tân Điền» names the People's Committee of each commune.

A collective phrase without a colon («UBND các xã, phường», «Các sở, ban, ngành») is one group
and is left as printed.
"""

from __future__ import annotations

import re

from workflows.text import fold

# A kind word, optionally after «các»/«những», then a colon and the names.
_DISTRIBUTIVE = re.compile(
    r"^(?P<bullet>[-–+•*]?\s*)(?:(?:các|những)\s+)?"
    r"(?P<kind>sở|bộ|cục|vụ|ban|phòng|viện|trường|trung tâm|chi cục|tổng cục|ủy ban nhân dân"
    r"|ubnd)\s*:\s*(?P<names>\S.*)$",
    re.IGNORECASE,
)
# «Ủy ban nhân dân các xã: Gia Thuận, Tân Điền» names «Ủy ban nhân dân xã Gia Thuận», …
_OWNED = re.compile(
    r"^(?P<bullet>[-–+•*]?\s*)(?P<owner>ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(?:các|những)\s+"
    r"(?P<kind>xã|phường|huyện|quận|tỉnh|thành phố)\s*:\s*(?P<names>\S.*)$",
    re.IGNORECASE,
)
_SEGMENTS = re.compile(r"(\n|;)")
# The mandate after a body's name: «… theo chức năng, nhiệm vụ được giao».
_MANDATE = re.compile(r"\s+(?:theo|trong phạm vi)\s+(?:chức năng|thẩm quyền)\b.*$", re.IGNORECASE)
# Names that print a comma inside themselves: rejoined after the comma split.
_COMMA_NAMES = (("văn hóa", "thể thao và du lịch"), ("văn hoá", "thể thao và du lịch"))


def expand_distributive(text: str) -> str:
    """``text`` with every distributive enumeration written out as separate names."""
    if ":" not in text:
        return text
    listed = _semicolon_list(text)
    if listed is not None:
        return listed
    return "".join(_expand(segment) for segment in _SEGMENTS.split(text))


# The full stop that ends an enumeration before the next name («… Việt Nam. Vụ Kế hoạch …»).
_ENUMERATION_END = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])")


def _semicolon_list(text: str) -> str | None:
    """«Các Cục: Bản quyền tác giả; …; Xuất bản, In và Phát hành; Báo chí. Vụ Kế hoạch, Tài
    chính.»: names separated by semicolons (a name may print a comma) share the kind word up to
    the full stop that ends the enumeration; what follows it is read as usual. When the first
    name prints a comma, commas separate the names and a semicolon ends them («Các Sở: Văn hóa,
    …, Tài chính; Công an tỉnh»)."""
    first, _, after = text.strip().partition("\n")
    match = _DISTRIBUTIVE.match(first)
    if match is None or ";" not in match["names"]:
        return None
    end = _ENUMERATION_END.search(match["names"])
    enumeration = match["names"][: end.start()] if end else match["names"]
    rest = match["names"][end.end() :] if end else ""
    names = [name.strip(" .") for name in enumeration.split(";") if name.strip(" .")]
    if "," in names[0]:
        return None  # «Các Sở: Văn hóa, …, Tài chính; Công an tỉnh»: commas separate the names
    kind = match["kind"]
    kind = kind if kind.isupper() else kind[0].upper() + kind[1:].lower()
    tail = "\n".join(part for part in (rest, after) if part)
    expanded = "; ".join(f"{kind} {name}" for name in names)
    return f"{expanded}; {expand_distributive(tail)}" if tail else expanded


def _expand(segment: str) -> str:
    owned = _OWNED.match(segment.strip())
    if owned is not None:
        owner, kind = owned["owner"], owned["kind"].lower()
        names = _names(owned["names"].strip(" .;"))
        return "; ".join(f"{owner} {kind} {name}" for name in names)
    match = _DISTRIBUTIVE.match(segment.strip())
    if match is None or _levels_of_schools(match["kind"], match["names"]):
        return segment
    kind = match["kind"]
    kind = kind if kind.isupper() else kind[0].upper() + kind[1:].lower()
    shared, rest = _enumeration(_names(match["names"].strip(" .;")))
    return "; ".join([*(f"{kind} {name}" for name in shared), *([", ".join(rest)] if rest else [])])


def _enumeration(names: list[str]) -> tuple[list[str], list[str]]:
    """(the names that share the kind word, what follows them as printed): the enumeration
    ends at a name in lower case («Các Bộ: Xây dựng, Công Thương, các bộ, cơ quan …»), and at
    the mandate after its last name, which names no one («…, Quốc phòng theo chức năng, nhiệm
    vụ rà soát, hoàn thiện»)."""
    shared: list[str] = []
    for index, name in enumerate(names):
        if not name[:1].isupper():
            return shared, names[index:]
        mandate = _MANDATE.search(name)
        shared.append(name[: mandate.start()].strip() if mandate else name)
        if mandate:
            return shared, []
    return shared, []


# Levels of schools: «Các trường: Đại học, Cao đẳng, Trung cấp» names kinds of schools, not
# schools; the group is one collective name, as printed.
_SCHOOL_LEVELS = (
    "dai hoc", "cao dang", "trung cap", "mam non", "tieu hoc", "trung hoc co so",
    "trung hoc pho thong", "pho thong",
)  # fmt: skip


def _levels_of_schools(kind: str, names: str) -> bool:
    """«Đại học», «Trung cấp trên địa bàn tỉnh»: a level alone or qualified in lower case, not
    «Đại học Luật Hà Nội» (a school's name)."""
    if fold(kind) != "truong":
        return False
    return all(_is_level(name) for name in _names(names.strip(" .;")))


def _is_level(name: str) -> bool:
    folded = fold(name)
    level = next((level for level in _SCHOOL_LEVELS if folded.startswith(level)), None)
    if level is None:
        return False
    after = name[len(level) :].split()  # fold keeps the length of these words
    return not after or after[0].islower()


def _names(text: str) -> list[str]:
    names: list[str] = []
    for part in text.split(","):
        name = re.sub(r"^(?:và|va)\s+", "", part.strip(), flags=re.IGNORECASE)
        if names and (names[-1].casefold(), name.casefold()) in _COMMA_NAMES:
            names[-1] = f"{names[-1]}, {name}"
        elif name:
            names.append(name)
    return names
