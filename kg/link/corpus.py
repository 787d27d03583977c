"""Cross-document linking: which per-document nodes are one real-world entity.

Officials are keyed by name and locality inside a document. Across documents, namesakes join
when the evidence supports it (same locality, or a post in the same organ); otherwise they stay
apart and a SAME_AS_CANDIDATE edge with a score and its reason is left for an analyst.
Formulations and campaigns whose names differ only slightly are merged by fuzzy matching.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from kg.ingest.normalise import normalise_name
from kg.resources import grammar


@dataclass
class OfficialEvidence:
    """What the documents say about one per-document official node."""
    name: str
    locality: str | None = None
    province: str | None = None
    organs: set[str] = field(default_factory=set)   # ids of organs that are not document-scoped
    titles: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)


class _UnionFind:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def groups(self) -> list[list]:
        out = defaultdict(list)
        for i in sorted(self.parent):
            out[self.find(i)].append(i)
        return list(out.values())


def _canonical(members: list[str], facts: dict[str, OfficialEvidence]) -> str:
    """The id a cluster keeps: a member known by its locality first, then the smallest id."""
    return min(members, key=lambda i: (facts[i].locality is None, i))


def link_officials(facts: dict[str, OfficialEvidence]) -> tuple[dict[str, str], list[dict]]:
    """(id → canonical id, candidate pairs). Deterministic: independent of input order."""
    by_name = defaultdict(list)
    for nid in sorted(facts):
        by_name[normalise_name(facts[nid].name)].append(nid)
    remap: dict[str, str] = {}
    candidates: list[dict] = []
    for ids in by_name.values():
        uf = _UnionFind(ids)
        for a, b in combinations(ids, 2):
            fa, fb = facts[a], facts[b]
            if (fa.locality and fa.locality == fb.locality) or (fa.organs & fb.organs):
                uf.union(a, b)
        clusters = []
        for members in uf.groups():
            head = _canonical(members, facts)
            for m in members:
                remap[m] = head
            merged = OfficialEvidence(facts[head].name, facts[head].locality, facts[head].province)
            for m in members:
                merged.organs |= facts[m].organs
                merged.titles |= facts[m].titles
                merged.docs |= facts[m].docs
            clusters.append((head, merged))
        for (a, fa), (b, fb) in combinations(sorted(clusters), 2):
            candidates.append(_candidate(a, fa, b, fb))
    return remap, candidates


def _candidate(a: str, fa: OfficialEvidence, b: str, fb: OfficialEvidence) -> dict:
    """A namesake pair: the score says how plausible one person is, the reason says why."""
    cfg = grammar()["linking"]["candidate"]
    score, reasons = cfg["base"], [f"same name {fa.name}"]
    where = lambda f: f.locality or "unknown locality"  # noqa: E731
    if fa.locality and fb.locality:
        reasons.append(f"different localities ({fa.locality} / {fb.locality})")
        if fa.province and fa.province == fb.province:
            score += cfg["same_province"]
            reasons.append(f"both in {fa.province}")
    else:
        score += cfg["unknown_locality"]
        reasons.append(f"locality not known ({where(fa)} / {where(fb)})")
    shared = sorted(fa.titles & fb.titles)
    if shared:
        score += cfg["shared_title"]
        reasons.append("same title " + "、".join(shared))
    reasons.append("no organ in common")
    return {"source": a, "target": b, "score": round(min(score, 1.0), 3), "reason": "; ".join(reasons)}


# ------------------------------------------------------------------ formulations and campaigns
def _digits(s: str) -> str:
    return "".join(re.findall(r"[0-9一二三四五六七八九十百千万两]", s))


def _bare(name: str) -> str:
    """The name without its separators: 学思想、强党性 and 学思想，强党性 are one spelling."""
    return re.sub(r"[、，,;；:：·\s]", "", normalise_name(name))


def similar_names(a: str, b: str) -> bool:
    """Two spellings of one formulation: equal but for separators, or long, nearly equal
    (坚持以人民为中心的发展思想 / 坚持以人民为中心发展思想) and with the same numerals.

    Short names are never fuzzily equal (两个确立 ≠ 两个维护), nor names whose numerals
    differ (三个万件 ≠ 四个万件); a changed character in a 19-character formula is another
    formula (以学促干 ≠ 以学促行), which the threshold keeps apart.
    """
    cfg = grammar()["linking"]["fuzzy"]
    a, b = _bare(a), _bare(b)
    if a == b:
        return True
    if min(len(a), len(b)) < cfg["min_length"] or _digits(a) != _digits(b):
        return False
    return fuzz.ratio(a, b) >= cfg["threshold"]


def link_similar(names_by_id: dict[str, str]) -> dict[str, str]:
    """id → canonical id for nodes of one label whose names are equal but for separators or
    fuzzily equal; the canonical id is the smallest of its group.

    Pairs are only compared where they can pass (see _near_pairs), so the work grows with the
    number of names, not its square."""
    cfg = grammar()["linking"]["fuzzy"]
    ids = sorted(names_by_id)
    bare = {i: _bare(names_by_id[i]) for i in ids}
    uf = _UnionFind(ids)
    first: dict[str, str] = {}
    for i in ids:
        uf.union(first.setdefault(bare[i], i), i)
    spellings = {bare[i]: first[bare[i]] for i in ids if len(bare[i]) >= cfg["min_length"]}
    for a, b in _near_pairs(sorted(spellings), cfg["threshold"], cfg["max_length_difference"]):
        if similar_names(a, b):
            uf.union(spellings[a], spellings[b])
    return {m: members[0] for members in uf.groups() for m in members}


def _pieces(length: int, k: int) -> list[tuple[int, int]]:
    """(offset, length) of k contiguous pieces that cover a string of this length."""
    return [(i * length // k, (i + 1) * length // k - i * length // k) for i in range(k)]


def _near_pairs(names: list[str], threshold: float, max_diff: int) -> set[tuple[str, str]]:
    """Pairs (shorter, longer) whose ratio can reach the threshold: a ratio of t allows at most
    (la + lb)(100 - t)/100 insertions and deletions; cut the shorter name into one piece more
    than that and one piece is left whole, in the longer name, shifted by no more than that."""
    def most(la: int) -> int:
        return int((2 * la + max_diff) * (100 - threshold) / 100)

    index: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    for a in names:
        for i, (o, m) in enumerate(_pieces(len(a), most(len(a)) + 1)):
            index[(len(a), i, a[o:o + m])].append(a)
    pairs = set()
    for b in names:
        lb = len(b)
        for la in range(max(lb - max_diff, 1), lb + 1):
            d = most(la)
            for i, (o, m) in enumerate(_pieces(la, d + 1)):
                for p in range(max(o - d, 0), min(o + d, lb - m) + 1):
                    for a in index.get((la, i, b[p:p + m]), ()):
                        if a != b:
                            pairs.add((a, b) if (len(a), a) <= (lb, b) else (b, a))
    return pairs
