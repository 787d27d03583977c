"""Load a build into a live Neo4j (or any Bolt server) through the official driver.

Schema first, then nodes, then relationships, each as batched `UNWIND $rows … MERGE` with every
value a parameter. Labels and relationship types are spliced into the query text only from the
fixed lists below, never from data. MERGE on `id` makes loading idempotent.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources

from neo4j import Driver
from neo4j.exceptions import ClientError, DatabaseError
from tqdm import tqdm

from kg.graph.build import EDGE_TYPES, ENTITY_LABELS

LABELS = ("Document",) + ENTITY_LABELS
TYPES = EDGE_TYPES


def schema_statements() -> list[str]:
    """The statements of kg/schemas/neo4j.cypher (constraints and indexes, Neo4j 5 syntax)."""
    text = resources.files("kg").joinpath("schemas/neo4j.cypher").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def index_fallback(statement: str) -> str | None:
    """For servers without constraints: the plain index on the same label and property."""
    if " REQUIRE " not in statement:
        return None
    label = statement.split("FOR (n:", 1)[1].split(")", 1)[0]
    return f"CREATE INDEX FOR (n:{_checked(label, LABELS)}) ON (n.id)"


def _checked(name: str, allowed: tuple[str, ...]) -> str:
    if name not in allowed:
        raise ValueError(f"{name!r} is not one of the schema's labels or types")
    return name


def _value(v):
    """A property value Neo4j can store: scalars and lists of scalars as they are, the rest as JSON."""
    if isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, list) and all(isinstance(x, (str, int, float, bool)) for x in v):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def node_row(node: dict) -> dict:
    props = {k: _value(v) for k, v in node["props"].items() if v is not None}
    props.update(name=node["name"], aliases=list(node["aliases"]))
    return {"id": node["id"], "props": props}


def edge_row(edge: dict) -> dict:
    props = {k: _value(v) for k, v in edge["props"].items() if v is not None}
    return {"id": edge["id"], "source": edge["source"], "target": edge["target"], "props": props}


def batches(rows: Iterable[dict], size: int, max_bytes: int) -> Iterator[list[dict]]:
    """Rows in batches of at most `size` rows and about `max_bytes` of parameters."""
    batch, used = [], 0
    for row in rows:
        n = len(json.dumps(row, ensure_ascii=False).encode("utf-8"))
        if batch and (len(batch) >= size or used + n > max_bytes):
            yield batch
            batch, used = [], 0
        batch.append(row)
        used += n
    if batch:
        yield batch


@dataclass
class LoadReport:
    expected_nodes: Counter = field(default_factory=Counter)
    expected_edges: Counter = field(default_factory=Counter)
    found_nodes: Counter = field(default_factory=Counter)
    found_edges: Counter = field(default_factory=Counter)
    schema_notes: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return self.expected_nodes == self.found_nodes and self.expected_edges == self.found_edges

    def lines(self) -> list[str]:
        out = list(self.schema_notes)
        for title, exp, got in (("nodes", self.expected_nodes, self.found_nodes),
                                ("relationships", self.expected_edges, self.found_edges)):
            for k in sorted(set(exp) | set(got)):
                mark = "ok" if exp[k] == got[k] else "MISMATCH"
                out.append(f"{title:<14}{k:<20}build {exp[k]:>9}   database {got[k]:>9}   {mark}")
        out.append("counts match the build" if self.matches else "counts DO NOT match the build")
        return out


class Neo4jLoader:
    def __init__(self, driver: Driver, database: str | None = None, batch_size: int = 1000,
                 max_batch_bytes: int = 4_000_000):
        self.driver, self.database = driver, database
        self.batch_size, self.max_batch_bytes = batch_size, max_batch_bytes

    def _write(self, query: str, **params) -> None:
        with self.driver.session(database=self.database) as session:
            session.execute_write(lambda tx: tx.run(query, **params).consume())  # retries transient errors

    def _read_count(self, query: str) -> int:
        with self.driver.session(database=self.database) as session:
            return session.execute_read(lambda tx: tx.run(query).single()["c"])

    def apply_schema(self) -> list[str]:
        notes = []
        for stmt in schema_statements():
            try:
                self._write(stmt)
            except (ClientError, DatabaseError) as exc:
                fallback = index_fallback(stmt)
                if fallback is None:
                    notes.append(f"schema: skipped ({exc.code}): {stmt.splitlines()[0]}")
                    continue
                try:
                    self._write(fallback)
                    notes.append(f"schema: server has no constraints; index instead: {fallback}")
                except (ClientError, DatabaseError):
                    notes.append(f"schema: index exists or unsupported: {fallback}")
        return notes

    def load(self, nodes: list[dict], edges: list[dict], progress: bool = False) -> None:
        label_of = {n["id"]: n["label"] for n in nodes}
        by_label = defaultdict(list)
        for n in nodes:
            by_label[_checked(n["label"], LABELS)].append(node_row(n))
        by_shape = defaultdict(list)
        for e in edges:
            shape = (_checked(e["type"], TYPES), _checked(label_of[e["source"]], LABELS),
                     _checked(label_of[e["target"]], LABELS))
            by_shape[shape].append(edge_row(e))
        bar = tqdm(total=len(nodes) + len(edges), unit="row", desc="neo4j", disable=not progress)
        for label in sorted(by_label):
            query = f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"
            for batch in batches(by_label[label], self.batch_size, self.max_batch_bytes):
                self._write(query, rows=batch)
                bar.update(len(batch))
        for (type_, src, dst) in sorted(by_shape):
            query = (f"UNWIND $rows AS row MATCH (a:{src} {{id: row.source}}) MATCH (b:{dst} {{id: row.target}}) "
                     f"MERGE (a)-[r:{type_} {{id: row.id}}]->(b) SET r += row.props")
            for batch in batches(by_shape[(type_, src, dst)], self.batch_size, self.max_batch_bytes):
                self._write(query, rows=batch)
                bar.update(len(batch))
        bar.close()

    def counts(self) -> tuple[Counter, Counter]:
        nodes = Counter({lb: self._read_count(f"MATCH (n:{lb}) RETURN count(n) AS c") for lb in LABELS})
        edges = Counter({t: self._read_count(f"MATCH ()-[r:{t}]->() RETURN count(r) AS c") for t in TYPES})
        return +nodes, +edges


def load_build(driver: Driver, nodes: list[dict], edges: list[dict], database: str | None = None,
               batch_size: int = 1000, max_batch_bytes: int = 4_000_000, progress: bool = False) -> LoadReport:
    """Schema, nodes, relationships, then the counts read back and compared with the build."""
    loader = Neo4jLoader(driver, database, batch_size, max_batch_bytes)
    report = LoadReport(Counter(n["label"] for n in nodes), Counter(e["type"] for e in edges))
    report.schema_notes = loader.apply_schema()
    loader.load(nodes, edges, progress)
    report.found_nodes, report.found_edges = loader.counts()
    return report
