"""`kg person`: one official's career as an analyst reads it — every post with its organ, title,
status, date and source; the events spoken at; what was reported; the namesakes and the
candidates for the same person with their scores; what a curation file decided."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg.graph.io import read_build
from kg.link.explain import nodes_named


def _source(doc: dict | None) -> str:
    if not doc:
        return ""
    return f"«{doc['name']}» ({doc['props'].get('file')})"


def _when(e: dict) -> str:
    return e["props"].get("as_of") or e["props"].get("date") or "undated"


def career(build_dir: str | Path, name: str) -> tuple[str, bool]:
    """(the text, whether an official of that name was found)."""
    nodes, edges = read_build(build_dir)
    by_id = {n["id"]: n for n in nodes}
    people = sorted((n for n in nodes_named(nodes, name) if n["label"] == "Official"), key=lambda n: n["id"])
    if not people:
        return f"no official is called {name}", False
    mine = defaultdict(list)
    for e in edges:
        for end in (e["source"], e["target"]):
            mine[end].append(e)
    order = lambda e: (_when(e), e["props"].get("doc") or "", e["props"].get("start") or 0, e["id"])  # noqa: E731
    out = [f"{name}: {len(people)} official(s)"]
    for n in people:
        p = n["props"]
        out += ["", f"{n['name']}  ({n['id']})  {' '.join(x for x in (p.get('locality'), p.get('province')) if x)}".rstrip(),
                f"  aliases: {'、'.join(n['aliases']) or '-'}"]
        for line in p.get("curation") or []:
            out.append(f"  curation: {line}")
        facts = sorted((e for e in mine[n["id"]] if e["source"] == n["id"]), key=order)
        sections = (("posts", "HOLDS_POSITION"), ("spoke at", "SPOKE_AT"), ("reported", "REPORTED"))
        for title, type_ in sections:
            rows = [e for e in facts if e["type"] == type_]
            out.append(f"  {title}: {len(rows) or '-'}")
            for e in rows:
                q, other = e["props"], by_id[e["target"]]
                if type_ == "HOLDS_POSITION":
                    what = f"{other['name']} {q.get('title') or ''} [{q.get('status') or 'current'}]"
                elif type_ == "SPOKE_AT":
                    what = f"{other['name']} ({q.get('role') or 'speaker'})"
                else:
                    what = f"{other['name']} ({other['label']})" + (f" at {q['event']}" if q.get("event") else "")
                out.append(f"    {_when(e)}  {what}  {_source(by_id.get(q.get('doc')))}")
                out.append(f"      “{q.get('evidence')}” [{q.get('start')}:{q.get('end')}]")
        candidates = sorted((e for e in mine[n["id"]] if e["type"] == "SAME_AS_CANDIDATE"),
                            key=lambda e: (-e["props"]["score"], e["id"]))
        linked = set()
        out.append(f"  candidates for the same person: {len(candidates) or '-'}")
        for e in candidates:
            other = by_id[e["target"] if e["source"] == n["id"] else e["source"]]
            linked.add(other["id"])
            out.append(f"    {other['id']} ({other['props'].get('locality') or 'no locality'}) "
                       f"score {e['props']['score']}: {e['props']['reason']}")
        namesakes = [x for x in people if x["id"] != n["id"] and x["id"] not in linked]
        if namesakes:
            out.append("  namesakes: " + "; ".join(f"{x['id']} ({x['props'].get('locality') or 'no locality'})"
                                                  for x in namesakes))
    return "\n".join(out), True
