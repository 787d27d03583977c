"""Sources to documents: files, folders, globs, JSON Lines and HTML.

Every source yields either a Document or a SourceError with its path and reason; nothing
is dropped silently.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterator
from pathlib import Path

from kg.ingest import metadata
from kg.ingest.decode import DecodeError, decode
from kg.ingest.document import Document, SourceError
from kg.ingest.html import html_to_text, looks_like_html
from kg.ingest.normalise import clean, normalise

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


def make_document(file: str, raw: str, title: str = "", date: str | None = None,
                  url: str | None = None, is_html: bool | None = None) -> Document | SourceError:
    """Normalise one text and find its metadata."""
    if is_html if is_html is not None else looks_like_html(raw):
        html_title, raw = html_to_text(raw)
        title = title or html_title
    cleaned = clean(raw)
    text = normalise(raw)
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


def _read_jsonl(path: Path, data: bytes) -> Iterator[Document | SourceError]:
    text, _ = decode(data)
    for lineno, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{lineno}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceError(where, f"malformed JSON: {exc.msg}")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield SourceError(where, "record has no string field `text`")
            continue
        name = str(record.get("id") or f"{path.name}#{lineno}")
        yield make_document(name, record["text"], title=str(record.get("title") or ""),
                            date=record.get("date") if isinstance(record.get("date"), str) else None,
                            url=record.get("url") if isinstance(record.get("url"), str) else None)


def read_path(path: Path) -> Iterator[Document | SourceError]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield SourceError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield SourceError(str(path), "empty file")
        return
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path, data)
            return
        text, _ = decode(data)
    except DecodeError as exc:
        yield SourceError(str(path), str(exc))
        return
    html = path.suffix.lower() in {".html", ".htm", ".xhtml", ".shtml"} or None
    yield make_document(path.name, text, is_html=html)


def iter_sources(sources: list[str]) -> Iterator[Document | SourceError]:
    for item in expand(sources):
        if isinstance(item, SourceError):
            yield item
        else:
            yield from read_path(item)
