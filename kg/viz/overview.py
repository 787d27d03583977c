"""What the view draws of a large build: the nodes that matter most, grouped in communities, with
a note of what was left out. A browser draws a few thousand labelled nodes legibly, not 100,000."""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

DEFAULT_MAX_NODES = 1000
DOCS_PER_NODE = 20


def rank(nodes: list[dict], edges: list[dict]) -> list[dict]:
    """Entity nodes, most important first: by the number of documents that mention them, then by
    their number of relations, then by id (so that the choice is the same run after run)."""
    docs, degree = Counter(), Counter()
    for e in edges:
        if e["type"] == "MENTIONED_IN":
            docs[e["source"]] += 1
        else:
            degree[e["source"]] += 1
            degree[e["target"]] += 1
    entities = [n for n in nodes if n["label"] != "Document"]
    return sorted(entities, key=lambda n: (-docs[n["id"]], -degree[n["id"]], n["id"]))


def overview(nodes: list[dict], edges: list[dict], max_nodes: int) -> tuple[list[dict], list[dict], dict | None]:
    """(nodes, edges, note): at most `max_nodes` entities, the top of `rank`, with the relations
    between them and the documents behind them; the note says what was left out (None if nothing)."""
    ranked = rank(nodes, edges)
    if len(ranked) <= max_nodes:
        return nodes, edges, None
    keep = {n["id"] for n in ranked[:max_nodes]}
    # One fact stated in many documents is one edge per document: drawn once, with its first
    # sentence; and a node lists its first DOCS_PER_NODE documents, not thousands.
    folded, mentions, statements = {}, defaultdict(list), 0
    for e in sorted(edges, key=lambda e: e["id"]):
        if e["source"] not in keep:
            continue
        if e["type"] == "MENTIONED_IN":
            mentions[e["source"]].append(e)
        elif e["target"] in keep:
            statements += 1
            folded.setdefault((e["type"], e["source"], e["target"], e["props"].get("title")), e)
    kept_edges = [e for ms in mentions.values() for e in sorted(ms, key=lambda e: e["target"])[:DOCS_PER_NODE]]
    kept_edges += folded.values()
    docs = {e["target"] for e in kept_edges if e["type"] == "MENTIONED_IN"}
    docs |= {e["props"]["doc"] for e in kept_edges if e["props"].get("doc")}
    kept_nodes = [n for n in nodes if n["id"] in keep or n["id"] in docs]
    note = {"shown": max_nodes, "total": len(ranked),
            "left_out": dict(sorted(Counter(n["label"] for n in ranked[max_nodes:]).items())),
            "statements_shown": statements, "relations_total": sum(e["type"] != "MENTIONED_IN" for e in edges),
            "edges_drawn": len(folded), "documents_per_node": DOCS_PER_NODE}
    return kept_nodes, sorted(kept_edges, key=lambda e: e["id"]), note


def communities(nodes: list[dict], edges: list[dict]) -> tuple[dict[str, int], list[dict]]:
    """Louvain communities of the entities over their relations (fixed seed): node id → community
    number, and the communities largest first, each named by its most important node."""
    order = {n["id"]: i for i, n in enumerate(rank(nodes, edges))}
    g = nx.Graph()
    g.add_nodes_from(sorted(order))
    g.add_edges_from(sorted((e["source"], e["target"]) for e in edges
                            if e["type"] != "MENTIONED_IN" and e["source"] in order and e["target"] in order))
    groups = [sorted(c, key=order.__getitem__) for c in nx.community.louvain_communities(g, seed=7)]
    groups = [c for c in groups if len(c) > 1]
    groups.sort(key=lambda c: (-len(c), order[c[0]]))
    names = {n["id"]: n["name"] for n in nodes}
    member: dict[str, int] = defaultdict(lambda: -1)
    for i, c in enumerate(groups):
        for nid in c:
            member[nid] = i
    return dict(member), [{"name": names[c[0]], "size": len(c)} for c in groups]
