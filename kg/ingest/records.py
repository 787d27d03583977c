"""JSON Lines and CSV/TSV records: which field holds the text, title, date, url and id."""

from __future__ import annotations

import csv
import functools
import io
import sys
from collections.abc import Iterator

import orjson

from kg.resources import load_toml

ROLES = ("text", "title", "date", "url", "id")
CSV_SUFFIXES = {".csv": ",", ".tsv": "\t"}


@functools.cache
def _default_fields() -> dict[str, tuple[str, ...]]:
    fields = load_toml("ingest.toml")["fields"]
    return {role: tuple(fields[role]) for role in ROLES}


def field_names(mapping: tuple[tuple[str, str], ...] = ()) -> dict[str, tuple[str, ...]]:
    """The names tried for each role: the one the user gave (--text-field …), else the usual ones."""
    names = dict(_default_fields())
    names.update({role: (name,) for role, name in mapping})
    return names


def pick(record: dict, role: str, names: dict[str, tuple[str, ...]]) -> tuple[str | None, object]:
    """(field name, value) of the first of `role`'s names the record has with a value."""
    for name in names[role]:
        value = record.get(name)
        if value not in (None, ""):
            return name, value
    return None, None


def csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, bytes] | tuple[int, str]]:
    """(line, the row as a JSON object) for each row of a CSV/TSV text with a header line;
    (line, reason) where the file stops being CSV."""
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            row.pop(None, None)   # cells beyond the header
            yield reader.line_num, orjson.dumps({k: v for k, v in row.items() if k is not None})
    except csv.Error as exc:
        yield reader.line_num, f"malformed CSV: {exc}"
