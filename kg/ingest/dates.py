"""Dates as ISO 8601 (`2024-03-15`, `2024-03`, `2024`), or nothing: never a string that only
looks like one."""

from __future__ import annotations

import datetime as dt
import re

_SEP = r"\s*[-/.年]\s*"
# 2024年3月15日, 2024-03-15, 2024/3/15, 2024.03.15, 2024-03-15T10:00:00+08:00, 20240315
_YMD = re.compile(rf"^((?:1[89]|20)\d\d)(?:{_SEP}(\d{{1,2}})(?:\s*[-/.月]\s*(\d{{1,2}})\s*日?)?\s*月?)?\s*年?(?=$|[T\s])")
_COMPACT = re.compile(r"^((?:1[89]|20)\d\d)(\d\d)(\d\d)(?=$|[T\s])")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?$")
# A date in a file name: 20240315.md, xwlb_2024-03-15.txt
_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(\d\d)[-_.]?(\d\d)(?!\d)")


def iso(year: int | str, month: int | str | None = None, day: int | str | None = None) -> str | None:
    """`2024-03-15`, `2024-03` or `2024` if such a day, month or year exists; else None."""
    try:
        y = int(year)
        if month is None:
            return f"{y:04d}" if 1800 <= y <= 2100 else None
        d = dt.date(y, int(month), int(day) if day else 1)
    except (ValueError, TypeError):
        return None
    return d.isoformat() if day else d.isoformat()[:7]


def to_iso(raw: str, year: int | str | None = None) -> str | None:
    """The ISO form of a date as written (2024年3月15日, 2024/3/15, 2024年3月, 9月14日 with `year`);
    None for anything that is not a real date (2024-13-45, 明年)."""
    if not isinstance(raw, str):
        return None
    text = raw.strip().translate({0xFF10 + i: 0x30 + i for i in range(10)})
    if m := _COMPACT.match(text):
        return iso(*m.groups())
    if m := _YMD.match(text):
        y, mo, d = m.groups()
        return iso(y, mo, d) if mo else iso(y)
    if year and (m := _MONTH_DAY.match(text)):
        mo, d = m.groups()
        return iso(year, mo, d)
    return None


def date_in_name(name: str) -> str | None:
    """The date a file's name carries (20240315.md), if it is a real one."""
    for m in _IN_NAME.finditer(name):
        if found := iso(*m.groups()):
            return found
    return None
