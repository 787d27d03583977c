"""Query-store benchmark: load and query times, and peak memory, of `kg cypher` (ladybug) and
`kg sparql` (Oxigraph), each call a separate `kg` process as a user runs it.

    python scripts/bench_query.py --build DIR        # an existing build (e.g. 20,000 documents)
    python scripts/bench_query.py --nodes 1000000    # a generated graph, written as a build

The first call of each command builds its store in DIR/index/; later calls open it. The queries
are the README's (Cypher and SPARQL) and a COUNT over everything.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

README = (ROOT / "README.md").read_text(encoding="utf-8")
CYPHER = re.findall(r"```cypher\n(.*?)```", README, re.S)
SPARQL = re.findall(r"```sparql\n(.*?)```", README, re.S)
CYPHER_COUNT = "MATCH (n) RETURN count(n) AS nodes"
SPARQL_COUNT = "SELECT (COUNT(*) AS ?quads) WHERE { ?s ?p ?o }"


def kg(*args: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, first output line) of one `kg` process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=env)
    out = proc.stdout.read().decode("utf-8")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    if status:
        raise SystemExit(f"kg {args[0]} failed: {out.strip()}")
    lines = [line for line in out.splitlines() if line.strip()]
    return seconds, usage.ru_maxrss / 1024, (lines[1] if len(lines) > 1 else lines[0] if lines else "").strip()


def synthetic_build(n_nodes: int, out: Path) -> Path:
    """The generated graph as a build directory (nodes.jsonl, edges.jsonl, build.json)."""
    import json

    from synthetic_graph import synthetic_graph

    from kg.graph.io import sha256_file, write_jsonl_atomic

    nodes, edges = synthetic_graph(n_nodes)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl_atomic(out / "nodes.jsonl", nodes)
    write_jsonl_atomic(out / "edges.jsonl", edges)
    files = {n: {"bytes": (out / n).stat().st_size, "sha256": sha256_file(out / n)} for n in ("nodes.jsonl", "edges.jsonl")}
    (out / "build.json").write_text(json.dumps({"files": files}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", type=Path, help="an existing build directory")
    ap.add_argument("--nodes", type=int, help="generate a graph of this many nodes instead")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench-query"))
    args = ap.parse_args()
    if bool(args.build) == bool(args.nodes):
        ap.error("give one of --build DIR and --nodes N")
    build = args.build or synthetic_build(args.nodes, args.workdir / f"graph-{args.nodes}")
    shutil.rmtree(build / "index", ignore_errors=True)
    with open(build / "nodes.jsonl", "rb") as fh:
        n_nodes = sum(1 for _ in fh)
    with open(build / "edges.jsonl", "rb") as fh:
        n_edges = sum(1 for _ in fh)
    print(f"build {build}: {n_nodes:,} nodes, {n_edges:,} edges")
    print(f"{'call':<44}{'time':>9}{'peak RSS':>11}  answer")
    rows = [("cypher, 1st call: store built + COUNT", "cypher", CYPHER_COUNT),
            ("cypher, 2nd call: COUNT", "cypher", CYPHER_COUNT)]
    rows += [(f"cypher, README query {i + 1}", "cypher", q) for i, q in enumerate(CYPHER)]
    rows += [("sparql, 1st call: store built + COUNT", "sparql", SPARQL_COUNT),
             ("sparql, 2nd call: COUNT", "sparql", SPARQL_COUNT)]
    rows += [(f"sparql, README query {i + 1}", "sparql", q) for i, q in enumerate(SPARQL)]
    for title, command, query in rows:
        seconds, rss, answer = kg(command, str(build), query, "--format", "csv")
        print(f"{title:<44}{seconds:>8.2f}s{rss:>8.0f} MB  {answer[:40]}")
    sizes = {p.name.split("-")[0]: sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
             for p in (build / "index").iterdir()}
    print("store size on disk: " + ", ".join(f"{k} {v / 2**20:.0f} MB" for k, v in sorted(sizes.items())))


if __name__ == "__main__":
    main()
