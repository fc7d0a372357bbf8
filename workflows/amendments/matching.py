"""Pairing the tasks of two versions of a plan by ref and text similarity. Pure.

Texts are compared as sequences of words (casefolded, punctuation and spacing ignored), so a
PDF that spaces "VH- XH" differently from its DOCX reads the same. Pairing runs in two rounds:

1. identical texts pair first — the strongest evidence there is, whatever the refs say
   (renumbered or swapped tasks);
2. the rest pair greedily by score, best first: the similarity, plus a small bonus when the
   refs are equal. A pair is eligible at ``min_similarity``, or at the lower
   ``ref_min_similarity`` when the refs are equal (a reworded task keeps its ref).

Ties go to the pair closest in document position, then to the earliest one: the result is
deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from workflows.text import clean

# A same-ref pair beats another pair only when their similarities are this close.
REF_BONUS = 0.1

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class TextKey:
    """What pairing looks at in one task: its ref and the words of its task and activity."""

    ref: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    new: int  # index in the new plan
    stored: int  # index in the stored tasks
    similarity: float


def words(*texts: str) -> tuple[str, ...]:
    """The casefolded words of ``texts``, punctuation and spacing dropped."""
    return tuple(word for text in texts for word in _WORD.findall(clean(text).casefold()))


def compact(text: str) -> str:
    """``text`` casefolded with no whitespace at all: equal iff printed alike."""
    return "".join(clean(text).casefold().split())


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def pair_tasks(
    new: Sequence[TextKey],
    stored: Sequence[TextKey],
    *,
    min_similarity: float,
    ref_min_similarity: float,
) -> list[Pair]:
    """One-to-one pairs of new and stored tasks; unpaired ones are absent."""
    pairing = _Pairing()
    pairing.take(_identical(new, stored))
    free_new = [i for i in range(len(new)) if i not in pairing.new]
    free_stored = [j for j in range(len(stored)) if j not in pairing.stored]
    bars = _Bars(min_similarity, ref_min_similarity)
    pairing.take(_similar(new, stored, free_new, free_stored, bars))
    return pairing.pairs


@dataclass
class _Pairing:
    pairs: list[Pair] = field(default_factory=list)
    new: set[int] = field(default_factory=set)
    stored: set[int] = field(default_factory=set)

    def take(self, candidates: Iterable[Pair]) -> None:
        """Keep each candidate, best first, whose tasks are both still free."""
        for pair in candidates:
            if pair.new not in self.new and pair.stored not in self.stored:
                self.new.add(pair.new)
                self.stored.add(pair.stored)
                self.pairs.append(pair)


@dataclass(frozen=True)
class _Bars:
    any_ref: float
    same_ref: float

    def for_refs(self, new: TextKey, old: TextKey) -> float:
        return self.same_ref if new.ref == old.ref else self.any_ref


def _identical(new: Sequence[TextKey], stored: Sequence[TextKey]) -> list[Pair]:
    by_words: dict[tuple[str, ...], list[int]] = {}
    for index, key in enumerate(stored):
        by_words.setdefault(key.words, []).append(index)
    found = [
        (_rank(1.0, new[i], stored[j], i, j), Pair(i, j, 1.0))
        for i, key in enumerate(new)
        for j in by_words.get(key.words, ())
    ]
    return [pair for _, pair in sorted(found)]


def _similar(
    new: Sequence[TextKey],
    stored: Sequence[TextKey],
    free_new: Sequence[int],
    free_stored: Sequence[int],
    bars: _Bars,
) -> list[Pair]:
    """Pairs of free tasks at or above their bar, best first; cheap upper bounds skip most."""
    found: list[tuple[tuple[float, int, int, int], Pair]] = []
    matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
    for j in free_stored:
        matcher.set_seq2(stored[j].words)  # the matcher caches what it learns about seq2
        for i in free_new:
            bar = bars.for_refs(new[i], stored[j])
            matcher.set_seq1(new[i].words)
            if matcher.real_quick_ratio() < bar or matcher.quick_ratio() < bar:
                continue
            ratio = matcher.ratio()
            if ratio >= bar:
                found.append((_rank(ratio, new[i], stored[j], i, j), Pair(i, j, ratio)))
    return [pair for _, pair in sorted(found)]


def _rank(ratio: float, new: TextKey, old: TextKey, i: int, j: int) -> tuple[float, int, int, int]:
    """Sort key: best score first, then the pair closest in position, then the earliest."""
    score = ratio + (REF_BONUS if new.ref == old.ref else 0.0)
    return (-score, abs(i - j), i, j)
