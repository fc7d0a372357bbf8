"""A units directory written back as YAML reads back the same, and the console's edits pass
the same checks as a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhacviec.errors import ConfigError
from workflows.units.directory import load_directory, parse_directory
from workflows.units.writing import (
    data_yaml,
    directory_data,
    directory_yaml,
    free_key,
    with_alias,
    with_unit,
)

UNITS = Path(__file__).resolve().parents[3] / "config" / "units"


@pytest.mark.parametrize("name", ["so-cong-thuong.yaml", "xa-ba-long.yaml"])
def test_a_directory_written_out_reads_back_the_same(name: str) -> None:
    directory = load_directory(UNITS / name)
    assert parse_directory(directory_yaml(directory), name) == directory


def test_a_new_unit_gets_a_key_from_its_name_and_is_found_by_it() -> None:
    directory = load_directory(UNITS / "xa-ba-long.yaml")
    data, key = with_unit(directory_data(directory), "Đoàn Thanh niên xã")
    assert key == "doan-thanh-nien-xa"
    edited = parse_directory(data_yaml(data), "x.yaml")
    match = edited.resolve("Đoàn Thanh niên xã")
    assert match is not None
    assert match.unit == edited.unit(key)


def test_an_alias_already_another_units_name_is_refused_as_in_a_file() -> None:
    directory = load_directory(UNITS / "xa-ba-long.yaml")
    data = with_alias(directory_data(directory), "phong-kinh-te", "Công an xã")
    with pytest.raises(ConfigError) as raised:
        parse_directory(data_yaml(data), "xa-ba-long.yaml")
    assert raised.value.key == "units.config.duplicate_name"


def test_free_keys_skip_the_taken_ones() -> None:
    assert free_key("Phòng Kinh tế", {"phong-kinh-te"}) == "phong-kinh-te-2"
    assert free_key("!!!", set()) == "don-vi"
