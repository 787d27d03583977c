"""Source arguments to files: folders walked in a fixed order, globs expanded.

Hidden (dot) files and folders are reported, not read; symbolic links to folders are followed
once (a loop is reported); the build's own output is never a source; a file name that is not
UTF-8 is reported (it could not be written to the build's files).
"""

from __future__ import annotations

import glob
import os
from fnmatch import fnmatchcase
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.ingest.document import SourceError

HIDDEN = "hidden (its name starts with a dot): not read"


def expand(sources: list[str], exclude: Iterable[str | Path] = ()) -> Iterator[Path | SourceError]:
    """Files named directly, folders walked recursively (sorted), globs expanded; `exclude`:
    paths (glob patterns) never read: the build's own files."""
    skip = [os.path.join(os.path.realpath(os.path.dirname(p)), os.path.basename(p)) for p in map(str, exclude)]
    for src in sources:
        path = Path(src)
        if path.is_dir():
            yield from _walk(path, skip, set())
        elif path.exists() or path.is_symlink():
            yield _checked_name(path)
        elif any(ch in src for ch in "*?["):
            matches = sorted(glob.glob(src, recursive=True))
            if not matches:
                yield SourceError(src, "glob matched no file")
            for match in matches:
                if Path(match).is_file() and not _excluded(match, skip):
                    yield _checked_name(Path(match))
        else:
            yield SourceError(src, "no such file or folder")


def _is_output(path: Path) -> bool:
    from kg.graph.publish import is_output_folder

    return is_output_folder(path)


def _excluded(path: str | Path, skip: list[str]) -> bool:
    real = os.path.realpath(path)
    return any(fnmatchcase(real, s) or real.startswith(s + os.sep) for s in skip)


def _walk(folder: Path, skip: list[str], seen: set[tuple[int, int]]) -> Iterator[Path | SourceError]:
    st = folder.stat()
    seen = seen | {(st.st_dev, st.st_ino)}   # the folders on the way here: a link back is a loop
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield SourceError(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if _excluded(path, skip):
            continue
        if entry.name.startswith("."):
            yield SourceError(_shown(path), HIDDEN)
            continue
        try:
            is_dir = entry.is_dir()   # follows a symbolic link
        except OSError:
            is_dir = False
        if not is_dir:
            yield _checked_name(path)
            continue
        if _is_output(path):
            continue   # a kg build or export: its files are kg's own, never a source
        target = path.stat()
        if (target.st_dev, target.st_ino) in seen:
            yield SourceError(_shown(path), f"symbolic link loop (to {os.readlink(path)}): not followed")
            continue
        yield from _walk(path, skip, seen)


def _shown(path: Path) -> str:
    """A path fit for a report: bytes that are not UTF-8 shown as GB18030 if they are that, else �."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _checked_name(path: Path) -> Path | SourceError:
    shown = _shown(path)
    if shown != str(path):
        return SourceError(shown, "file name is not UTF-8 (rename the file to UTF-8 to build it)")
    return path
