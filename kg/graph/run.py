"""A whole build: sources in, build directory out, every source accounted for.

Map: each unit (a file, or a record of a JSON Lines file) is read, normalised, extracted and
linked within its document, in this process, in N worker processes, or on a Dask cluster; results
come back in source order. Reduce: each record is merged into the graph as it arrives (the merge
does not depend on order) and streams to disk for records.jsonl. Memory follows the size of the
graph, not of the corpus. Output goes to a new generation of the output folder, published in one
step only when complete (kg.graph.publish); --update reuses the results of unchanged units.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from tqdm import tqdm

from kg.batches import batches
from kg.curation import read_curation
from kg.graph.build import GraphBuilder, contribution, process
from kg.graph.io import (MANIFEST, AppendOnlyFile, BuildError, atomic_file, build_files, dumpb, read_jsonl,
                         read_manifest, sha256_file, write_bytes_atomic, write_jsonl_atomic)
from kg.graph.publish import clean, current, discard, no_space, publish, stage, writer
from kg.ingest.document import SourceError
from kg.ingest.sources import MAX_CHARS, Options, Unit, iter_units

OUTPUTS = ("documents.jsonl", "records.jsonl", "nodes.jsonl", "edges.jsonl", "report.jsonl")
UNITS = "units.jsonl"  # each built unit's key and report entry: what --update may reuse


@dataclass
class BuildSummary:
    built: int = 0
    skipped: list[dict] = field(default_factory=list)
    nodes: Counter = field(default_factory=Counter)
    edges: Counter = field(default_factory=Counter)
    kept: int = 0  # documents carried over from the previous build (--update)
    warnings: list[dict] = field(default_factory=list)
    files: dict[str, dict] = field(default_factory=dict)  # name → bytes, sha256 of each output


# ------------------------------------------------------------------ map
def _use_kb_files(kb_files: tuple[str, ...]) -> None:
    """Make a worker process see the same user knowledge-base files as the parent."""
    from kg.link import kb

    if tuple(str(p) for p in kb._extra) != kb_files:
        kb.set_kb_files(kb_files)


@dataclass(frozen=True)
class Settings:
    """What every worker must know: sent with each batch of units."""
    kb_files: tuple[str, ...] = ()
    max_chars: int = MAX_CHARS


def process_unit(unit: Unit | SourceError, settings: Settings = Settings()) -> dict:
    """One unit through ingest, extract and in-document linking. Never raises for bad input."""
    if isinstance(unit, SourceError):
        return {"entry": {"source": unit.path, "status": "skipped", "reason": unit.reason}}
    if isinstance(unit, Cached):
        return {"entry": {"source": unit.where, **unit.entry}, "cached": True, "key": unit.key}
    _use_kb_files(settings.kb_files)
    key = unit_key(unit)
    try:
        doc = unit.load(settings.max_chars)
    except Exception as exc:  # a broken file must not stop the corpus
        doc = SourceError(unit.where, f"cannot be read: {type(exc).__name__}: {exc}")
    if isinstance(doc, SourceError):
        return {"entry": {"source": unit.where, "status": "skipped", "reason": doc.reason}}
    try:
        with _first_in_process():
            record = process(doc)
    except Exception as exc:
        return {"entry": {"source": unit.where, "status": "skipped",
                          "reason": f"extraction failed: {type(exc).__name__}: {exc}"}}
    row = {**record["document"], "text": doc.text, "original": doc.original}
    entry = {"source": unit.where, "status": "built", "doc": record["document"]["id"]}
    if doc.meta.get("warning"):
        entry["warning"] = doc.meta["warning"]
    # Serialised and prepared for the merge here, in the worker: the parent's share stays small.
    return {"entry": entry, "record": dumpb(record), "document": dumpb(row), "merge": contribution(record),
            "key": key}


_warm = False  # this process has built the pipeline


@contextmanager
def _first_in_process() -> Iterator[None]:
    """The first document a process handles builds the pipeline and compiles its big patterns:
    millions of objects that live on, no garbage worth a collection. The collector is paused
    meanwhile (its full collections would walk them again and again), then what lives on is
    frozen, out of its sight. Later documents run as they are."""
    global _warm
    if _warm or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        _warm = True
        gc.enable()
        gc.collect()
        gc.freeze()


def process_batch(units: list, settings: Settings = Settings()) -> list[dict]:
    return [process_unit(u, settings) for u in units]


BATCH_UNITS = 32          # units sent to a worker at once: a message per story would cost more than the story
BATCH_CHARS = 256_000     # …or fewer, where they are large: the workers stay even to the end
FILE_CHARS = 64_000       # what a file counts for before it is read


def _size(unit) -> int:
    """About how many characters a unit brings (a file's are not known before it is read)."""
    if isinstance(unit, Unit):
        if unit.story is not None:
            return len(unit.story.text)
        return len(unit.line) if unit.line is not None else FILE_CHARS
    return 0   # a unit kept from the last build, or one that cannot be read: no work


def _batched(items: Iterable, n: int = BATCH_UNITS, chars: int = BATCH_CHARS) -> Iterator[list]:
    """Consecutive batches of at most n units and, past the first unit, `chars` characters."""
    return batches(items, n, chars, _size)


def map_units(units: Iterable, workers: int = 1, scheduler: str | None = None,
              settings: Settings = Settings(), batch: int = BATCH_UNITS) -> Iterator[dict]:
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


DASK_CONNECT_TIMEOUT = 10  # seconds to reach the scheduler


def _map_dask(units: Iterable, scheduler: str, settings: Settings, batch: int) -> Iterator[dict]:
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise RuntimeError("--dask-scheduler needs Dask: pip install 'kg[dask]'") from exc

    try:
        client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BuildError(f"--dask-scheduler {scheduler}: no Dask scheduler answers there ({exc})") from None
    with client:
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
def build(sources: list[str], out: str | Path, progress: bool = False, workers: int = 1,
          scheduler: str | None = None, update: bool = False, kb_files: tuple[str, ...] = (),
          max_chars: int = MAX_CHARS, curation: str | Path | None = None,
          options: Options = Options()) -> BuildSummary:
    """Build the graph of `sources` in `out`; with `update`, of the sources and knowledge-base
    files of the build in `out` followed by these (the same bytes as that full build, only
    faster: a unit unchanged since, under the same settings and code, is not processed again).

    Nothing is published unless at least one document was built: a failed build leaves `out` as
    it was. Raises BuildError (one line for the user) for an output that cannot be used.
    `curation`: an analyst's curation file (kg.curation); `options`: how sources are read (the
    build's own folders are never read as sources)."""
    out = Path(out)
    try:
        with writer(out, "build"):
            return _build_locked(sources, out, progress, workers, scheduler, update, kb_files, max_chars,
                                 curation, options)
    except OSError as exc:
        if no_space(exc):
            raise BuildError(f"{out}: no space left on the device; the build in it is unchanged") from None
        raise
    finally:
        gc.unfreeze()


def _build_locked(sources, out: Path, progress, workers, scheduler, update, kb_files, max_chars,
                  curation, options: Options) -> BuildSummary:
    previous = Previous.open(out) if update else None
    sources, kb_files = list(sources), tuple(kb_files)
    if previous:
        missing = [s for s in sources if not _exists(s)]
        if missing:
            raise BuildError(f"{missing[0]}: no such file or folder, or a glob that matches none; the build "
                             f"in {out} is unchanged")
        sources, kb_files = previous.merged(sources, kb_files)
        curation = curation or previous.manifest.get("curation")
        options = Options(options.split or previous.manifest.get("split"),
                          options.fields or tuple(map(tuple, previous.manifest.get("fields", ()))))
    base = os.getcwd() if any(not os.path.isabs(s) for s in sources) else None
    _check_kb(kb_files)
    settings = Settings(tuple(kb_files), max_chars)
    print_ = fingerprint(settings, options)
    decisions = read_curation(curation) if curation else None
    own = tuple(str(out / name) for name in (*OUTPUTS, MANIFEST, ".kg", ".staging-*"))
    options = Options(options.split, options.fields, (*options.exclude, *own))
    clean(out)
    staged = stage(out, "build")
    try:
        summary = _run(sources, staged, progress, workers, scheduler, settings,
                       previous.cache(print_) if previous else Cache(), decisions, options)
        if summary.built + summary.kept == 0:
            discard(staged)  # nothing to show for it: the build in `out` stays as it was
            return summary
        manifest = {"files": summary.files, "sources": sources, "base": base, "kb": list(kb_files),
                    "max_chars": max_chars, "fingerprint": print_, "split": options.split,
                    "fields": [list(f) for f in options.fields],
                    "curation": str(Path(curation).resolve()) if curation else None}
        write_bytes_atomic(staged / MANIFEST, orjson.dumps(manifest, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)
                           + b"\n")
        publish(out, staged, [*OUTPUTS, MANIFEST])
    except BaseException:
        discard(staged)
        raise
    finally:
        if previous:
            previous.close()
    return summary


def _exists(source: str) -> bool:
    path = Path(source)
    return path.exists() or path.is_symlink() or (any(ch in source for ch in "*?[") and bool(glob.glob(source, recursive=True)))


def _check_kb(kb_files: tuple[str, ...]) -> None:
    """Load the knowledge-base files here, once: a broken one is one error, not a skipped corpus."""
    from kg.link import kb

    for path in kb_files:
        if not Path(path).is_file():
            raise BuildError(f"{path}: knowledge-base file not found")
    before = list(kb._extra)
    kb.set_kb_files(kb_files)  # read afresh: a file may have changed since it was last loaded
    try:
        kb.knowledge_base()
    except Exception as exc:
        kb.set_kb_files(before)
        raise BuildError(f"knowledge-base files {', '.join(kb_files) or '(bundled)'}: cannot be loaded: "
                         f"{type(exc).__name__}: {exc}") from None


def fingerprint(settings: Settings, options: Options = Options()) -> str:
    """What a unit's result depends on besides the unit: kg's code and data, the knowledge-base
    files, the length limit, how sources are split and mapped. A previous result is reused only
    under the same fingerprint."""
    h = hashlib.sha256(f"max_chars={settings.max_chars}\nsplit={options.split}\nfields={options.fields}\n".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix not in (".pyc",)):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for kb_file in settings.kb_files:
        h.update(b"kb\0" + Path(kb_file).read_bytes())
    return h.hexdigest()


def unit_key(unit: Unit) -> str | None:
    """What a unit is: where it comes from and its bytes (None if it cannot be read now, or is a
    story, which is read again with its file)."""
    if unit.story is not None:
        return None
    h = hashlib.sha256(os.path.abspath(unit.where).encode("utf-8", "surrogateescape") + b"\0")
    if unit.line is not None:
        h.update(unit.line.encode("utf-8", "surrogatepass"))
    else:
        try:
            if not stat.S_ISREG(os.stat(unit.where).st_mode):
                return None  # a pipe would block, a device never end: the unit says why it is skipped
            with open(unit.where, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
        except OSError:
            return None
    return h.hexdigest()


@dataclass(frozen=True)
class Cached:
    """A unit whose result the previous build holds: sent in place of the unit, in order."""
    where: str
    key: str
    entry: dict


class Cache:
    """Results of the previous build, by unit key; lines read back from its files on demand."""

    def __init__(self, units: dict[str, dict] | None = None, records: LineFile | None = None,
                 documents: LineFile | None = None):
        self.units, self.records, self.documents = units or {}, records, documents

    def wrap(self, units: Iterable) -> Iterator:
        for unit in units:
            key = unit_key(unit) if self.units and isinstance(unit, Unit) else None
            yield Cached(unit.where, key, self.units[key]) if key in self.units else unit

    def result(self, cached: dict) -> dict:
        doc = cached["entry"]["doc"]
        record = self.records.line(doc)
        return {**cached, "record": record, "document": self.documents.line(doc),
                "merge": contribution(orjson.loads(record))}


class LineFile:
    """A JSON Lines file of a build, its lines found by the `id` of each (via `key`)."""

    def __init__(self, path: Path, key):
        self.fh = open(path, "rb")
        self.where: dict[str, tuple[int, int]] = {}
        at = 0
        for line in self.fh:
            if line.strip():
                self.where[key(orjson.loads(line))] = (at, len(line.rstrip(b"\n")))
            at += len(line)

    def line(self, id_: str) -> bytes:
        at, size = self.where[id_]
        return os.pread(self.fh.fileno(), size, at)

    def close(self) -> None:
        self.fh.close()


@dataclass
class Previous:
    """The published build in an output folder, as --update takes it."""
    out: Path
    files: Path
    manifest: dict
    opened: list = field(default_factory=list)

    @classmethod
    def open(cls, out: Path) -> Previous:
        if current(out) is None and not (out / MANIFEST).is_file():
            raise BuildError(f"{out}: not a kg build, nothing to update (make one with --out)")
        files = build_files(out)
        manifest = read_manifest(files)
        if "sources" not in manifest:
            raise BuildError(f"{out}: built by an older kg that did not record its sources; rebuild it with --out")
        return cls(out, files, manifest)

    def merged(self, sources: list[str], kb_files: tuple[str, ...]) -> tuple[list[str], tuple[str, ...]]:
        """This build's sources, then the new ones not among them; the same for the KB files.
        Relative sources of a build made elsewhere are taken from where it was made."""
        made_in = self.manifest.get("base") or os.getcwd()
        old = [s if os.path.isabs(s) or made_in == os.getcwd() else os.path.join(made_in, s)
               for s in self.manifest["sources"]]
        merged = old + [s for s in dict.fromkeys(sources) if s not in old]
        kb = list(self.manifest["kb"]) + [k for k in dict.fromkeys(kb_files) if k not in self.manifest["kb"]]
        return merged, tuple(kb)

    def cache(self, print_: str) -> Cache:
        if self.manifest.get("fingerprint") != print_ or not (self.files / UNITS).is_file():
            return Cache()  # other code, knowledge base or limits: every unit is processed again
        records = LineFile(self.files / "records.jsonl", lambda r: r["document"]["id"])
        documents = LineFile(self.files / "documents.jsonl", lambda d: d["id"])
        self.opened += [records, documents]
        units = {row["key"]: row["entry"] for row in read_jsonl(self.files / UNITS)}
        return Cache(units, records, documents)

    def close(self) -> None:
        for f in self.opened:
            f.close()


FREEZE_EVERY = 1000


def _settle_heap(n: int) -> None:
    """Every FREEZE_EVERY documents, collect, then move what survives (the graph so far) out of
    the collector's sight: full collections then stay small instead of walking the whole graph."""
    if n % FREEZE_EVERY == 0:
        gc.collect()
        gc.freeze()


def _run(sources, staging: Path, progress, workers, scheduler, settings: Settings, cache: Cache,
         curation=None, options: Options = Options()) -> BuildSummary:
    """The map and the reduce, every output file written into `staging`; the sizes and sha256 of
    the files in summary.files."""
    summary = BuildSummary()
    # What the imports made (spaCy, the data) lives as long as the build: out of the collector's
    # sight from the start, full collections (set off by compiling the big patterns) stay small.
    gc.freeze()
    records, documents = Spool(staging / "records.spool"), Spool(staging / "documents.spool")
    edge_lines = AppendOnlyFile(staging / "edges.spool")
    try:
        report: list[dict] = []
        unit_rows: list[bytes] = []
        builder = GraphBuilder(store=edge_lines, curation=curation)  # the reduce: order of adds does not matter
        first_source: dict[str, str] = {}
        bar = tqdm(desc="documents", unit="doc", disable=not progress)
        for result in map_units(cache.wrap(iter_units(sources, options)), workers, scheduler, settings):
            entry = result["entry"]
            cached = result.get("cached")
            if cached:
                result = cache.result(result)
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
                    if cached:
                        summary.kept += 1
                    else:
                        summary.built += 1
                    if result.get("key"):
                        unit_rows.append(dumpb({"entry": {k: v for k, v in entry.items() if k != "source"},
                                                "key": result["key"]}) + b"\n")
            if entry["status"] != "built":
                summary.skipped.append(entry)
            elif entry.get("warning"):
                summary.warnings.append(entry)
            report.append(entry)
            bar.update(1)
            _settle_heap(len(report))
        bar.close()
        if not records.index:
            return summary
        with ThreadPoolExecutor(2) as background:
            spooled = {name: background.submit(spool.write, staging / name)
                       for name, spool in (("documents.jsonl", documents), ("records.jsonl", records))}
            nodes, edges = builder.finish(materialise=False)
            summary.nodes.update(n["label"] for n in nodes)
            summary.edges.update(builder.edge_counts())
            write_jsonl_atomic(staging / "nodes.jsonl", nodes)
            write_jsonl_atomic(staging / "edges.jsonl", edges)
            write_jsonl_atomic(staging / "report.jsonl", report)
            write_jsonl_atomic(staging / UNITS, sorted(unit_rows))
            digests = {name: future.result() for name, future in spooled.items()}
    finally:
        records.close()
        documents.close()
        edge_lines.close()
        for spool in ("records.spool", "documents.spool", "edges.spool"):
            (staging / spool).unlink(missing_ok=True)
    names = [*OUTPUTS, UNITS]
    with ThreadPoolExecutor(2) as pool:  # hashlib releases the GIL
        todo = [n for n in names if n not in digests]
        digests.update(zip(todo, pool.map(lambda n: sha256_file(staging / n), todo)))
    summary.files = {n: {"bytes": (staging / n).stat().st_size, "sha256": digests[n]} for n in names}
    return summary
