"""The analyst's tables: one row a fact, with its provenance (document, date, evidence and its
offsets), as CSV (UTF-8 with a byte-order mark, so that Excel reads the Chinese) or Parquet, for R,
Stata, pandas and Excel."""

from __future__ import annotations

import csv
from pathlib import Path

from kg.graph.io import atomic_file, read_build

# table → (relation, name of its subject, name of its object, the relation's own properties)
TABLES = {
    "posts": ("HOLDS_POSITION", "official", "organ", ("title", "status", "as_of")),
    "reported": ("REPORTED", "speaker", "topic", ("event",)),
    "events": ("SPOKE_AT", "speaker", "event", ("role",)),
    "organs": ("PART_OF", "unit", "parent", ()),
}
PROVENANCE = ("date", "doc", "doc_title", "doc_file", "source", "url", "evidence", "start", "end")
INTEGER = ("start", "end")


def columns(table: str) -> list[str]:
    _, subj, obj, own = TABLES[table]
    ends = [f"{role}{part}" for role in (subj, obj) for part in ("", "_id", "_label", "_locality")]
    return ends + list(own) + list(PROVENANCE)


def rows(table: str, nodes: list[dict], edges: list[dict]) -> list[dict]:
    """The table's rows, in the order of date, document and offset."""
    type_, subj, obj, own = TABLES[table]
    by_id = {n["id"]: n for n in nodes}
    out = []
    for e in edges:
        if e["type"] != type_:
            continue
        p = e["props"]
        doc = by_id.get(p.get("doc"), {"props": {}})
        row = {}
        for role, nid in ((subj, e["source"]), (obj, e["target"])):
            n = by_id[nid]
            row.update({role: n["name"], f"{role}_id": nid, f"{role}_label": n["label"],
                        f"{role}_locality": n["props"].get("locality")})
        row.update({k: p.get(k) for k in own})
        if type_ == "HOLDS_POSITION":
            row["status"] = p.get("status") or "current"
        row.update(date=p.get("date"), doc=p.get("doc"), doc_title=doc.get("name"), doc_file=doc["props"].get("file"),
                   source=doc["props"].get("source"), url=doc["props"].get("url"), evidence=p.get("evidence"),
                   start=p.get("start"), end=p.get("end"))
        out.append((row["date"] or "", row["doc"] or "", row["start"] or 0, e["id"], row))
    return [r for *_, r in sorted(out, key=lambda t: t[:4])]


def write_table(table: str, build_dir: str | Path, output: str | Path) -> int:
    """Write the table as .csv or .parquet (by the file's suffix), atomically; the number of rows."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{output}: the file must end in .csv or .parquet")
    data = rows(table, *read_build(build_dir))
    cols = columns(table)
    if suffix == ".csv":
        with atomic_file(output, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            w.writerows([["" if r[c] is None else r[c] for c in cols] for r in data])
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(c, pa.int64() if c in INTEGER else pa.string()) for c in cols])
        with atomic_file(output) as fh:
            pq.write_table(pa.table({c: [r[c] for r in data] for c in cols}, schema=schema), fh)
    return len(data)
