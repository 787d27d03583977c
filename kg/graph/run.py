"""A whole build: sources in, build directory out, every source accounted for.

Map: each unit (a file, or a record of a JSON Lines file) is read, normalised, extracted and
linked within its document, in this process, in N worker processes, or on a Dask cluster; results
come back in source order. Reduce: each record is merged into the graph as it arrives (the merge
does not depend on order) and streams to disk for records.jsonl. Memory follows the size of the
graph, not of the corpus. Output goes to a staging folder and is moved into place only when
complete.
"""

from __future__ import annotations

import gc
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import orjson
from tqdm import tqdm

from kg.curation import read_curation
from kg.graph.build import GraphBuilder, contribution, process
from kg.graph.io import (MANIFEST, AppendOnlyFile, atomic_file, dumpb, publish, read_jsonl, sha256_file,  # noqa: F401
                         verify_build, write_jsonl_atomic)
from kg.ingest.document import SourceError
from kg.ingest.sources import MAX_CHARS, Options, Unit, iter_units

OUTPUTS = ("documents.jsonl", "records.jsonl", "nodes.jsonl", "edges.jsonl", "report.jsonl")


@dataclass
class BuildSummary:
    built: int = 0
    skipped: list[dict] = field(default_factory=list)
    nodes: Counter = field(default_factory=Counter)
    edges: Counter = field(default_factory=Counter)
    kept: int = 0  # documents carried over from the previous build (--update)
    warnings: list[dict] = field(default_factory=list)


# ------------------------------------------------------------------ map
def _use_kb_files(kb_files: tuple[str, ...]) -> None:
    """Make a worker process see the same user knowledge-base files as the parent."""
    from kg.link import kb

    if tuple(str(p) for p in kb._extra) != kb_files:
        kb._extra.clear()
        for path in kb_files:
            kb.add_kb_file(path)


@dataclass(frozen=True)
class Settings:
    """What every worker must know: sent with each batch of units."""
    kb_files: tuple[str, ...] = ()
    max_chars: int = MAX_CHARS


def process_unit(unit: Unit | SourceError, settings: Settings = Settings()) -> dict:
    """One unit through ingest, extract and in-document linking. Never raises for bad input."""
    if isinstance(unit, SourceError):
        return {"entry": {"source": unit.path, "status": "skipped", "reason": unit.reason}}
    _use_kb_files(settings.kb_files)
    try:
        doc = unit.load(settings.max_chars)
    except Exception as exc:  # a broken file must not stop the corpus
        doc = SourceError(unit.where, f"cannot be read: {type(exc).__name__}: {exc}")
    if isinstance(doc, SourceError):
        return {"entry": {"source": unit.where, "status": "skipped", "reason": doc.reason}}
    try:
        record = process(doc)
    except Exception as exc:
        return {"entry": {"source": unit.where, "status": "skipped",
                          "reason": f"extraction failed: {type(exc).__name__}: {exc}"}}
    row = {**record["document"], "text": doc.text, "original": doc.original}
    entry = {"source": unit.where, "status": "built", "doc": doc.id}
    if doc.meta.get("warning"):
        entry["warning"] = doc.meta["warning"]
    # Serialised and prepared for the merge here, in the worker: the parent's share stays small.
    return {"entry": entry, "record": dumpb(record), "document": dumpb(row), "merge": contribution(record)}


def process_batch(units: list, settings: Settings = Settings()) -> list[dict]:
    return [process_unit(u, settings) for u in units]


def _batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


def map_units(units: Iterable, workers: int = 1, scheduler: str | None = None,
              settings: Settings = Settings(), batch: int = 8) -> Iterator[dict]:
    """Results of process_unit, in the order of `units`."""
    if scheduler:
        yield from _map_dask(units, scheduler, settings, batch)
    elif workers <= 1:
        for u in units:
            yield process_unit(u, settings)
    else:
        import multiprocessing as mp
        from functools import partial

        with mp.get_context("fork").Pool(workers) as pool:
            for results in pool.imap(partial(process_batch, settings=settings), _batched(units, batch)):
                yield from results


def _map_dask(units: Iterable, scheduler: str, settings: Settings, batch: int) -> Iterator[dict]:
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise RuntimeError("--dask-scheduler needs Dask: pip install 'kg[dask]'") from exc

    with Client(scheduler) as client:
        window = max(4, 4 * len(client.scheduler_info().get("workers", {})))
        pending = []
        for chunk in _batched(units, batch):
            pending.append(client.submit(process_batch, chunk, settings, pure=False))
            if len(pending) >= window:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


# ------------------------------------------------------------------ spool
class Spool:
    """JSON lines on disk, read back in key order: bounded memory whatever the corpus size."""

    def __init__(self, path: Path):
        self.file = AppendOnlyFile(path)
        self.index: dict[str, tuple[int, int]] = {}

    def add(self, key: str, line: bytes) -> None:
        """`line`: one JSON document, without its newline."""
        self.index[key] = self.file.append(line + b"\n")

    def __contains__(self, key: str) -> bool:
        return key in self.index

    def write(self, path: Path) -> str:
        """Write the lines in key order to `path`, atomically; return its sha256. The bytes are
        copied by the kernel, so this runs in a thread beside the rest of the build's end."""
        with atomic_file(path) as fh:
            for key in sorted(self.index):
                self.file.copy_into(fh, self.index[key])
        return sha256_file(path)

    def close(self) -> None:
        self.file.close()


# ------------------------------------------------------------------ build
def _stream_lines(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                yield line.rstrip(b"\n")


def _clear_stale_staging(out: Path) -> None:
    for stale in out.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def previous_build(out: Path) -> bool:
    return (out / MANIFEST).is_file()


def build(sources: list[str], out: str | Path, progress: bool = False, workers: int = 1,
          scheduler: str | None = None, update: bool = False, kb_files: tuple[str, ...] = (),
          max_chars: int = MAX_CHARS, curation: str | Path | None = None,
          options: Options = Options()) -> BuildSummary:
    """Build (or with `update`, extend) the graph of `sources` in `out`; with `curation`, apply
    an analyst's curation file (kg.curation); `options`: how sources are read (the build's own
    files are never read as sources)."""
    decisions = read_curation(curation) if curation else None
    try:
        own = tuple(str(Path(out) / name) for name in (*OUTPUTS, MANIFEST, ".staging-*"))
        options = Options(options.split, options.fields, (*options.exclude, *own))
        return _build(sources, Path(out), progress, workers, scheduler, update, kb_files, max_chars, decisions,
                      options)
    finally:
        gc.unfreeze()


FREEZE_EVERY = 1000


def _settle_heap(n: int) -> None:
    """Every FREEZE_EVERY documents, collect, then move what survives (the graph so far) out of
    the collector's sight: full collections then stay small instead of walking the whole graph."""
    if n % FREEZE_EVERY == 0:
        gc.collect()
        gc.freeze()


def _build(sources, out: Path, progress, workers, scheduler, update, kb_files, max_chars, curation,
           options) -> BuildSummary:
    out.mkdir(parents=True, exist_ok=True)
    _clear_stale_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    summary = BuildSummary()
    records, documents = Spool(staging / "records.spool"), Spool(staging / "documents.spool")
    edge_lines = AppendOnlyFile(staging / "edges.spool")
    try:
        report: list[dict] = []
        builder = GraphBuilder(store=edge_lines, curation=curation)  # the reduce: order of adds does not matter
        if update and previous_build(out):
            verify_build(out)
            for line in _stream_lines(out / "records.jsonl"):
                record = orjson.loads(line)
                records.add(record["document"]["id"], line)
                builder.add(record)
            for line in _stream_lines(out / "documents.jsonl"):
                documents.add(orjson.loads(line)["id"], line)
            report = read_jsonl(out / "report.jsonl")
            summary.kept = len(records.index)
        first_source = {e["doc"]: e["source"] for e in report if e.get("status") == "built"}
        bar = tqdm(desc="documents", unit="doc", disable=not progress)
        settings = Settings(tuple(kb_files), max_chars)
        for result in map_units(iter_units(sources, options), workers, scheduler, settings):
            entry = result["entry"]
            if entry["status"] == "built":
                doc_id = entry["doc"]
                if doc_id in records:
                    entry = {"source": entry["source"], "status": "skipped",
                             "reason": f"duplicate of {first_source.get(doc_id, doc_id)}"}
                else:
                    records.add(doc_id, result["record"])
                    documents.add(doc_id, result["document"])
                    builder.merge(result["merge"])  # overlaps with the workers
                    first_source[doc_id] = entry["source"]
                    summary.built += 1
            if entry["status"] != "built":
                summary.skipped.append(entry)
            elif entry.get("warning"):
                summary.warnings.append(entry)
            report.append(entry)
            bar.update(1)
            _settle_heap(len(report))
        bar.close()
        digests: dict[str, str] = {}
        if records.index:
            with ThreadPoolExecutor(2) as background:
                spooled = {name: background.submit(spool.write, staging / name)
                           for name, spool in (("documents.jsonl", documents), ("records.jsonl", records))}
                nodes, edges = builder.finish(materialise=False)
                summary.nodes.update(n["label"] for n in nodes)
                summary.edges.update(builder.edge_counts())
                write_jsonl_atomic(staging / "nodes.jsonl", nodes)
                write_jsonl_atomic(staging / "edges.jsonl", edges)
                digests = {name: future.result() for name, future in spooled.items()}
        write_jsonl_atomic(staging / "report.jsonl", report)
        _publish_build(staging, out, complete=bool(records.index), digests=digests)
    finally:
        records.close()
        documents.close()
        edge_lines.close()
        shutil.rmtree(staging, ignore_errors=True)
    return summary


def _publish_build(staging: Path, out: Path, complete: bool, digests: dict[str, str]) -> None:
    """Move the finished files into place; the manifest, written last, vouches for the set.
    `digests`: the sha256 of files already hashed."""
    names = OUTPUTS if complete else ("report.jsonl",)
    if complete:
        with ThreadPoolExecutor(2) as pool:  # hashlib releases the GIL
            todo = [n for n in names if n not in digests]
            digests = {**digests, **dict(zip(todo, pool.map(lambda n: sha256_file(staging / n), todo)))}
        manifest = {"files": {n: {"bytes": (staging / n).stat().st_size, "sha256": digests[n]} for n in names}}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (out / MANIFEST).unlink(missing_ok=True)  # a set half moved is never vouched for
    for n in names:
        publish(staging / n, out / n)
    if complete:
        publish(staging / MANIFEST, out / MANIFEST)
