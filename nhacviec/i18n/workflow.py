"""Workflow words for people: state, action and role names, and refusals as sentences.

A ``Refusal`` (and the ``RefusedError`` carrying one) keeps codes in its params so it can be
shown in any language; here each code is replaced by its name from the catalogue
(``workflow.state.*``, ``workflow.action.*``, ``workflow.role.*``, ``workflow.example.*``)
before the refusal's own message is rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from nhacviec.i18n import DEFAULT_LANGUAGE, Language, translate
from workflows.workflow import Action, Refusal, Role, State

_LIST_SEPARATOR = ", "


def state_name(state: State, lang: Language | str = DEFAULT_LANGUAGE) -> str:
    return translate(f"workflow.state.{state.value}", lang)


def action_name(action: Action, lang: Language | str = DEFAULT_LANGUAGE) -> str:
    return translate(f"workflow.action.{action.value}", lang)


def role_name(role: Role, lang: Language | str = DEFAULT_LANGUAGE) -> str:
    return translate(f"workflow.role.{role.value}", lang)


def refusal_message(refusal: Refusal, lang: Language | str = DEFAULT_LANGUAGE) -> str:
    """The refusal as one polite sentence or two in ``lang``."""
    return refusal_sentence(refusal.code, refusal.params, lang)


def refusal_sentence(
    code: str, details: Mapping[str, str], lang: Language | str = DEFAULT_LANGUAGE
) -> str:
    """Refusal ``code`` (a ``RefusalCode``) with its ``details`` named in ``lang``."""
    params = {name: _localize(name, value, lang) for name, value in details.items()}
    return translate(Refusal(code).key, lang, **params)


def _localize(name: str, value: str, lang: Language | str) -> str:
    render = _PARAM_RENDERERS.get(name)
    return value if render is None else render(value, lang)


def _names(prefix: str) -> Callable[[str, Language | str], str]:
    def render(codes: str, lang: Language | str) -> str:
        names = (translate(f"{prefix}.{code}", lang) for code in codes.split(",") if code)
        return _LIST_SEPARATOR.join(names)

    return render


_PARAM_RENDERERS: dict[str, Callable[[str, Language | str], str]] = {
    "state": _names("workflow.state"),
    "action": _names("workflow.action"),
    "allowed": _names("workflow.action"),
    "who": _names("workflow.role"),
    "example": _names("workflow.example"),
}
