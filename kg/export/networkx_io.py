"""GraphML and GEXF through networkx, with the attributes Gephi shows (label, kind, …).

Every string is made XML-safe on its way out (kg.export.xmltext), and the XML is written to the
file as networkx produces it, never re-split into lines (U+2028 and its kind are text, not breaks).
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from kg.export.xmltext import xml_safe
from kg.graph.io import atomic_file


def _flat(v):
    if isinstance(v, str):
        return xml_safe(v)
    if isinstance(v, (int, float, bool)):
        return v
    return xml_safe(json.dumps(v, ensure_ascii=False, sort_keys=True))


def to_networkx(nodes: list[dict], edges: list[dict]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in nodes:
        attrs = {k: _flat(v) for k, v in n["props"].items() if v is not None}
        attrs.update(label=_flat(n["name"]), kind=n["label"], aliases=_flat("|".join(n["aliases"])))
        g.add_node(_flat(n["id"]), **attrs)
    for e in edges:
        attrs = {k: _flat(v) for k, v in e["props"].items() if v is not None}
        title = e["props"].get("title")
        attrs.update(label=_flat(f"{e['type']} ({title})" if title else e["type"]), type=e["type"])
        g.add_edge(_flat(e["source"]), _flat(e["target"]), key=_flat(e["id"]), **attrs)
    return g


def export_graph(nodes: list[dict], edges: list[dict], fmt: str, path: str | Path) -> None:
    g = to_networkx(nodes, edges)
    with atomic_file(Path(path)) as fh:
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, fh, encoding="utf-8")
