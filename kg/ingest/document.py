"""The document record every later stage works on."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class Document:
    file: str                 # source file name (with `#line` for JSONL records)
    original: str             # decoded text, before normalisation
    text: str                 # normalised text: every offset points here
    title: str = ""
    date: str | None = None
    source: str | None = None
    url: str | None = None
    locality: str | None = None
    meta: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Content hash of the normalised text: the same text is the same document."""
        return "doc:" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


@dataclass
class SourceError:
    path: str
    reason: str
