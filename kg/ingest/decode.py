"""Bytes to text: the encoding is detected, never assumed."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# Detection on short Chinese texts often names a legacy sibling; these are tried as supersets.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class DecodeError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 text mean a binary file."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in data[:8192]


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises DecodeError for binary or undecodable input."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    if looks_binary(data):
        raise DecodeError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(16, len(data) // 100):  # UTF-8 with a few broken bytes: keep it, say so
        return text, f"utf-8 ({bad} undecodable byte sequence{'s' if bad > 1 else ''} replaced)"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("encoding could not be detected")
    enc = _SUPERSETS.get(best.encoding.lower().replace("-", ""), best.encoding)
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        return str(best), best.encoding
