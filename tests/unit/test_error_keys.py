"""Every error the code raises has its sentence in both languages.

An error carries only a key and parameters (``nhacviec.errors``); the faces look the sentence
up (``nhacviec.i18n.errors.render_error``), which shows the bare key when it is missing. So the
keys are read from the source: every construction of a class of the error tree whose key is
written out, and the few places that pass a key along (listed below, where the keys come from).
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from nhacviec import errors
from nhacviec.errors import NhacviecError
from nhacviec.i18n import catalogue
from tests.shared_paths import REPO

PACKAGES = ("nhacviec", "workflows", "scheduler", "notifiers", "config")
KEY = re.compile(r"[a-z_]+(\.[a-z0-9_]+)+")

# Places that raise with a key they were handed: (file, function) -> the function whose
# call sites write the keys out (their string arguments shaped like a key).
PASSED_ALONG = {
    ("workflows/typed_dates.py", "check_year"): "check_year",
    ("nhacviec/cli/tasks.py", "_choice"): "_choice",
    ("nhacviec/cli/web.py", "_listen"): "_listen",
    # The units file's problems (tests/unit/units checks every "units.config.*" key too).
    ("workflows/units/directory.py", "_raise_first"): "Problem",
    # Issue 14: the date rules' refusals (workflows.extensions.ExtensionCode).
    ("nhacviec/services/extensions.py", "_or_raise"): "keyed",
    # Issue 14: files refused (workflows.evidence.FileRefusal), partner requests refused.
    ("nhacviec/services/evidence.py", "check_uploads"): "keyed",
    ("nhacviec/services/partner_requests.py", "ask"): "keyed",
}


def _keyed_classes() -> set[str]:
    """The classes built with a key as first argument (the others write theirs in
    ``nhacviec/errors.py``, where their constructors are read)."""
    found: set[str] = set()
    pending: list[type[NhacviecError]] = [NhacviecError]
    while pending:
        cls = pending.pop()
        if cls.__init__ is NhacviecError.__init__:
            found.add(cls.__name__)
        pending += cls.__subclasses__()
    return found


@dataclass(frozen=True)
class Raised:
    where: str  # path:line
    key: str
    params: tuple[str, ...] | None  # the keyword names given; None when a ** mapping is passed

    def __str__(self) -> str:  # the test's id: the same in every xdist worker
        return f"{self.where}:{self.key}"


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(REPO).as_posix()
            yield relative, ast.parse(path.read_text(encoding="utf-8"), relative)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


class _Calls(ast.NodeVisitor):
    """Every call with the name of the innermost function it is written in."""

    def __init__(self) -> None:
        self.function = ""
        self.found: list[tuple[str, ast.Call]] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        self.found.append((self.function, node))
        self.generic_visit(node)


def _calls(tree: ast.Module) -> list[tuple[str, ast.Call]]:
    calls = _Calls()
    calls.visit(tree)
    return calls.found


def _params(call: ast.Call) -> tuple[str, ...] | None:
    if any(keyword.arg is None for keyword in call.keywords):
        return None
    return tuple(sorted(keyword.arg for keyword in call.keywords if keyword.arg is not None))


def _scan() -> tuple[list[Raised], set[tuple[str, str]], dict[str, set[str]]]:
    """Keys written out; places handing a key along; string arguments of every call, by the
    called function's name (where passed-along keys come from)."""
    classes = _keyed_classes()
    raised: list[Raised] = []
    passed: set[tuple[str, str]] = set()
    arguments: dict[str, set[str]] = {}
    for relative, tree in _sources():
        for function, call in _calls(tree):
            called = _name(call.func)
            literal = [a.value for a in call.args if isinstance(a, ast.Constant)]
            arguments.setdefault(called, set()).update(v for v in literal if isinstance(v, str))
            # The tree's own classes write their keys in their constructors (super().__init__).
            in_tree = called == "__init__" and relative == "nhacviec/errors.py"
            if (called not in classes and not in_tree) or not call.args:
                continue  # not an error, or one with its key built in (NotLinked())
            first = call.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                raised.append(Raised(f"{relative}:{call.lineno}", first.value, _params(call)))
            elif not in_tree:  # the root's and RefusedError's keys are checked elsewhere
                passed.add((relative, function))
    return raised, passed, arguments


RAISED, PASSED, ARGUMENTS = _scan()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_finds_the_errors() -> None:
    keys = {raised.key for raised in RAISED}
    assert len(keys) > 60
    assert {"tasks.not_found", "events.office_only", "store.unreachable"} <= keys


def test_keys_handed_along_are_the_listed_ones() -> None:
    """A new place raising with a key it did not write must say here where its keys come from."""
    assert set(PASSED_ALONG) == PASSED


def _every_key() -> list[tuple[str, str]]:
    keys = {(raised.key, raised.where) for raised in RAISED}
    for (path, _), source in PASSED_ALONG.items():
        found = {value for value in ARGUMENTS.get(source, set()) if KEY.fullmatch(value)}
        assert found, (path, source)
        keys |= {(key, f"{path} (via {source})") for key in found}
    return sorted(keys)


@pytest.mark.parametrize(("key", "where"), _every_key())
def test_every_raised_key_has_a_sentence_in_both_languages(key: str, where: str) -> None:
    texts = catalogue().get(key)
    assert texts is not None, f"{where}: {key} is not in the catalogue"
    assert texts.get("vi", "").strip(), f"{where}: {key} has no Vietnamese sentence"
    assert texts.get("en", "").strip(), f"{where}: {key} has no English sentence"
    assert _fields(texts["vi"]) == _fields(texts["en"]), key


@pytest.mark.parametrize("raised", [r for r in RAISED if r.params is not None], ids=str)
def test_an_error_gives_the_parameters_its_sentence_names(raised: Raised) -> None:
    assert raised.params is not None
    missing = _fields(catalogue()[raised.key]["vi"]) - set(raised.params)
    assert not missing, f"{raised.where}: {raised.key} lacks {sorted(missing)}"


def test_refusals_have_their_sentences() -> None:
    """``RefusedError`` builds its key from the refusal's code (tests/unit/workflow too)."""
    from workflows.workflow import RefusalCode

    for code in RefusalCode:
        error = errors.RefusedError(code, {}, "I.1")
        assert catalogue()[error.key]["vi"], code
        assert catalogue()[error.key]["en"], code
