"""Sources to documents: files, folders, globs, JSON Lines, CSV, HTML, PDF, Word, and the stories
of multi-story files.

Every source yields either a Document or a SourceError with its path and reason; nothing
is dropped silently.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.graph.io import jsonl_lines
from kg.ingest import metadata
from kg.ingest.dates import date_in_name, to_iso
from kg.ingest.decode import DecodeError, decode
from kg.ingest.document import Document, SourceError
from kg.ingest.html import Page, extract_page, html_to_text, is_page, looks_like_html
from kg.ingest.markdown import looks_like_markdown, strip_markdown
from kg.ingest.normalise import clean, drop_boilerplate
from kg.ingest.office import SUFFIXES as OFFICE_SUFFIXES
from kg.ingest.office import read_office
from kg.ingest.records import CSV_SUFFIXES, csv_rows, field_names, pick
from kg.ingest.split import Story, split_by, split_markdown
from kg.ingest.walk import expand

__all__ = ["MAX_CHARS", "Options", "Unit", "expand", "iter_sources", "iter_units", "make_document", "read_file"]

MAX_CHARS = 2_000_000  # longer documents are reported and skipped (kg build --max-chars)
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
STORY_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}


@dataclass(frozen=True)
class Options:
    """How sources are read (kg build --split, --text-field …)."""
    split: str | None = None                       # a line matching this starts a story
    fields: tuple[tuple[str, str], ...] = ()       # (role, field name) of JSON Lines / CSV records
    exclude: tuple[str, ...] = ()                  # folders never read (the build's output)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    """A lone surrogate (from a JSON escape such as \\ud800) is no character: U+FFFD instead."""
    return _SURROGATE.sub("\ufffd", text) if text else text


def _unmarked(raw: str, is_html: bool | None) -> Page:
    """The text without its markup (a page's article; a fragment's or Markdown file's text), and
    what the markup tells: title, url, dates, source."""
    html = is_html if is_html is not None else looks_like_html(raw)
    if html and is_page(raw):
        return extract_page(raw)
    title = url = None
    if is_html is not True and looks_like_markdown(raw):
        raw, title, url = strip_markdown(raw)
    if html:
        html_title, raw = html_to_text(raw)
        title = title or html_title
    return Page(title=title or "", text=raw, url=url)


def make_document(file: str, raw: str, title: str = "", date: str | None = None,
                  url: str | None = None, is_html: bool | None = None, default_date: str | None = None,
                  warnings: tuple[str, ...] = ()) -> Document | SourceError:
    """Normalise one text and find its metadata. `date` (ISO) is the source's own; `default_date`
    the file's, used when the text gives none."""
    page = _unmarked(_no_surrogates(raw), is_html)
    title, url = _no_surrogates(title) or page.title, _no_surrogates(url or "") or page.url
    cleaned = clean(page.text)
    text = drop_boilerplate(cleaned)
    if not text.strip():
        return SourceError(file, "no text after normalisation (empty, whitespace or boilerplate only)")
    title = clean(title).strip() if title else metadata.find_title(text.splitlines())
    place = metadata.find_locality(text, title)
    meta = {"locality_code": place.code} if place else {}
    if warnings:
        meta["warning"] = "; ".join(warnings)
    default = default_date or to_iso(page.guessed_date or "")
    return Document(
        file=file, original=page.text, text=text, title=title,
        date=date or to_iso(page.date or "") or metadata.find_date(cleaned, default),
        source=page.source or metadata.find_source(cleaned), url=url or None,
        locality=place.name if place else None, meta=meta,
    )


@dataclass(frozen=True)
class Unit:
    """One source of one document: a file, a record of a JSON Lines or CSV file, or a story of a
    multi-story file.

    Cheap to make and to send to another process; `load` does the expensive work (reading,
    parsing, normalising), wherever the unit is sent.
    """
    where: str                   # the path; path:line for a record; path#n for a story
    line: str | bytes | None = None   # the record as JSON, not yet parsed
    story: Story | None = None
    file_date: str | None = None  # the date of the file a story comes from
    warning: str | None = None
    options: Options = field(default_factory=Options)

    def load(self, max_chars: int = MAX_CHARS) -> Document | SourceError:
        if self.story is not None:
            if too_large := _too_large(self.where, len(self.story.text), max_chars):
                return too_large
            doc = make_document(self.name, self.story.text, title=self.story.title, default_date=self.file_date,
                                warnings=(self.warning,) if self.warning else ())
            return SourceError(self.where, doc.reason) if isinstance(doc, SourceError) else doc
        if self.line is None:
            return read_file(Path(self.where), max_chars)
        return self._load_record(max_chars)

    def _load_record(self, max_chars: int) -> Document | SourceError:
        try:   # the standard parser: it reads a lone surrogate escape (\ud800), orjson refuses it
            r = json.loads(self.line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            return SourceError(self.where, f"malformed JSON: {getattr(exc, 'msg', exc)}")
        names = field_names(self.options.fields)
        text = pick(r, "text", names)[1] if isinstance(r, dict) else None
        if not isinstance(text, str):
            return SourceError(self.where, f"record has no string field {' / '.join(f'`{n}`' for n in names['text'])}"
                                           " (name it with --text-field)")
        if too_large := _too_large(self.where, len(text), max_chars):
            return too_large
        values = {role: pick(r, role, names) for role in ("title", "date", "url", "id")}
        raw_date = values["date"][1]
        date = to_iso(_no_surrogates(str(raw_date))) if raw_date is not None else None
        warnings = [] if raw_date is None or date else [f"`{values['date'][0]}` {str(raw_date)[:40]!r} is no date: dropped"]
        doc_id, title, url = (_no_surrogates(str(values[k][1])) if values[k][1] is not None else None
                              for k in ("id", "title", "url"))
        doc = make_document(doc_id or self.name, text, title=title or "", date=date,
                            url=url if url and isinstance(values["url"][1], str) else None, warnings=tuple(warnings))
        return SourceError(self.where, doc.reason) if isinstance(doc, SourceError) else doc

    @property
    def name(self) -> str:
        """The document's `file`: the file name, with `#line` of a record or `#n` of a story."""
        if self.story is not None:
            path, _, n = self.where.rpartition("#")
        else:
            path, _, n = self.where.rpartition(":")
        return f"{os.path.basename(path)}#{n}"


def _read_bytes(path: Path) -> bytes | SourceError:
    """The bytes of a file, or why they cannot be read: broken link, not a regular file (a pipe
    would block), unreadable, empty."""
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
    return data


def _read_text(path: Path) -> tuple[str, str] | SourceError:
    """(text, encoding) of a file, or why it cannot be read (also: binary or undecodable)."""
    data = _read_bytes(path)
    if isinstance(data, SourceError):
        return data
    try:
        return decode(data)
    except DecodeError as exc:
        return SourceError(str(path), str(exc))


def _too_large(where: str, n: int, max_chars: int) -> SourceError | None:
    if n <= max_chars:
        return None
    return SourceError(where, f"too large: {n:,} characters (the limit is {max_chars:,}; raise it with --max-chars)")


def _warning(encoding: str) -> str | None:
    return encoding if "replaced" in encoding else None


def read_file(path: Path, max_chars: int = MAX_CHARS) -> Document | SourceError:
    suffix = path.suffix.lower()
    if suffix in OFFICE_SUFFIXES:
        data = _read_bytes(path)
        if isinstance(data, SourceError):
            return data
        try:
            title, text = read_office(suffix, data)
        except DecodeError as exc:
            return SourceError(str(path), str(exc))
        encoding = "utf-8"
        doc_args = {"title": title, "is_html": False}
    else:
        read = _read_text(path)
        if isinstance(read, SourceError):
            return read
        text, encoding = read
        doc_args = {"is_html": suffix in HTML_SUFFIXES or None}
    if too_large := _too_large(str(path), len(text), max_chars):
        return too_large
    warning = _warning(encoding)
    doc = make_document(path.name, text, default_date=date_in_name(path.name),
                        warnings=(warning,) if warning else (), **doc_args)
    if isinstance(doc, SourceError):
        return SourceError(str(path), doc.reason)
    return doc


def _record_units(path: Path, options: Options) -> Iterator[Unit | SourceError]:
    read = _read_text(path)
    if isinstance(read, SourceError):
        yield read
        return
    text, _ = read
    if path.suffix.lower() == ".jsonl":
        for lineno, line in jsonl_lines(text):  # records end at "\n" alone, not at U+2028 or U+0085
            yield Unit(f"{path}:{lineno}", line, options=options)
        return
    for lineno, row in csv_rows(text, CSV_SUFFIXES[path.suffix.lower()]):
        yield SourceError(f"{path}:{lineno}", row) if isinstance(row, str) else Unit(f"{path}:{lineno}", row, options=options)


def _story_units(path: Path, options: Options) -> Iterator[Unit] | None:
    """The stories of a multi-story file, or None for a file that is one document. Read here
    (cheaply: the file is split, not normalised) so that each story is a unit of its own."""
    data = _read_bytes(path)
    if isinstance(data, SourceError):
        return None   # reported when the file itself is loaded
    if not options.split and b"\n#" not in data:
        return None
    try:
        text, encoding = decode(data)
    except DecodeError:
        return None
    stories = split_by(text, re.compile(options.split, re.M)) if options.split else split_markdown(text)
    if not stories or (len(stories) == 1 and stories[0].number == 0):
        return None
    file_date = date_in_name(path.name) or date_in_name(text[:200])
    return (Unit(f"{path}#{s.number}", story=s, file_date=file_date, warning=_warning(encoding), options=options)
            for s in stories)


def iter_units(sources: list[str], options: Options = Options()) -> Iterator[Unit | SourceError]:
    """Every source as a unit to load, or the reason it cannot be: in a fixed order."""
    for item in expand(sources, options.exclude):
        if isinstance(item, SourceError):
            yield item
            continue
        try:   # a file read here (records, stories) that breaks must not stop the corpus
            yield from _units_of(item, options)
        except Exception as exc:
            yield SourceError(str(item), f"cannot be read: {type(exc).__name__}: {exc}")


def _units_of(path: Path, options: Options) -> list[Unit | SourceError]:
    if (suffix := path.suffix.lower()) == ".jsonl" or suffix in CSV_SUFFIXES:
        return list(_record_units(path, options))
    if suffix in STORY_SUFFIXES and (stories := _story_units(path, options)) is not None:
        return list(stories)
    return [Unit(str(path), options=options)]


def iter_sources(sources: list[str], options: Options = Options()) -> Iterator[Document | SourceError]:
    """Documents (or errors) of all sources, loaded in this process."""
    for unit in iter_units(sources, options):
        yield unit if isinstance(unit, SourceError) else unit.load()
