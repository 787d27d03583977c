"""GraphML and GEXF through networkx, with the attributes Gephi shows (label, kind, …)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from kg.graph.io import write_bytes_atomic


def _flat(v):
    if isinstance(v, (str, int, float, bool)):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def to_networkx(nodes: list[dict], edges: list[dict]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in nodes:
        attrs = {k: _flat(v) for k, v in n["props"].items() if v is not None}
        attrs.update(label=n["name"], kind=n["label"], aliases="|".join(n["aliases"]))
        g.add_node(n["id"], **attrs)
    for e in edges:
        attrs = {k: _flat(v) for k, v in e["props"].items() if v is not None}
        title = e["props"].get("title")
        attrs.update(label=f"{e['type']} ({title})" if title else e["type"], type=e["type"])
        g.add_edge(e["source"], e["target"], key=e["id"], **attrs)
    return g


def export_graph(nodes: list[dict], edges: list[dict], fmt: str, path: str | Path) -> None:
    g = to_networkx(nodes, edges)
    lines = nx.generate_graphml(g) if fmt == "graphml" else nx.generate_gexf(g)
    write_bytes_atomic(Path(path), ("\n".join(lines) + "\n").encode("utf-8"))
