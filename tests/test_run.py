"""Whole builds: parallel and distributed maps, incremental updates, interruption, determinism."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.graph.io import read_build
from kg.graph.run import build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [str(ROOT / "examples" / "seeds"), str(ROOT / "tests" / "data" / "linking")]
GRAPH = ("nodes.jsonl", "edges.jsonl", "documents.jsonl", "records.jsonl")


def _files(out):
    return {name: (Path(out) / name).read_bytes() for name in GRAPH}


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    build(CORPUS, out, workers=1)
    return _files(out)


def test_two_workers_equal_one(serial, tmp_path):
    build(CORPUS, tmp_path, workers=2)
    assert _files(tmp_path) == serial


def test_dask_local_cluster_equals_local_build(serial, tmp_path):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        build(CORPUS, tmp_path, scheduler=cluster.scheduler_address)
    assert _files(tmp_path) == serial


def test_same_output_under_other_hash_seeds(serial, tmp_path):
    for seed in ("1", "4242"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg.cli", "build", *CORPUS, "--out", str(out), "-q", "-j", "1"],
                       check=True, env=env)
        assert _files(out) == serial


def test_update_equals_full_rebuild_and_readding_changes_nothing(serial, tmp_path):
    out = tmp_path / "inc"
    build([CORPUS[0]], out, workers=1)
    summary = build([CORPUS[1]], out, workers=1, update=True)
    assert summary.kept == 5 and summary.built == 7
    assert _files(out) == serial
    again = build([CORPUS[1]], out, workers=1, update=True)
    assert again.built == 0 and again.kept == 12 and not again.skipped  # nothing extracted again
    assert _files(out) == serial


def _big_corpus(path: Path, n: int) -> Path:
    path.mkdir()
    seeds = sorted((ROOT / "examples" / "seeds").iterdir())
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (path / f"{i:04d}.txt").write_text(text + f"\n第{i}号。", encoding="utf-8")
    return path


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_build_leaves_previous_output_intact(tmp_path, sig):
    out = tmp_path / "out"
    build([CORPUS[0]], out, workers=1)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    corpus = _big_corpus(tmp_path / "big", 2000)  # more than a build gets through in the second it is given
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "-q", "-j", "1"])
    deadline = time.monotonic() + 60
    while not list(out.glob(".kg/build-*/records.spool")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # well inside the map stage
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    nodes, edges = read_build(out)
    assert nodes and edges
    shutil.rmtree(corpus)


def test_units_are_sent_to_workers_in_batches_bounded_by_count_and_size():
    from kg.graph.run import BATCH_CHARS, BATCH_UNITS, FILE_CHARS, _batched
    from kg.ingest.sources import Unit
    from kg.ingest.split import Story

    stories = [Unit(f"day.md#{i}", story=Story(i, "t", "字" * 500)) for i in range(100)]
    sizes = [len(b) for b in _batched(stories)]
    assert sizes == [BATCH_UNITS] * 3 + [4]          # short stories: full batches
    files = [Unit(f"page{i}.html") for i in range(10)]
    per_batch = BATCH_CHARS // FILE_CHARS
    assert [len(b) for b in _batched(files)] == [per_batch, per_batch, 10 - 2 * per_batch]
    big = [Unit("big.md#1", story=Story(1, "t", "字" * (2 * BATCH_CHARS))), *stories[:3]]
    assert [len(b) for b in _batched(big)] == [1, 3]  # a large unit goes alone, never dropped
