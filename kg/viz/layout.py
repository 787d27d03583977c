"""Deterministic node positions, computed once in Python so that the page opens laid out.

Small graphs get a force-directed layout (networkx, fixed seed). Large ones get an anchored
layout in linear time: documents on a sunflower spiral, each entity at the centre of the
documents that mention it, spread by a jitter derived from its id.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict

import networkx as nx

FORCE_LIMIT = 2000


def _jitter(node_id: str, scale: float) -> tuple[float, float]:
    h = hashlib.sha256(node_id.encode()).digest()
    angle = int.from_bytes(h[:4], "big") / 2**32 * 2 * math.pi
    radius = scale * math.sqrt(int.from_bytes(h[4:8], "big") / 2**32)
    return radius * math.cos(angle), radius * math.sin(angle)


def layout(nodes: list[dict], edges: list[dict]) -> dict[str, tuple[float, float]]:
    if len(nodes) <= FORCE_LIMIT:
        g = nx.Graph()
        g.add_nodes_from(sorted(n["id"] for n in nodes))
        g.add_edges_from(sorted((e["source"], e["target"]) for e in edges))
        pos = nx.spring_layout(g, seed=7, iterations=100)
        return {k: (round(float(x) * 100, 3), round(float(y) * 100, 3)) for k, (x, y) in pos.items()}
    docs = sorted(n["id"] for n in nodes if n["label"] == "Document")
    golden = math.pi * (3 - math.sqrt(5))
    spacing = 10.0
    pos = {d: (spacing * math.sqrt(i + 1) * math.cos(i * golden), spacing * math.sqrt(i + 1) * math.sin(i * golden))
           for i, d in enumerate(docs)}
    anchors = defaultdict(list)
    for e in edges:
        if e["type"] == "MENTIONED_IN" and e["target"] in pos:
            anchors[e["source"]].append(pos[e["target"]])
    for n in nodes:
        if n["id"] in pos:
            continue
        pts = anchors.get(n["id"]) or [(0.0, 0.0)]
        cx, cy = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        jx, jy = _jitter(n["id"], spacing * 0.8)
        pos[n["id"]] = (round(cx + jx, 3), round(cy + jy, 3))
    return pos
