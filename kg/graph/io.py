"""Reading and writing build output: JSON Lines, written atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import orjson


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def publish(tmp: str | Path, path: Path) -> None:
    """Give the finished temporary file ordinary permissions and rename it over the target."""
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)


def dumpb(obj) -> bytes:
    """Canonical JSON (sorted keys, compact, UTF-8): the same as json.dumps(obj,
    ensure_ascii=False, sort_keys=True, separators=(",", ":")), several times faster."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def dumps(obj) -> str:
    return dumpb(obj).decode("utf-8")


@contextmanager
def atomic_file(path: Path, mode: str = "wb", **kw) -> Iterator[IO]:
    """A file that appears at `path` only when complete: written beside it, fsynced, renamed
    over it. If anything fails, the temporary file goes and the old `path` stays as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **kw) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_jsonl_atomic(path: Path, rows: Iterable[dict | bytes]) -> None:
    """One JSON document a line (rows already serialised pass through as they are)."""
    with atomic_file(path) as fh:
        fh.writelines(row if isinstance(row, bytes) else dumpb(row) + b"\n" for row in rows)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path) as fh:
        fh.write(data)


BUFFER = 1 << 20


READ_WHOLE = 64 << 20   # bytes of an append-only file read back in one go rather than a line at a time


class AppendOnlyFile:
    """Bytes appended to a file (a named one, or an anonymous temporary file) and read back by
    (offset, size): memory stays small whatever the data. Appends never seek, since a seek
    flushes the write buffer every time; reads are positioned reads (pread) of what is flushed."""

    def __init__(self, path: Path | None = None):
        # A large buffer: each flush releases the GIL, and the pool's result thread may keep it.
        self.fh = open(path, "w+b", buffering=BUFFER) if path else tempfile.TemporaryFile(buffering=BUFFER)
        self.end = 0
        self._flushed = 0

    def append(self, data: bytes) -> tuple[int, int]:
        at = self.end
        self.fh.write(data)
        self.end += len(data)
        return at, len(data)

    def read(self, where: tuple[int, int]) -> bytes:
        at, size = where
        self._flushed_to(at + size)
        return os.pread(self.fh.fileno(), size, at)

    def read_all(self, wheres: Iterable[tuple[int, int]]) -> Iterator[bytes]:
        """The bytes at each of `wheres`, in turn: what read gives for each, for many reads (the
        file is flushed once). A file of up to READ_WHOLE bytes is read at once and sliced; a
        larger one is read a pread at a time, so memory stays bounded."""
        self._flushed_to(self.end)
        fd = self.fh.fileno()
        if self.end <= READ_WHOLE:
            whole = os.pread(fd, self.end, 0)
            for at, size in wheres:
                yield whole[at:at + size]
            return
        for at, size in wheres:
            yield os.pread(fd, size, at)

    def _flushed_to(self, offset: int) -> None:
        """Make sure the file itself, not just the buffer, holds the bytes up to `offset`."""
        if self._flushed < offset:
            self.fh.flush()
            self._flushed = self.end

    def copy_into(self, out: IO, where: tuple[int, int]) -> None:
        """Append the bytes at `where` to the file `out` (unbuffered, or flushed): copied by the
        kernel where it can (copy_file_range), without passing through this process."""
        at, size = where
        self._flushed_to(at + size)
        while size:
            try:
                n = os.copy_file_range(self.fh.fileno(), out.fileno(), size, at)
            except OSError:  # not supported between these files: copy through memory
                n = os.write(out.fileno(), os.pread(self.fh.fileno(), size, at))
            if n <= 0:
                raise OSError(f"{out.name}: copy stopped short")
            at, size = at + n, size - n

    def close(self) -> None:
        self.fh.close()


def read_jsonl(path: Path) -> list[dict]:
    """Records are lines split on "\n" alone (a text's U+2028 or U+0085 is part of its record)."""
    return list(iter_jsonl(path))


def iter_jsonl(path: Path) -> Iterator[dict]:
    """The records of a JSON Lines file, one at a time (lines end at b"\n" only)."""
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                yield orjson.loads(line)


def jsonl_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of JSON Lines text, split on "\\n" alone: never str.splitlines(), which
    also splits inside records at U+2028, U+2029, U+0085, VT, FF and FS to RS."""
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if line.strip():
            yield number, line


MANIFEST = "build.json"


class BuildError(Exception):
    """A build (or an output folder) kg cannot read or write: one line for the user."""


def build_files(build_dir: str | Path) -> Path:
    """The folder that holds the files of the build in `build_dir`, checked against its manifest
    (every file's size and sha256): a damaged or mixed set is refused, never read."""
    from kg.graph.publish import current

    d = Path(build_dir)
    if not d.is_dir():
        raise BuildError(f"{d}: no such folder")
    files = current(d) or d
    if not (files / MANIFEST).is_file():
        raise BuildError(f"{d}: not a kg build (no {MANIFEST}; make one with `kg build SOURCES --out {d}`)")
    verify_build(files)
    return files


def read_manifest(files: Path) -> dict:
    try:
        manifest = orjson.loads((files / MANIFEST).read_bytes())
        manifest["files"].items()
        return manifest
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        raise BuildError(f"{files / MANIFEST}: not a kg build manifest; rebuild it") from None


def verify_build(files: Path) -> None:
    """Raise BuildError if the files are not the set the manifest describes."""
    for name, meta in read_manifest(files)["files"].items():
        path = files / name
        if not path.is_file() or path.stat().st_size != meta["bytes"] or sha256_file(path) != meta["sha256"]:
            raise BuildError(f"{files}: {name} does not match {MANIFEST}; the build is damaged or incomplete, "
                             "rebuild it")


def write_build(build_dir: str | Path, nodes: list[dict], edges: list[dict]) -> None:
    """A build of the given graph alone (nodes.jsonl, edges.jsonl and their manifest), for graphs
    made without sources: by a tool, or by a test."""
    d = Path(build_dir)
    files = {}
    for name, rows in (("nodes.jsonl", nodes), ("edges.jsonl", edges)):
        write_jsonl_atomic(d / name, rows)
        files[name] = {"bytes": (d / name).stat().st_size, "sha256": sha256_file(d / name)}
    write_bytes_atomic(d / MANIFEST, orjson.dumps({"files": files}, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2))


def read_build(build_dir: str | Path) -> tuple[list[dict], list[dict]]:
    """(nodes, edges) of a build; if a newer build replaces it while it is read, that one."""
    def read() -> tuple[list[dict], list[dict]]:
        files = build_files(build_dir)
        return read_jsonl(files / "nodes.jsonl"), read_jsonl(files / "edges.jsonl")

    try:
        return read()
    except FileNotFoundError:
        return read()


def iter_build(build_dir: str | Path) -> tuple[Iterator[dict], Iterator[dict]]:
    """Like read_build, but nodes and edges are read lazily: memory bounded by one record."""
    files = build_files(build_dir)
    return iter_jsonl(files / "nodes.jsonl"), iter_jsonl(files / "edges.jsonl")
