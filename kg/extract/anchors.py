"""Where a big pattern can begin: an Aho–Corasick scan (ahocorasick_rs) for the words that every
match starts with, so that the organ and post regexes run only at those positions.

`finditer_at` yields exactly what `pattern.finditer(text)` yields, provided every position at
which the pattern can match is among the starts; lookbehinds still see the text before.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator

import ahocorasick_rs


class Anchors:
    """Several named word sets in one automaton: one scan of a text gives the starts of each."""

    def __init__(self, sets: dict[str, Iterable[str]]):
        self.names = sorted(sets)
        member: dict[str, list[int]] = {}   # word → the sets it is in (by index into names)
        for k, name in enumerate(self.names):
            for w in dict.fromkeys(sets[name]):
                if w:
                    member.setdefault(w, []).append(k)
        words = sorted(member)
        self.sets_of = [tuple(member[w]) for w in words]
        self.automaton = ahocorasick_rs.AhoCorasick(words)  # standard semantics: every match
        self._local = threading.local()  # the last scan, per thread (Dask workers run threads)

    def starts(self, text: str, name: str) -> list[int]:
        """Sorted positions where a word of set `name` begins (the last text's scan is reused)."""
        last = getattr(self._local, "last", None)
        if last is None or last[0] is not text:
            found: list[list[int]] = [[] for _ in self.names]
            sets_of = self.sets_of
            for i, start, _end in self.automaton.find_matches_as_indexes(text, overlapping=True):
                for k in sets_of[i]:
                    found[k].append(start)
            last = self._local.last = (text, {n: sorted(set(f)) for n, f in zip(self.names, found)})
        return last[1][name]


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
