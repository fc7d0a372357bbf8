"""Loading a units directory file, the mistakes it reports, and resolving names with it."""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

import pytest

from nhacviec.errors import ConfigError
from nhacviec.i18n import Language
from nhacviec.i18n.errors import render_error
from workflows.units.directory import MatchHow, UnitDirectory, load_directory
from workflows.units.splitter import resolve_units, split_units

VALID = """\
organisation:
  key: xa-mau
  name: Ủy ban nhân dân xã Mẫu
  issuer_names: [UBND XÃ MẪU]
units:
  phong-vh-xh:
    name: Phòng Văn hóa - Xã hội
    office: true
    emails: [vhxh@example.org]
    telegram_chat_ids: [-1001000000001]
    head: {name: Nguyễn Văn An, email: an@example.org, telegram_chat_id: 700000001}
    groups: [related]
  van-phong:
    name: Văn phòng HĐND và UBND
    aliases: [VP HĐND và UBND xã, Một cửa]
  phong-kinh-te:
    name: Phòng Kinh tế
    groups: [related]
  so-noi-vu:
    name: Sở Nội vụ
    external: true
groups:
  related:
    name: Các cơ quan, đơn vị có liên quan
    phrases:
      - Các cơ quan, đơn vị liên quan
    members: [van-phong]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def directory(tmp_path: Path) -> UnitDirectory:
    return load_directory(write(tmp_path, VALID))


def load_error(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_directory(write(tmp_path, text))
    return caught.value


def test_valid_file_loads_into_units_groups_and_office(directory: UnitDirectory) -> None:
    keys = [unit.key for unit in directory.units]
    assert keys == ["phong-vh-xh", "van-phong", "phong-kinh-te", "so-noi-vu"]
    office = directory.office_unit()
    assert office is not None
    assert office.key == "phong-vh-xh"
    assert office.head is not None
    assert office.head.telegram_chat_id == 700000001
    related = directory.group("related")
    # members listed by the group and units naming the group, in file order
    assert related.members == ("phong-vh-xh", "van-phong", "phong-kinh-te")
    assert directory.unit("van-phong").groups == ("related",)
    assert [unit.key for unit in directory.members(related)] == list(related.members)
    assert directory.unit("so-noi-vu").external
    assert directory.matches_issuer("ỦY BAN NHÂN DÂN XÃ MẪU")
    assert directory.matches_issuer("UBND xã Mẫu")
    assert not directory.matches_issuer("UBND xã Khác")


@pytest.mark.parametrize(
    ("written", "key", "how", "note"),
    [
        ("Phòng VH-XH", "phong-vh-xh", MatchHow.NAME, ""),
        (
            unicodedata.normalize("NFD", "phòng văn hoá  -  xã hội"),
            "phong-vh-xh",
            MatchHow.NAME,
            "",
        ),
        ("VP HĐND và UBND", "van-phong", MatchHow.NAME, ""),
        ("Văn phòng Hội đồng nhân dân và Uỷ ban nhân dân xã", "van-phong", MatchHow.ALIAS, ""),
        ("Các cơ quan, đơn vị liên quan", "related", MatchHow.PHRASE, ""),
        ("Phong Kinh te", "phong-kinh-te", MatchHow.WITHOUT_DIACRITICS, ""),
        ("Phòng Kinh tế (chủ trì tổng hợp)", "phong-kinh-te", MatchHow.NAME, "chủ trì tổng hợp"),
    ],
)
def test_resolve(
    directory: UnitDirectory, written: str, key: str, how: MatchHow, note: str
) -> None:
    match = directory.resolve(written)
    assert match is not None
    assert (match.target.key, match.how, match.note) == (key, how, note)


def test_resolve_returns_none_for_unknown_names(directory: UnitDirectory) -> None:
    assert directory.resolve("Ban Quản lý dự án") is None
    assert directory.resolve("") is None


def test_resolve_units_keeps_unknown_names_in_order(directory: UnitDirectory) -> None:
    names = ["Phòng Kinh tế", "Ban Quản lý dự án", "Phòng VH-XH", "Các cơ quan, đơn vị liên quan",
             "Phòng Kinh tế", "Đội Thanh niên xung kích"]  # fmt: skip
    resolved = resolve_units(names, directory)
    assert [unit.key for unit in resolved.units] == ["phong-kinh-te", "phong-vh-xh"]
    assert [group.key for group in resolved.groups] == ["related"]
    assert resolved.unknown == ("Ban Quản lý dự án", "Đội Thanh niên xung kích")
    assert [name for name, _ in resolved.matches] == names


def test_resolve_units_without_directory_keeps_every_name_unknown() -> None:
    resolved = resolve_units(["Sở Nội vụ", "Các sở, ban, ngành"], None)
    assert resolved.unknown == ("Sở Nội vụ", "Các sở, ban, ngành")
    assert resolved.units == ()
    assert resolved.groups == ()


def test_directory_keeps_known_names_whole_and_splits_before_them(tmp_path: Path) -> None:
    text = VALID.replace("name: Phòng Kinh tế", "name: Phòng Nội vụ, Đoàn thể")
    directory = load_directory(write(tmp_path, text))
    cell = "Phòng Nội vụ, Đoàn thể, Một cửa"
    assert split_units(cell) == ["Phòng Nội vụ", "Đoàn thể, Một cửa"]
    assert split_units(cell, directory) == ["Phòng Nội vụ, Đoàn thể", "Một cửa"]


# -- mistakes: one ConfigError each, naming the file, the line and the entry ------------------


def test_broken_yaml(tmp_path: Path) -> None:
    error = load_error(tmp_path, "organisation:\n  key: x\n  name: [unclosed\nunits: {}\n")
    assert error.key == "units.config.yaml_syntax"
    assert error.location is not None
    assert error.location.file.endswith("units.yaml")
    assert error.location.row is not None
    assert "YAML" in render_error(error, Language.VI)


def test_unit_without_a_name(tmp_path: Path) -> None:
    error = load_error(tmp_path, VALID.replace("    name: Phòng Kinh tế\n", ""))
    assert error.key == "units.config.missing_field"
    assert error.params["entry"] == "units.phong-kinh-te"
    assert error.params["field"] == "name"
    assert error.location is not None
    entry_line = VALID.splitlines().index("  phong-kinh-te:") + 1
    assert error.location.row == entry_line
    message = render_error(error, Language.VI)
    assert "units.yaml" in message
    assert "units.phong-kinh-te" in message
    assert "«name»" in message


def test_two_units_with_the_same_alias(tmp_path: Path) -> None:
    text = VALID.replace(
        "    name: Phòng Kinh tế\n", "    name: Phòng Kinh tế\n    aliases: [Một cửa]\n"
    )
    error = load_error(tmp_path, text)
    assert error.key == "units.config.duplicate_name"
    assert (error.params["entry"], error.params["other"]) == (
        "units.phong-kinh-te",
        "units.van-phong",
    )
    assert "Một cửa" in render_error(error, Language.VI)


def test_alias_equal_to_another_name_once_normalised(tmp_path: Path) -> None:
    text = VALID.replace("[VP HĐND và UBND xã, Một cửa]", "[Phòng VH-XH]")
    error = load_error(tmp_path, text)
    assert error.key == "units.config.duplicate_name"
    assert error.params["other"] == "units.phong-vh-xh"


def test_two_offices(tmp_path: Path) -> None:
    text = VALID.replace("    name: Phòng Kinh tế\n", "    name: Phòng Kinh tế\n    office: true\n")
    error = load_error(tmp_path, text)
    assert error.key == "units.config.two_offices"
    assert (error.params["entry"], error.params["other"]) == (
        "units.phong-kinh-te",
        "units.phong-vh-xh",
    )
    assert "office: true" in render_error(error, Language.VI)


MISTAKES = [
    # (text to replace, replacement, catalogue key, entry named)
    (
        "  phong-kinh-te:\n",
        "  phong-kinh-te:\n    nmae: x\n",
        "unknown_field",
        "units.phong-kinh-te",
    ),
    ("[vhxh@example.org]", "[vhxh.example.org]", "bad_email", "units.phong-vh-xh"),
    ("[-1001000000001]", "[nhom-vhxh]", "expected_integer", "units.phong-vh-xh"),
    (
        "groups: [related]\n  van-phong",
        "groups: [x]\n  van-phong",
        "unknown_group",
        "units.phong-vh-xh",
    ),
    ("members: [van-phong]", "members: [van-phong-xa]", "unknown_member", "groups.related"),
    ("  so-noi-vu:\n    name: Sở", "  phong-kinh-te:\n    name: Sở", "duplicate_key", "units"),
    ("  so-noi-vu:", "  Sở Nội vụ:", "bad_key", "units"),
    (
        "    external: true",
        "    external: true\n    office: true",
        "two_offices",
        "units.so-noi-vu",
    ),
    ("name: Ủy ban nhân dân xã Mẫu", "name: ''", "empty_text", "organisation"),
    ("organisation:\n  key: xa-mau\n", "organisation:\n", "missing_field", "organisation"),
]


@pytest.mark.parametrize(("old", "new", "key", "entry"), MISTAKES, ids=[m[2] for m in MISTAKES])
def test_other_mistakes(tmp_path: Path, old: str, new: str, key: str, entry: str) -> None:
    assert old in VALID
    error = load_error(tmp_path, VALID.replace(old, new, 1))
    assert (error.key, error.params["entry"]) == (f"units.config.{key}", entry)
    assert error.location is not None
    assert error.location.row is not None


def test_external_office(tmp_path: Path) -> None:
    text = VALID.replace("    office: true\n", "").replace(
        "    external: true", "    external: true\n    office: true"
    )
    error = load_error(tmp_path, text)
    assert (error.key, error.params["entry"]) == ("units.config.external_office", "units.so-noi-vu")


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text\n"])
def test_file_that_is_not_a_mapping(tmp_path: Path, text: str) -> None:
    assert load_error(tmp_path, text).key == "units.config.not_a_mapping"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_directory(tmp_path / "absent.yaml")
    assert caught.value.key == "units.config.unreadable"


def test_every_units_message_exists_in_both_languages() -> None:
    from nhacviec.i18n import catalogue

    keys = [key for key in catalogue() if key.startswith("units.")]
    assert keys
    for key in keys:
        assert catalogue()[key].get("vi"), key
        assert catalogue()[key].get("en"), key


def test_every_message_key_the_code_raises_is_in_the_catalogue() -> None:
    import re

    from nhacviec.i18n import catalogue
    from tests.shared_paths import REPO

    sources = (REPO / "workflows" / "units").glob("*.py")
    used = {
        key
        for path in sources
        for key in re.findall(r'"(units\.config\.\w+)"', path.read_text("utf-8"))
    }
    assert used
    assert used <= set(catalogue())
