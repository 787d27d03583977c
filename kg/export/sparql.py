"""SPARQL over a build, embedded: pyoxigraph (Rust, in-process) rather than rdflib's store,
which is about two orders of magnitude slower on joins over large graphs (scripts/bench_sparql.py)."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from kg.export.rdf import DEFAULT_BASE, NS, quads, to_oxigraph

PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in NS.items())


def store_for(nodes: list[dict], edges: list[dict], base: str = DEFAULT_BASE) -> ox.Store:
    return to_oxigraph(quads(nodes, edges, base))


def _plain(term) -> str | None:
    if term is None:
        return None
    return term.value


def run(store: ox.Store, query: str) -> tuple[list[str], list[list[str | None]]]:
    """(variables, rows) of a SELECT, with the standard prefixes declared; the union of all
    named graphs is the default graph."""
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    if isinstance(result, bool):
        return ["ask"], [[str(result).lower()]]
    variables = [v.value for v in result.variables]
    rows = [[_plain(sol[v]) for v in variables] for sol in result]
    return variables, rows


def format_rows(variables: list[str], rows: list[list], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(variables, r)) for r in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(variables)
        w.writerows([["" if c is None else c for c in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    widths = [max([len(v)] + [len(str(r[i] or "")) for r in rows]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths))]
    lines += ["  ".join(str(c or "").ljust(w) for c, w in zip(r, widths)) for r in rows]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)
