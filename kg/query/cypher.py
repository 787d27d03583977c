"""Cypher without a server: the build loaded into an embedded ladybug database (the maintained
fork of Kùzu), kept in BUILD/index/ and opened read-only for each query.

ladybug needs a schema: one node table per label, one relationship table per type with a FROM/TO
pair for each pair of labels it joins. Properties are the ones the Neo4j loader writes
(kg.export.neo4j.node_row/edge_row), so the same Cypher gives the same rows on both.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path

from kg.query.index import store_path

DB = "graph.lbug"
# Properties a table has even when no row of this build sets them, so that queries naming them
# bind (and give null, as on Neo4j) on any build.
ALWAYS = {"HOLDS_POSITION": ("title", "status", "as_of"), "REPORTED": ("event",), "SPOKE_AT": ("role",),
          "SAME_AS_CANDIDATE": ("score", "reason")}
FACT = ("doc", "evidence", "start", "end", "date")
# The same for nodes: a document's metadata, an organ's and an official's place.
NODE_ALWAYS = {"Document": ("file", "title", "date", "locality", "source", "url"), "Organ": ("level", "locality"),
               "Official": ("locality",)}
_PA = {"STRING": "string", "INT64": "int64", "DOUBLE": "float64", "BOOLEAN": "bool_"}


class CypherError(ValueError):
    """A query the engine refused: its message is one line."""


def _column_type(values: list) -> str:
    kinds = {type(v) for v in values if v is not None}
    if not kinds or kinds == {str}:
        return "STRING"
    if kinds == {bool}:
        return "BOOLEAN"
    if kinds == {int}:
        return "INT64"
    if kinds <= {int, float}:
        return "DOUBLE"
    if kinds == {list} and all(isinstance(x, str) for v in values if v for x in v):
        return "STRING[]"
    return "STRING"


def _value(v, type_: str):
    if v is None or type_ != "STRING" or isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _table(rows: list[dict], keys: list[str], types: dict[str, str]):
    import pyarrow as pa

    fields = []
    for k in keys:
        t = types.get(k, "STRING")
        fields.append(pa.field(k, pa.list_(pa.string()) if t == "STRING[]" else getattr(pa, _PA[t])()))
    return pa.table({k: [_value(r.get(k), types.get(k, "STRING")) for r in rows] for k in keys},
                    schema=pa.schema(fields))


def _columns(rows: list[dict], fixed: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    values = defaultdict(list)
    for r in rows:
        for k, v in r.items():
            values[k].append(v)
    keys = list(fixed) + sorted(k for k in values if k not in fixed)
    return keys, {k: _column_type(values[k]) for k in keys}


def _ddl(keys: list[str], types: dict[str, str]) -> str:
    return ", ".join(f"`{k}` {types[k]}" for k in keys)


def load(folder: Path, nodes: list[dict], edges: list[dict]) -> None:
    """Create the database in `folder` and bulk-load the build (COPY from Parquet files)."""
    import ladybug as lb
    import pyarrow.parquet as pq

    from kg.export.neo4j import LABELS, TYPES, _checked, edge_row, node_row
    from kg.graph.build import RELATION_TYPES

    db = lb.Database(str(folder / DB))
    conn = lb.Connection(db)
    label_of = {n["id"]: n["label"] for n in nodes}
    by_label = defaultdict(list)
    for n in nodes:
        row = node_row(n)
        by_label[_checked(n["label"], LABELS)].append({"id": row["id"], **row["props"]})
    by_type = defaultdict(lambda: defaultdict(list))
    for e in edges:
        row = edge_row(e)
        pair = (_checked(label_of[e["source"]], LABELS), _checked(label_of[e["target"]], LABELS))
        by_type[_checked(e["type"], TYPES)][pair].append({"from": row["source"], "to": row["target"],
                                                          "id": row["id"], **row["props"]})
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        for label in LABELS:  # every label and type has its table, so that any query binds
            keys, types = _columns(by_label[label], ("id", "name", "aliases", *NODE_ALWAYS.get(label, ())))
            types["aliases"] = "STRING[]"  # an empty list has no type of its own
            conn.execute(f"CREATE NODE TABLE {label}({_ddl(keys, types)}, PRIMARY KEY (id))")
            if by_label[label]:
                path = f"{tmp}/{label}.parquet"
                pq.write_table(_table(by_label[label], keys, types), path)
                conn.execute(f"COPY {label} FROM '{path}'")
        for type_ in TYPES:
            pairs = by_type[type_]
            rows = [r for pair in pairs.values() for r in pair]
            extra = ALWAYS.get(type_, ()) + (FACT if type_ in RELATION_TYPES else ())
            keys, types = _columns(rows, ("from", "to", "id", *extra))
            ends = ", ".join(f"FROM {a} TO {b}" for a, b in sorted(pairs)) or "FROM Document TO Document"
            conn.execute(f"CREATE REL TABLE {type_}({ends}, {_ddl(keys[2:], types)})")
            for (a, b), part in sorted(pairs.items()):
                path = f"{tmp}/{type_}-{a}-{b}.parquet"
                pq.write_table(_table(part, keys, types), path)
                conn.execute(f"COPY {type_} FROM '{path}' (from='{a}', to='{b}')")
    conn.close()
    db.close()


def cypher_store(build_dir: str | Path) -> tuple[Path, bool]:
    """(folder of the build's Cypher store, whether it was built now)."""
    from kg.graph.io import read_build

    return store_path(Path(build_dir), "cypher", lambda folder: load(folder, *read_build(build_dir)))


def run(build_dir: str | Path, query: str, params: dict | None = None) -> tuple[list[str], list[list]]:
    """(columns, rows) of one Cypher query, read-only."""
    import ladybug as lb

    folder, _ = cypher_store(build_dir)
    db = lb.Database(str(folder / DB), read_only=True)
    conn = lb.Connection(db)
    try:
        result = conn.execute(query, params or {})
        if isinstance(result, list):
            raise CypherError("one query at a time")
        return result.get_column_names(), result.get_all()
    except RuntimeError as exc:
        raise CypherError(_one_line(str(exc))) from None
    finally:
        conn.close()
        db.close()


def _one_line(message: str) -> str:
    return " ".join(message.strip().splitlines()[0].split())


def parse_params(pairs: tuple[str, ...]) -> dict:
    """`k=v` pairs: v as JSON if it is JSON (numbers, true, lists), else as text."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            raise CypherError(f"--param {pair!r}: expected NAME=VALUE")
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params
