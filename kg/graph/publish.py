"""A folder of output files replaced as a whole, in one atomic step, by one writer at a time.

Layout of an output folder `out`:

    out/.kg/<prefix>-XXXXXXXX/   one complete set of files (a generation), or one being written
    out/.kg/current              symbolic link to the published generation: the one pointer
    out/<name>                   symbolic link to .kg/current/<name>, for people and other tools

A new set is written into a new generation; publishing is the rename of a new link over
`.kg/current`. A crash at any moment leaves `current` at the old set or at the new one, never at a
mix. kg removes only what it made: generations under `.kg/` and the links that point into it.
Writers hold an exclusive lock on `out` itself, so two writers never interleave.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.graph.io import BuildError, _umask

HOME = ".kg"
POINTER = "current"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current(out: Path) -> Path | None:
    """The published generation of `out`, resolved once (read every file from it, not from the
    links at the top, and a publish in between cannot mix two sets), or None."""
    pointer = out / HOME / POINTER
    if not pointer.is_symlink():
        # a build copied with its links followed (shutil.copytree, cp -rL): the set is a folder
        return pointer if pointer.is_dir() else None
    target = pointer.resolve()
    return target if target.is_dir() else None


def is_output_folder(path: Path) -> bool:
    """Whether `path` holds kg's output (a build or an export): never a source to read."""
    return (path / HOME / POINTER).exists() or (path / "build.json").is_file()


def _own_link(path: Path) -> bool:
    """Whether `path` is one of the links kg puts at the top of an output folder."""
    return path.is_symlink() and os.readlink(path) == f"{HOME}/{POINTER}/{path.name}"


@contextmanager
def writer(out: Path, what: str = "output") -> Iterator[Path]:
    """Hold the lock of `out` (made if missing): only one writer at a time, refused at once."""
    made = not out.exists()
    home_made = not (out / HOME).exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except NotADirectoryError:
        raise BuildError(f"{out}: not a folder") from None
    except OSError as exc:
        raise BuildError(f"{out}: cannot write here: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"{out}: another kg process is writing its {what}; try again when it ends") from None
        try:
            yield out
        finally:
            if home_made and current(out) is None:  # nothing published: leave no trace of this run
                shutil.rmtree(out / HOME, ignore_errors=True)
                if made:
                    try:
                        out.rmdir()
                    except OSError:
                        pass
    finally:
        os.close(fd)


def stage(out: Path, prefix: str) -> Path:
    """A new, empty generation folder inside `out` (the caller holds the lock)."""
    home = out / HOME
    try:
        home.mkdir(exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=home))
        staged.chmod(0o777 & ~_umask())
        return staged
    except OSError as exc:
        raise BuildError(f"{out}: cannot write here: {exc.strerror}") from None


def publish(out: Path, staged: Path, names: list[str]) -> None:
    """Make `staged` (a generation of `out`, complete and fsynced) the published one, then remove
    the previous generation and the links to files the new set no longer has."""
    home = out / HOME
    _fsync_dir(staged)
    link = home / f".{POINTER}-{staged.name}"
    link.unlink(missing_ok=True)
    os.symlink(staged.name, link)
    os.replace(link, home / POINTER)  # the publish: one rename
    _fsync_dir(home)
    for name in names:  # the links at the top: stable paths, made once
        top = out / name
        if not _own_link(top):
            tmp = out / f".{name}.{staged.name}.link"
            tmp.unlink(missing_ok=True)
            os.symlink(f"{HOME}/{POINTER}/{name}", tmp)
            os.replace(tmp, top)
    for top in out.iterdir():
        if top.name not in names and _own_link(top):
            top.unlink()
    clean(out, keep=staged)


def clean(out: Path, keep: Path | None = None) -> None:
    """Remove the generations of `out` other than the published one (and `keep`): sets replaced,
    or left unfinished by a process that was killed. The caller holds the lock."""
    home = out / HOME
    if not home.is_dir():
        return
    live = {current(out), keep}
    for child in home.iterdir():
        if child.is_dir() and not child.is_symlink() and child.resolve() not in live:
            shutil.rmtree(child, ignore_errors=True)
        elif child.is_symlink() and child.name.startswith(f".{POINTER}-"):
            child.unlink()


def discard(staged: Path) -> None:
    """Remove a generation that was never published (one that was is kept: it is the build)."""
    if staged.resolve() != current(staged.parent.parent):
        shutil.rmtree(staged, ignore_errors=True)


def no_space(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
