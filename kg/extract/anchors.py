"""Where a big pattern can begin: an Aho–Corasick scan (pyahocorasick) for the words that every
match starts with, so that the organ and post regexes run only at those positions.

`finditer_at` yields exactly what `pattern.finditer(text)` yields, provided every position at
which the pattern can match is among the starts; lookbehinds still see the text before.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator

import ahocorasick


class Anchors:
    """Several named word sets in one automaton: one scan of a text gives the starts of each."""

    def __init__(self, sets: dict[str, Iterable[str]]):
        self.names = sorted(sets)
        masks: dict[str, int] = {}
        for bit, name in enumerate(self.names):
            for w in sets[name]:
                if w:
                    masks[w] = masks.get(w, 0) | (1 << bit)
        self.automaton = ahocorasick.Automaton()
        for w, mask in masks.items():
            self.automaton.add_word(w, (len(w), mask))
        self.automaton.make_automaton()
        self._local = threading.local()  # the last scan, per thread (Dask workers run threads)

    def starts(self, text: str, name: str) -> list[int]:
        """Sorted positions where a word of set `name` begins (the last text's scan is reused)."""
        last = getattr(self._local, "last", None)
        if last is None or last[0] is not text:
            found: dict[int, int] = {}
            if text:
                for end, (size, mask) in self.automaton.iter(text):
                    start = end - size + 1
                    found[start] = found.get(start, 0) | mask
            by_name = {}
            for bit, n in enumerate(self.names):
                by_name[n] = sorted(s for s, mask in found.items() if mask >> bit & 1)
            last = self._local.last = (text, by_name)
        return last[1][name]


def longest_matches(automaton: ahocorasick.Automaton, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of non-overlapping matches, leftmost first and longest at each start: what a
    regex alternation of the words sorted longest first finds. Values must be word lengths."""
    longest: dict[int, int] = {}
    for end, size in automaton.iter(text) if text else ():
        start = end - size + 1
        if size > longest.get(start, 0):
            longest[start] = size
    pos = 0
    for start in sorted(longest):
        if start >= pos:
            yield start, start + longest[start]
            pos = start + longest[start]


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
