"""Peak memory and time of `kg export rdf` per format on a generated build (scripts/synthetic_graph.py).

The export streams the build's JSON Lines through pyoxigraph's serialiser, so peak memory should
stay flat as the build grows. Each export runs in its own process; its peak RSS is its VmHWM.

    python scripts/bench_export_memory.py --docs 2000 20000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_graph import synthetic_graph  # noqa: E402

from kg.graph.io import write_jsonl_atomic  # noqa: E402

# VmHWM, not ru_maxrss: ru_maxrss survives exec, so it would count the parent's memory at fork
RUN = """
import sys
from kg.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
    print(hwm.split()[1], file=sys.stderr)
"""
FORMATS = ("turtle", "nt", "json-ld", "nquads", "trig", "xml")


def peak(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one kg command in a fresh process."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, check=True)
    return time.perf_counter() - t, int(proc.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, nargs="+", default=[2000, 20000])
    args = ap.parse_args()
    print(f"{'documents':>9} {'nodes':>8} {'edges':>8} {'format':<8} {'MB out':>8} {'s':>6} {'peak RSS MB':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for docs in args.docs:
            nodes, edges = synthetic_graph(docs * 10)
            build = Path(tmp) / f"b{docs}"
            write_jsonl_atomic(build / "nodes.jsonl", nodes)
            write_jsonl_atomic(build / "edges.jsonl", edges)
            n, e = len(nodes), len(edges)
            del nodes, edges
            _, base = peak(["--version"])
            print(f"{docs:>9} {n:>8} {e:>8} {'(python)':<8} {'':>8} {'':>6} {base:>11.0f}")
            for fmt in FORMATS:
                out = Path(tmp) / f"g.{fmt}"
                secs, rss = peak(["export", "rdf", str(build), "--format", fmt, "-o", str(out)])
                print(f"{docs:>9} {n:>8} {e:>8} {fmt:<8} {out.stat().st_size / 1e6:>8.1f} {secs:>6.1f} {rss:>11.0f}")
                out.unlink()


if __name__ == "__main__":
    main()
