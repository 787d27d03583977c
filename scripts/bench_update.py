"""--update against a full rebuild, the cost of checking a build when it is read, one long document.

    python scripts/bench_update.py --sources FOLDER [--base 400] [--new 20] [--workers 2] [--long 1900000]

Copies the first --base files of FOLDER into one corpus and the next --new into another, then
times: a full build of the base; `--update` with the new files; a full build of both (and checks
that the two are the same bytes); `--update` with nothing new; `kg stats` (which checks every
file's sha256 first). Then builds one document of --long characters (the first file's lines,
numbered, repeated) and prints its time and the peak memory of that build.
"""

from __future__ import annotations

import argparse
import filecmp
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _timed(label: str, args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", *args], check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - start
    print(f"{label:<34}{took:8.1f} s")
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", required=True)
    ap.add_argument("--base", type=int, default=400)
    ap.add_argument("--new", type=int, default=20)
    ap.add_argument("--workers", default="2")
    ap.add_argument("--long", type=int, default=1_900_000)
    a = ap.parse_args()
    files = sorted(p for p in Path(a.sources).rglob("*") if p.is_file() and not p.name.startswith("."))
    work = Path(tempfile.mkdtemp(prefix="kg-bench-update-"))
    try:
        for name, chosen in (("base", files[:a.base]), ("new", files[a.base:a.base + a.new])):
            (work / name).mkdir()
            for i, f in enumerate(chosen):
                shutil.copyfile(f, work / name / f"{i:06d}{f.suffix}")
        j = ["-q", "-j", a.workers]
        _timed(f"full build ({a.base} files)", ["build", str(work / "base"), "--out", str(work / "inc"), *j])
        _timed(f"--update (+{a.new} files)", ["build", str(work / "new"), "--update", str(work / "inc"), *j])
        _timed(f"full build ({a.base + a.new} files)",
               ["build", str(work / "base"), str(work / "new"), "--out", str(work / "full"), *j])
        same = all(filecmp.cmp(work / "inc" / n, work / "full" / n, shallow=False) for n in
                   ("nodes.jsonl", "edges.jsonl", "documents.jsonl", "records.jsonl", "report.jsonl", "build.json"))
        print(f"{'--update equals the full build':<34}{'yes' if same else 'NO':>8}")
        _timed("--update (nothing new)", ["build", str(work / "new"), "--update", str(work / "inc"), *j])
        _timed("kg stats (sha256 checked)", ["stats", str(work / "inc")])
        lines = [line for line in files[0].read_text(encoding="utf-8").splitlines() if line.strip()]
        text, i = [], 0
        while sum(map(len, text)) < a.long:
            text += [f"{line}{i:05d}\n" for line in lines]  # numbered: repeated lines would be boilerplate
            i += 1
        (work / "long").mkdir()
        (work / "long" / "long.txt").write_text("".join(text), encoding="utf-8")
        _timed(f"one document of {sum(map(len, text)):,} chars", ["build", str(work / "long"), "--out",
                                                                  str(work / "long-out"), "-q", "-j", "1"])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{'peak RSS of one build':<34}{peak:8.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
