"""Linking quality: pairwise precision and recall of merges against a gold clustering.

A gold line names one mention and the real-world entity it refers to:
``{"doc": "taian_1.txt", "label": "Official", "surface": "王建华", "entity": "王建华@泰安"}``.
Each mention is found in the build as the node of that label whose mention spans in that
document cover the surface. A pair of mentions is a gold merge when both name one entity and a
predicted merge when both resolved to one node; precision and recall are over those pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from kg.eval.gold import GoldError, read_linking_gold
from kg.graph.io import build_files, read_jsonl
from kg.ingest.normalise import normalise_name


@dataclass
class LinkingScores:
    mentions: int
    found: int
    gold_pairs: int
    predicted_pairs: int
    correct_pairs: int
    missing: list[dict]

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"mentions": self.mentions, "found": self.found, "gold_pairs": self.gold_pairs,
                "predicted_pairs": self.predicted_pairs, "correct_pairs": self.correct_pairs,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "missing": self.missing}

    def table(self) -> str:
        lines = [f"mentions {self.mentions}, found in the build {self.found}",
                 f"pairs: gold {self.gold_pairs}, predicted {self.predicted_pairs}, correct {self.correct_pairs}",
                 f"pairwise precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}"]
        lines += [f"  not found: {m['doc']} {m['label']} {m['surface']}" for m in self.missing]
        return "\n".join(lines)


def _node_index(build_dir: Path) -> dict[tuple[str, str, str], str]:
    """(document file, label, normalised surface) → node id, from the mention spans."""
    docs = {d["id"]: d for d in read_jsonl(build_dir / "documents.jsonl")}
    labels = {n["id"]: n["label"] for n in read_jsonl(build_dir / "nodes.jsonl")}
    index: dict[tuple[str, str, str], str] = {}
    for e in read_jsonl(build_dir / "edges.jsonl"):
        if e["type"] != "MENTIONED_IN" or e["target"] not in docs:
            continue
        doc = docs[e["target"]]
        for s, t in e["props"]["spans"]:
            key = (doc["file"], labels[e["source"]], normalise_name(doc["text"][s:t]))
            index.setdefault(key, e["source"])
    return index


def _find(index: dict, doc: str, label: str, surface: str) -> str | None:
    """The node of the mention written exactly so, else of the shortest mention containing it
    (不敢腐、不能腐、不想腐 inside 不敢腐、不能腐、不想腐一体推进)."""
    if (doc, label, surface) in index:
        return index[(doc, label, surface)]
    around = sorted((len(s), s) for d, lab, s in index if d == doc and lab == label and surface in s)
    return index[(doc, label, around[0][1])] if around else None


def evaluate_linking(gold_path: str | Path, build_dir: str | Path) -> LinkingScores:
    gold = read_linking_gold(gold_path)
    index = _node_index(build_files(build_dir))
    if not {g["doc"] for g in gold} & {doc for doc, _, _ in index}:
        raise GoldError(f"none of the documents of {gold_path} is in the build; build their corpus first")
    predicted, missing = [], []
    for i, g in enumerate(gold):
        node = _find(index, g["doc"], g["label"], normalise_name(g["surface"]))
        if node is None:
            missing.append({k: g[k] for k in ("doc", "label", "surface")})
        predicted.append(node or f"unfound:{i}")
    gold_pairs = predicted_pairs = correct = 0
    for a, b in combinations(range(len(gold)), 2):
        same_gold = gold[a]["entity"] == gold[b]["entity"]
        same_pred = predicted[a] == predicted[b]
        gold_pairs += same_gold
        predicted_pairs += same_pred
        correct += same_gold and same_pred
    return LinkingScores(len(gold), len(gold) - len(missing), gold_pairs, predicted_pairs, correct, missing)
