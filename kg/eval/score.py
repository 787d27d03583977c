"""`kg eval`: precision, recall and F1 per entity and relation type against gold records.

Implements the scoring rules of the gold README: names normalised, one-to-one matching on the
canonical name against the gold name or aliases, optional gold items neither missed nor counted,
relations matched on both ends, title accuracy for HOLDS_POSITION.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.graph.build import ENTITY_LABELS, RELATION_TYPES
from kg.ingest.normalise import normalise_name


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Scores:
    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    title_matched: int = 0
    title_correct: int = 0
    missing_docs: list[str] = field(default_factory=list)

    def overall(self, types) -> Tally:
        t = Tally()
        for k in types:
            x = self.by_type[k]
            t.tp, t.fp, t.fn = t.tp + x.tp, t.fp + x.fp, t.fn + x.fn
        return t

    @property
    def title_accuracy(self) -> float:
        return self.title_correct / self.title_matched if self.title_matched else 0.0

    def as_dict(self) -> dict:
        return {
            "entities": {k: self.by_type[k].as_dict() for k in ENTITY_LABELS},
            "relations": {k: self.by_type[k].as_dict() for k in RELATION_TYPES},
            "overall": {"entities": self.overall(ENTITY_LABELS).as_dict(),
                        "relations": self.overall(RELATION_TYPES).as_dict(),
                        "all": self.overall(ENTITY_LABELS + RELATION_TYPES).as_dict()},
            "holds_position_title_accuracy": round(self.title_accuracy, 4),
            "missing_documents": self.missing_docs,
        }


def _forms(entity: dict) -> set[str]:
    return {normalise_name(entity["name"]), *(normalise_name(a) for a in entity.get("aliases", ()))}


def _match(pred: list, gold: list, ok) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """One-to-one matching by bipartite augmenting paths; returns pairs and unmatched indices."""
    cand = [[g for g in range(len(gold)) if ok(pred[p], gold[g])] for p in range(len(pred))]
    owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in cand[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = p
                return True
        return False

    for p in range(len(pred)):
        augment(p, set())
    pairs = sorted((p, g) for g, p in owner.items())
    return pairs, set(range(len(pred))) - {p for p, _ in pairs}, set(range(len(gold))) - set(owner)


def score_document(gold: dict, nodes: dict[str, dict], doc_id: str, edges: list[dict], scores: Scores) -> None:
    mentioned = {e["source"] for e in edges if e["type"] == "MENTIONED_IN" and e["target"] == doc_id}
    gold_by_name = {normalise_name(e["name"]): e for e in gold["entities"]}
    for label in ENTITY_LABELS:
        pred = [nodes[n] for n in sorted(mentioned) if n in nodes and nodes[n]["label"] == label]
        golds = [e for e in gold["entities"] if e["type"] == label]
        pairs, fp, fn = _match(pred, golds, lambda p, g: normalise_name(p["name"]) in _forms(g))
        t = scores.by_type[label]
        t.tp += sum(1 for _, g in pairs if not golds[g].get("optional"))
        t.fp += len(fp)
        t.fn += sum(1 for g in fn if not golds[g].get("optional"))

    def end_ok(node: dict, gold_name: str) -> bool:
        g = gold_by_name.get(normalise_name(gold_name))
        forms = _forms(g) if g else {normalise_name(gold_name)}
        return normalise_name(node["name"]) in forms

    def optional(rel: dict) -> bool:
        ends = [gold_by_name.get(normalise_name(rel[k])) for k in ("head", "tail")]
        return bool(rel.get("optional")) or any(e is not None and e.get("optional") for e in ends)

    for rtype in RELATION_TYPES:
        pred = [e for e in edges if e["type"] == rtype and e["props"].get("doc") == doc_id]
        golds = [r for r in gold["relations"] if r["type"] == rtype]
        pairs, fp, fn = _match(
            pred, golds,
            lambda p, g: end_ok(nodes[p["source"]], g["head"]) and end_ok(nodes[p["target"]], g["tail"]))
        t = scores.by_type[rtype]
        t.tp += sum(1 for _, g in pairs if not optional(golds[g]))
        t.fp += len(fp)
        t.fn += sum(1 for g in fn if not optional(golds[g]))
        if rtype == "HOLDS_POSITION":
            for p, g in pairs:
                if "title" in golds[g]:
                    scores.title_matched += 1
                    scores.title_correct += pred[p]["props"].get("title") == golds[g]["title"]


def evaluate(gold_path: str | Path, nodes: list[dict], edges: list[dict]) -> Scores:
    by_id = {n["id"]: n for n in nodes}
    docs = {n["props"].get("file"): n["id"] for n in nodes if n["label"] == "Document"}
    scores = Scores()
    with open(gold_path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            gold = json.loads(line)
            doc_id = docs.get(gold["doc"])
            if doc_id is None:
                scores.missing_docs.append(gold["doc"])
            score_document(gold, by_id, doc_id, edges, scores)
    return scores


def format_table(scores: Scores) -> str:
    rows = ["type              P      R      F1     tp   fp   fn"]
    for group in (ENTITY_LABELS, RELATION_TYPES):
        for k in group:
            t = scores.by_type[k]
            rows.append(f"{k:<16} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f} {t.tp:5d}{t.fp:5d}{t.fn:5d}")
        rows.append("")
    for name, group in (("entities", ENTITY_LABELS), ("relations", RELATION_TYPES),
                        ("overall", ENTITY_LABELS + RELATION_TYPES)):
        t = scores.overall(group)
        rows.append(f"{name:<16} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f} {t.tp:5d}{t.fp:5d}{t.fn:5d}")
    rows.append(f"HOLDS_POSITION title accuracy: {scores.title_accuracy:.3f}")
    if scores.missing_docs:
        rows.append("documents of the gold not in the build: " + ", ".join(scores.missing_docs))
    return "\n".join(rows)
