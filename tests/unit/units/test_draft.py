"""Drafting a units directory from a plan's names: merging spellings, telling groups apart."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from nhacviec.i18n import Language, translate
from nhacviec.units_yaml import draft_to_yaml
from workflows.units.directory import MatchHow, load_directory
from workflows.units.draft import (
    DirectoryDraft,
    DraftEntry,
    NameUse,
    draft_directory,
    draft_until_known,
    group_key,
    is_collective_name,
    make_key,
    merge_uses,
    name_uses,
)
from workflows.units.splitter import split_units

NOTE = "TTHC cấp xã: UBND cấp xã rà soát gửi cơ quan chuyên môn theo ngành, lĩnh vực liên quan"
# The names of issue 9, as the seed plans print them, in cells of six tasks.
CELLS = [
    (["TT Phục vụ HCC"], ["Các cơ quan, đơn vị có liên quan"]),
    ([f"TT Phục vu HCC ({NOTE})"], ["các đơn vị"]),
    (["Sở nội vụ"], ["Các phòng chuyên môn"]),
    (["Phòng VH-XH"], ["Sở Nội vụ", "UBND các xã"]),
    (["Phòng Văn hóa - Xã hội"], ["Các cơ quan, đơn vị liên quan"]),
    (["Trung tâm Phục vụ Hành chính công"], ["Sở Nội vụ"]),
]


def _draft() -> DirectoryDraft:
    return draft_directory(name_uses(CELLS), "ỦY BAN NHÂN DÂN XÃ MẪU")


def _unit(draft: DirectoryDraft, name: str) -> DraftEntry:
    return next(entry for entry in draft.units if entry.name == name)


def _group(draft: DirectoryDraft, name: str) -> DraftEntry:
    return next(entry for entry in draft.groups if entry.name == name)


@pytest.mark.parametrize(
    "name",
    [
        "các đơn vị",
        "Các phòng chuyên môn",
        "UBND các xã",
        "UBND các phường, xã",
        "UBND cấp xã",
        "UBND xã, phường",
        "Các cơ quan, đơn vị có liên quan",
        "Cơ quan, địa phương liên quan",
        "Cơ quan soạn thảo văn bản QPPL",
        "Văn phòng, đơn vị thuộc Sở",
        "Bộ, ngành, địa phương",
        "Các Sở, ban, ngành Thành phố",
        "CÁC ĐƠN VỊ",
    ],
)
def test_collective_phrases_are_groups(name: str) -> None:
    assert is_collective_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "Sở Nội vụ",
        "Sở nội vụ",  # a case slip, not "the departments of internal affairs"
        "TT Phục vu HCC (TTHC cấp xã: UBND cấp xã rà soát)",
        "Bộ phận một cửa của Sở",
        "Ban Quản lý các khu công nghệ cao và khu công nghiệp",
        "Vụ Các vấn đề chung về xây dựng pháp luật",
        "Văn phòng UBND tỉnh",
        "UBND tỉnh",
        "UBND xã Ba Lòng",
        "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã",
        "VTV",
    ],
)
def test_named_bodies_are_units(name: str) -> None:
    assert not is_collective_name(name)


def test_diacritic_slips_abbreviations_and_remarks_merge_into_one_unit() -> None:
    draft = _draft()
    centre = _unit(draft, "Trung tâm Phục vụ Hành chính công")
    assert set(centre.aliases) == {"TT Phục vụ HCC", "TT Phục vu HCC"}
    assert f"TT Phục vu HCC ({NOTE})" in centre.spellings
    assert (centre.tasks, centre.lead) == (3, 3)


def test_case_slips_merge_and_the_capitalised_spelling_is_the_name() -> None:
    draft = _draft()
    home_affairs = _unit(draft, "Sở Nội vụ")
    assert home_affairs.aliases == ("Sở nội vụ",)
    assert (home_affairs.tasks, home_affairs.lead) == (3, 1)


def test_an_abbreviated_name_gives_way_to_its_full_spelling() -> None:
    culture = _unit(_draft(), "Phòng Văn hóa - Xã hội")
    assert culture.aliases == ("Phòng VH-XH",)
    assert culture.key == "phong-van-hoa-xa-hoi"


def test_collective_phrases_become_groups_and_wordings_differing_in_fillers_merge() -> None:
    draft = _draft()
    related = _group(draft, "Các cơ quan, đơn vị có liên quan")
    assert related.aliases == ("Các cơ quan, đơn vị liên quan",)
    assert related.tasks == 2
    assert {group.name for group in draft.groups} == {
        "Các cơ quan, đơn vị có liên quan",
        "các đơn vị",
        "Các phòng chuyên môn",
        "UBND các xã",
    }
    assert len(draft.units) == 3


def test_group_key_ignores_fillers_but_not_what_the_phrase_names() -> None:
    assert group_key("Các phòng và đơn vị thuộc Sở") == group_key("Các phòng, đơn vị thuộc Sở")
    assert group_key("Bộ, ngành, địa phương") == group_key("các bộ, ngành, địa phương")
    assert group_key("Các cơ quan, đơn vị") == group_key("Các cơ quan, đơn vị có liên quan")
    assert group_key("Các phòng thuộc Sở") != group_key("Các phòng chuyên môn")
    # "cơ quan" is not the filler "có"
    assert group_key("Cơ quan liên quan") == "co quan"


def test_the_draft_loads_as_a_directory_that_knows_every_name() -> None:
    draft = _draft()
    directory = draft.as_directory()
    for lead, partners in CELLS:
        for name in (*lead, *partners):
            assert directory.resolve(name) is not None, name
    assert directory.resolve("Sở nội vụ") is not None
    match = directory.resolve(f"TT Phục vu HCC ({NOTE})")
    assert match is not None
    assert match.unit is not None
    assert match.how is MatchHow.ALIAS
    assert match.unit.name == "Trung tâm Phục vụ Hành chính công"
    assert directory.matches_issuer("Ủy ban nhân dân xã Mẫu")


def test_keys_are_well_formed_and_unique() -> None:
    uses = name_uses([(["Phòng Kinh tế", "Phòng Kinh-tế xã", "Phòng kinh tế (cũ)"], [])])
    draft = draft_directory(uses, "")
    assert [unit.key for unit in draft.units] == ["phong-kinh-te", "phong-kinh-te-xa"]
    assert draft.organisation_key == "to-chuc"
    assert make_key("Ủy ban nhân dân xã Ba Lòng") == "uy-ban-nhan-dan-xa-ba-long"
    assert len(make_key("Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành")) <= 48


def test_nfd_text_merges_with_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
    draft = draft_directory(name_uses([([nfd], ["Sở Nội vụ"])]), "SỞ MẪU")
    assert len(draft.units) == 1
    assert draft.units[0].tasks == 1


def test_name_uses_count_tasks_not_mentions() -> None:
    uses = {use.name: use for use in name_uses([(["A"], ["A", "B"]), (["B"], [])])}
    assert uses["A"].tasks == frozenset({1})
    assert uses["B"].tasks == frozenset({1, 2})
    assert uses["B"].lead == frozenset({2})
    merged = {
        u.name: u
        for u in merge_uses(
            [NameUse("A", frozenset({1}), frozenset())],
            [NameUse("A", frozenset({2}), frozenset({2}))],
        )
    }
    assert merged["A"].tasks == frozenset({1, 2})


def test_drafting_goes_on_until_a_reading_with_the_draft_knows_every_name() -> None:
    cell = "Bộ Công an, Bộ Khoa học và Công nghệ với các tiêu chuẩn kỹ thuật"
    plain = [(["Bộ Công an"], ["Bộ Khoa học và Công nghệ"])]

    def read(directory: object) -> list[tuple[list[str], list[str]]]:
        if directory is None:
            return plain
        return [(split_units(cell), [])]  # a cell kept whole only once names are known

    draft = draft_until_known(read, "BỘ MẪU")
    directory = draft.as_directory()
    assert all(directory.resolve(name) for name in split_units(cell))
    assert draft.units[0].name == "Bộ Công an"


@pytest.mark.parametrize("lang", list(Language))
def test_the_rendered_draft_loads_even_without_an_issuer(lang: Language, tmp_path: Path) -> None:
    draft = draft_directory(name_uses(CELLS), "")
    file = tmp_path / "units.yaml"
    file.write_text(draft_to_yaml(draft, ["ke-hoach.docx"], lang), encoding="utf-8")
    directory = load_directory(file)
    assert directory.organisation_name == translate("units_init.organisation_unknown", lang)
    assert directory.issuer_names == ()
    assert [unit.aliases for unit in directory.units] == [unit.aliases for unit in draft.units]
    assert [group.phrases for group in directory.groups] == [g.aliases for g in draft.groups]
    assert all(not unit.emails and not unit.telegram_chat_ids for unit in directory.units)
