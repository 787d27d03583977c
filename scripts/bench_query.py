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


def synthetic_build(n_nodes: int, out: str | Path) -> Path:
    """The generated graph as a build directory (nodes.jsonl, edges.jsonl, build.json)."""
    from synthetic_graph import synthetic_graph

    from kg.graph.io import write_build

    write_build(Path(out), *synthetic_graph(n_nodes))
    return Path(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", type=Path, help="an existing build directory")
    ap.add_argument("--nodes", type=int, help="generate a graph of this many nodes instead")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench-query"))
    args = ap.parse_args()
    if bool(args.build) == bool(args.nodes):
        ap.error("give one of --build DIR and --nodes N")
    if args.nodes:   # made in a process of its own: a child's peak RSS counts its parent's at fork time
        build = args.workdir / f"graph-{args.nodes}"
        subprocess.run([sys.executable, "-c", f"import sys; sys.path[:0] = {[str(ROOT / 'scripts'), str(ROOT)]!r}; "
                        f"from bench_query import synthetic_build; synthetic_build({args.nodes}, {str(build)!r})"],
                       check=True)
    else:
        build = args.build
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
