"""A message key written twice is refused: YAML would keep the last silently, and one command
would show another's help (issue 9: ``tasks --unit`` showed ``nhacviec unit``'s)."""

from __future__ import annotations

import pytest

from nhacviec.i18n import catalogue, load_messages


def test_a_key_twice_in_one_file_is_refused_with_its_name_and_line() -> None:
    text = 'a.one: {vi: "một", en: "one"}\na.two: {vi: "hai"}\na.one: {vi: "khác"}\n'
    with pytest.raises(
        ValueError, match=r"f\.yaml: message key 'a\.one' is defined twice \(line 3\)"
    ):
        load_messages(text, "f.yaml")


def test_a_key_twice_inside_a_message_is_refused() -> None:
    with pytest.raises(ValueError, match="'vi' is defined twice"):
        load_messages("a.one:\n  vi: x\n  vi: y\n", "f.yaml")


def test_distinct_keys_load() -> None:
    assert load_messages('a: {vi: "x"}\nb: {vi: "y"}\n', "f.yaml") == {
        "a": {"vi": "x"},
        "b": {"vi": "y"},
    }


def test_the_shipped_catalogue_has_each_key_once() -> None:
    messages = catalogue()
    assert messages["cli.help.unit"]["vi"] != messages["cli.help.unit_links_group"]["vi"]
