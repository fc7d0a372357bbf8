"""Errors as sentences: the one place a ``NhacviecError`` becomes words, in either language.

Used by the faces (CLI, bot) and by whatever shows an error to a person; the error itself
carries only its key, parameters and location.
"""

from __future__ import annotations

from nhacviec.errors import NhacviecError, RefusedError, SourceLocation
from nhacviec.i18n import DEFAULT_LANGUAGE, Language, translate
from nhacviec.i18n.workflow import refusal_sentence


def render_error(error: NhacviecError, lang: Language | str = DEFAULT_LANGUAGE) -> str:
    """The error's sentence in ``lang``, after the place in the file when it has one."""
    if isinstance(error, RefusedError):
        return f"{error.ref}: {refusal_sentence(error.code, error.details, lang)}"
    text = translate(error.key, lang, **error.params)
    if error.location is None:
        return text
    return f"{describe_location(error.location, lang)}: {text}"


def describe_location(location: SourceLocation, lang: Language | str = DEFAULT_LANGUAGE) -> str:
    """The parts the location has, in ``lang``: «tệp a.docx, trang 2, bảng 1, dòng 4»."""
    parts = [translate("location.file", lang, file=location.file)]
    if location.page is not None:
        parts.append(translate("location.page", lang, page=location.page))
    if location.table is not None:
        parts.append(translate("location.table", lang, table=location.table))
    if location.row is not None:
        parts.append(translate("location.row", lang, row=location.row))
    if location.column is not None:
        parts.append(translate("location.column", lang, column=location.column))
    return ", ".join(parts)
