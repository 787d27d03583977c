"""`kg viz`: one self-contained HTML file (WebGL rendering by sigma.js, data inline).

Entities are drawn; documents are not drawn but feed the filters and the evidence panel. Every
text from the corpus reaches the page as JSON data and is shown with textContent, never parsed
as HTML; the JSON is escaped so that no `</script>` in it can close its element.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from importlib import resources

import networkx as nx

from kg.link.explain import nodes_named
from kg.viz.layout import FORCE_LIMIT, SPRING_LIMIT, community_layout, layout
from kg.viz.overview import DEFAULT_MAX_NODES, communities, overview

COLOURS = {"Official": "#d62728", "Organ": "#1f77b4", "Campaign": "#2ca02c", "Slogan": "#ff7f0e",
           "Event": "#9467bd", "PolicyDocument": "#8c564b"}
VENDOR = ("vendor/graphology-0.26.0.umd.min.js", "vendor/sigma-3.0.3.min.js")


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath(name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    return code.replace("</script", "<\\/script")


def safe_json(obj) -> str:
    """JSON that can sit inside <script type="application/json"> whatever the text holds."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def focus(nodes: list[dict], edges: list[dict], name: str, depth: int) -> tuple[list[dict], list[dict]]:
    """The neighbourhood of the node(s) called `name` (name or alias), `depth` relations away."""
    seeds = [n["id"] for n in nodes_named(nodes, name)]
    if not seeds:
        raise ValueError(f"no node is called {name}")
    g = nx.Graph()
    g.add_edges_from((e["source"], e["target"]) for e in edges if e["type"] != "MENTIONED_IN")
    keep = set(seeds)
    for s in seeds:
        if s in g:
            keep |= set(nx.single_source_shortest_path_length(g, s, cutoff=depth))
    docs = {e["target"] for e in edges if e["type"] == "MENTIONED_IN" and e["source"] in keep}
    keep_all = keep | docs
    return ([n for n in nodes if n["id"] in keep_all],
            [e for e in edges if e["source"] in keep_all and e["target"] in keep_all])


def view_data(nodes: list[dict], edges: list[dict], note: dict | None = None) -> dict:
    docs = {n["id"]: n for n in nodes if n["label"] == "Document"}
    entities = [n for n in nodes if n["label"] != "Document"]
    member, groups = communities(nodes, edges)
    if len(nodes) > SPRING_LIMIT and len(entities) <= FORCE_LIMIT:  # a layout per community
        pos = community_layout([n["id"] for n in entities],
                               [(e["source"], e["target"]) for e in edges if e["type"] != "MENTIONED_IN"], member)
    else:
        pos = layout(nodes, edges)
    degree = Counter()
    for e in edges:
        if e["type"] != "MENTIONED_IN":
            degree[e["source"]] += 1
            degree[e["target"]] += 1
    mentioned = {}
    for e in edges:
        if e["type"] == "MENTIONED_IN":
            mentioned.setdefault(e["source"], []).append(e["target"])
    out_nodes = []
    for n in entities:
        x, y = pos[n["id"]]
        out_nodes.append({"id": n["id"], "name": n["name"], "type": n["label"], "aliases": n["aliases"],
                          "locality": n["props"].get("locality"), "docs": sorted(mentioned.get(n["id"], [])),
                          "x": x, "y": y, "degree": degree[n["id"]], "community": member.get(n["id"], -1)})
    out_edges = []
    for e in edges:
        if e["type"] == "MENTIONED_IN":
            continue
        p = e["props"]
        out_edges.append({"id": e["id"], "source": e["source"], "target": e["target"], "type": e["type"],
                          "title": p.get("title"), "evidence": p.get("evidence") or p.get("reason"),
                          "doc": p.get("doc"), "score": p.get("score")})
    out_docs = {d: {"title": n["name"], "date": n["props"].get("date"), "locality": n["props"].get("locality"),
                    "file": n["props"].get("file"), "url": n["props"].get("url")} for d, n in docs.items()}
    return {"nodes": out_nodes, "edges": out_edges, "documents": out_docs, "colours": COLOURS,
            "communities": groups, "note": note}


def render(nodes: list[dict], edges: list[dict], title: str = "kg graph",
           max_nodes: int | None = DEFAULT_MAX_NODES) -> str:
    """The page. Above `max_nodes` entities (None: no limit) it draws the overview of
    kg.viz.overview and says on the page what it left out."""
    note = None
    if max_nodes is not None:
        nodes, edges, note = overview(nodes, edges, max_nodes)
    libs = "\n".join(f"<script>{_inline_script(_asset(v))}</script>" for v in VENDOR)
    parts = {"TITLE": html.escape(title), "LIBS": libs, "DATA": safe_json(view_data(nodes, edges, note)),
             "APP": _inline_script(_asset("app.js"))}
    # One pass, so that text inside the data can never be taken for a placeholder.
    return re.sub(r"\{\{(TITLE|LIBS|DATA|APP)\}\}", lambda m: parts[m.group(1)], _asset("template.html"))
