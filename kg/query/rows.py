"""Query results as a text table, CSV or JSON: one formatter for every query command."""

from __future__ import annotations

import csv
import io
import json
import unicodedata


def cell(value) -> str:
    """A value as text: strings as they are, None empty, the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, to: int) -> str:
    return text + " " * (to - width(text))


def format_rows(columns: list[str], rows: list[list], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[cell(c) for c in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    text = [[cell(c) for c in r] for r in rows]
    widths = [max([width(v)] + [width(r[i]) for r in text]) for i, v in enumerate(columns)]
    lines = ["  ".join(_pad(v, w) for v, w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in text]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)
