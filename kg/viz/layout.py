"""Deterministic node positions, computed once in Python so that the page opens laid out.

Small graphs get a force-directed layout (networkx, fixed seed). Overviews get one per
community, the communities placed side by side on a sunflower spiral, largest in the middle.
Large ones get an anchored layout in linear time: documents on a sunflower spiral, each entity
at the centre of the documents that mention it, spread by a jitter derived from its id.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict

import networkx as nx

FORCE_LIMIT = 2000
SPRING_LIMIT = 400   # networkx's spring layout stays on dense numpy (fast, no scipy) below 500 nodes
GOLDEN = math.pi * (3 - math.sqrt(5))


def _spring(ids: list[str], pairs: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    g = nx.Graph()
    g.add_nodes_from(sorted(ids))
    g.add_edges_from(sorted(pairs))
    return {k: (float(x), float(y)) for k, (x, y) in nx.spring_layout(g, seed=7, iterations=100).items()}


def community_layout(ids: list[str], pairs: list[tuple[str, str]], member: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Each community laid out on its own, in a disc of area proportional to its size; the discs
    on a sunflower spiral in community order (largest first); the loners on the spiral after them."""
    groups = defaultdict(list)
    for nid in sorted(ids):
        groups[member.get(nid, -1)].append(nid)
    loners = groups.pop(-1, [])
    blocks = [groups[c] for c in sorted(groups)] + [[nid] for nid in loners]
    inside = defaultdict(list)
    for a, b in pairs:
        if member.get(a, -1) == member.get(b, -1) != -1:
            inside[member[a]].append((a, b))
    pos, offset = {}, 0.0
    for i, block in enumerate(blocks):
        radius = 10 * math.sqrt(len(block))
        offset += radius                                  # spiral by cumulated area: discs hardly overlap
        r = 2.2 * math.sqrt(offset * 10)
        cx, cy = r * math.cos(i * GOLDEN), r * math.sin(i * GOLDEN)
        offset += radius
        if len(block) == 1:
            pos[block[0]] = (round(cx, 3), round(cy, 3))
            continue
        local = (_spring(block, inside[member[block[0]]]) if len(block) <= SPRING_LIMIT
                 else {nid: _jitter(nid, 1.0) for nid in block})
        for nid, (x, y) in local.items():
            pos[nid] = (round(cx + radius * x, 3), round(cy + radius * y, 3))
    return pos


def _jitter(node_id: str, scale: float) -> tuple[float, float]:
    h = hashlib.sha256(node_id.encode()).digest()
    angle = int.from_bytes(h[:4], "big") / 2**32 * 2 * math.pi
    radius = scale * math.sqrt(int.from_bytes(h[4:8], "big") / 2**32)
    return radius * math.cos(angle), radius * math.sin(angle)


def layout(nodes: list[dict], edges: list[dict]) -> dict[str, tuple[float, float]]:
    if len(nodes) <= SPRING_LIMIT:
        g = nx.Graph()
        g.add_nodes_from(sorted(n["id"] for n in nodes))
        g.add_edges_from(sorted((e["source"], e["target"]) for e in edges))
        pos = nx.spring_layout(g, seed=7, iterations=100)
        return {k: (round(float(x) * 100, 3), round(float(y) * 100, 3)) for k, (x, y) in pos.items()}
    docs = sorted(n["id"] for n in nodes if n["label"] == "Document")
    golden = GOLDEN
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
