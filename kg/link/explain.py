"""`kg explain`: the nodes a name resolves to, the evidence behind them, and why the linker
merged their mentions or kept them apart."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

from kg.graph.io import build_files, read_jsonl
from kg.ingest.normalise import normalise_name
from kg.link.kb import knowledge_base


def _why(node: dict, docs: list[dict], posts: list[str]) -> str:
    """The linking rule that made this node what it is."""
    props, label = node["props"], node["label"]
    if props.get("kb"):
        kb = knowledge_base().lookup(label, node["name"])
        wd = f", Wikidata {kb.props['wikidata']}" if kb and kb.props.get("wikidata") else ""
        return f"a knowledge-base entry: every alias in every document is this one node{wd}"
    if label == "Official":
        places = sorted({d.get("locality") or "no locality" for d in docs})
        if len(places) > 1:
            return (f"namesakes in {' / '.join(places)} merged because they hold a post in the same organ"
                    f" ({'、'.join(posts)})")
        if props.get("locality"):
            return f"one official per name and locality: mentions of {node['name']} in {props['locality']} documents"
        return "no locality known: kept to its own document, never merged silently"
    if label == "Organ":
        if props.get("locality"):
            return f"name qualified by its locality ({props['locality']}); the same short name elsewhere is another node"
        if len(docs) == 1 and node["name"][:1] in "省市县区镇乡":
            return "unqualified local body in a document with no locality: kept to that document"
        return "national or unqualified body, one node by name"
    if label in ("Slogan", "Campaign"):
        return "one node per formulation: quotation, width and spacing variants, generic tails and near-identical spellings merge"
    return "one node per normalised name" + (" and locality" if label == "Event" else "")


def nodes_named(nodes, name: str) -> list[dict]:
    """The entity nodes whose name or an alias is `name` (compared normalised)."""
    key = normalise_name(name)
    return [n for n in nodes if n["label"] != "Document"
            and key in {normalise_name(x) for x in [n["name"], *n["aliases"]]}]


def explain(build_dir: str | Path, name: str) -> str:
    d = build_files(build_dir)
    nodes = {n["id"]: n for n in read_jsonl(d / "nodes.jsonl")}
    docs = {x["id"]: x for x in read_jsonl(d / "documents.jsonl")}
    hits = nodes_named(nodes.values(), name)
    if not hits:
        names = sorted({n["name"] for n in nodes.values() if n["label"] != "Document"})
        close = process.extract(name, names, scorer=fuzz.ratio, limit=5, score_cutoff=50)
        hint = "; did you mean: " + "、".join(c[0] for c in close) if close else ""
        return f"no node is called {name}{hint}"
    edges = defaultdict(list)
    for e in read_jsonl(d / "edges.jsonl"):
        for end in (e["source"], e["target"]):
            if end in nodes:
                edges[end].append(e)
    out = [f"{name}: {len(hits)} node(s)"]
    for n in sorted(hits, key=lambda n: n["id"]):
        mine = edges[n["id"]]
        seen_in = [docs[e["target"]] for e in mine if e["type"] == "MENTIONED_IN" and e["target"] in docs]
        posts = sorted({nodes[e["target"]]["name"] for e in mine if e["type"] == "HOLDS_POSITION" and e["source"] == n["id"]})
        out.append("")
        out.append(f"[{n['label']}] {n['name']}  ({n['id']})")
        extra = {k: v for k, v in n["props"].items() if k in ("locality", "level", "province", "wikidata")}
        if extra:
            out.append("  " + ", ".join(f"{k}: {v}" for k, v in sorted(extra.items())))
        out.append(f"  aliases: {'、'.join(n['aliases']) or '-'}")
        out.append(f"  why: {_why(n, seen_in, posts)}")
        for e in sorted(mine, key=lambda e: e["id"]):
            if e["type"] == "SAME_AS_CANDIDATE":
                other = nodes[e["target"] if e["source"] == n["id"] else e["source"]]
                where = other["props"].get("locality") or "no locality"
                out.append(f"  kept apart from {other['id']} ({where}), score {e['props']['score']}: {e['props']['reason']}")
        by_date = lambda e: (docs.get(e["target"], {}).get("date") or "", e["target"])  # noqa: E731
        for m in sorted((e for e in mine if e["type"] == "MENTIONED_IN"), key=by_date):
            doc = docs.get(m["target"], {})
            out.append(f"  in {doc.get('file')} «{doc.get('title')}» {doc.get('date') or ''}: {m['props']['count']} mention(s)")
            facts = [e for e in mine if e["type"] not in ("MENTIONED_IN", "SAME_AS_CANDIDATE") and e["props"].get("doc") == m["target"]]
            for e in sorted(facts, key=lambda e: (e["props"]["start"], e["id"])):
                other = nodes[e["target"] if e["source"] == n["id"] else e["source"]]
                arrow = "→" if e["source"] == n["id"] else "←"
                title = f" ({e['props']['title']})" if e["props"].get("title") else ""
                out.append(f"    {e['type']}{title} {arrow} {other['name']}: “{e['props']['evidence']}” [{e['props']['start']}:{e['props']['end']}]")
    return "\n".join(out)
