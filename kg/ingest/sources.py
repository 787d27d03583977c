"""Sources to documents: files, folders, globs, JSON Lines and HTML.

Every source yields either a Document or a SourceError with its path and reason; nothing
is dropped silently.
"""

from __future__ import annotations

import glob
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.graph.io import jsonl_lines
from kg.ingest import metadata
from kg.ingest.decode import DecodeError, decode
from kg.ingest.document import Document, SourceError
from kg.ingest.html import html_to_text, looks_like_html
from kg.ingest.normalise import clean, drop_boilerplate

MAX_CHARS = 2_000_000  # longer documents are reported and skipped (kg build --max-chars)
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".shtml", ""}


def expand(sources: list[str]) -> Iterator[Path | SourceError]:
    """Files named directly, folders walked recursively (sorted), globs expanded."""
    for src in sources:
        path = Path(src)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        elif path.exists() or path.is_symlink():
            yield path
        elif any(ch in src for ch in "*?["):
            matches = sorted(glob.glob(src, recursive=True))
            if not matches:
                yield SourceError(src, "glob matched no file")
            for match in matches:
                if Path(match).is_file():
                    yield Path(match)
        else:
            yield SourceError(src, "no such file or folder")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    """A lone surrogate (from a JSON escape such as \\ud800) is no character: U+FFFD instead."""
    return _SURROGATE.sub("\ufffd", text) if text else text


def make_document(file: str, raw: str, title: str = "", date: str | None = None,
                  url: str | None = None, is_html: bool | None = None) -> Document | SourceError:
    """Normalise one text and find its metadata."""
    raw, title = _no_surrogates(raw), _no_surrogates(title)
    if is_html if is_html is not None else looks_like_html(raw):
        html_title, raw = html_to_text(raw)
        title = title or html_title
    cleaned = clean(raw)
    text = drop_boilerplate(cleaned)
    if not text.strip():
        return SourceError(file, "no text after normalisation (empty, whitespace or boilerplate only)")
    lines = text.splitlines()
    title = clean(title).strip() if title else metadata.find_title(lines)
    place = metadata.find_locality(text, title)
    return Document(
        file=file, original=raw, text=text, title=title,
        date=date or metadata.find_date(cleaned), source=metadata.find_source(cleaned), url=url,
        locality=place.name if place else None,
        meta={"locality_code": place.code} if place else {},
    )


@dataclass(frozen=True)
class Unit:
    """One source of one document: a file, or one line of a JSON Lines file.

    Cheap to make and to send to another process; `load` does the expensive work (reading,
    parsing, normalising), wherever the unit is sent.
    """
    where: str                 # the path, or path:line for a JSON Lines record
    line: str | None = None    # the JSON Lines record, not yet parsed

    def load(self, max_chars: int = MAX_CHARS) -> Document | SourceError:
        if self.line is None:
            return read_file(Path(self.where), max_chars)
        try:
            r = json.loads(self.line)
        except json.JSONDecodeError as exc:
            return SourceError(self.where, f"malformed JSON: {exc.msg}")
        if not isinstance(r, dict) or not isinstance(r.get("text"), str):
            return SourceError(self.where, "record has no string field `text`")
        if too_large := _too_large(self.where, len(r["text"]), max_chars):
            return too_large
        return make_document(str(r.get("id") or self.name), r["text"], title=str(r.get("title") or ""),
                             date=r.get("date") if isinstance(r.get("date"), str) else None,
                             url=r.get("url") if isinstance(r.get("url"), str) else None)

    @property
    def name(self) -> str:
        path, _, line = self.where.rpartition(":")
        return f"{Path(path).name}#{line}"


def _read_text(path: Path) -> tuple[str, str] | SourceError:
    """(text, encoding) of a file, or why it cannot be read: broken link, not a regular file
    (a pipe would block), unreadable, empty, binary or undecodable."""
    if path.is_symlink() and not path.exists():
        return SourceError(str(path), f"broken symbolic link (to {os.readlink(path)})")
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return SourceError(str(path), "not a regular file (a pipe, socket or device)")
        data = path.read_bytes()
    except OSError as exc:
        return SourceError(str(path), f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        return SourceError(str(path), "empty file")
    try:
        return decode(data)
    except DecodeError as exc:
        return SourceError(str(path), str(exc))


def _too_large(where: str, n: int, max_chars: int) -> SourceError | None:
    if n <= max_chars:
        return None
    return SourceError(where, f"too large: {n:,} characters (the limit is {max_chars:,}; raise it with --max-chars)")


def _jsonl_units(path: Path) -> Iterator[Unit | SourceError]:
    read = _read_text(path)
    if isinstance(read, SourceError):
        yield read
        return
    text, _ = read
    for lineno, line in jsonl_lines(text):  # records end at "\n" alone, not at U+2028 or U+0085
        yield Unit(f"{path}:{lineno}", line)


def read_file(path: Path, max_chars: int = MAX_CHARS) -> Document | SourceError:
    read = _read_text(path)
    if isinstance(read, SourceError):
        return read
    text, encoding = read
    if too_large := _too_large(str(path), len(text), max_chars):
        return too_large
    html = path.suffix.lower() in {".html", ".htm", ".xhtml", ".shtml"} or None
    doc = make_document(path.name, text, is_html=html)
    if isinstance(doc, SourceError):
        return SourceError(str(path), doc.reason)
    if "replaced" in encoding:
        doc.meta["warning"] = encoding
    return doc


def iter_units(sources: list[str]) -> Iterator[Unit | SourceError]:
    """Every source as a unit to load, or the reason it cannot be: in a fixed order."""
    for item in expand(sources):
        if isinstance(item, SourceError):
            yield item
        elif item.suffix.lower() == ".jsonl":
            yield from _jsonl_units(item)
        else:
            yield Unit(str(item))


def iter_sources(sources: list[str]) -> Iterator[Document | SourceError]:
    """Documents (or errors) of all sources, loaded in this process."""
    for unit in iter_units(sources):
        yield unit if isinstance(unit, SourceError) else unit.load()
