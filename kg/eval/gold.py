"""Gold records read and checked before scoring, so that a bad file is one clear line, not a
traceback or a silently wrong score (a misspelt field would otherwise count as nothing to find)."""

from __future__ import annotations

import json
from pathlib import Path

from kg.graph.build import ENTITY_LABELS, RELATION_TYPES
from kg.graph.io import jsonl_lines


class GoldError(ValueError):
    """A gold file that cannot be scored against: the message names the file and line."""


def _problem(rec) -> str | None:
    """What is wrong with one gold record (the format of eval/gold/GUIDELINES.md), or None."""
    if not isinstance(rec, dict):
        return "not a JSON object"
    if not isinstance(rec.get("doc"), str) or not rec["doc"]:
        return "no \"doc\" (the document's file name)"
    for key, types, fields in (("entities", ENTITY_LABELS, ("type", "name")),
                               ("relations", RELATION_TYPES, ("type", "head", "tail"))):
        items = rec.get(key)
        if not isinstance(items, list):
            return f"no \"{key}\" list"
        for i, item in enumerate(items, 1):
            if not isinstance(item, dict):
                return f"{key} item {i} is not a JSON object"
            for f in fields:
                if not isinstance(item.get(f), str) or not item[f]:
                    return f"{key} item {i} has no \"{f}\""
            if item["type"] not in types:
                return f"{key} item {i}: unknown type {item['type']!r} (one of {', '.join(types)})"
            if not isinstance(item.get("aliases", []), list):
                return f"{key} item {i}: \"aliases\" is not a list"
    return None


def _mention_problem(rec) -> str | None:
    """What is wrong with one line of a linking gold (one mention and its real-world entity), or None."""
    if not isinstance(rec, dict):
        return "not a JSON object"
    for f in ("doc", "label", "surface", "entity"):
        if not isinstance(rec.get(f), str) or not rec[f]:
            return f"no \"{f}\""
    return None


def read_linking_gold(path: str | Path) -> list[dict]:
    """The mentions of a linking gold file, one a line; GoldError on the first bad line."""
    return read_gold(path, _mention_problem)


def read_gold(path: str | Path, check=_problem) -> list[dict]:
    """The records of a gold JSON Lines file, one document a line; GoldError on the first bad line."""
    records = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise GoldError(f"{path}: {exc.strerror}") from None
    for n, line in jsonl_lines(text):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path} line {n}: not JSON ({exc.msg}, column {exc.colno})") from None
        if problem := check(rec):
            raise GoldError(f"{path} line {n}: {problem}")
        records.append(rec)
    if not records:
        raise GoldError(f"{path}: no gold records")
    return records
