"""Bytes to text: the encoding is detected from every signal the bytes give, never assumed.

In order: a byte-order mark; UTF-16 without one (NUL bytes on one side of each pair); strict
UTF-8; the charset the page declares (`<meta charset>`, `http-equiv`, `<?xml encoding>`); the
Chinese legacy encodings (GB18030, Big5-HKSCS) as charset-normalizer ranks them, which is right
on short texts where a general detection is not; UTF-8 with a few broken bytes; then any
encoding charset-normalizer finds.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Declared and detected names of legacy Chinese encodings are read as their supersets.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "xgbk": "gb18030", "cp936": "gb18030",
              "big5": "big5hkscs", "cp950": "big5hkscs", "xxbig5": "big5hkscs"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,30})|"""
                       rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,30})""", re.I)
_CJK_LEGACY = ["gb18030", "big5hkscs"]
_PLAIN = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e\s!-~]")


class DecodeError(ValueError):
    pass


def _superset(name: str) -> str:
    return _SUPERSETS.get(name.lower().replace("-", "").replace("_", ""), name)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 whose ASCII characters show as a NUL byte on one side of each pair."""
    head = data[:8192]
    if len(data) % 2 or not head.count(0):
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) >= 9 * min(even, odd) + 4:
        return "utf-16-le" if odd > even else "utf-16-be"
    for enc in ("utf-16-le", "utf-16-be"):  # Chinese only: few NULs, all of it Han or punctuation
        text = _strict(head, enc)
        if text and sum(_PLAIN.match(ch) is not None for ch in text) >= 0.95 * len(text):
            return enc
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 text mean a binary file."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in data[:8192]


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    return _superset((m.group(1) or m.group(2)).decode("ascii"))


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises DecodeError for binary or undecodable input."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    if (wide := _utf16_without_bom(data)) and (text := _strict(data, wide)) is not None:
        return text, wide
    if looks_binary(data):
        raise DecodeError("binary file (NUL bytes)")
    if (text := _strict(data, "utf-8")) is not None:
        return text, "utf-8"
    if (declared := declared_charset(data)) and (text := _strict(data, declared)) is not None:
        return text, declared
    for match in from_bytes(data, cp_isolation=_CJK_LEGACY):
        if (text := _strict(data, _superset(match.encoding))) is not None:
            return text, _superset(match.encoding)
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    wide_chars = sum(ord(ch) > 0x7F for ch in text) - text.count("\ufffd")
    if bad <= max(16, len(data) // 100) and wide_chars >= 10 * bad:  # UTF-8 with a few broken bytes
        return text, f"utf-8 ({bad} undecodable byte sequence{'s' if bad > 1 else ''} replaced)"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("encoding could not be detected")
    enc = _superset(best.encoding)
    if (text := _strict(data, enc)) is not None:
        return text, enc
    return str(best), best.encoding
