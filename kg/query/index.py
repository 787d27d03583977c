"""Query stores kept beside a build, in BUILD/index/: built once, on first use or by
`kg build --index`, and rebuilt only when build.json changes.

Each store lives in a folder named after the hash of build.json, so a store can never answer for
another build. A store is built in a temporary folder and renamed into place when complete; the
stores of earlier builds are then removed.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from kg.graph.io import MANIFEST, build_files

INDEX = "index"


def build_stamp(build_dir: Path) -> str:
    """The first 16 hex digits of the sha256 of build.json: it names every file's hash."""
    return hashlib.sha256((build_files(build_dir) / MANIFEST).read_bytes()).hexdigest()[:16]


def store_path(build_dir: Path, kind: str, make: Callable[[Path], None]) -> tuple[Path, bool]:
    """(folder of the `kind` store of this build, whether it was built now). `make(folder)` fills
    an empty folder with the store."""
    build_dir = Path(build_dir)
    folder = build_dir / INDEX / f"{kind}-{build_stamp(build_dir)}"
    if folder.is_dir():
        return folder, False
    folder.parent.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{kind}-", suffix=".tmp", dir=folder.parent))
    try:
        make(tmp)
        try:
            tmp.rename(folder)
        except OSError:  # another process put the same store in place meanwhile
            if not folder.is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for old in folder.parent.glob(f"{kind}-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    return folder, True


def index_build(build_dir: Path) -> list[str]:
    """Build both query stores of a build now (`kg build --index`); one line each."""
    from kg.export.sparql import sparql_store
    from kg.query.cypher import cypher_store

    lines = []
    for name, make in (("cypher", cypher_store), ("sparql", sparql_store)):
        path, built = make(build_dir)
        lines.append(f"{name} store {'built' if built else 'up to date'}: {path}")
    return lines
