"""Where a big pattern can begin: an Aho–Corasick scan (pyahocorasick) for the words that every
match starts with, so that the organ and post regexes run only at those positions.

`finditer_at` yields exactly what `pattern.finditer(text)` yields, provided every position at
which the pattern can match is among the starts; lookbehinds still see the text before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import ahocorasick


class Anchors:
    def __init__(self, words: Iterable[str]):
        self.automaton = ahocorasick.Automaton()
        for w in set(words):
            if w:
                self.automaton.add_word(w, len(w))
        self.automaton.make_automaton()

    def starts(self, text: str) -> list[int]:
        if not text:
            return []
        return sorted({end - size + 1 for end, size in self.automaton.iter(text)})


def finditer_at(pattern: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """pattern.finditer(text), trying only the given start positions (in order, no overlaps)."""
    pos = 0
    for s in starts:
        if s < pos:
            continue
        m = pattern.match(text, s)
        if m:
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1
