"""`kg eval`: precision, recall and F1 per entity and relation type against gold records.

Implements the scoring rules of the gold README: names normalised, one-to-one matching on the
canonical name against the gold name or aliases, optional gold items neither missed nor counted,
relations matched on both ends, title accuracy for HOLDS_POSITION. Scores are kept per document
too, with what was missed and what was spurious, so that a weak page can be found and read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.eval.gold import GoldError, read_gold
from kg.graph.build import ENTITY_LABELS, RELATION_TYPES
from kg.ingest.normalise import normalise_name

ALL_TYPES = ENTITY_LABELS + RELATION_TYPES


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
    """Tallies of the whole gold file, or of one document (which also lists its errors)."""

    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    title_matched: int = 0
    title_correct: int = 0
    missing_docs: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)      # unmatched gold items, one line each
    spurious: list[str] = field(default_factory=list)    # unmatched predictions, one line each
    by_doc: dict[str, Scores] = field(default_factory=dict)

    def add(self, other: Scores) -> None:
        for k, x in other.by_type.items():
            t = self.by_type[k]
            t.tp, t.fp, t.fn = t.tp + x.tp, t.fp + x.fp, t.fn + x.fn
        self.title_matched += other.title_matched
        self.title_correct += other.title_correct

    def overall(self, types) -> Tally:
        t = Tally()
        for k in types:
            x = self.by_type[k]
            t.tp, t.fp, t.fn = t.tp + x.tp, t.fp + x.fp, t.fn + x.fn
        return t

    @property
    def title_accuracy(self) -> float:
        return self.title_correct / self.title_matched if self.title_matched else 0.0

    def weakest_first(self) -> list[str]:
        """Document names by overall F1, lowest first; a document with nothing to score counts as perfect."""
        def key(doc: str):
            t = self.by_doc[doc].overall(ALL_TYPES)
            return (t.f1 if t.tp + t.fp + t.fn else 1.0, doc)
        return sorted(self.by_doc, key=key)

    def as_dict(self, by_doc: bool = False, errors: bool = False) -> dict:
        out = {
            "entities": {k: self.by_type[k].as_dict() for k in ENTITY_LABELS},
            "relations": {k: self.by_type[k].as_dict() for k in RELATION_TYPES},
            "overall": {"entities": self.overall(ENTITY_LABELS).as_dict(),
                        "relations": self.overall(RELATION_TYPES).as_dict(),
                        "all": self.overall(ALL_TYPES).as_dict()},
            "holds_position_title_accuracy": round(self.title_accuracy, 4),
            "missing_documents": self.missing_docs,
        }
        if by_doc or errors:
            out["by_doc"] = {}
            for doc, d in self.by_doc.items():
                entry = {"entities": d.overall(ENTITY_LABELS).as_dict(),
                         "relations": d.overall(RELATION_TYPES).as_dict(),
                         "all": d.overall(ALL_TYPES).as_dict()}
                if errors:
                    entry["missed"], entry["spurious"] = d.missed, d.spurious
                out["by_doc"][doc] = entry
        return out


def _forms(entity: dict) -> set[str]:
    return {normalise_name(entity["name"]), *(normalise_name(a) for a in entity.get("aliases", ()))}


def _match(pred: list, gold: list, ok, prefer=None) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """One-to-one matching by bipartite augmenting paths; returns pairs and unmatched indices.

    With `prefer`, pairs that satisfy it as well as `ok` are matched first and kept, and only what
    is left is then matched on `ok` alone: a person's two posts in one body (党组书记, 局长) must each
    be paired with the edge of its own title whatever order the edges come in.
    """
    owner: dict[int, int] = {}

    def run(cand: dict[int, list[int]]) -> None:
        def augment(p: int, seen: set[int]) -> bool:
            for g in cand[p]:
                if g in seen:
                    continue
                seen.add(g)
                if g not in owner or augment(owner[g], seen):
                    owner[g] = p
                    return True
            return False

        for p in cand:
            augment(p, set())

    if prefer is not None:
        run({p: [g for g in range(len(gold)) if ok(pred[p], gold[g]) and prefer(pred[p], gold[g])]
             for p in range(len(pred))})
    taken = set(owner.values())
    run({p: [g for g in range(len(gold)) if g not in owner and ok(pred[p], gold[g])]
         for p in range(len(pred)) if p not in taken})
    pairs = sorted((p, g) for g, p in owner.items())
    return pairs, set(range(len(pred))) - {p for p, _ in pairs}, set(range(len(gold))) - set(owner)


def _title(item: dict) -> str:
    """The normalised title of an edge's props or of a gold relation ('' if none)."""
    return normalise_name(item.get("title") or "")


def _relation_line(rtype: str, head: str, tail: str, title: str | None) -> str:
    return f"{rtype} {head} -> {tail}" + (f" ({title})" if rtype == "HOLDS_POSITION" and title else "")


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
        missed = [g for g in sorted(fn) if not golds[g].get("optional")]
        t.fn += len(missed)
        scores.missed += [f"{label} {golds[g]['name']}" for g in missed]
        scores.spurious += sorted(f"{label} {pred[p]['name']}" for p in fp)

    def end_ok(node: dict, gold_name: str) -> bool:
        g = gold_by_name.get(normalise_name(gold_name))
        forms = _forms(g) if g else {normalise_name(gold_name)}
        return normalise_name(node["name"]) in forms

    def optional(rel: dict) -> bool:
        ends = [gold_by_name.get(normalise_name(rel[k])) for k in ("head", "tail")]
        return bool(rel.get("optional")) or any(e is not None and e.get("optional") for e in ends)

    def same_title(pred: dict, rel: dict) -> bool:
        return bool(rel.get("title")) and _title(pred["props"]) == _title(rel)

    for rtype in RELATION_TYPES:
        pred = [e for e in edges if e["type"] == rtype and e["props"].get("doc") == doc_id]
        golds = [r for r in gold["relations"] if r["type"] == rtype]
        pairs, fp, fn = _match(
            pred, golds,
            lambda p, g: end_ok(nodes[p["source"]], g["head"]) and end_ok(nodes[p["target"]], g["tail"]),
            prefer=same_title if rtype == "HOLDS_POSITION" else None)
        t = scores.by_type[rtype]
        t.tp += sum(1 for _, g in pairs if not optional(golds[g]))
        t.fp += len(fp)
        missed = [g for g in sorted(fn) if not optional(golds[g])]
        t.fn += len(missed)
        scores.missed += [_relation_line(rtype, golds[g]["head"], golds[g]["tail"], golds[g].get("title"))
                          for g in missed]
        scores.spurious += sorted(_relation_line(rtype, nodes[pred[p]["source"]]["name"],
                                                 nodes[pred[p]["target"]]["name"], pred[p]["props"].get("title"))
                                  for p in fp)
        if rtype == "HOLDS_POSITION":
            for p, g in pairs:
                if "title" in golds[g]:
                    scores.title_matched += 1
                    scores.title_correct += _title(pred[p]["props"]) == _title(golds[g])


def evaluate(gold_path: str | Path, nodes: list[dict], edges: list[dict]) -> Scores:
    """Scores of the build (nodes, edges) against a gold file; GoldError if the file is malformed or
    the build holds none of its documents (a table of zeros would hide a wrong folder)."""
    golds = read_gold(gold_path)
    by_id = {n["id"]: n for n in nodes}
    docs = {n["props"].get("file"): n["id"] for n in nodes if n["label"] == "Document"}
    if not any(g["doc"] in docs for g in golds):
        names = sorted({g["doc"] for g in golds})
        raise GoldError(f"none of the {len(names)} documents of {gold_path} ({names[0]}, …) is in the build;"
                        " build their corpus first")
    scores = Scores()
    for gold in golds:
        doc_id = docs.get(gold["doc"])
        if doc_id is None:
            scores.missing_docs.append(gold["doc"])
        score_document(gold, by_id, doc_id, edges, scores.by_doc.setdefault(gold["doc"], Scores()))
    for d in scores.by_doc.values():
        scores.add(d)
    return scores


def _row(name: str, width: int, *tallies: Tally) -> str:
    return f"{name:<{width}} " + " ".join(f"{t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f}" for t in tallies)


def format_table(scores: Scores) -> str:
    rows = ["type              P      R      F1     tp   fp   fn"]
    for group in (ENTITY_LABELS, RELATION_TYPES):
        for k in group:
            t = scores.by_type[k]
            rows.append(_row(k, 16, t) + f" {t.tp:5d}{t.fp:5d}{t.fn:5d}")
        rows.append("")
    for name, group in (("entities", ENTITY_LABELS), ("relations", RELATION_TYPES), ("overall", ALL_TYPES)):
        t = scores.overall(group)
        rows.append(_row(name, 16, t) + f" {t.tp:5d}{t.fp:5d}{t.fn:5d}")
    rows.append(f"HOLDS_POSITION title accuracy: {scores.title_accuracy:.3f}")
    if scores.missing_docs:
        rows.append("documents of the gold not in the build: " + ", ".join(scores.missing_docs))
    return "\n".join(rows)


def format_by_doc(scores: Scores) -> str:
    """One row per gold document, weakest first: entities P R F1, relations P R F1, then tp fp fn
    and the F1 of both together, which sets the order."""
    width = max([len("doc"), *map(len, scores.by_doc)])
    rows = [f"{'doc':<{width}}  ent.P  ent.R ent.F1  rel.P  rel.R rel.F1    tp   fp   fn     F1"]
    for doc in scores.weakest_first():
        d = scores.by_doc[doc]
        t = d.overall(ALL_TYPES)
        rows.append(_row(doc, width, d.overall(ENTITY_LABELS), d.overall(RELATION_TYPES))
                    + f" {t.tp:5d}{t.fp:5d}{t.fn:5d} {t.f1:6.3f}")
    return "\n".join(rows)


def format_errors(scores: Scores) -> str:
    """Missed (`-`) and spurious (`+`) items under a `## doc` header, weakest document first."""
    blocks = []
    for doc in scores.weakest_first():
        d = scores.by_doc[doc]
        if d.missed or d.spurious:
            head = f"## {doc}" + (" (not in the build)" if doc in scores.missing_docs else "")
            blocks.append("\n".join([head, *(f"- {x}" for x in d.missed), *(f"+ {x}" for x in d.spurious)]))
    return "\n\n".join(blocks)
