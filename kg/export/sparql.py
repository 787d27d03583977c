"""SPARQL over a build, embedded: pyoxigraph (Rust, in-process) rather than rdflib's store,
which is about two orders of magnitude slower on joins over large graphs (scripts/bench_sparql.py).

The store is kept on disk in BUILD/index/ (kg.query.index): built from the JSON Lines once, then
opened read-only by every query, so a query costs what the query costs, not a load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.export.rdf import DEFAULT_BASE, NS, quads, to_oxigraph
from kg.query.rows import format_rows  # noqa: F401  (kept importable from here)

PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in NS.items())
_HIDDEN = PREFIXES.count("\n")
STORE = "oxigraph"


class SparqlError(ValueError):
    """A query Oxigraph refused: one line, positions counted in the user's own text."""


@dataclass
class Answer:
    """What a query gives: rows (SELECT), a boolean (ASK) or a graph as Turtle (CONSTRUCT, DESCRIBE)."""
    variables: list[str] | None = None
    rows: list[list[str | None]] | None = None
    boolean: bool | None = None
    turtle: bytes | None = None


def store_for(nodes: Iterable[dict], edges: Iterable[dict], base: str = DEFAULT_BASE, path: Path | None = None) -> ox.Store:
    """The build as an Oxigraph store: in memory, or on disk at `path`."""
    store = to_oxigraph(quads(nodes, edges, base), ox.Store(str(path)) if path else None)
    if path:
        store.flush()
    return store


def sparql_store(build_dir: str | Path) -> tuple[Path, bool]:
    """(folder of the build's on-disk store, whether it was built now)."""
    from kg.graph.io import iter_build
    from kg.query.index import store_path

    def make(folder: Path) -> None:   # streamed: the build's records are never all in memory
        store = store_for(*iter_build(build_dir), path=folder / STORE)
        store.optimize()
        del store  # closes the database before the folder is renamed into place

    return store_path(Path(build_dir), "sparql", make)


def open_store(build_dir: str | Path) -> ox.Store:
    folder, _ = sparql_store(build_dir)
    return ox.Store.read_only(str(folder / STORE))


def _plain(term) -> str | None:
    if term is None:
        return None
    return term.value


_AT = re.compile(r"^error at (\d+):(\d+): (.*)", re.S)


def _error(exc: Exception, query: str) -> SparqlError:
    """Oxigraph's message on one line, its line number moved past the hidden prefixes."""
    message = " ".join(str(exc).split())
    m = _AT.match(message)
    if not m:
        return SparqlError(message[:200])
    line, col, what = int(m[1]) - _HIDDEN, int(m[2]), m[3]
    lines = query.split("\n")
    if "Prefix not found" in what and 1 <= line <= len(lines):
        prefix = re.search(r"([\w-]*):[\w-]*$", lines[line - 1][:col - 1])
        what = f"unknown prefix {prefix[1] if prefix else ''}: (declared: {', '.join(NS)})"
    elif len(what) > 120:
        what = what[:117] + "..."
    return SparqlError(f"line {line}, column {col}: {what}")


def query(store: ox.Store, text: str) -> Answer:
    """Any query form, with the standard prefixes declared; the union of all named graphs is the
    default graph. CONSTRUCT and DESCRIBE give Turtle with the triples sorted (same input, same bytes)."""
    try:
        result = store.query(PREFIXES + text, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean) or isinstance(result, bool):
            return Answer(boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            triples = sorted(result, key=str)
            return Answer(turtle=ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=NS))
        variables = [v.value for v in result.variables]
        return Answer(variables, [[_plain(sol[v]) for v in variables] for sol in result])
    except SyntaxError as exc:
        raise _error(exc, text) from None
    except OSError as exc:
        raise SparqlError(" ".join(str(exc).split())[:200]) from None


def run(store: ox.Store, text: str) -> tuple[list[str], list[list[str | None]]]:
    """(variables, rows) of a SELECT; an ASK as one row of its own."""
    answer = query(store, text)
    if answer.boolean is not None:
        return ["ask"], [[str(answer.boolean).lower()]]
    if answer.turtle is not None:
        raise SparqlError("CONSTRUCT and DESCRIBE give a graph, not rows")
    return answer.variables, answer.rows
