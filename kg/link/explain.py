"""`kg explain`: the nodes a name resolves to, the evidence behind them, and why the linker
merged their mentions or kept them apart."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

from kg.graph.io import build_files, read_jsonl
from kg.ingest.normalise import normalise_name
from kg.link.kb import Entry, knowledge_base

ENTITY_LABELS = ("Official", "Organ", "Campaign", "Slogan", "Event", "PolicyDocument")

# Terminal control sequences (CSI such as colours and cursor moves, OSC such as window titles and
# hyperlinks, other ESC pairs) and any control character left: corpus text is printed to a
# terminal and must not drive it.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -~]?|\x9b[0-?]*[ -/]*[@-~]"
                      r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text) -> str:
    """Text from the corpus as it may be printed: control sequences removed, on one line."""
    return _CONTROL.sub("", str(text)).replace("\n", " ").replace("\t", " ")


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


def kb_entries(name: str) -> list[Entry]:
    """The knowledge-base entries (of any label) that have `name` as their name or an alias."""
    kb = knowledge_base()
    return [e for label in ENTITY_LABELS if (e := kb.lookup(label, name)) is not None]


def nodes_named(nodes, name: str) -> list[dict]:
    """The entity nodes whose name or an alias is `name` (compared normalised), or that stand for a
    knowledge-base entry known by `name`, even where the corpus never writes it so (中共中央 for
    党中央, 不敢腐、不能腐、不想腐 for 三不腐)."""
    forms = {normalise_name(name)}
    by_label = defaultdict(set)
    for e in kb_entries(name):
        by_label[e.label] |= {normalise_name(f) for f in e.all_forms()}
    return [n for n in nodes if n["label"] != "Document"
            and {normalise_name(x) for x in [n["name"], *n["aliases"]]} & (forms | by_label[n["label"]])]


def explain(build_dir: str | Path, name: str) -> str:
    d = build_files(build_dir)
    nodes = {n["id"]: n for n in read_jsonl(d / "nodes.jsonl")}
    docs = {x["id"]: x for x in read_jsonl(d / "documents.jsonl")}
    hits = nodes_named(nodes.values(), name)
    if not hits:
        names = sorted({n["name"] for n in nodes.values() if n["label"] != "Document"})
        close = process.extract(name, names, scorer=fuzz.ratio, limit=5, score_cutoff=50)
        hint = "; did you mean: " + "、".join(c[0] for c in close) if close else ""
        return printable(f"no node is called {name}{hint}")
    edges = defaultdict(list)
    for e in read_jsonl(d / "edges.jsonl"):
        for end in (e["source"], e["target"]):
            if end in nodes:
                edges[end].append(e)
    out = [f"{name}: {len(hits)} node(s)"]
    for e in kb_entries(name):
        if normalise_name(e.name) != normalise_name(name):
            out.append(f"  in the knowledge base, {name} is {e.label} {e.name}")
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
        for line in n["props"].get("curation") or []:
            out.append(f"  curation: {line}")
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
    return "\n".join(printable(line) for line in out)
