"""A generated graph in the build format, for exporter benchmarks (not realistic text)."""

from __future__ import annotations

import random

from kg.graph.model import edge_id, node_id

LABELS = ("Official", "Organ", "Campaign", "Slogan", "Event", "PolicyDocument")


def synthetic_graph(n_nodes: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """n_nodes nodes (a tenth of them documents) and about two relationships per node."""
    rng = random.Random(seed)
    n_docs = max(1, n_nodes // 10)
    docs = [{"id": f"doc:{i:016x}", "label": "Document", "name": f"文件{i}", "aliases": [],
             "props": {"file": f"{i}.txt", "title": f"文件{i}", "date": f"2024-{1 + i % 12:02d}-01",
                       "locality": "盘锦市", "source": None, "url": None}} for i in range(n_docs)]
    ents = []
    for i in range(n_nodes - n_docs):
        label = LABELS[i % len(LABELS)]
        ents.append({"id": node_id(label, (label, f"名{i}")), "label": label, "name": f"名{i}",
                     "aliases": [f"别名{i}"] if i % 3 == 0 else [], "props": {"locality": "盘锦市"}})
    by_label = {lb: [e for e in ents if e["label"] == lb] for lb in LABELS}
    edges = []
    for i, e in enumerate(ents):
        d = docs[rng.randrange(n_docs)]
        edges.append({"id": edge_id("MENTIONED_IN", e["id"], d["id"]), "type": "MENTIONED_IN", "source": e["id"],
                      "target": d["id"], "props": {"count": 1, "spans": [[i % 900, i % 900 + 3]]}})
        if e["label"] == "Official":
            organ = rng.choice(by_label["Organ"])
            edges.append({"id": edge_id("HOLDS_POSITION", e["id"], organ["id"], d["id"]), "type": "HOLDS_POSITION",
                          "source": e["id"], "target": organ["id"],
                          "props": {"doc": d["id"], "evidence": f"{organ['name']}书记{e['name']}出席会议。",
                                    "start": 0, "end": 20, "date": d["props"]["date"], "title": "书记"}})
        elif e["label"] in ("Campaign", "Slogan"):
            organ = rng.choice(by_label["Organ"])
            edges.append({"id": edge_id("REPORTED", organ["id"], e["id"], d["id"]), "type": "REPORTED",
                          "source": organ["id"], "target": e["id"],
                          "props": {"doc": d["id"], "evidence": f"深入推进{e['name']}。", "start": 0, "end": 10,
                                    "date": d["props"]["date"]}})
    return docs + ents, edges
