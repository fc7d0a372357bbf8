"""An import notice names an issuer's level in words, never by its code (issue 9: «(cấp so)»)."""

from __future__ import annotations

import pytest

from nhacviec.export import notice_text
from nhacviec.i18n import Language
from workflows.plan import Notice


@pytest.mark.parametrize(
    ("lang", "words"),
    [(Language.VI, "«cấp xã»"), (Language.EN, "“commune level”")],
)
def test_a_guessed_level_is_said_in_words(lang: Language, words: str) -> None:
    notice = Notice("metadata.issuer_level_guessed", {"issuer": "UBND xã Ba Lòng", "level": "xa"})
    text = notice_text(notice, lang)
    assert words in text
    assert "«xa»" not in text
    assert "“xa”" not in text
