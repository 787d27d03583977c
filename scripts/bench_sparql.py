"""SPARQL engine benchmark: the same query over the same generated graph on Oxigraph (what
`kg sparql` uses) and on rdflib's default in-memory store, in one run.

    python scripts/bench_sparql.py [--nodes 100000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic_graph import synthetic_graph  # noqa: E402

from kg.export.rdf import quads, to_oxigraph, to_rdflib  # noqa: E402
from kg.export.sparql import PREFIXES  # noqa: E402

QUERY = """
SELECT ?organ (COUNT(DISTINCT ?topic) AS ?topics) WHERE {
  ?r a kg:Report ; kg:reporter ?o ; kg:topic ?topic ; prov:wasDerivedFrom ?d .
  ?o skos:prefLabel ?organ . ?d dcterms:date ?date .
  FILTER (?date >= "2024-06-01"^^xsd:date)
} GROUP BY ?organ ORDER BY DESC(?topics) ?organ LIMIT 10
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=100_000)
    args = ap.parse_args()
    nodes, edges = synthetic_graph(args.nodes)
    t = time.perf_counter()
    store = to_oxigraph(quads(nodes, edges))
    t_ox_load = time.perf_counter() - t
    t = time.perf_counter()
    ds = to_rdflib(quads(nodes, edges))
    ds.default_union = True  # query the union of the document graphs, as oxigraph does
    t_rdflib_load = time.perf_counter() - t
    print(f"graph: {len(nodes):,} nodes, {len(edges):,} edges, {len(store):,} quads")
    t = time.perf_counter()
    ox_rows = list(store.query(PREFIXES + QUERY, use_default_graph_as_union=True))
    t_ox = time.perf_counter() - t
    t = time.perf_counter()
    rl_rows = list(ds.query(PREFIXES + QUERY))
    t_rl = time.perf_counter() - t
    assert len(ox_rows) == len(rl_rows), (len(ox_rows), len(rl_rows))
    print(f"load:  oxigraph {t_ox_load:6.2f} s   rdflib {t_rdflib_load:6.2f} s")
    print(f"query: oxigraph {t_ox:6.3f} s   rdflib {t_rl:6.3f} s   ({t_rl / t_ox:.0f}x)   rows {len(ox_rows)}")


if __name__ == "__main__":
    main()
