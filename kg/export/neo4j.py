"""Load a build into a live Neo4j (or any Bolt server) through the official driver.

Schema first, then nodes, then relationships, each as batched `UNWIND $rows … MERGE` with every
value a parameter. Labels and relationship types are spliced into the query text only from the
fixed lists below, never from data. MERGE on `id` makes loading idempotent.

The driver has no read timeout of its own, so the load runs in a worker thread that the calling
thread watches: a transaction that takes longer than the timeout, or Ctrl-C, ends the export
at once (each transaction is atomic and loading idempotent, so running it again is safe).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ClientError, DatabaseError, DriverError, Neo4jError, ServiceUnavailable
from tqdm import tqdm

from kg.batches import batches as in_batches
from kg.graph.build import EDGE_TYPES, ENTITY_LABELS

LABELS = ("Document",) + ENTITY_LABELS
TYPES = EDGE_TYPES
# Batches for Neo4j 5, and for servers without constraints (other Bolt servers, e.g. FalkorDB,
# whose Bolt endpoint crashes on a query with more than about 4 KB of parameters).
NEO4J_BATCH = (1000, 4_000_000)
SMALL_BATCH = (20, 2500)
TIMEOUT = 60.0
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class ExportFailed(RuntimeError):
    """The export cannot go on; the message is one line for the user."""


def connect(uri: str, auth, timeout: float = TIMEOUT, attempts: int = 3) -> Driver:
    """A driver whose server answered: a refused connection or bad credentials fail at once; a
    handshake that hangs is tried again, up to `attempts` times."""
    if uri.partition("://")[0] not in BOLT_SCHEMES:
        raise ExportFailed(f"{uri}: not a Bolt URI (it begins with one of {', '.join(BOLT_SCHEMES)}://)")
    try:
        driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=min(timeout, 10),
                                      connection_acquisition_timeout=timeout, max_transaction_retry_time=timeout,
                                      max_connection_pool_size=1)
    except (ValueError, DriverError) as exc:
        raise ExportFailed(f"{uri}: not a Bolt URI ({exc})") from exc
    for attempt in range(attempts):
        try:
            driver.verify_connectivity()
            return driver
        except AuthError as exc:
            driver.close()
            raise ExportFailed(f"{uri}: the server refused the credentials ({exc.message})") from exc
        except (ServiceUnavailable, DriverError, Neo4jError, OSError) as exc:
            reason = " ".join(str(exc).split())
            if "refused" in reason or attempt == attempts - 1:
                driver.close()
                raise ExportFailed(f"{uri}: no Bolt server answers ({reason})") from exc
    raise AssertionError("unreachable")


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
    return in_batches(rows, size, max_bytes, lambda row: len(json.dumps(row, ensure_ascii=False).encode("utf-8")))


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
    """Batch sizes left as None are chosen from the server: Neo4j's with constraints, small ones
    on a server that has none."""

    def __init__(self, driver: Driver, database: str | None = None, batch_size: int | None = None,
                 max_batch_bytes: int | None = None):
        self.driver, self.database = driver, database
        self.batch_size, self.max_batch_bytes = batch_size, max_batch_bytes
        self.busy_since: float | None = None  # when the transaction in flight began

    def _write(self, query: str, **params) -> None:
        self.busy_since = time.monotonic()
        with self.driver.session(database=self.database) as session:
            session.execute_write(lambda tx: tx.run(query, **params).consume())  # retries transient errors
        self.busy_since = None

    def _read_count(self, query: str) -> int:
        self.busy_since = time.monotonic()
        with self.driver.session(database=self.database) as session:
            count = session.execute_read(lambda tx: tx.run(query).single()["c"])
        self.busy_since = None
        return count

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
                self._choose_batches(SMALL_BATCH)
                try:
                    self._write(fallback)
                    notes.append(f"schema: server has no constraints; index instead: {fallback}")
                except (ClientError, DatabaseError):
                    notes.append(f"schema: index exists or unsupported: {fallback}")
        self._choose_batches(NEO4J_BATCH)
        notes.append(f"batches: {self.batch_size} rows, {self.max_batch_bytes} bytes")
        return notes

    def _choose_batches(self, sizes: tuple[int, int]) -> None:
        if self.batch_size is None:
            self.batch_size = sizes[0]
        if self.max_batch_bytes is None:
            self.max_batch_bytes = sizes[1]

    def load(self, nodes: list[dict], edges: list[dict], progress: bool = False) -> None:
        self._choose_batches(NEO4J_BATCH)
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
               batch_size: int | None = None, max_batch_bytes: int | None = None, progress: bool = False,
               timeout: float | None = None) -> LoadReport:
    """Schema, nodes, relationships, then the counts read back and compared with the build.
    With a timeout, a transaction that takes longer raises ExportFailed."""
    loader = Neo4jLoader(driver, database, batch_size, max_batch_bytes)
    report = LoadReport(Counter(n["label"] for n in nodes), Counter(e["type"] for e in edges))

    def work() -> LoadReport:
        report.schema_notes = loader.apply_schema()
        loader.load(nodes, edges, progress)
        report.found_nodes, report.found_edges = loader.counts()
        return report

    try:
        return work() if timeout is None else watched(work, loader, timeout)
    except (Neo4jError, DriverError, OSError) as exc:
        raise ExportFailed(f"the server failed during the load: {' '.join(str(exc).split())}") from exc


def watched(work: Callable[[], LoadReport], loader: Neo4jLoader, timeout: float) -> LoadReport:
    """Run `work` in a daemon thread; give up when one transaction outlasts `timeout`. The
    calling thread only waits, so it receives Ctrl-C (KeyboardInterrupt) at once."""
    box: dict = {}

    def target():
        try:
            box["result"] = work()
        except BaseException as exc:  # handed to the calling thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="neo4j-load", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.2)
        started = loader.busy_since
        if thread.is_alive() and started is not None and time.monotonic() - started > timeout:
            raise ExportFailed(f"the server did not answer within {timeout:g} s; nothing more was sent "
                               "(loading again is safe: it merges on id)")
    if "error" in box:
        raise box["error"]
    return box["result"]
