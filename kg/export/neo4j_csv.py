"""CSV files for `neo4j-admin database import full`, for graphs too big to load through Bolt.

One node file per label (`id:ID(Label)` ID space, `:LABEL`), one relationship file per type and
pair of end labels (`:START_ID(Label)`, `:END_ID(Label)`, `:TYPE`); typed columns (`:int`,
`:float`, `:boolean`) and arrays (`:string[]`, delimited by ARRAY_DELIMITER). Nested values are
stored as JSON text. The files are written into a new generation of `out` and published
together, in one step, when all are complete (kg.graph.publish): an interrupted export leaves the
previous set, whole.
"""

from __future__ import annotations

import csv
import json
import shlex
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from kg.export.neo4j import LABELS, TYPES, _checked
from kg.graph.io import atomic_file
from kg.graph.publish import clean, discard, publish, stage, writer

ARRAY_DELIMITER = "|"
_FULLWIDTH_BAR = "｜"


def _type_of(values: Iterable) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "int"
    if kinds and kinds <= {int, float}:
        return "float"
    if kinds == {list}:
        return "string[]"
    return "string"


def _cell(v, kind: str) -> str:
    if v is None:
        return ""
    if kind == "string[]":
        if not all(isinstance(x, str) for x in v):
            return json.dumps(v, ensure_ascii=False)
        return ARRAY_DELIMITER.join(x.replace(ARRAY_DELIMITER, _FULLWIDTH_BAR) for x in v)
    if kind == "boolean":
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _columns(rows: list[dict]) -> list[tuple[str, str]]:
    keys = sorted({k for r in rows for k in r})
    cols = []
    for k in keys:
        values = [r.get(k) for r in rows]
        kind = _type_of(values)
        if kind == "string[]" and any(isinstance(x, list) for v in values if v for x in v):
            kind = "string"  # nested lists (spans) become JSON text
        cols.append((k, kind))
    return cols


def _write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with atomic_file(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _header_name(key: str, kind: str) -> str:
    return key if kind == "string" else f"{key}:{kind}"


def export_csv(nodes: list[dict], edges: list[dict], out: str | Path, database: str = "neo4j") -> str:
    """Write the files into `out`; return the commands that import them."""
    out = Path(out)
    with writer(out, "export"):
        clean(out)
        staged = stage(out, "csv")
        try:
            node_files, rel_files = _write_all(nodes, edges, staged)
            publish(out, staged, node_files + rel_files)
        except BaseException:
            discard(staged)
            raise
    return import_commands(out, node_files, rel_files, database)


def _write_all(nodes: list[dict], edges: list[dict], out: Path) -> tuple[list[str], list[str]]:
    label_of = {n["id"]: n["label"] for n in nodes}
    by_label: dict[str, list[dict]] = defaultdict(list)
    for n in nodes:
        by_label[_checked(n["label"], LABELS)].append(n)
    node_files, rel_files = [], []
    for label in sorted(by_label):
        rows = [{**{k: v for k, v in n["props"].items() if v is not None}, "name": n["name"],
                 "aliases": list(n["aliases"])} for n in by_label[label]]
        rows = [{k: v for k, v in r.items() if k != "id"} for r in rows]
        cols = _columns(rows)
        header = [f"id:ID({label})", ":LABEL"] + [_header_name(k, t) for k, t in cols]
        name = f"nodes_{label}.csv"
        _write_csv(out / name, header, ([n["id"], label] + [_cell(r.get(k), t) for k, t in cols]
                                        for n, r in zip(by_label[label], rows)))
        node_files.append(name)
    by_shape: dict[tuple, list[dict]] = defaultdict(list)
    for e in edges:
        by_shape[(_checked(e["type"], TYPES), label_of[e["source"]], label_of[e["target"]])].append(e)
    for (type_, src, dst) in sorted(by_shape):
        group = by_shape[(type_, src, dst)]
        rows = [{"id": e["id"], **{k: v for k, v in e["props"].items() if v is not None}} for e in group]
        cols = _columns(rows)
        header = [f":START_ID({src})", f":END_ID({dst})", ":TYPE"] + [_header_name(k, t) for k, t in cols]
        name = f"rels_{type_}_{src}_{dst}.csv"
        _write_csv(out / name, header, ([e["source"], e["target"], type_] + [_cell(r.get(k), t) for k, t in cols]
                                        for e, r in zip(group, rows)))
        rel_files.append(name)
    return node_files, rel_files


def import_commands(out: Path, node_files: list[str], rel_files: list[str], database: str) -> str:
    """The commands that import the files with the bundled docker-compose.yml, which mounts ./csv at
    /import: the import needs the database stopped, and replaces an existing one only when told."""
    args = ["neo4j-admin", "database", "import", "full", database,
            f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true"]
    args += [f"--nodes=/import/{f}" for f in node_files] + [f"--relationships=/import/{f}" for f in rel_files]
    return "\n".join([
        f"# {len(node_files) + len(rel_files)} files in {out}. With docker-compose.yml (it mounts ./csv at /import,",
        "# so write them with --out csv beside it; NEO4J_PASSWORD set as for `docker compose up`):",
        "docker compose stop neo4j",
        "docker compose run --rm neo4j " + shlex.join(args),
        "docker compose start neo4j",
        f"# The import refuses a database that already exists: add --overwrite-destination to replace {database!r}",
        "# (this deletes what it holds). Without Docker: stop Neo4j and run neo4j-admin with the files' paths.",
    ])
