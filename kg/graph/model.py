"""Stable identifiers: the same input gives the same IDs, run after run."""

from __future__ import annotations

import functools
import hashlib
import json
from json.encoder import encode_basestring

PREFIX = {"Document": "doc", "Official": "off", "Organ": "org", "Campaign": "cmp", "Slogan": "slo",
          "Event": "evt", "PolicyDocument": "pol"}


def stable_hash(*parts) -> str:
    """The first 16 hex digits of the SHA-256 of the parts as a JSON array."""
    try:  # the usual case, strings and None, spelled out: the same bytes as json.dumps
        blob = "[" + ", ".join(["null" if p is None else encode_basestring(p) for p in parts]) + "]"
    except TypeError:  # a part that is not a string (encode_basestring takes strings only)
        blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=1 << 16)
def node_id(label: str, key: tuple) -> str:
    """Cached: the same entities (习近平, 国务院) recur in document after document."""
    return f"{PREFIX[label]}:{stable_hash(*key)}"


def edge_id(type_: str, source: str, target: str, *extra) -> str:
    return f"{type_.lower()}:{stable_hash(type_, source, target, *extra)}"
